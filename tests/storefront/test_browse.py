"""Category pages and search, through the HTTP surface."""
import pytest

from mercato.catalog.models import Product
from mercato.offers.services import OfferTerms, update_offer
from tests.factories import make_category, make_offer, make_product, make_seller
from tests.storefront.html import card_prices, card_titles, facet_options, result_count, visible_text


@pytest.fixture
def kitchen(marketplace, reindex):
    """Mugs and teapots in the kitchen, a lamp elsewhere; brands, colours and prices vary."""
    mugs = make_category("kitchen/mugs", name="Mugs")
    teapots = make_category("kitchen/teapots", name="Teapots")
    lamps = make_category("lighting/lamps", name="Lamps")
    seller = make_seller("Kettle & Co")
    rows = [
        ("Red enamel mug", mugs, "Acme", "Red", 450),
        ("Blue enamel mug", mugs, "Acme", "Blue", 1250),
        ("Green stoneware mug", mugs, "Zeta", "Green", 899),
        ("Red china teapot", teapots, "Zeta", "Red", 3200),
        ("Cast iron teapot", teapots, "Forge", "Black", 6400),
        ("Brass desk lamp", lamps, "Acme", "Gold", 4500),
    ]
    for title, category, brand, colour, price_minor in rows:
        product = make_product(title, category=category, brand=brand, attributes={"colour": colour})
        make_offer(seller=seller, product=product, marketplace=marketplace, price_minor=price_minor)
    reindex()


def test_category_page_shows_only_its_subtree(client, kitchen):
    response = client.get("/c/kitchen/")

    assert response.status_code == 200
    titles = card_titles(response)
    assert sorted(titles) == sorted(["Red enamel mug", "Blue enamel mug", "Green stoneware mug", "Red china teapot",
                                     "Cast iron teapot"])
    assert "Brass desk lamp" not in visible_text(response)
    assert result_count(response) == 5


def test_sub_category_page_has_breadcrumbs_and_narrower_results(client, kitchen):
    response = client.get("/c/kitchen/mugs/")

    text = visible_text(response)
    assert "Home Kitchen Mugs" in text
    assert sorted(card_titles(response)) == ["Blue enamel mug", "Green stoneware mug", "Red enamel mug"]


def test_every_facet_count_equals_the_results_of_clicking_it(client, kitchen):
    response = client.get("/c/kitchen/")
    options = facet_options(response)
    assert {o.label for o in options} >= {"Mugs", "Teapots", "Acme", "Zeta", "Forge", "Red", "New",
                                          "Under £10.00", "£10.00 to £24.99", "£25.00 to £49.99", "£50.00 to £99.99"}

    for option in options:
        followed = client.get(option.url)
        assert followed.status_code == 200, option
        assert result_count(followed) == option.count, option
        assert len(card_titles(followed)) == option.count, option


def test_brand_filter_narrows_results_and_can_be_removed(client, kitchen):
    response = client.get("/c/kitchen/", {"brand": "Zeta"})

    assert sorted(card_titles(response)) == ["Green stoneware mug", "Red china teapot"]
    zeta = next(o for o in facet_options(response) if o.label == "Zeta")
    assert zeta.selected
    # Following the selected option takes the filter off again.
    assert result_count(client.get(zeta.url)) == 5


def test_sort_by_price_orders_the_cards(client, kitchen):
    low_to_high = client.get("/c/kitchen/", {"sort": "price_asc"})
    high_to_low = client.get("/c/kitchen/", {"sort": "price_desc"})

    assert card_prices(low_to_high) == ["£4.50", "£8.99", "£12.50", "£32.00", "£64.00"]
    assert card_prices(high_to_low) == ["£64.00", "£32.00", "£12.50", "£8.99", "£4.50"]


def test_pagination_links_and_a_page_beyond_the_last(client, marketplace, reindex):
    seller = make_seller()
    category = make_category("garden/pots")
    for number in range(30):
        make_offer(seller=seller, product=make_product(f"Terracotta pot {number}", category=category),
                   marketplace=marketplace, price_minor=1000 + number)
    reindex()

    first = client.get("/c/garden/")
    second = client.get("/c/garden/", {"page": "2"})
    beyond = client.get("/c/garden/", {"page": "9"})

    assert len(card_titles(first)) == 24 and len(card_titles(second)) == 6
    assert not set(card_titles(first)) & set(card_titles(second))
    assert "Next ›" in visible_text(first) and 'href="/c/garden/?page=2"' in first.content.decode()
    assert beyond.status_code == 200
    assert "There are only 2 pages of results" in visible_text(beyond)
    assert 'href="/c/garden/?page=2"' in beyond.content.decode()


