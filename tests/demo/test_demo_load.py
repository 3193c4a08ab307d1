import pytest

from mercato.core import ledger
from mercato.customers.models import User
from mercato.demo.load import DEMO_LOGINS, load_demo
from mercato.marketplaces.models import FeeRule
from mercato.orders.models import Order, SellerOrder

pytestmark = pytest.mark.django_db


def test_demo_marketplace_is_ready_to_buy_and_sell():
    load_demo(product_limit=200, third_party_sellers=4)

    shopper = User.objects.get(email=DEMO_LOGINS["shopper"])
    assert shopper.addresses.filter(is_default=True).exists()
    assert shopper.payment_methods.get(is_default=True).last4 == "4242"
    assert FeeRule.objects.filter(category__isnull=True).count() == 1
    seller_user = User.objects.get(email=DEMO_LOGINS["seller"])
    seller_orders = SellerOrder.objects.filter(seller=seller_user.seller_membership.seller)
    assert sorted(seller_orders.values_list("status", flat=True)) == ["pending", "shipped"]
    assert Order.objects.filter(customer=shopper).count() == 2
    assert ledger.unbalanced_entries() == []
    assert ledger.balance(ledger.revenue("referral_fees"), "GBP") < 0
    assert ledger.balance(ledger.FIRST_PARTY_INVENTORY, "GBP") > 0  # the retail arm's opening stock at cost



def test_demo_network_holds_the_retail_stock_and_serves_the_demo_shopper():
    from django.db.models import F, Sum

    from mercato.fulfillment.models import CenterStock, FulfillmentCenter
    from mercato.offers.models import Offer
    from tests.factories import buy

    load_demo(product_limit=200, third_party_sellers=4)

    assert FulfillmentCenter.objects.count() == 8
    network = Offer.objects.filter(fulfillment_channel="network")
    assert network.filter(seller__kind="first_party").exists()
    held = dict(CenterStock.objects.values("offer").annotate(units=Sum(F("on_hand") - F("allocated")))
                .values_list("offer", "units"))
    assert all(held.get(offer.id, 0) == offer.quantity for offer in network)
    shopper = User.objects.get(email=DEMO_LOGINS["shopper"])
    order = buy(shopper, network.filter(quantity__gt=0).first())
    assert order.shipments.count() == 1
