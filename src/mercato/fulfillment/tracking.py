"""What a shopper sees of a parcel: where it is, its timeline so far, and when it is expected."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from mercato.fulfillment.models import Shipment, ShipmentEvent

JOURNEY = (Shipment.Status.PICKING, Shipment.Status.PACKED, Shipment.Status.SHIPPED, Shipment.Status.IN_TRANSIT,
           Shipment.Status.OUT_FOR_DELIVERY, Shipment.Status.DELIVERED)


@dataclass(frozen=True)
class Tracking:
    shipment: Shipment
    events: list[ShipmentEvent]  # newest first
    steps: list[tuple[str, str, bool]]  # (status, label, reached) along the usual journey
    expected_date: date | None  # None once delivered or stopped

    @property
    def has_problem(self) -> bool:
        return self.shipment.status in (Shipment.Status.EXCEPTION, Shipment.Status.RETURNED)


def order_shipments(order) -> list[Shipment]:
    return list(Shipment.objects.filter(order=order).exclude(status=Shipment.Status.CANCELLED)
                .select_related("center").prefetch_related("lines__order_line"))


def shopper_tracking(customer, *, order_id: str, shipment_id: str) -> Tracking | None:
    """The tracking of one of the shopper's own parcels, or None (another shopper's looks like a missing one)."""
    shipment = (Shipment.objects.filter(public_id=shipment_id, order__public_id=order_id, order__customer=customer)
                .select_related("center", "order").first())
    if shipment is None:
        return None
    return tracking_of(shipment)


def tracking_of(shipment: Shipment) -> Tracking:
    events = list(shipment.events.order_by("-at", "-id"))
    reached = {event.status for event in events}
    labels = dict(Shipment.Status.choices)
    steps = [(status, labels[status], status in reached) for status in JOURNEY]
    still_coming = shipment.status in JOURNEY[:-1]
    return Tracking(shipment, events, steps, shipment.promised_delivery_date if still_coming else None)
