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
from mercato.payments.models import TestAuthorisation
from mercato.orders.models import OrderLine, SellerOrder
from mercato.checkout.pricing import EXPRESS
from mercato.orders.services import (
    accept_seller_order,
    cancel_order,
    cancel_seller_order,
    confirm_delivery,
    confirm_shipment,
    refund_seller_order,
)
from mercato.sellers.models import Seller
from mercato.sellers.payouts import run_payouts
from tests.factories import buy, make_fee_rule, make_offer, make_seller, make_shopper

pytestmark = pytest.mark.django_db

STOCK = 6

PART = st.tuples(st.integers(0, 9), st.integers(0, 2))  # which order, which of its seller orders

actions = st.lists(st.one_of(
    st.tuples(st.just("place"), st.integers(0, 1), st.sets(st.integers(0, 2), min_size=1, max_size=3),
              st.integers(1, 3), st.booleans()),
    st.tuples(st.just("cancel"), PART),
    st.tuples(st.just("accept"), PART),
    st.tuples(st.just("seller_cancel"), PART),
    st.tuples(st.just("ship"), PART),
    st.tuples(st.just("deliver"), PART),
    st.tuples(st.just("refund"), PART, st.integers(1, 100)),
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
        _, shopper_index, offer_indexes, quantity, express = action
        shopper, offers = world["shoppers"][shopper_index], [world["offers"][i] for i in sorted(offer_indexes)]
        options = {offer.seller_id: EXPRESS for offer in offers} if express else None
        orders.append((shopper, buy(shopper, *[(offer, quantity) for offer in offers], delivery_options=options)))
        return clock
    if kind == "payout":
        clock += timedelta(days=action[1])
        run_payouts(now=clock)
        return clock
    if not orders:
        return clock
    order_index, part_index = action[1]
    shopper, order = orders[order_index % len(orders)]
    parts = list(order.seller_orders.order_by("pk"))
    part = parts[part_index % len(parts)]
    seller, part_id = part.seller, part.public_id
    if kind == "cancel":
        cancel_order(customer=shopper, order_id=order.public_id)
    elif kind == "accept":
        accept_seller_order(seller=seller, seller_order_id=part_id)
    elif kind == "seller_cancel":
        cancel_seller_order(seller=seller, seller_order_id=part_id, reason="property")
    elif kind == "ship":
        confirm_shipment(seller=seller, seller_order_id=part_id, carrier="DPD", tracking_number="15501234")
    elif kind == "deliver":
        confirm_delivery(seller=seller, seller_order_id=part_id)
    elif kind == "refund":
        amount = max(1, part.total_minor * action[2] // 100)
        refund_seller_order(seller=seller, seller_order_id=part_id, amount_minor=amount, reason="property",
                            idempotency_key=f"{part_id}-{len(orders)}-{action[2]}-{clock:%j}")
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
    captured = TestAuthorisation.objects.aggregate(captured=Sum("captured_minor"), refunded=Sum("refunded_minor"))
    shipped = live.filter(status__in=[SellerOrder.Status.SHIPPED, SellerOrder.Status.DELIVERED])
    assert (captured["captured"] or 0) == sum(so.total_minor for so in shipped)
    assert (captured["refunded"] or 0) == sum(so.refunded_minor for so in shipped)


@hypothesis_settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
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
