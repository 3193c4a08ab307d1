"""Random sequences of buying, cancelling, shipping, delivering, refunding and paying out keep the books
and the stock right."""
from datetime import timedelta

import pytest
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from hypothesis import HealthCheck, given, settings as hypothesis_settings, strategies as st

from mercato.core import ledger
from mercato.core.errors import DomainError
from mercato.offers.models import Offer
from mercato.orders.models import OrderLine, SellerOrder
from mercato.orders.services import cancel_order, confirm_delivery, confirm_shipment, refund_seller_order
from mercato.sellers.models import Seller
from mercato.sellers.payouts import run_payouts
from tests.factories import buy, make_fee_rule, make_offer, make_seller, make_shopper

pytestmark = pytest.mark.django_db

STOCK = 6

actions = st.lists(st.one_of(
    st.tuples(st.just("place"), st.integers(0, 1), st.integers(0, 2), st.integers(1, 3)),
    st.tuples(st.just("cancel"), st.integers(0, 9)),
    st.tuples(st.just("ship"), st.integers(0, 9)),
    st.tuples(st.just("deliver"), st.integers(0, 9)),
    st.tuples(st.just("refund"), st.integers(0, 9), st.integers(1, 100)),
    st.tuples(st.just("payout"), st.integers(0, 20)),
), min_size=1, max_size=25)


@pytest.fixture
def world(marketplace):
    marketplace.vat_rate_bp = 2000
    marketplace.save()
    make_fee_rule(marketplace, referral_rate_bp=1200, minimum_referral_minor=40, closing_fee_minor=25)
    retail = make_seller("Mercato Retail", kind=Seller.Kind.FIRST_PARTY)
    offers = [make_offer(price_minor=999, shipping_minor=250, quantity=STOCK),
              make_offer(price_minor=1850, quantity=STOCK),
              make_offer(seller=retail, price_minor=1200, quantity=STOCK)]
    Offer.objects.filter(pk=offers[2].pk).update(unit_cost_minor=640)
    return {"offers": offers, "shoppers": [make_shopper(), make_shopper()]}


def apply(action, world, orders, clock):
    kind = action[0]
    if kind == "place":
        _, shopper, offer, quantity = action
        orders.append((world["shoppers"][shopper], buy(world["shoppers"][shopper], (world["offers"][offer], quantity))))
        return clock
    if kind == "payout":
        clock += timedelta(days=action[1])
        run_payouts(now=clock)
        return clock
    if not orders:
        return clock
    shopper, order = orders[action[1] % len(orders)]
    seller_order = order.seller_orders.order_by("pk").first()
    if kind == "cancel":
        cancel_order(customer=shopper, order_id=order.public_id)
    elif kind == "ship":
        confirm_shipment(seller=seller_order.seller, seller_order_id=seller_order.public_id, carrier="DPD",
                         tracking_number="15501234")
    elif kind == "deliver":
        confirm_delivery(seller=seller_order.seller, seller_order_id=seller_order.public_id)
    elif kind == "refund":
        seller_order.refresh_from_db()
        amount = max(1, seller_order.total_minor * action[2] // 100)
        refund_seller_order(seller=seller_order.seller, seller_order_id=seller_order.public_id, amount_minor=amount,
                            reason="property", idempotency_key=f"{seller_order.public_id}-{len(orders)}-{action[2]}")
    return clock


def check_invariants(world):
    for offer in world["offers"]:
        sold = (OrderLine.objects.filter(offer=offer).exclude(seller_order__status=SellerOrder.Status.CANCELLED)
                .aggregate(units=Sum("quantity"))["units"] or 0)
        assert Offer.objects.get(pk=offer.pk).quantity + sold == STOCK
    assert ledger.unbalanced_entries() == []
    balances = ledger.trial_balance()
    assert sum(balances.values()) == 0
    live = SellerOrder.objects.exclude(status=SellerOrder.Status.CANCELLED).exclude(order__status="pending_payment")
    owed_by_cards = sum(so.total_minor - so.refunded_minor for so in live)
    assert balances.get((ledger.SHOPPER_PAYMENTS_CLEARING, "GBP"), 0) == owed_by_cards


@hypothesis_settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=actions)
def test_books_balance_and_stock_is_conserved(world, steps):
    with transaction.atomic():
        orders, clock = [], timezone.now()
        for action in steps:
            try:
                clock = apply(action, world, orders, clock)
            except DomainError:
                pass  # a refused action (sold out, illegal transition, nothing left to refund) writes nothing
            check_invariants(world)
        transaction.set_rollback(True)
