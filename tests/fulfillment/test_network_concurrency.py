"""Network stock under real concurrency, on PostgreSQL with one connection per thread: shoppers, outside shops,
cancellations and the shipping run all racing for the same units in two centers."""
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from mercato.core import ledger
from mercato.core.errors import Conflict, NotAllowed
from mercato.fulfillment import shipping
from mercato.fulfillment.models import CenterStock, FulfillmentOrder, Shipment, ShipmentLine
from mercato.fulfillment.multichannel import RequestedLine, cancel_fulfillment_order, create_fulfillment_order
from mercato.offers.models import Offer
from mercato.orders.models import Order, SellerOrder
from mercato.orders.services import cancel_order
from tests.factories import buy, make_marketplace, make_shopper
from tests.fulfillment.network import make_center, make_network_offer
from tests.fulfillment.racing import failures, race
from tests.fulfillment.stock_checks import check_network, units_sold

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

EDINBURGH = {"name": "Grace Hopper", "line1": "1 Castle Street", "city": "Edinburgh", "postal_code": "EH1 2NG",
             "country_code": "GB"}


def outside_order(offer, key, quantity=1):
    return create_fulfillment_order(seller=offer.seller, marketplace=offer.marketplace, idempotency_key=key,
                                    address=EDINBURGH, lines=[RequestedLine(offer.seller_sku, quantity)])[0]


def test_hundred_shoppers_race_for_the_last_twenty_units_in_two_centers():
    assert connection.vendor == "postgresql"
    marketplace = make_marketplace()
    north, south = make_center(marketplace, "MAN1"), make_center(marketplace, "LTN1")
    offer = make_network_offer(marketplace, {north: 12, south: 8}, price_minor=1500)
    shoppers = [make_shopper() for _ in range(100)]  # in York: Warrington first, Dunstable once it runs out

    outcomes = race([lambda shopper=shopper: buy(shopper, (offer, 1)) for shopper in shoppers])

    assert failures(outcomes) == []
    placed = [o for o in outcomes if isinstance(o, Order)]
    refused = [o for o in outcomes if isinstance(o, Conflict)]
    assert len(placed) == 20 and len(refused) == 80
    assert {error.code for error in refused} <= {"out_of_stock", "no_route"}
    assert Offer.objects.get(pk=offer.pk).quantity == 0
    for center, units in ((north, 12), (south, 8)):
        stock = CenterStock.objects.get(center=center, offer=offer)
        assert (stock.on_hand, stock.allocated) == (units, units)
        assert ShipmentLine.objects.filter(stock=stock).count() == units
    assert Order.objects.filter(status=Order.Status.PLACED).count() == 20
    assert ledger.balance(ledger.SHOPPER_PAYMENTS_CLEARING, "GBP") == 20 * 1500
    check_network(offer)


def test_shoppers_and_outside_shops_never_get_the_same_unit():
    marketplace = make_marketplace()
    north, scotland = make_center(marketplace, "MAN1"), make_center(marketplace, "GLA1")
    offer = make_network_offer(marketplace, {north: 9, scotland: 6})
    shoppers = [make_shopper() for _ in range(40)]

    attempts = ([lambda shopper=shopper: buy(shopper, (offer, 1)) for shopper in shoppers]
                + [lambda i=i: outside_order(offer, f"shop-{i}") for i in range(40)])
    outcomes = race(attempts)

    assert failures(outcomes) == []
    storefront = [o for o in outcomes if isinstance(o, Order)]
    outside = [o for o in outcomes if isinstance(o, FulfillmentOrder)]
    assert len(storefront) + len(outside) == 15
    assert units_sold(offer) == {"storefront": len(storefront), "outside": len(outside)}
    assert all(error.code in ("out_of_stock", "no_route") for error in outcomes if isinstance(error, Conflict))
    assert Offer.objects.get(pk=offer.pk).quantity == 0
    assert [(s.on_hand, s.allocated) for s in CenterStock.objects.filter(offer=offer).order_by("pk")] == [(9, 9),
                                                                                                          (6, 6)]
    check_network(offer)


def test_cancellations_racing_the_shipping_run_neither_strand_nor_double_return_units():
    marketplace = make_marketplace()
    north, south = make_center(marketplace, "MAN1"), make_center(marketplace, "LTN1")
    offer = make_network_offer(marketplace, {north: 25, south: 15})
    shoppers = [make_shopper() for _ in range(30)]
    orders = [buy(shopper, (offer, 1), channel="buy_now" if i % 3 == 0 else "checkout")
              for i, shopper in enumerate(shoppers)]
    outside = [outside_order(offer, f"shop-{i}") for i in range(10)]
    later = timezone.now() + timedelta(days=10)  # past every cut-off and free-cancel window

    attempts = ([lambda: shipping.process_network(now=later)]
                + [lambda shopper=shopper, order=order: cancel_order(customer=shopper, order_id=order.public_id)
                   for shopper, order in zip(shoppers, orders)]
                + [lambda order=order: cancel_fulfillment_order(seller=offer.seller, order_id=order.public_id)
                   for order in outside])
    outcomes = race(attempts)

    assert failures(outcomes) == []
    assert all(isinstance(o, (Order, FulfillmentOrder, Conflict, NotAllowed)) for o in outcomes[1:])
    assert not Shipment.objects.filter(status__in=shipping.AT_CENTER).exists()  # each parcel shipped or cancelled
    assert all(stock.allocated == 0 for stock in CenterStock.objects.filter(offer=offer))
    for order in orders:
        seller_order = SellerOrder.objects.get(order=order)
        left = Shipment.objects.filter(order=order).exclude(status=Shipment.Status.CANCELLED)
        if seller_order.status == SellerOrder.Status.CANCELLED:
            assert not left.exists() and not ShipmentLine.objects.filter(order_line__seller_order=seller_order)
        else:
            assert seller_order.status in (SellerOrder.Status.SHIPPED, SellerOrder.Status.DELIVERED)
            assert left.get().shipped_at is not None
    for order in outside:
        order.refresh_from_db()
        parcel = order.shipments.get()
        assert (order.status == FulfillmentOrder.Status.CANCELLED) == (parcel.status == Shipment.Status.CANCELLED)
    sold = units_sold(offer)
    assert Offer.objects.get(pk=offer.pk).quantity == 40 - sold["storefront"] - sold["outside"]
    check_network(offer)
