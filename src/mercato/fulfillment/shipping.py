"""Parcels moving through the network: picked and packed by the cut-off, shipped, then carried to the door by
the simulated carrier, whose clock the operator controls (`mercato advance-clock --hours N`).

    picking ─▶ packed ─▶ shipped ─▶ in_transit ─▶ out_for_delivery ─▶ delivered
                                         └──────────────┴──▶ exception ─▶ returned_to_sender

A parcel ships at its center's cut-off on its dispatch day (a Buy Now order waits out its free-cancel
window first). Shipping takes the units off the shelf and captures the payment of every seller order
whose parcels have all left; delivery of its last parcel marks a seller order delivered.
"""
from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from mercato.core.errors import Conflict
from mercato.fulfillment import carrier, transit
from mercato.fulfillment.models import (CenterStock, FulfillmentOrder, Shipment, ShipmentEvent, ShipmentLine,
                                        SimulatedClock)
from mercato.offers.models import Offer

AT_CENTER = (Shipment.Status.PICKING, Shipment.Status.PACKED)
ON_THE_WAY = (Shipment.Status.SHIPPED, Shipment.Status.IN_TRANSIT, Shipment.Status.OUT_FOR_DELIVERY)
CARRIER_NAME = "Mercato Logistics"


def clock_now() -> datetime:
    """The simulated carrier's time: real time plus however far the operator has moved it on."""
    offset = SimulatedClock.objects.values_list("offset_seconds", flat=True).first() or 0
    return timezone.now() + timedelta(seconds=offset)


def advance_clock(*, hours: float) -> dict:
    """Move the carrier's clock forward and let the network catch up. Returns what moved."""
    if not (0 < hours <= 24 * 90):
        raise ValueError("hours must be more than 0 and at most 2160 (90 days)")
    with transaction.atomic():
        clock, _ = SimulatedClock.objects.select_for_update().get_or_create(pk=1)
        clock.offset_seconds += int(hours * 3600)
        clock.save(update_fields=["offset_seconds", "updated_at"])
    return process_network(now=clock_now())


def record_event(shipment: Shipment, status: str, *, at: datetime, place: str = "", note: str = "") -> None:
    ShipmentEvent.objects.create(shipment=shipment, status=status, at=at, place=place[:120], note=note[:200])


def dispatch_moment(shipment: Shipment) -> datetime:
    local_created = timezone.localtime(shipment.created_at)
    day = transit.dispatch_date(local_created, shipment.center.cutoff_time)
    return timezone.make_aware(datetime.combine(day, shipment.center.cutoff_time))


def process_network(*, now: datetime | None = None) -> dict:
    """Ship what is due at the centers and apply the carrier's events up to `now`."""
    now = now or clock_now()
    shipped = sum(_ship(shipment.pk, now) for shipment in
                  Shipment.objects.filter(status__in=AT_CENTER).select_related("center", "order").order_by("pk")
                  if dispatch_moment(shipment) <= now and _not_held(shipment, now))
    captured = settle_shipped_seller_orders()
    moved = sum(_follow_journey(pk, now) for pk in
                Shipment.objects.filter(status__in=ON_THE_WAY).order_by("pk").values_list("pk", flat=True))
    delivered = settle_delivered_seller_orders()
    return {"shipped": shipped, "payments_captured": captured, "carrier_events": moved,
            "seller_orders_delivered": delivered}


def _not_held(shipment: Shipment, now: datetime) -> bool:
    return shipment.order is None or shipment.order.held_until(now) is None


def _lock_outside_order(shipment_pk: int) -> None:
    """An outside shop's order is locked before its parcels, in the order cancelling it takes them."""
    order_id = Shipment.objects.filter(pk=shipment_pk).values_list("fulfillment_order_id", flat=True).first()
    if order_id:
        FulfillmentOrder.objects.select_for_update().filter(pk=order_id).values_list("pk", flat=True).first()


