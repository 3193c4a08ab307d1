from mercato.offers.models import BuyBox
from mercato.search.selectors import search_products
from tests.factories import make_offer, make_product, make_seller


def test_cheapest_good_offer_wins_and_search_finds_it(marketplace, reindex):
    product = make_product("Red enamel mug", brand="Acme", attributes={"colour": "Red"})
    make_offer(product=product, marketplace=marketplace, price_minor=1200)
    cheap = make_offer(product=product, marketplace=marketplace, price_minor=900)
    assert BuyBox.objects.get(product=product).offer_id == cheap.id
    reindex()
    page = search_products(marketplace=marketplace, text="mug")
    assert page.total == 1
    assert page.cards[0].price.landed_price_minor == 900
