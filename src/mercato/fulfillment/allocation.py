"""Network-fulfilled lines of an order: which center ships them, the units set aside there, and the parcels.

Placement calls `route_network_lines` while reserving (before any payment), so an order no center can serve
is refused with the reason; `create_shipments` turns the reservations into parcels when the order is placed;
`release_seller_order` puts the units back when a seller order is cancelled before its parcel has left.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import F

from mercato.core.errors import Conflict
from mercato.core.ids import new_public_id
from mercato.fulfillment import routing, transit
from mercato.fulfillment.models import CenterDay, CenterStock, FulfillmentCenter, Shipment, ShipmentLine
from mercato.fulfillment.promises import Destination, destination_for, local_now, orders_left_today
from mercato.inventory.models import StockReservation
from mercato.offers.models import Offer

DEFAULT_WEIGHT_GRAMS = 500


@dataclass(frozen=True)
class NetworkLine:
    offer: Offer
    quantity: int
    speed: str
    promised_date: date


def working_days_until(today: date, day: date) -> int:
    count, current = 0, today
    while current < day:
        current = transit.add_working_days(current, 1)
        count += 1
    return count


@dataclass(frozen=True)
class Routing:
    preferences: dict[int, list[int]]  # offer id -> center stock ids to take its units from, best first


def route_network_lines(*, reference: str, destination: Destination, lines: Sequence[NetworkLine],
                        now: datetime | None = None) -> Routing:
    """The center stock rows to take each offer's units from, the router's choice first, then the others that
    hold them all by distance. Raises Conflict (code no_route) when no center can serve the order."""
    if not lines:
        return Routing({})
    now = local_now(now)
    offer_ids = [line.offer.id for line in lines]
    speed = transit.EXPRESS if any(line.speed == transit.EXPRESS for line in lines) else transit.STANDARD
    # Only centers whose carriers offer the speed bought can ship the order.
    held = (CenterStock.objects.filter(offer_id__in=offer_ids, center__is_active=True, on_hand__gt=F("allocated"))
            .select_related("center").order_by("pk"))
    rows = [row for row in held if speed in row.center.speeds]
    centers_by_id = {row.center_id: row.center for row in rows}
    open_orders = orders_left_today(centers_by_id, now.date())
    stock: dict[int, dict[int, int]] = defaultdict(dict)
    for row in rows:
        stock[row.center_id][row.offer_id] = row.available
    centers = [routing.Center(center_id=c.id, latitude=c.latitude, longitude=c.longitude, stock=stock[c.id],
                              orders_left=open_orders.get(c.id, 0),
                              ships_today=transit.dispatch_date(now, c.cutoff_time) == now.date())
               for c in sorted(centers_by_id.values(), key=lambda c: c.id)]
    today = now.date()
    order = routing.OrderToRoute(
        order_id=reference, latitude=destination.latitude, longitude=destination.longitude,
        lines=tuple(routing.Line(line_id=line.offer.id, offer_id=line.offer.id, quantity=line.quantity,
                                 weight_grams=line.offer.product.weight_grams or DEFAULT_WEIGHT_GRAMS)
                    for line in lines),
        speed=speed, promised_days=min(working_days_until(today, line.promised_date) for line in lines))
    plan = routing.route_optimal([order], centers)
    if reference in plan.unrouted or not centers:
        reason = plan.unrouted.get(reference, "none of the items is in a fulfillment center")
        raise Conflict(f"we cannot deliver this order from our fulfillment centers: {reason}", field="address",
                       code="no_route")
    preferences = {}
    for line in lines:
        chosen = plan.assignments[line.offer.id]
        others = sorted((row for row in rows if row.offer_id == line.offer.id and row.center_id != chosen
                         and row.available >= line.quantity),
                        key=lambda row: transit.haversine_km(row.center.latitude, row.center.longitude,
                                                             destination.latitude, destination.longitude))
        preferences[line.offer.id] = [row.id for row in rows if row.offer_id == line.offer.id
                                      and row.center_id == chosen] + [row.id for row in others]
    return Routing(preferences)


def reserved_center_ids(reference: str) -> list[int]:
    """The centers whose units `reference` reserved: the router's choice, or the next center holding them all when
    the chosen one sold out between routing and reserving."""
    return sorted(set(StockReservation.objects.filter(reference=reference, center_stock__isnull=False)
                      .values_list("center_stock__center_id", flat=True)))


def take_center_days(center_ids: list[int], day: date) -> None:
    """Count the order against each center's daily capacity (last in the lock order: offers, center stock,
    center days)."""
    for center_id in center_ids:
        CenterDay.objects.get_or_create(center_id=center_id, day=day)
        capacity = FulfillmentCenter.objects.filter(pk=center_id).values_list("capacity_orders_per_day", flat=True)
        if not CenterDay.objects.filter(center_id=center_id, day=day, orders__lt=capacity[0]).update(
                orders=F("orders") + 1):
            raise Conflict("our fulfillment center is fully booked today; please try again tomorrow",
                           field="address", code="no_route")


def create_shipments(order, *, now: datetime | None = None) -> list[Shipment]:
    """One parcel per center and speed for the order's network-fulfilled lines, from its reservations."""
    reservations = list(StockReservation.objects.filter(reference=order.public_id, center_stock__isnull=False)
                        .select_related("center_stock__center"))
    if not reservations:
        return []
    lines = {line.offer_id: line for seller_order in order.seller_orders.all() for line in seller_order.lines.all()}
    seller_orders = {seller_order.id: seller_order for seller_order in order.seller_orders.all()}
    destination = destination_for(postal_code=order.ship_to_postal_code, country_code=order.ship_to_country_code,
                                  marketplace_id=order.marketplace_id)
    groups: dict[tuple[int, str], list] = defaultdict(list)
    for reservation in reservations:
        line = lines[reservation.offer_id]
        speed = seller_orders[line.seller_order_id].delivery_option
        groups[(reservation.center_stock.center_id, speed)].append((reservation, line))
    shipments = []
    for (center_id, speed), members in sorted(groups.items()):
        promised = min(seller_orders[line.seller_order_id].promised_delivery_date for _, line in members)
        shipment = new_parcel(members[0][0].center_stock.center, destination, speed=speed, promised=promised,
                              town=f"{order.ship_to_city} {order.ship_to_postal_code}", now=now, order=order)
        ShipmentLine.objects.bulk_create(ShipmentLine(shipment=shipment, stock_id=reservation.center_stock_id,
                                                      order_line=line, quantity=reservation.quantity)
                                         for reservation, line in members)
        shipments.append(shipment)
    return shipments


