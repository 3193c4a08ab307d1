"""Two network writes meeting on the same rows, in a chosen order, on PostgreSQL: the second waits for the first
and then sees what it did, and no pair of them deadlocks."""
import threading
from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from mercato.core.errors import Conflict
from mercato.fulfillment import services, shipping
from mercato.fulfillment.models import FulfillmentOrder, Shipment
from mercato.fulfillment.multichannel import RequestedLine, cancel_fulfillment_order, create_fulfillment_order
from mercato.offers.services import OfferTerms, update_offer
from mercato.orders.models import Order, SellerOrder
from mercato.orders.services import cancel_order, confirm_delivery
from tests.factories import buy, make_marketplace, make_shopper
from tests.fulfillment.network import make_center, make_network_offer, receive
from tests.fulfillment.racing import in_thread, wait_until_blocked
from tests.fulfillment.stock_checks import check_network

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

LATER = timedelta(days=10)


def holding(work):
    """Run `work` in a thread inside a transaction kept open until the returned event is set."""
    done, release = threading.Event(), threading.Event()

    def run():
        with transaction.atomic():
            result = work()
            done.set()
            assert release.wait(timeout=30)
        return result

    thread, outcome = in_thread(run)
    assert done.wait(timeout=30), outcome
    return thread, outcome, release


def test_a_shopper_cancelling_while_the_parcel_ships_is_told_it_has_left():
    marketplace = make_marketplace()
    offer = make_network_offer(marketplace, {make_center(marketplace, "MAN1"): 5})
    shopper = make_shopper()
    order = buy(shopper, (offer, 1))
    buy(make_shopper(), (offer, 1))  # a second parcel keeps units allocated at the center
    parcel = order.shipments.get()

    shipper, shipped, release = holding(lambda: shipping._ship(parcel.pk, timezone.now() + LATER))
    canceller, cancelled = in_thread(lambda: cancel_order(customer=shopper, order_id=order.public_id))
    wait_until_blocked(1)
    release.set()
    shipper.join(30), canceller.join(30)

    assert shipped == [1]
    assert isinstance(cancelled[0], Conflict), cancelled
    parcel.refresh_from_db()
    assert parcel.status == Shipment.Status.SHIPPED
    assert order.seller_orders.get().status != SellerOrder.Status.CANCELLED
    check_network(offer)


def test_cancelling_an_outside_order_while_its_parcel_ships_does_not_deadlock():
    marketplace = make_marketplace()
    center = make_center(marketplace, "GLA1")
    offer = make_network_offer(marketplace, {center: 5})
    order, _ = create_fulfillment_order(
        seller=offer.seller, marketplace=marketplace, idempotency_key="shop-1",
        lines=[RequestedLine(offer.seller_sku, 1)], address={"name": "G H", "line1": "1 Castle St", "city": "Edinburgh", "postal_code": "EH1 2NG",
                 "country_code": "GB"})
    inbound = services.create_inbound_shipment(seller=offer.seller, center_id=center.id, quantities={offer.id: 3})
    line = inbound.lines.get()

    # The center is counting an inbound shipment of the same offer: its stock row is busy for a moment.
    receiver, _, release = holding(lambda: services.receive_inbound_shipment(inbound_id=inbound.public_id,
                                                                           counts={line.id: (3, 0)}))
    shipper, shipped = in_thread(lambda: shipping.process_network(now=timezone.now() + LATER))
    wait_until_blocked(1)
    canceller, cancelled = in_thread(lambda: cancel_fulfillment_order(seller=offer.seller, order_id=order.public_id))
    wait_until_blocked(2)
    release.set()
    receiver.join(30), shipper.join(30), canceller.join(30)

    assert isinstance(shipped[0], dict) and shipped[0]["shipped"] == 1, shipped
    assert isinstance(cancelled[0], Conflict), cancelled
    order.refresh_from_db()
    assert order.status != FulfillmentOrder.Status.CANCELLED
    check_network(offer)


def test_a_parcel_shipping_while_an_order_for_the_same_offers_is_placed_does_not_deadlock():
    marketplace = make_marketplace()
    center = make_center(marketplace, "MAN1")
    first, second = make_network_offer(marketplace, {}), make_network_offer(marketplace, {})
    receive(second, center, 5)  # the second offer's stock row comes first: the rows' order differs from the offers'
    receive(first, center, 5)
    parcel = buy(make_shopper(), (first, 1), (second, 1)).shipments.get()

    # The seller is changing the second offer's price: its row is busy for a moment.
    seller, _, release = holding(lambda: update_offer(seller=second.seller, offer_id=second.id,
                                                      terms=OfferTerms(price_minor=1100)))
    buyer, bought = in_thread(lambda: buy(make_shopper(), (first, 1), (second, 1)))
    wait_until_blocked(1)
    shipper, shipped = in_thread(lambda: shipping._ship(parcel.pk, timezone.now() + LATER))
    wait_until_blocked(2)
    release.set()
    seller.join(30), buyer.join(30), shipper.join(30)

    assert shipped == [1]
    assert isinstance(bought[0], Order), bought
    check_network(first, second)


def test_two_shipping_runs_settling_the_same_delivery_both_finish():
    marketplace = make_marketplace()
    offer = make_network_offer(marketplace, {make_center(marketplace, "MAN1"): 5})
    for _ in range(5):  # a parcel the simulated carrier delivers (a few in a thousand are lost or damaged)
        order = buy(make_shopper(), (offer, 1))
        parcel = order.shipments.get()
        shipping.process_network(now=shipping.dispatch_moment(parcel) + timedelta(minutes=1))  # shipped, not arrived
        parcel.refresh_from_db()
        if any(step["status"] == "delivered" for step in parcel.planned_journey):
            break
    shipping._follow_journey(parcel.pk, timezone.now() + timedelta(days=30))  # delivered; the order not yet
    seller_order = order.seller_orders.get()
    assert seller_order.status == SellerOrder.Status.SHIPPED

    first, _, release = holding(lambda: confirm_delivery(seller=offer.seller, seller_order_id=seller_order.public_id,
                                                         by_network=True))
    second, settled = in_thread(shipping.settle_delivered_seller_orders)
    wait_until_blocked(1)
    release.set()
    first.join(30), second.join(30)

    assert settled == [0]
    seller_order.refresh_from_db()
    assert seller_order.status == SellerOrder.Status.DELIVERED
    check_network(offer)
