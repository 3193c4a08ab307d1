"""Query understanding: what a shopper types becomes filters they can see and remove."""

from __future__ import annotations

import pytest

from mercato.search.query import SearchFilters
from mercato.search.understanding import (
    BRAND,
    CATEGORY,
    COLOUR,
    PRICE,
    build_vocabulary,
    understand,
)

VOCABULARY = build_vocabulary(
    brands=["Red Bull", "BLACK+DECKER", "Old Navy", "Levi's", "Nike", "Under Armour", "Blue", "Generic"],
    colours={
        "red": "Red", "navy": "Blue", "blue": "Blue", "black": "Black", "white": "White",
        "orange": "Orange", "grey": "Grey", "gray": "Grey", "green": "Green",
    },
    categories=[
        (("kitchen", "mugs"), "Mugs"),
        (("home", "throw-pillows"), "Throw Pillows"),
        (("clothing", "women"), "Women"),
        (("shoes", "women"), "Women"),
    ],
)


def test_red_mug_under_10():
    understood = understand("red mug under 10", VOCABULARY)
    assert understood.colour == "Red"
    assert understood.price_max_minor == 1000
    assert understood.price_min_minor is None
    assert understood.text == "mug"
    assert [(m.kind, m.text("red mug under 10")) for m in understood.matches] == [
        (PRICE, "under 10"), (COLOUR, "red")
    ]


@pytest.mark.parametrize(
    "query, low, high, text",
    [
        ("mug under 10", None, 1000, "mug"),
        ("mug below £20", None, 2000, "mug"),
        ("mug less than $15", None, 1500, "mug"),
        ("mug over 50", 5000, None, "mug"),
        ("mug 10-20", 1000, 2000, "mug"),
        ("mug between 10 and 20", 1000, 2000, "mug"),
        ("mug from $5 to $10", 500, 1000, "mug"),
        ("mug £5-£10", 500, 1000, "mug"),
        ("mug 20 to 10", 1000, 2000, "mug"),
        ("mugs under £12.50", None, 1250, "mugs"),
        ("mug under 1,500", None, 150_000, "mug"),
        ("mug over 20 under 40", 2000, 4000, "mug"),
        ("mug under 15 pounds", None, 1500, "mug"),
    ],
)
def test_price_bounds_in_minor_units(query, low, high, text):
    understood = understand(query, VOCABULARY)
    assert (understood.price_min_minor, understood.price_max_minor, understood.text) == (low, high, text)


@pytest.mark.parametrize(
    "query",
    [
        "tv under 40 inches",  # a size
        "size 10-12 shoes",
        "toys for kids under 5",  # an age
        "gifts for women over 50",
        "cable 10-20 ft",
        "cup under 10.999",  # no price has three decimals
        "iphone 13",  # a number alone is no bound
    ],
)
def test_numbers_that_are_not_prices_stay_text(query):
    understood = understand(query, VOCABULARY)
    assert PRICE not in understood.kinds
    assert understood.text == query


def test_a_currency_sign_makes_it_a_price_even_after_a_person_word():
    understood = understand("gifts for women under £50", VOCABULARY)
    assert understood.price_max_minor == 5000


def test_a_price_alone_leaves_no_text_to_browse():
    understood = understand("under 10", VOCABULARY)
    assert (understood.text, understood.price_max_minor) == ("", 1000)


@pytest.mark.parametrize(
    "query, brand, text",
    [
        ("black decker drill", "BLACK+DECKER", "drill"),
        ("Black & Decker drill", "BLACK+DECKER", "drill"),
        ("levis jeans", "Levi's", "jeans"),
        ("shoes by nike", "Nike", "shoes"),
        ("old navy jeans", "Old Navy", "jeans"),
        ("under armour shorts under 50", "Under Armour", "shorts"),
    ],
)
def test_brand_phrases(query, brand, text):
    understood = understand(query, VOCABULARY)
    assert (understood.brand, understood.colour, understood.text) == (brand, None, text)


def test_colour_inside_a_brand_is_no_colour():
    assert understand("red bull 12 pack", VOCABULARY).colour is None
    assert understand("red bull 12 pack", VOCABULARY).brand == "Red Bull"
    # Alone, the brand would take every word: it is searched as typed, and "red" is still no colour.
    alone = understand("red bull", VOCABULARY)
    assert (alone.brand, alone.colour, alone.text) == (None, None, "red bull")


def test_colour_in_a_compound_is_no_colour():
    for query in ("orange juice", "fresh orange juice 1 litre", "green tea bags"):
        understood = understand(query, VOCABULARY)
        assert understood.colour is None and understood.text == query