def new_parcel(center, destination: Destination, *, speed: str, promised: date, town: str,
               now: datetime | None = None, **owner) -> Shipment:
    """A parcel waiting to be picked at `center` for an order (`order=` or `fulfillment_order=`)."""
    from mercato.fulfillment.shipping import record_event

    shipment = Shipment.objects.create(
        public_id=new_public_id("P"), center=center, speed=speed, tracking_number=new_public_id("MLG", 12),
        promised_delivery_date=promised, destination=destination.label or town.strip(),
        distance_km=round(transit.haversine_km(center.latitude, center.longitude, destination.latitude,
                                               destination.longitude), 1), **owner)
    record_event(shipment, Shipment.Status.PICKING, at=now or local_now(), place=center.city,
                 note="Order received by the fulfillment center")
    return shipment


def release_seller_order(seller_order) -> list[int]:
    """A seller order cancelled before its parcels left: its units go back on sale where they are. Returns the
    offer ids whose stock came back. Call inside the cancelling transaction."""
    # The parcels are locked before their state is read: the shipping run takes units off the shelf under the same
    # lock, so a parcel is either still here (and its units come back) or gone (and the cancel is refused).
    parcel_ids = ShipmentLine.objects.filter(order_line__seller_order=seller_order).values_list("shipment_id")
    list(Shipment.objects.select_for_update().filter(pk__in=parcel_ids).order_by("pk").values_list("pk", flat=True))
    shipment_lines = list(ShipmentLine.objects.filter(order_line__seller_order=seller_order)
                          .select_related("shipment", "order_line").order_by("stock_id"))
    if any(line.shipment.status not in (Shipment.Status.PICKING, Shipment.Status.PACKED) for line in shipment_lines):
        raise Conflict(f"order {seller_order.public_id} has left our fulfillment center; it can no longer be "
                       "cancelled", field="seller_order")
    offers = sorted({line.order_line.offer_id for line in shipment_lines if line.order_line.offer_id})
    list(Offer.objects.select_for_update().filter(pk__in=offers).order_by("pk"))
    for line in shipment_lines:
        CenterStock.objects.filter(pk=line.stock_id).update(allocated=F("allocated") - line.quantity)
        if line.order_line.offer_id:
            Offer.objects.filter(pk=line.order_line.offer_id).update(quantity=F("quantity") + line.quantity)
    shipments = {line.shipment for line in shipment_lines}
    ShipmentLine.objects.filter(pk__in=[line.pk for line in shipment_lines]).delete()
    for shipment in shipments:
        if not shipment.lines.exists():
            shipment.status = Shipment.Status.CANCELLED
            shipment.save(update_fields=["status"])
    return offers
