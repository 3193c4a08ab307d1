"""Search-box suggestions: the prefix structure, the storefront's HTMX fragment and the API."""

from __future__ import annotations

import re
from collections import Counter
from datetime import timedelta

import pytest
from django.utils import timezone

from mercato.search.models import SearchLog
from mercato.search.query import query_terms
from mercato.search.suggest import PRODUCT, QUERY, SuggestionIndex, normalise, readable_queries
from mercato.search.suggest_selectors import forget_suggestions
from tests.factories import make_category, make_marketplace, make_offer, make_product, make_seller

# The pure structure.


def texts(suggestions) -> list[str]:
    return [suggestion.text for suggestion in suggestions]


def test_normalise_folds_case_accents_and_punctuation_and_keeps_a_finished_word():
    assert normalise("  Crème BRÛLÉE-dish") == "creme brulee dish"
    assert normalise("desk ") == "desk "
    assert normalise("desk, ") == "desk "
    assert normalise("   ") == ""


def test_earlier_words_match_whole_and_the_last_as_a_prefix():
    index = SuggestionIndex(queries=[("desk lamp", 5), ("desktop stand", 50), ("desk lamps", 1), ("lamp", 9)])
    assert texts(index.suggest("desk l").queries) == ["desk lamp", "desk lamps"]
    assert texts(index.suggest("desk").queries) == ["desktop stand", "desk lamp", "desk lamps"]
    assert texts(index.suggest("desk ").queries) == ["desk lamp", "desk lamps"]
    assert texts(index.suggest("DESK  L").queries) == ["desk lamp", "desk lamps"]


def test_heaviest_first_and_at_most_the_limit():
    index = SuggestionIndex(queries=[(f"mug {n}", n) for n in range(50)])
    assert texts(index.suggest("mug", queries=3).queries) == ["mug 49", "mug 48", "mug 47"]


def test_short_prefix_with_many_matches_gives_the_heaviest_every_time():
    index = SuggestionIndex(queries=[(f"mug {n:04d}", n % 997) for n in range(3_000)])
    first = texts(index.suggest("m", queries=3).queries)
    assert first == ["mug 0996", "mug 1993", "mug 2990"]
    assert texts(index.suggest("m", queries=3).queries) == first
    assert texts(index.suggest("mu", queries=2).queries) == first[:2]


def test_products_match_from_any_of_their_first_words_and_appear_once():
    index = SuggestionIndex(products=[
        ("P1", "Brightline LED Desk Lamp", 30), ("P2", "Desk lamp, brass", 70), ("P3", "Lamp desk lamp", 10),
        ("P4", "Desktop fan", 99)])
    found = index.suggest("desk l").products
    assert [(s.kind, s.public_id) for s in found] == [(PRODUCT, "P2"), (PRODUCT, "P1"), (PRODUCT, "P3")]


def test_the_same_query_from_two_sources_adds_up():
    index = SuggestionIndex(queries=[("Desk Lamps", 4), ("desk lamps", 3), ("desk light", 5)])
    found = index.suggest("desk l").queries
    assert [(s.kind, s.text, s.weight) for s in found] == [(QUERY, "Desk Lamps", 7.0), (QUERY, "desk light", 5.0)]


@pytest.mark.parametrize("typed", ["", "   ", "!!!", "zzz", "\x00\x01", "\ud800", "a" * 5000])
def test_nothing_to_suggest_is_an_empty_answer(typed):
    index = SuggestionIndex(queries=[("desk lamp", 1)], products=[("P1", "Desk lamp", 1)])
    assert not index.suggest(typed)


def test_past_searches_are_shown_in_the_catalogues_words():
    words = Counter({"battery": 5, "batteries": 9, "charger": 3, "chargers": 1})
    readable = readable_queries({"batteri charger": 7, "batteri xyzzi": 9}, words, query_terms)
    assert readable == [("batteries charger", 7)]


# The storefront fragment and the API.


@pytest.fixture
def lamps(marketplace, reindex):
    """Desk lamps that sold differently, a desktop and a floor lamp; shoppers searched "desk lamp"."""
    lighting = make_category("home/lighting", name="Lighting")
    seller = make_seller()
    for title, units in (("Brass desk lamp", 5), ("Desk lamp with clamp", 40), ("Desktop computer", 90),
                         ("Floor lamp", 70)):
        product = make_product(title, category=lighting, brand="Lumen")
        product.units_sold = units
        product.save(update_fields=["units_sold"])
        make_offer(seller=seller, product=product, marketplace=marketplace)
    now = timezone.now()
    for visitor in ("v1", "v2", "v3"):
        SearchLog.objects.create(token=f"t-{visitor}", marketplace=marketplace, query_key="desk lamp",
                                 visitor=visitor, result_count=2, searched_at=now - timedelta(days=1))
    forget_suggestions()
    reindex()