def test_a_single_colour_word_brand_is_a_colour():
    understood = understand("blue suit for baby boy", VOCABULARY)
    assert (understood.brand, understood.colour, understood.text) == (None, "Blue", "suit for baby boy")


def test_placeholder_brands_are_ignored():
    assert understand("generic phone case", VOCABULARY).brand is None


def test_colour_synonyms_and_joined_words():
    navy = understand("navy blue mug", VOCABULARY)
    assert (navy.colour, navy.text) == ("Blue", "mug")
    gray = understand("mugs in gray", VOCABULARY)
    assert (gray.colour, gray.text) == ("Grey", "mugs")


def test_two_colours_are_a_pattern_not_a_filter():
    understood = understand("black and white wall art", VOCABULARY)
    assert understood.colour is None and understood.text == "black and white wall art"


def test_a_lone_filter_word_is_searched_as_typed():
    for query in ("red", "nike", "mugs", "red mug"):
        understood = understand(query, VOCABULARY)
        assert understood.text != ""
    assert understand("red", VOCABULARY).kinds == ()
    # The product type stays as text; the colour is the filter.
    red_mug = understand("red mug", VOCABULARY)
    assert (red_mug.colour, red_mug.category_path, red_mug.text) == ("Red", (), "mug")


def test_category_phrase_becomes_a_filter_when_other_words_remain():
    understood = understand("cotton throw pillows", VOCABULARY)
    assert understood.category_path == ("home", "throw-pillows")
    assert understood.text == "cotton"


def test_kinds_left_out_stay_words_but_still_protect_their_colour_words():
    understood = understand("red mug under 10", VOCABULARY, kinds=("brand", "colour"))
    assert (understood.colour, understood.price_max_minor, understood.text) == ("Red", None, "mug under 10")
    understood = understand("cotton throw pillows", VOCABULARY, kinds=("brand", "colour", "price"))
    assert (understood.category_path, understood.text) == ((), "cotton throw pillows")
    assert understand("red bull cans", VOCABULARY, kinds=("colour",)).colour is None


def test_an_ambiguous_category_name_is_no_filter():
    understood = understand("nike trainers women", VOCABULARY)
    assert understood.category_path == ()
    assert (understood.brand, understood.text) == ("Nike", "trainers women")


def test_shopper_removes_a_filter_and_its_words_return_to_the_text():
    assert understand("red mug under 10", VOCABULARY, ignore={COLOUR}).text == "red mug"
    without_price = understand("red mug under 10", VOCABULARY, ignore={PRICE})
    assert (without_price.colour, without_price.price_max_minor, without_price.text) == (
        "Red", None, "mug under 10"
    )
    without_brand = understand("red bull 12 pack", VOCABULARY, ignore={BRAND})
    assert (without_brand.brand, without_brand.colour) == (None, None)


def test_filters_the_shopper_chose_win_over_recognised_ones():
    understood = understand("nike red shoes under 30", VOCABULARY)
    filters = understood.apply_to(SearchFilters(colours=("Black",), in_stock_only=True))
    assert filters == SearchFilters(
        brands=("Nike",), colours=("Black",), price_max_minor=3000, in_stock_only=True
    )
    assert understood.text == "shoes"


def test_other_currencies_scale_by_their_minor_units():
    assert understand("mug under 1000", VOCABULARY, minor_per_major=1).price_max_minor == 1000


@pytest.mark.parametrize(
    "query", ["", "   ", "\x00\x01", "£", "under", "-", "x" * 10_000, "red " * 3_000, "1-2 " * 3_000]
)
def test_odd_input_never_fails(query):
    understood = understand(query, VOCABULARY)
    assert isinstance(understood.text, str)


def test_spans_point_into_the_query():
    query = "Nike  RED trainers under £40"
    understood = understand(query, VOCABULARY)
    assert {(m.kind, m.text(query)) for m in understood.matches} == {
        (BRAND, "Nike"), (COLOUR, "RED"), (PRICE, "under £40")
    }
    assert understood.text == "trainers"
    assert CATEGORY not in understood.kinds


def test_an_excluded_colour_or_brand_is_no_filter():
    understood = understand("silicone mat not white", VOCABULARY)
    assert (understood.colour, understood.text) == (None, "silicone mat not white")
    assert understand("trainers without nike logo", VOCABULARY).brand is None
    red = understand("red cup not blue", VOCABULARY)
    assert (red.colour, red.text) == ("Red", "cup not blue")