def test_unknown_category_is_a_styled_404(client, marketplace):
    response = client.get("/c/no/such/place/")

    assert response.status_code == 404
    assert "Sorry, we couldn't find that page" in visible_text(response)
    assert 'role="search"' in response.content.decode()


def test_search_shows_count_and_query(client, kitchen):
    response = client.get("/search", {"q": "teapot"})

    assert response.status_code == 200
    assert "2 results for “teapot”" in visible_text(response)
    assert sorted(card_titles(response)) == ["Cast iron teapot", "Red china teapot"]


def test_search_says_when_only_some_words_matched(client, kitchen):
    response = client.get("/search", {"q": "teapot submarine"})

    assert "Showing results for any of the words" in visible_text(response)
    assert sorted(card_titles(response)) == ["Cast iron teapot", "Red china teapot"]


def test_empty_search_browses_everything(client, kitchen):
    response = client.get("/search", {"q": ""})

    assert result_count(response) == 6
    assert "All products" in visible_text(response)


def test_search_facets_filter_by_department_and_counts_match(client, kitchen):
    response = client.get("/search", {"q": "red"})
    options = facet_options(response)
    kitchen_option = next(o for o in options if o.label == "Kitchen")

    followed = client.get(kitchen_option.url)

    assert kitchen_option.count == 2
    assert result_count(followed) == 2
    assert "Department: Kitchen" in visible_text(followed)


@pytest.mark.parametrize("params", [
    {"q": "x" * 10_000},
    {"q": "\x00\x01\ufffd binary"},
    {"q": '"('},
    {"q": "title:* AND (OR"},
    {"page": "abc"},
    {"page": "-3"},
    {"page": "99999999999999999999999"},
    {"price": "cheap"},
    {"price": "500-100"},
    {"price": "99999999999999-"},
    {"sort": "random"},
    {"condition": "broken", "fulfillment": "drone"},
    {"category": "no/such/dept"},
    {"brand": "x" * 5000, "colour": "\x00"},
])
def test_hostile_or_malformed_input_renders_a_page(client, kitchen, params):
    response = client.get("/search", params)

    assert response.status_code == 200


def test_malformed_filters_are_dropped_with_a_notice(client, kitchen):
    response = client.get("/search", {"page": "abc", "price": "cheap", "sort": "random", "condition": "broken"})

    text = visible_text(response)
    assert "That page number wasn't recognised" in text
    assert "That price range wasn't recognised" in text
    assert "That sort order wasn't recognised" in text
    assert "Some filters weren't recognised" in text
    assert result_count(response) == 6


def test_price_bucket_filter(client, kitchen):
    response = client.get("/search", {"price": "1000-2499"})

    assert card_titles(response) == ["Blue enamel mug"]
    assert "Price: £10.00 to £24.99" in visible_text(response)


def test_htmx_request_gets_only_the_results_panel(client, kitchen):
    response = client.get("/c/kitchen/", {"brand": "Acme"}, HTTP_HX_REQUEST="true")

    html = response.content.decode()
    assert html.lstrip().startswith('<div id="listing"')
    assert "<html" not in html
    assert sorted(card_titles(response)) == ["Blue enamel mug", "Red enamel mug"]
    assert "HX-Request" in response["Vary"]


def test_listing_query_count_does_not_grow_with_results(client, kitchen, django_assert_max_num_queries):
    client.get("/c/kitchen/")  # warm the category and marketplace caches
    with django_assert_max_num_queries(2):
        response = client.get("/c/kitchen/")
    assert len(card_titles(response)) == 5


def test_sold_out_product_shows_as_currently_unavailable(client, kitchen, reindex):
    offer = Product.objects.get(title="Cast iron teapot").offers.get()
    update_offer(seller=offer.seller, offer_id=offer.id, terms=OfferTerms(quantity=0))
    reindex()

    response = client.get("/c/kitchen/", {"sort": "price_desc"})

    assert "Cast iron teapot" in card_titles(response)
    assert "Currently unavailable" in visible_text(response)
