import pytest

from mercato.checkout import pricing
from mercato.customers.selectors import default_payment_method
from mercato.fulfillment import transit
from mercato.membership.demo import ensure_demo_plan
from mercato.membership.services import start_trial
from tests.factories import buy, make_offer, make_shopper
from tests.fulfillment.network import make_center, make_network_offer
from tests.storefront.html import visible_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def member(marketplace):
    shopper = make_shopper()
    start_trial(customer=shopper, marketplace=marketplace, plan=ensure_demo_plan(marketplace),
                payment_method=default_payment_method(shopper))
    return shopper


def test_a_member_gets_free_express_delivery_on_network_offers(marketplace, member):
    offer = make_network_offer(marketplace, {make_center(marketplace, "MAN1"): 5}, shipping_minor=399)

    order = buy(member, offer)

    part = order.seller_orders.get()
    assert (part.delivery_option, part.shipping_minor) == (transit.EXPRESS, 0)
    assert order.total_minor == offer.price_minor
    assert order.shipments.get().speed == transit.EXPRESS


def test_a_non_member_pays_for_delivery(marketplace):
    offer = make_network_offer(marketplace, {make_center(marketplace, "MAN1"): 5}, shipping_minor=399)
    order = buy(make_shopper(), offer)
    part = order.seller_orders.get()
    assert (part.delivery_option, part.shipping_minor) == (pricing.STANDARD, 399)


def test_slow_sellers_are_not_eligible(marketplace, member):
    slow = make_offer(marketplace=marketplace, shipping_minor=399, handling_days=3)
    part = buy(member, slow).seller_orders.get()
    assert part.shipping_minor == 399


def test_the_product_page_shows_the_member_date(client, marketplace, member):
    offer = make_network_offer(marketplace, {make_center(marketplace, "MAN1"): 5})
    client.force_login(member)
    text = visible_text(client.get(f"/p/{offer.product.public_id}/"))
    assert "FREE express delivery: arrives" in text
