"""Multi-channel fulfillment: an outside shop's order shipped from the seller's stock in Mercato's network.

The order takes the same path as a storefront order's network lines: routed by the same optimiser, its units
set aside in the chosen centers with the same conditional updates (so a unit is never sold twice between
channels), shipped at the center's cut-off and carried by the same carrier. The seller pays the multi-channel
fee per unit when a parcel ships (Dr seller payable, Cr multi-channel fee revenue) and hears of every step by
webhook (`fulfillment_order.*`).
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from mercato.core import ledger
from mercato.core.errors import Conflict, Invalid, NotFound
from mercato.core.ids import new_public_id
from mercato.core.text import clean_text, parse_whole_number
from mercato.fulfillment import allocation, fees, transit
from mercato.fulfillment.models import (CenterStock, FulfillmentOrder, FulfillmentOrderLine, Shipment,
                                        ShipmentLine)
from mercato.fulfillment.promises import best_promises, destination_for, local_now
from mercato.inventory import services as inventory
from mercato.inventory.models import StockReservation
from mercato.marketplaces.models import Marketplace
from mercato.offers.models import FulfillmentChannel, Offer
from mercato.sellers.models import Seller
from mercato.webhooks.services import enqueue

MAX_LINES = 50
MAX_UNITS_PER_LINE = 1_000
ADDRESS_FIELDS = {"name": 150, "line1": 200, "line2": 200, "city": 100, "postal_code": 20, "country_code": 2}


@dataclass(frozen=True)
class RequestedLine:
    seller_sku: str
    quantity: int


def create_fulfillment_order(*, seller: Seller, marketplace: Marketplace, idempotency_key: str, address: dict,
                             lines: Sequence[RequestedLine], speed: str = transit.STANDARD,
                             external_reference: str = "") -> tuple[FulfillmentOrder, bool]:
    """Accept an outside shop's order. Returns the order and whether this call created it (False: the same
    idempotency key had created it before)."""
    key = clean_text(idempotency_key, field="Idempotency-Key", max_length=80)
    existing = FulfillmentOrder.objects.filter(seller=seller, idempotency_key=key).first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            order = _create(seller, marketplace, key, address, lines, speed, external_reference)
    except IntegrityError:
        existing = FulfillmentOrder.objects.filter(seller=seller, idempotency_key=key).first()
        if existing is None:
            raise
        return existing, False
    return order, True


def _clean_address(address: dict, marketplace: Marketplace) -> dict:
    if not isinstance(address, dict):
        raise Invalid("address is required", field="address")
    cleaned = {}
    for name, max_length in ADDRESS_FIELDS.items():
        cleaned[name] = clean_text(address.get(name, ""), field=f"address.{name}", max_length=max_length,
                                   required=name != "line2")
    cleaned["country_code"] = cleaned["country_code"].upper()
    if cleaned["country_code"] != marketplace.country_code:
        raise Conflict(f"this marketplace delivers to {marketplace.country_code} only", field="address.country_code",
                       code="no_route")
    return cleaned


def _clean_lines(seller: Seller, marketplace: Marketplace, lines: Sequence[RequestedLine]) -> list[tuple[Offer, int]]:
    if not lines:
        raise Invalid("an order needs at least one line", field="lines")
    if len(lines) > MAX_LINES:
        raise Invalid(f"an order holds at most {MAX_LINES} lines", field="lines")
    skus = [clean_text(line.seller_sku, field=f"lines.{i}.seller_sku", max_length=40) for i, line in enumerate(lines)]
    offers = {offer.seller_sku: offer for offer in Offer.objects.filter(
        seller=seller, marketplace=marketplace, seller_sku__in=skus).select_related("product")}
    cleaned, seen = [], set()
    for position, (sku, line) in enumerate(zip(skus, lines)):
        quantity = parse_whole_number(line.quantity, field=f"lines.{position}.quantity", minimum=1,
                                      maximum=MAX_UNITS_PER_LINE)
        offer = offers.get(sku)
        if offer is None:
            raise NotFound(f"you have no offer with SKU {sku!r} in this marketplace",
                           field=f"lines.{position}.seller_sku")
        if sku in seen:
            raise Invalid(f"SKU {sku!r} appears twice; send one line with the total",
                          field=f"lines.{position}.seller_sku")
        seen.add(sku)
        if offer.fulfillment_channel != FulfillmentChannel.NETWORK or offer.quantity < quantity:
            held = offer.quantity if offer.fulfillment_channel == FulfillmentChannel.NETWORK else 0
            raise Conflict(f"you have {held} units of {sku!r} in Mercato's network, not {quantity}",
                           field=f"lines.{position}.quantity", code="out_of_stock")
        cleaned.append((offer, quantity))
    return cleaned


def _create(seller, marketplace, key, address, lines, speed, external_reference) -> FulfillmentOrder:
    if speed not in transit.SPEEDS:
        raise Invalid(f"speed must be one of {', '.join(transit.SPEEDS)}", field="speed")
    ship_to = _clean_address(address, marketplace)
    wanted = _clean_lines(seller, marketplace, lines)
    destination = destination_for(postal_code=ship_to["postal_code"], country_code=ship_to["country_code"],
                                  marketplace_id=marketplace.id)
    now = local_now()
    promises = best_promises([offer.id for offer, _ in wanted], destination,
                             quantities={offer.id: quantity for offer, quantity in wanted})
    promised = max((promises[offer.id].delivery_date(speed) for offer, _ in wanted if offer.id in promises),
                   default=transit.add_working_days(now.date(), 3))
    order = FulfillmentOrder.objects.create(
        public_id=new_public_id("F"), seller=seller, marketplace=marketplace, idempotency_key=key,
        external_reference=clean_text(external_reference, field="external_reference", max_length=80, required=False),
        speed=speed, currency=marketplace.currency, promised_delivery_date=promised,
        **{f"ship_to_{name}": value for name, value in ship_to.items()})
    FulfillmentOrderLine.objects.bulk_create(FulfillmentOrderLine(fulfillment_order=order, offer=offer,
                                                                  quantity=quantity) for offer, quantity in wanted)
    routing = allocation.route_network_lines(
        reference=order.public_id, destination=destination,
        lines=[allocation.NetworkLine(offer, quantity, speed, promised) for offer, quantity in wanted], now=now)
    for offer, quantity in sorted(wanted, key=lambda pair: pair[0].id):
        if inventory.reserve_units(offer_id=offer.id, quantity=quantity, reference=order.public_id,
                                   expires_at=timezone.now() + timedelta(minutes=5),
                                   center_stock_ids=routing.preferences[offer.id]) is None:
            raise Conflict(f"{offer.seller_sku} just sold out in the network", field="lines", code="out_of_stock")
    allocation.take_center_days(allocation.reserved_center_ids(order.public_id), now.date())
    inventory.consume_reservations(reference=order.public_id)
    _create_parcels(order, destination, now)
    _refresh_buyboxes_on_commit([offer for offer, _ in wanted])
    enqueue(seller_id=seller.id, topic="fulfillment_order.created", payload=order_payload(order))
    return order


def _create_parcels(order: FulfillmentOrder, destination, now) -> None:
    by_center = defaultdict(list)
    for reservation in (StockReservation.objects.filter(reference=order.public_id, center_stock__isnull=False)
                        .select_related("center_stock__center")):
        by_center[reservation.center_stock.center].append(reservation)
    for center, reservations in sorted(by_center.items(), key=lambda item: item[0].id):
        shipment = allocation.new_parcel(center, destination, speed=order.speed,
                                         promised=order.promised_delivery_date,
                                         town=f"{order.ship_to_city} {order.ship_to_postal_code}", now=now,
                                         fulfillment_order=order)
        ShipmentLine.objects.bulk_create(ShipmentLine(shipment=shipment, stock_id=r.center_stock_id,
                                                      quantity=r.quantity) for r in reservations)


def _refresh_buyboxes_on_commit(offers: list[Offer]) -> None:
    from mercato.offers.services import refresh_buyboxes

    pairs = [(offer.product_id, offer.marketplace_id) for offer in offers]
    transaction.on_commit(lambda: refresh_buyboxes(pairs))


@transaction.atomic
def cancel_fulfillment_order(*, seller: Seller, order_id: str) -> FulfillmentOrder:
    """Cancel while nothing has left a center: the units go back on sale where they are."""
    order = FulfillmentOrder.objects.select_for_update().filter(seller=seller, public_id=order_id).first()
    if order is None:
        raise NotFound("no such fulfillment order", field="fulfillment_order")
    if order.status != FulfillmentOrder.Status.RECEIVED:
        raise Conflict(f"fulfillment order {order.public_id} is {order.get_status_display().lower()}; it can no "
                       "longer be cancelled", field="fulfillment_order")
    shipments = list(order.shipments.select_for_update().order_by("pk"))
    if any(shipment.status not in (Shipment.Status.PICKING, Shipment.Status.PACKED) for shipment in shipments):
        raise Conflict(f"fulfillment order {order.public_id} has left our center", field="fulfillment_order")
    offers = [line.offer for line in order.lines.select_related("offer").order_by("offer_id")]
    list(Offer.objects.select_for_update().filter(pk__in=[offer.id for offer in offers]).order_by("pk"))
    for line in ShipmentLine.objects.filter(shipment__in=shipments).select_related("stock").order_by("stock_id"):
        CenterStock.objects.filter(pk=line.stock_id).update(allocated=F("allocated") - line.quantity)
        Offer.objects.filter(pk=line.stock.offer_id).update(quantity=F("quantity") + line.quantity)
    Shipment.objects.filter(pk__in=[s.pk for s in shipments]).update(status=Shipment.Status.CANCELLED)
    order.status = FulfillmentOrder.Status.CANCELLED
    order.cancelled_at = timezone.now()
    order.save(update_fields=["status", "cancelled_at"])
    _refresh_buyboxes_on_commit(offers)
    enqueue(seller_id=seller.id, topic="fulfillment_order.cancelled", payload=order_payload(order))
    return order


def charge_shipped_parcel(shipment: Shipment) -> None:
    """The multi-channel fee for a parcel that has just shipped. Call inside the shipping transaction."""
    order = shipment.fulfillment_order
    fee = sum(fees.unit_fee_minor(length_mm=line.stock.offer.product.length_mm,
                                  width_mm=line.stock.offer.product.width_mm,
                                  height_mm=line.stock.offer.product.height_mm,
                                  weight_grams=line.stock.offer.product.weight_grams, multi_channel=True)
              * line.quantity for line in shipment.lines.select_related("stock__offer__product"))
    FulfillmentOrder.objects.filter(pk=order.pk).update(fee_minor=F("fee_minor") + fee)
    ledger.post_entry(kind="multi_channel_fee", reference=shipment.public_id,
                      memo=f"Multi-channel fulfillment of {order.public_id}",
                      lines=[ledger.debit(ledger.seller_payable(order.seller_id), fee, order.currency),
                             ledger.credit(ledger.revenue("multi_channel_fees"), fee, order.currency)])


_STATUS_TOPICS = {
    FulfillmentOrder.Status.SHIPPED: "fulfillment_order.shipped",
    FulfillmentOrder.Status.DELIVERED: "fulfillment_order.delivered",
    FulfillmentOrder.Status.EXCEPTION: "fulfillment_order.exception",
}


def follow_shipment(shipment: Shipment) -> None:
    """Bring the fulfillment order's status in line with its parcels, telling the shop of each change."""
    order = FulfillmentOrder.objects.select_for_update().get(pk=shipment.fulfillment_order_id)
    statuses = set(order.shipments.exclude(status=Shipment.Status.CANCELLED).values_list("status", flat=True))
    if statuses & {Shipment.Status.EXCEPTION, Shipment.Status.RETURNED}:
        status = FulfillmentOrder.Status.EXCEPTION
    elif statuses == {Shipment.Status.DELIVERED}:
        status = FulfillmentOrder.Status.DELIVERED
    elif not statuses & {Shipment.Status.PICKING, Shipment.Status.PACKED}:
        status = FulfillmentOrder.Status.SHIPPED
    else:
        return
    if status == order.status:
        return
    order.status = status
    order.save(update_fields=["status"])
    enqueue(seller_id=order.seller_id, topic=_STATUS_TOPICS[status], payload=order_payload(order))


def order_payload(order: FulfillmentOrder) -> dict:
    """The fulfillment order as the API and webhooks show it."""
    parcels = [{"id": s.public_id, "status": s.status, "carrier": s.carrier, "tracking_number": s.tracking_number,
                "center": s.center.code, "shipped_at": s.shipped_at.isoformat() if s.shipped_at else None,
                "delivered_at": s.delivered_at.isoformat() if s.delivered_at else None}
               for s in order.shipments.select_related("center").order_by("pk")]
    return {"id": order.public_id, "external_reference": order.external_reference, "status": order.status,
            "speed": order.speed, "promised_delivery_date": order.promised_delivery_date.isoformat(),
            "fee_minor": order.fee_minor, "currency": order.currency,
            "lines": [{"seller_sku": line.offer.seller_sku, "quantity": line.quantity}
                      for line in order.lines.select_related("offer")],
            "parcels": parcels}