@transaction.atomic
def _ship(shipment_pk: int, now: datetime) -> int:
    _lock_outside_order(shipment_pk)
    shipment = Shipment.objects.select_for_update().select_related("center").filter(
        pk=shipment_pk, status__in=AT_CENTER).first()
    if shipment is None or not shipment.lines.exists():
        return 0
    moment = dispatch_moment(shipment)
    lines = list(shipment.lines.select_related("stock").order_by("stock_id"))
    # Offers before their center stock, the lock order placement and receiving follow.
    list(Offer.objects.select_for_update().filter(pk__in={line.stock.offer_id for line in lines}).order_by("pk")
         .values_list("pk", flat=True))
    for line in lines:
        CenterStock.objects.filter(pk=line.stock_id).update(on_hand=F("on_hand") - line.quantity,
                                                            allocated=F("allocated") - line.quantity)
    record_event(shipment, Shipment.Status.PACKED, at=moment - timedelta(hours=1), place=shipment.center.city,
                 note="Picked and packed")
    record_event(shipment, Shipment.Status.SHIPPED, at=moment, place=shipment.center.city,
                 note=f"Handed to {CARRIER_NAME}, {transit.SPEED_LABELS.get(shipment.speed, shipment.speed)}")
    journey = carrier.plan_journey(tracking_number=shipment.tracking_number, shipped_at=moment, speed=shipment.speed,
                                   distance_km=shipment.distance_km, origin=shipment.center.city,
                                   destination=shipment.destination, promised_date=shipment.promised_delivery_date)
    shipment.planned_journey = [{"status": e.status, "at": e.at.isoformat(), "place": e.place, "note": e.note}
                                for e in journey]
    shipment.status = Shipment.Status.SHIPPED
    shipment.carrier = CARRIER_NAME
    shipment.shipped_at = moment
    shipment.save(update_fields=["planned_journey", "status", "carrier", "shipped_at"])
    if shipment.fulfillment_order_id:
        from mercato.fulfillment.multichannel import charge_shipped_parcel, follow_shipment

        charge_shipped_parcel(shipment)
        follow_shipment(shipment)
    return 1


@transaction.atomic
def _follow_journey(shipment_pk: int, now: datetime) -> int:
    _lock_outside_order(shipment_pk)
    shipment = Shipment.objects.select_for_update().filter(pk=shipment_pk).first()
    due = [step for step in shipment.planned_journey if parse_datetime(step["at"]) <= now]
    if not due:
        return 0
    for step in due:
        at = parse_datetime(step["at"])
        record_event(shipment, step["status"], at=at, place=step["place"], note=step["note"])
        shipment.status = step["status"]
        if step["status"] == Shipment.Status.DELIVERED:
            shipment.delivered_at = at
    shipment.planned_journey = shipment.planned_journey[len(due):]
    shipment.save(update_fields=["status", "delivered_at", "planned_journey"])
    if shipment.fulfillment_order_id:
        from mercato.fulfillment.multichannel import follow_shipment

        follow_shipment(shipment)
    return len(due)


def _network_seller_orders(status_filter: dict, shipment_statuses) -> list:
    """Network seller orders in `status_filter` whose parcels are all in `shipment_statuses` (two queries)."""
    from mercato.orders.models import SellerOrder

    candidates = list(SellerOrder.objects.filter(fulfilled_by_network=True, **status_filter).select_related("seller"))
    parcel_statuses: dict[int, set[str]] = defaultdict(set)
    for seller_order_id, status in ShipmentLine.objects.filter(
            order_line__seller_order__in=candidates).values_list("order_line__seller_order_id", "shipment__status"):
        parcel_statuses[seller_order_id].add(status)
    wanted = set(shipment_statuses)
    return [so for so in candidates if parcel_statuses[so.id] and parcel_statuses[so.id] <= wanted]


def settle_shipped_seller_orders() -> int:
    """Capture the payment of each network seller order whose parcels have all left. A capture that fails is
    tried again on the next run; the order cannot be cancelled meanwhile."""
    from mercato.orders.services import confirm_shipment
    from mercato.orders import states

    count = 0
    left = set(ON_THE_WAY) | {Shipment.Status.DELIVERED, Shipment.Status.EXCEPTION, Shipment.Status.RETURNED}
    for seller_order in _network_seller_orders({"status__in": states.TO_SHIP}, left):
        tracking = ", ".join(sorted(set(ShipmentLine.objects.filter(order_line__seller_order=seller_order)
                                        .values_list("shipment__tracking_number", flat=True))))
        try:
            confirm_shipment(seller=seller_order.seller, seller_order_id=seller_order.public_id, carrier=CARRIER_NAME,
                             tracking_number=tracking[:60], by_network=True)
        except Conflict:
            continue
        count += 1
    return count


def settle_delivered_seller_orders() -> int:
    from mercato.orders.services import confirm_delivery

    count = 0
    for seller_order in _network_seller_orders({"status": "shipped"}, {Shipment.Status.DELIVERED}):
        try:
            confirm_delivery(seller=seller_order.seller, seller_order_id=seller_order.public_id, by_network=True)
        except Conflict:
            continue  # another run delivered it since the list was read
        count += 1
    return count
