"""What must hold for a network-fulfilled offer whatever happened to it, checked from the rows alone.

- sellable: the offer's quantity is the sum over its centers of on_hand - allocated, with 0 <= allocated <= on_hand;
- allocated: each center's allocated units are exactly those of parcels still at the center plus reservations of
  orders being placed (no unit is left set aside, none is set aside twice);
- on hand: each center holds the units received there less the units of parcels that left it (a unit that
  shipped never comes back on sale);
- sold once: the units received are the units sellable plus those bought by shoppers and by outside shops;
- the books: every journal entry balances.
"""
from django.db.models import Sum

from mercato.core import ledger
from mercato.fulfillment.models import CenterStock, FulfillmentOrder, FulfillmentOrderLine, InboundLine, ShipmentLine
from mercato.fulfillment.shipping import AT_CENTER
from mercato.inventory.models import StockReservation
from mercato.offers.models import Offer
from mercato.orders.models import Order, OrderLine, SellerOrder

LEFT_THE_CENTER = ("shipped", "in_transit", "out_for_delivery", "delivered", "exception", "returned_to_sender")


def _units(queryset, field="quantity") -> int:
    return queryset.aggregate(units=Sum(field))["units"] or 0


def units_sold(offer: Offer) -> dict[str, int]:
    """Units of the offer bought in the storefront (placed, not cancelled) and by outside shops (not cancelled)."""
    storefront = _units(OrderLine.objects.filter(offer=offer).exclude(seller_order__status=SellerOrder.Status.CANCELLED)
                        .exclude(seller_order__order__status=Order.Status.PENDING_PAYMENT))
    outside = _units(FulfillmentOrderLine.objects.filter(offer=offer)
                     .exclude(fulfillment_order__status=FulfillmentOrder.Status.CANCELLED))
    return {"storefront": storefront, "outside": outside}


def check_network_offer(offer: Offer) -> None:
    quantity = Offer.objects.values_list("quantity", flat=True).get(pk=offer.pk)
    rows = list(CenterStock.objects.filter(offer_id=offer.pk).order_by("pk"))
    for row in rows:
        assert 0 <= row.allocated <= row.on_hand, f"center stock {row.pk}: {row.allocated} of {row.on_hand} allocated"
        waiting = _units(ShipmentLine.objects.filter(stock=row, shipment__status__in=AT_CENTER))
        being_placed = _units(StockReservation.objects.filter(center_stock=row,
                                                              status=StockReservation.Status.RESERVED))
        assert row.allocated == waiting + being_placed, (
            f"center stock {row.pk}: {row.allocated} allocated, {waiting} in parcels, {being_placed} being placed")
        received = _units(InboundLine.objects.filter(offer_id=offer.pk, inbound__center_id=row.center_id,
                                                     inbound__status="received"), "received_units")
        left = _units(ShipmentLine.objects.filter(stock=row, shipment__status__in=LEFT_THE_CENTER))
        assert row.on_hand == received - left, f"center stock {row.pk}: {row.on_hand} on hand, {received} " \
                                               f"received, {left} shipped"
    assert quantity == sum(row.on_hand - row.allocated for row in rows), (
        f"offer {offer.pk}: quantity {quantity}, centers {[(r.on_hand, r.allocated) for r in rows]}")
    received = _units(InboundLine.objects.filter(offer_id=offer.pk, inbound__status="received"), "received_units")
    being_placed = _units(StockReservation.objects.filter(offer_id=offer.pk, status=StockReservation.Status.RESERVED))
    sold = units_sold(offer)
    assert received == quantity + sold["storefront"] + sold["outside"] + being_placed, (
        f"offer {offer.pk}: {received} received, {quantity} on sale, {sold} sold, {being_placed} being placed")


def check_network(*offers: Offer) -> None:
    for offer in offers:
        check_network_offer(offer)
    assert ledger.unbalanced_entries() == []
    assert sum(ledger.trial_balance().values()) == 0
