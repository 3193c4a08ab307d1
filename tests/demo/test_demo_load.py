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

