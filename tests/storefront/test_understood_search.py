"""A brand, colour or price bound in the search words becomes a filter the shopper can remove."""
import pytest

from tests.factories import make_category, make_offer, make_product, make_seller
from tests.storefront.html import card_titles, visible_text


@pytest.fixture
def kitchen(marketplace, reindex):
    mugs = make_category("kitchen/mugs", name="Mugs")
    teapots = make_category("kitchen/teapots", name="Teapots")
    seller = make_seller("Kettle & Co")
    for title, category, brand, colour, price_minor in [
        ("Red enamel mug", mugs, "Acme", "Red", 450),
        ("Blue enamel mug", mugs, "Acme", "Blue", 1250),
        ("Green stoneware mug", mugs, "Zeta", "Green", 899),
        ("Red china teapot", teapots, "Zeta", "Red", 3200),
    ]:
        product = make_product(title, category=category, brand=brand, attributes={"colour": colour})
        make_offer(seller=seller, product=product, marketplace=marketplace, price_minor=price_minor)
    reindex()


def chip_links(response):
    import re
    return dict((label.strip(), url.replace("&amp;", "&")) for url, label in re.findall(
        r'<a class="chip chip--removable" href="([^"]+)">([^<]+)<', response.content.decode()))


def test_a_colour_in_the_words_filters_and_can_be_removed(client, kitchen):
    response = client.get("/search", {"q": "red mug"})

    assert card_titles(response) == ["Red enamel mug"]
    chips = chip_links(response)
    assert "Colour: Red" in chips

    as_typed = client.get(chips["Colour: Red"])
    assert "Colour: Red" not in chip_links(as_typed)
    assert "Blue enamel mug" in card_titles(as_typed)  # "red" is a word again, not a filter


def test_a_price_bound_in_the_words_filters(client, kitchen):
    response = client.get("/search", {"q": "mug under 10"})

    assert sorted(card_titles(response)) == ["Green stoneware mug", "Red enamel mug"]
    assert "Price: up to £10.00" in chip_links(response)


def test_a_brand_in_the_words_filters(client, kitchen):
    response = client.get("/search", {"q": "acme mug"})

    assert sorted(card_titles(response)) == ["Blue enamel mug", "Red enamel mug"]
    assert "Brand: Acme" in chip_links(response)


def test_a_colour_the_shopper_chose_wins_over_one_in_the_words(client, kitchen):
    response = client.get("/search", {"q": "red mug", "colour": "Blue"})

    assert "Colour: Red" not in chip_links(response)
    assert card_titles(response) == ["Blue enamel mug"]


def test_a_lone_colour_word_is_searched_as_typed(client, kitchen):
    response = client.get("/search", {"q": "red"})

    assert sorted(card_titles(response)) == ["Red china teapot", "Red enamel mug"]
    assert not chip_links(response)


def test_clear_all_searches_the_words_as_typed(client, kitchen):
    response = client.get("/search", {"q": "red mug under 10"})
    assert card_titles(response) == ["Red enamel mug"]
    clear = response.content.decode().split('class="chip chip--clear" href="')[1].split('"')[0].replace("&amp;", "&")

    cleared = client.get(clear)
    assert not chip_links(cleared)
    assert "red mug under 10" in visible_text(cleared) or card_titles(cleared)


def test_unknown_ignore_values_are_left_out(client, kitchen):
    response = client.get("/search", {"q": "red mug", "ignore": ["category", "nonsense", "\x00"]})

    assert response.status_code == 200
    assert card_titles(response) == ["Red enamel mug"]


def test_a_department_in_the_words_is_offered_not_applied(client, kitchen):
    response = client.get("/search", {"q": "red mug"})
    page = response.content.decode()

    assert "Show only Mugs" in page
    link = page.split('id="category-suggestion"')[1].split('href="')[1].split('"')[0].replace("&amp;", "&")
    narrowed = client.get(link)
    assert "Department: Mugs" in chip_links(narrowed)
    assert "Show only Mugs" not in narrowed.content.decode()
    assert card_titles(narrowed) == ["Red enamel mug"]


def test_no_department_is_offered_when_the_words_name_none(client, kitchen):
    assert "category-suggestion" not in client.get("/search", {"q": "enamel"}).content.decode()