def suggestion_links(response) -> list[tuple[str, str]]:
    return [(href, re.sub(r"<[^>]+>", "", label).strip()) for href, label in
            re.findall(r'<li class="search-suggestion[^"]*" role="option"[^>]*><a href="([^"]+)">(.*?)</a>',
                       response.content.decode())]


def test_typing_desk_l_suggests_the_desk_lamp_query_and_products_by_popularity(client, lamps):
    response = client.get("/search/suggest", {"q": "desk l"}, HTTP_HX_REQUEST="true")

    assert response.status_code == 200
    assert 'role="listbox"' in response.content.decode()
    links = suggestion_links(response)
    assert links[0] == ("/search?q=desk+lamp", "desk lamp")
    products = [(href, label) for href, label in links if label.startswith("Product")]
    assert [label for _, label in products] == ["Product Desk lamp with clamp", "Product Brass desk lamp"]
    assert all(href.startswith("/p/") for href, _ in products)
    assert "Desktop" not in response.content.decode()


def test_brands_and_categories_are_suggested_as_searches(client, lamps):
    assert ("/search?q=Lumen", "Lumen") in suggestion_links(client.get("/search/suggest", {"q": "lu"}))
    assert ("/search?q=Lighting", "Lighting") in suggestion_links(client.get("/search/suggest", {"q": "ligh"}))


def test_search_rare_among_visitors_is_not_suggested(client, marketplace, lamps):
    SearchLog.objects.create(token="t-x", marketplace=marketplace, query_key="desk lamp brass", visitor="v9",
                             result_count=1, searched_at=timezone.now())
    forget_suggestions()
    assert "desk lamp brass" not in client.get("/search/suggest", {"q": "desk lamp b"}).content.decode()


@pytest.mark.parametrize("typed", ["", " ", "x" * 101, "zzz", "\x00", "%ff"])
def test_fragment_is_empty_for_nothing_to_suggest(client, lamps, typed):
    response = client.get("/search/suggest", {"q": typed})
    assert response.status_code == 200
    assert suggestion_links(response) == []


def test_header_search_box_asks_for_suggestions_and_still_submits_without_javascript(client, lamps):
    page = client.get("/").content.decode()
    box = re.search(r'<input id="site-search"[^>]*>', page).group(0)
    assert 'hx-get="/search/suggest"' in box and 'hx-trigger="input changed delay:120ms"' in box
    assert 'name="q"' in box
    assert re.search(r'<form class="search-form" action="/search" method="get"', page)
    assert 'id="search-suggestions"' in page


def test_suggestions_cost_no_query_once_built(client, lamps, django_assert_num_queries):
    client.get("/search/suggest", {"q": "desk"})  # builds the marketplace's suggestions
    with django_assert_num_queries(0):
        response = client.get("/search/suggest", {"q": "desk l"})
    assert suggestion_links(response)


def test_building_the_suggestions_costs_two_queries(client, lamps, django_assert_num_queries):
    client.get("/search/suggest", {"q": "desk"})  # the marketplace and category tree caches
    forget_suggestions()
    # products on sale with their brands and categories, past searches
    with django_assert_num_queries(2):
        client.get("/search/suggest", {"q": "desk"})


def test_api_suggests_queries_then_products(client, lamps):
    response = client.get("/api/v1/search/suggestions", {"q": "desk l"})

    assert response.status_code == 200
    body = response.json()
    assert body["suggestions"][0] == {"kind": "query", "text": "desk lamp", "public_id": None}
    products = [s for s in body["suggestions"] if s["kind"] == "product"]
    assert [s["text"] for s in products] == ["Desk lamp with clamp", "Brass desk lamp"]
    assert all(s["public_id"] for s in products)


@pytest.mark.parametrize("params", [{}, {"q": ""}, {"q": "   "}, {"q": "zzz"}, {"q": "%ff"}])
def test_api_answers_an_empty_list_when_there_is_nothing_to_suggest(client, lamps, params):
    response = client.get("/api/v1/search/suggestions", params)
    assert response.status_code == 200
    assert response.json()["suggestions"] == []


@pytest.mark.parametrize("params, field", [
    ({"q": "x" * 101}, "q"),
    ({"q": "desk\x00"}, "q"),
    ({"q": "desk", "marketplace": "zz"}, "marketplace"),
    ({"q": "desk", "marketplace": "<>"}, "marketplace"),
])
def test_api_refuses_bad_input_naming_the_field(client, lamps, params, field):
    response = client.get("/api/v1/search/suggestions", params)
    assert response.status_code in (404, 422)
    assert response.json()["field"] == field


def test_api_suggestions_belong_to_the_marketplace(client, lamps):
    other = make_marketplace("de", currency="EUR", language="de-DE", country_code="DE")
    make_offer(product=make_product("Desk lamp Berlin"), marketplace=other)
    found = client.get("/api/v1/search/suggestions", {"q": "desk l", "marketplace": "de"}).json()
    assert [s["text"] for s in found["suggestions"] if s["kind"] == "product"] == ["Desk lamp Berlin"]
