"""The product page: details, the Buy Box, other sellers; and the product picture."""
import pytest

from mercato.search.services import index_pending_products
from mercato.sellers.services import suspend_seller
from tests.factories import make_category, make_offer, make_operator, make_product, make_seller
from tests.storefront.html import card_titles, elements, visible_text


@pytest.fixture
def teapot(marketplace):
    return make_product("Cast iron teapot", category=make_category("kitchen/teapots", name="Teapots"), brand="Forge",
                        attributes={"colour": "Black"}, gtin="4006381333931", description="Holds 1.2 litres.")


def test_product_page_shows_details(client, teapot):
    response = client.get(f"/p/{teapot.public_id}/")

    assert response.status_code == 200
    text = visible_text(response)
    assert "Cast iron teapot" in text
    assert "Brand: Forge" in text
    assert "Holds 1.2 litres." in text
    assert "Colour Black" in text
    assert "GTIN 4006381333931" in text
    assert "Home Kitchen Teapots" in text
    assert "/search?brand=Forge" in response.content.decode()
    assert f"/img/p/{teapot.public_id}.svg" in response.content.decode()


def test_buy_box_goes_to_the_cheapest_good_seller_and_others_are_sorted_by_landed_price(client, marketplace, teapot):
    poor = make_seller("Bargain Bin", performance_score=0.3)
    good_cheap = make_seller("Good Cheap")
    good_dear = make_seller("Good Dear")
    make_offer(seller=poor, product=teapot, marketplace=marketplace, price_minor=1500, shipping_minor=0)
    make_offer(seller=good_dear, product=teapot, marketplace=marketplace, price_minor=2000, shipping_minor=499)
    make_offer(seller=good_cheap, product=teapot, marketplace=marketplace, price_minor=1800, shipping_minor=299,
               quantity=40)

    response = client.get(f"/p/{teapot.public_id}/")

    buybox = elements(response, "buybox")[0].text
    assert "£20.99" in buybox  # landed price: 18.00 + 2.99
    assert "£18.00 + £2.99 delivery" in buybox
    assert "Sold by Good Cheap" in buybox
    assert "In stock" in buybox
    others = elements(response, "offer-table")[0].text
    assert "Other sellers on Mercato" in visible_text(response)
    # Cheapest landed price first, whatever the Buy Box thinks of the seller.
    assert others.index("Bargain Bin") < others.index("Good Dear")
    assert others.index("£15.00") < others.index("£24.99")
    assert "Good Cheap" not in others


def test_low_stock_warning_and_free_delivery(client, marketplace, teapot):
    make_offer(product=teapot, marketplace=marketplace, price_minor=2500, shipping_minor=0, quantity=2)

    buybox = elements(client.get(f"/p/{teapot.public_id}/"), "buybox")[0].text

    assert "Only 2 left in stock" in buybox
    assert "FREE delivery" in buybox


def test_no_offers_means_currently_unavailable(client, teapot):
    response = client.get(f"/p/{teapot.public_id}/")

    assert "Currently unavailable" in visible_text(response)
    assert "Add to basket" not in visible_text(response)


def test_offers_without_a_buy_box_winner_show_all_buying_options(client, marketplace, teapot):
    make_offer(seller=make_seller("Shaky Shop", performance_score=0.2), product=teapot, marketplace=marketplace,
               price_minor=1999)

    response = client.get(f"/p/{teapot.public_id}/")

    text = visible_text(response)
    assert "See all buying options" in text
    assert "Add to basket" not in text
    assert "Shaky Shop" in elements(response, "offer-table")[0].text


def test_suspended_sellers_offer_vanishes_from_product_page_and_search(client, marketplace, teapot, reindex):
    doomed = make_seller("Doomed Deals")
    make_offer(seller=doomed, product=teapot, marketplace=marketplace, price_minor=900)
    make_offer(seller=make_seller("Steady Stores"), product=teapot, marketplace=marketplace, price_minor=1500)
    lonely = make_product("Doomed-only kettle", category=teapot.category)
    make_offer(seller=doomed, product=lonely, marketplace=marketplace, price_minor=1200)
    reindex()
    assert "Doomed Deals" in visible_text(client.get(f"/p/{teapot.public_id}/"))
    assert "Doomed-only kettle" in card_titles(client.get("/search", {"q": "kettle"}))

    suspend_seller(seller=doomed, operator=make_operator(), reason="counterfeit goods")
    index_pending_products()

    page = visible_text(client.get(f"/p/{teapot.public_id}/"))
    assert "Doomed Deals" not in page
    assert "Sold by Steady Stores" in page
    assert "£15.00" in page
    assert card_titles(client.get("/search", {"q": "kettle"})) == []
    assert "Doomed-only kettle" not in card_titles(client.get("/c/kitchen/"))
    assert "Currently unavailable" in visible_text(client.get(f"/p/{lonely.public_id}/"))


def test_product_page_query_count_is_small_and_fixed(client, marketplace, teapot, django_assert_max_num_queries):
    for number in range(8):
        make_offer(product=teapot, marketplace=marketplace, price_minor=1000 + number * 100)
    client.get(f"/p/{teapot.public_id}/")  # warm the category tree, attributes and marketplace caches

    # the product, its offers with their sellers, its recommendations; the visitor's session (which holds the
    # visitor token) and the product view logged under it
    with django_assert_max_num_queries(5):
        response = client.get(f"/p/{teapot.public_id}/")

    assert response.status_code == 200
    assert visible_text(response).count("No ratings yet") == 7


def test_product_page_query_count_when_signed_in(client, marketplace, teapot, django_assert_max_num_queries):
    from tests.factories import make_user

    make_offer(product=teapot, marketplace=marketplace)
    client.force_login(make_user())
    client.get(f"/p/{teapot.public_id}/")

    with django_assert_max_num_queries(7):  # + the user and their membership (the session was read anyway)
        assert client.get(f"/p/{teapot.public_id}/").status_code == 200


def test_unknown_product_is_a_styled_404(client, marketplace):
    for url in ("/p/MNOPE12345/", "/p/MNOPE12345/some-slug/", "/p/%00/", "/p/" + "X" * 40 + "/"):
        response = client.get(url)
        assert response.status_code == 404, url
        assert "Sorry, we couldn't find that page" in visible_text(response)


def test_wrong_slug_redirects_to_the_canonical_url(client, teapot):
    response = client.get(f"/p/{teapot.public_id}/old-name/")

    assert response.status_code == 301
    assert response["Location"] == f"/p/{teapot.public_id}/cast-iron-teapot/"
    assert client.get(response["Location"]).status_code == 200


def test_product_picture_is_a_deterministic_cacheable_svg(client, teapot):
    first = client.get(f"/img/p/{teapot.public_id}.svg")
    second = client.get(f"/img/p/{teapot.public_id}.svg")

    assert first.status_code == 200
    assert first["Content-Type"].startswith("image/svg+xml")
    assert "max-age=31536000" in first["Cache-Control"]
    assert first.content == second.content
    svg = first.content.decode()
    assert svg.startswith("<svg") and ">CI<" in svg and "Cast iron teapot" in svg
    assert client.get("/img/p/MNOPE12345.svg").status_code == 404
