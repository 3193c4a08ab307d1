from datetime import timedelta

import pytest
from django.utils import timezone

from mercato.core import ledger
from mercato.core.errors import Conflict, NotAllowed
from mercato.fulfillment import shipping, transit
from mercato.fulfillment.models import CenterStock, Shipment
from mercato.fulfillment.services import network_stock_is_consistent
from mercato.orders.models import Order, SellerOrder
from mercato.orders.services import cancel_order, confirm_shipment
from mercato.payments.models import TestAuthorisation
from tests.factories import buy, make_offer, make_shopper
from tests.fulfillment.network import make_center, make_network_offer

pytestmark = pytest.mark.django_db


@pytest.fixture
def network(marketplace):
    return {"south": make_center(marketplace, "LTN1"), "north": make_center(marketplace, "MAN1")}


def test_a_network_order_ships_from_the_nearest_center_holding_the_units(marketplace, network):
    offer = make_network_offer(marketplace, {network["south"]: 5, network["north"]: 5})
    shopper = make_shopper()  # lives in York: Warrington is nearer than Dunstable

    order = buy(shopper, (offer, 2))

    seller_order = order.seller_orders.get()
    assert seller_order.fulfilled_by_network
    shipment = order.shipments.get()
    assert shipment.center == network["north"] and shipment.status == Shipment.Status.PICKING
    stock = CenterStock.objects.get(center=network["north"], offer=offer)
    assert (stock.on_hand, stock.allocated) == (5, 2)
    offer.refresh_from_db()
    assert offer.quantity == 8 and network_stock_is_consistent(offer)


def test_the_order_is_held_to_the_date_the_network_promised(marketplace, network):
    offer = make_network_offer(marketplace, {network["north"]: 5})
    order = buy(make_shopper(), offer)
    north = network["north"]
    distance = transit.haversine_km(north.latitude, north.longitude, 53.959, -1.082)  # York
    expected = transit.delivery_date(timezone.localtime(), cutoff=north.cutoff_time, distance_km=distance,
                                     speed=transit.STANDARD)
    assert order.seller_orders.get().promised_delivery_date == expected
    assert order.shipments.get().promised_delivery_date == expected


def test_the_parcel_ships_at_the_cutoff_captures_payment_and_books_the_fulfillment_fee(marketplace, network):
    offer = make_network_offer(marketplace, {network["north"]: 5})
    order = buy(make_shopper(), (offer, 2))
    seller_order = order.seller_orders.get()

    moved = shipping.process_network(now=timezone.now() + timedelta(days=4))

    assert moved["shipped"] == 1 and moved["payments_captured"] == 1
    seller_order.refresh_from_db()
    assert seller_order.status in (SellerOrder.Status.SHIPPED, SellerOrder.Status.DELIVERED)
    assert seller_order.fulfillment_fee_minor == 2 * 280  # two small parcels' worth
    assert ledger.balance(ledger.revenue("fulfillment_fees"), "GBP") == -560
    stock = CenterStock.objects.get(center=network["north"], offer=offer)
    assert (stock.on_hand, stock.allocated) == (3, 0)
    assert ledger.unbalanced_entries() == []


def test_the_carrier_delivers_and_the_order_follows(marketplace, network):
    offer = make_network_offer(marketplace, {network["north"]: 5})
    order = buy(make_shopper(), offer)

    shipping.process_network(now=timezone.now() + timedelta(days=30))

    shipment = order.shipments.get()
    statuses = list(shipment.events.values_list("status", flat=True))
    assert statuses[:3] == ["picking", "packed", "shipped"]
    if shipment.status == Shipment.Status.DELIVERED:  # a parcel can also be lost or misaddressed
        assert statuses[-2:] == ["out_for_delivery", "delivered"]
        order.refresh_from_db()
        assert order.status == Order.Status.DELIVERED


def test_cancelling_before_the_parcel_leaves_puts_the_units_back_in_the_center(marketplace, network):
    offer = make_network_offer(marketplace, {network["north"]: 5})
    shopper = make_shopper()
    order = buy(shopper, (offer, 3))

    cancel_order(customer=shopper, order_id=order.public_id)

    stock = CenterStock.objects.get(center=network["north"], offer=offer)
    offer.refresh_from_db()
    assert (stock.on_hand, stock.allocated, offer.quantity) == (5, 0, 5)
    assert order.shipments.get().status == Shipment.Status.CANCELLED
    assert shipping.process_network(now=timezone.now() + timedelta(days=5))["shipped"] == 0


def test_an_order_no_center_can_serve_is_refused_before_payment(marketplace, network):
    network["north"].capacity_orders_per_day = 1
    network["north"].save()
    offer = make_network_offer(marketplace, {network["north"]: 5})
    buy(make_shopper(), offer)
    authorisations = TestAuthorisation.objects.count()

    with pytest.raises(Conflict) as error:
        buy(make_shopper(), offer)

    assert error.value.code == "no_route"
    assert Order.objects.count() == 1
    assert TestAuthorisation.objects.count() == authorisations
    offer.refresh_from_db()
    assert offer.quantity == 4 and network_stock_is_consistent(offer)


def test_a_seller_cannot_ship_or_cancel_what_the_network_fulfils(marketplace, network):
    offer = make_network_offer(marketplace, {network["north"]: 5})
    seller_order = buy(make_shopper(), offer).seller_orders.get()
    with pytest.raises(NotAllowed):
        confirm_shipment(seller=offer.seller, seller_order_id=seller_order.public_id, carrier="X",
                         tracking_number="1")


def test_a_seller_shipping_some_items_itself_gets_two_parts(marketplace, network):
    network_offer = make_network_offer(marketplace, {network["north"]: 5})
    own_offer = make_offer(marketplace=marketplace, seller=network_offer.seller)

    order = buy(make_shopper(), network_offer, own_offer)

    parts = sorted(order.seller_orders.values_list("fulfilled_by_network", flat=True))
    assert parts == [False, True]
    assert order.shipments.count() == 1


def test_advancing_the_clock_moves_parcels(marketplace, network):
    offer = make_network_offer(marketplace, {network["north"]: 5})
    order = buy(make_shopper(), offer)

    shipping.advance_clock(hours=24 * 10)

    assert order.shipments.get().status != Shipment.Status.PICKING
    assert shipping.clock_now() > timezone.now() + timedelta(days=9)


def test_express_orders_ship_only_from_centers_that_offer_express(marketplace, network):
    network["north"].speeds = ["standard"]
    network["north"].save()
    offer = make_network_offer(marketplace, {network["north"]: 5, network["south"]: 5})

    express = buy(make_shopper(), offer, delivery_options={offer.seller_id: "express"})
    standard = buy(make_shopper(), offer)

    assert express.shipments.get().center == network["south"]
    assert standard.shipments.get().center == network["north"]  # nearer to York
