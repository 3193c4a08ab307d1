from mercato.sellers.models import Seller
from mercato.sellers.services import suspend_seller
from tests.factories import make_offer, make_operator, make_product, make_seller
from tests.storefront.html import card_titles, visible_text


def test_active_seller_page_shows_profile_and_in_stock_products(client, marketplace, reindex):
    seller = make_seller("Teacup Trading")
    Seller.objects.filter(pk=seller.pk).update(rating_percent=97, rating_count=1234)
    make_offer(seller=seller, product=make_product("Bone china cup"), marketplace=marketplace)
    make_offer(seller=seller, product=make_product("Sold-out saucer"), marketplace=marketplace, quantity=0)
    make_offer(product=make_product("Someone else's spoon"), marketplace=marketplace)
    reindex()

    response = client.get("/s/teacup-trading/")

    assert response.status_code == 200
    text = visible_text(response)
    assert "Teacup Trading" in text
    assert "Independent seller" in text
    assert "97% positive (1,234 ratings)" in text
    assert "Leeds, GB" in text
    assert "Selling on Mercato since" in text
    assert card_titles(response) == ["Bone china cup"]


def test_first_party_seller_has_the_retail_badge(client, marketplace):
    make_seller("Mercato Retail", kind=Seller.Kind.FIRST_PARTY)

    assert "Mercato Retail" in visible_text(client.get("/s/mercato-retail/"))
    assert "badge-retail" in client.get("/s/mercato-retail/").content.decode()


def test_pending_suspended_and_unknown_sellers_are_not_found(client, marketplace):
    make_seller("Waiting Room", active=False)
    suspended = make_seller("Gone Bad")
    suspend_seller(seller=suspended, operator=make_operator(), reason="fraud")

    for url in ("/s/waiting-room/", "/s/gone-bad/", "/s/nobody/"):
        response = client.get(url)
        assert response.status_code == 404, url
        assert "Sorry, we couldn't find that page" in visible_text(response)
