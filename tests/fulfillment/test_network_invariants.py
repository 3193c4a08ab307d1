"""Random sequences of everything that moves network stock (receiving, storefront orders and their cancellation,
outside shops' orders and theirs, placements that crash and expire, the shipping run as the clock moves on) keep
each center's units and the books right after every step."""
from datetime import timedelta

import pytest
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings as hypothesis_settings, strategies as st

from mercato.core.errors import DomainError
from mercato.customers.selectors import default_address
from mercato.fulfillment import shipping
from mercato.fulfillment.multichannel import RequestedLine, cancel_fulfillment_order, create_fulfillment_order
from mercato.orders import placement
from mercato.orders.services import cancel_order
from tests.factories import buy, make_shopper
from tests.fulfillment.network import make_center, make_network_offer, receive
from tests.fulfillment.stock_checks import check_network

pytestmark = pytest.mark.django_db

ADDRESS = {"name": "Grace Hopper", "line1": "1 Castle Street", "city": "Edinburgh", "postal_code": "EH1 2NG",
           "country_code": "GB"}

OFFER = st.integers(0, 1)
UNITS = st.integers(1, 3)
PICK = st.integers(0, 30)  # which earlier order, modulo how many there are

steps = st.lists(st.one_of(
    st.tuples(st.just("receive"), OFFER, st.integers(0, 1), st.integers(1, 4)),
    st.tuples(st.just("buy"), st.integers(0, 1), st.sets(OFFER, min_size=1), UNITS, st.booleans()),
    st.tuples(st.just("cancel"), PICK),
    st.tuples(st.just("ship"), st.integers(1, 60)),
    st.tuples(st.just("outside"), OFFER, UNITS),
    st.tuples(st.just("outside_cancel"), PICK),
    st.tuples(st.just("crash"), st.integers(0, 1), OFFER, UNITS),
    st.tuples(st.just("expire"),),
), min_size=1, max_size=14)


@pytest.fixture
def world(marketplace):
    centers = [make_center(marketplace, "MAN1"), make_center(marketplace, "LTN1")]
    offers = [make_network_offer(marketplace, {centers[0]: 3, centers[1]: 2}),
              make_network_offer(marketplace, {centers[1]: 2})]
    return {"centers": centers, "offers": offers, "shoppers": [make_shopper(), make_shopper()]}


def crash_while_placing(shopper, offer, units, key):
    """An order whose process died after reserving its units: it stays "being placed" until its reservation
    expires."""
    placement._reserve(shopper, offer.marketplace, [placement.PurchaseItem(offer.id, units)], default_address(shopper),
                       key, {}, None, "checkout")


def apply(step, world, history):
    kind, offers, shoppers = step[0], world["offers"], world["shoppers"]
    if kind == "receive":
        receive(offers[step[1]], world["centers"][step[2]], step[3])
    elif kind == "buy":
        _, who, chosen, units, buy_now = step
        order = buy(shoppers[who], *[(offers[i], units) for i in sorted(chosen)],
                    channel="buy_now" if buy_now else "checkout")
        history["orders"].append((shoppers[who], order))
    elif kind == "cancel" and history["orders"]:
        shopper, order = history["orders"][step[1] % len(history["orders"])]
        cancel_order(customer=shopper, order_id=order.public_id)
    elif kind == "ship":
        history["clock"] += timedelta(hours=step[1])
        shipping.process_network(now=history["clock"])
    elif kind == "outside":
        offer = offers[step[1]]
        history["outside"].append(create_fulfillment_order(
            seller=offer.seller, marketplace=offer.marketplace, idempotency_key=f"shop-{len(history['outside'])}",
            address=ADDRESS, lines=[RequestedLine(offer.seller_sku, step[2])])[0])
    elif kind == "outside_cancel" and history["outside"]:
        order = history["outside"][step[1] % len(history["outside"])]
        cancel_fulfillment_order(seller=order.seller, order_id=order.public_id)
    elif kind == "crash":
        history["crashed"] += 1
        crash_while_placing(shoppers[step[1]], offers[step[2]], step[3], key=f"crashed-{history['crashed']}")
    elif kind == "expire":
        later = timezone.now() + timedelta(seconds=settings.STOCK_RESERVATION_SECONDS + 1)
        placement.release_abandoned_orders(now=later)


@hypothesis_settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(sequence=steps)
def test_network_stock_and_books_hold_after_every_step(world, sequence):
    with transaction.atomic():
        history = {"orders": [], "outside": [], "crashed": 0, "clock": timezone.now()}
        for step in sequence:
            try:
                apply(step, world, history)
            except DomainError:
                pass  # refused (sold out, already shipped, cancelled twice): it wrote nothing
            check_network(*world["offers"])
        transaction.set_rollback(True)
