"""Where a parcel would come from and when it would arrive: the delivery promise of network-fulfilled offers.

The promise for an offer is the earliest delivery date any center holding a unit can make to the shopper's
address (ties: the nearer center). The product page, the cart and checkout show it, and the order is held to
it: placement passes it to the router as the date to meet.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import F
from django.utils import timezone

from mercato.fulfillment import transit
from mercato.fulfillment.models import CenterDay, CenterStock, FulfillmentCenter


@dataclass(frozen=True)
class Destination:
    latitude: float
    longitude: float
    label: str
    is_exact: bool  # False: the address could not be placed, so the marketplace's middle stands in


@dataclass(frozen=True)
class NetworkPromise:
    center_id: int
    center_stock_id: int
    dispatch_date: date
    distance_km: float

    def delivery_date(self, speed: str) -> date:
        return transit.add_working_days(self.dispatch_date, transit.transit_days(self.distance_km, speed))


def destination_for(*, postal_code: str, country_code: str, marketplace_id: int) -> Destination:
    from mercato.fulfillment.geography import locate

    point = locate(postal_code or "", country_code or "")
    if point is not None:
        return Destination(point.latitude, point.longitude, point.label, True)
    return marketplace_middle(marketplace_id)


def marketplace_middle(marketplace_id: int) -> Destination:
    points = list(FulfillmentCenter.objects.filter(marketplace_id=marketplace_id, is_active=True)
                  .values_list("latitude", "longitude"))
    if not points:
        return Destination(0.0, 0.0, "", False)
    return Destination(sum(p[0] for p in points) / len(points), sum(p[1] for p in points) / len(points), "", False)


def local_now(now: datetime | None = None) -> datetime:
    return timezone.localtime(now or timezone.now())


def best_promises(offer_ids: Iterable[int], destination: Destination, *, quantities: dict[int, int] | None = None,
                  now: datetime | None = None) -> dict[int, NetworkPromise]:
    """For each network offer with a center holding `quantities[offer]` units (one by default): the center that
    delivers soonest, nearest first among equals. One query."""
    offer_ids = list(offer_ids)
    if not offer_ids:
        return {}
    now = local_now(now)
    quantities = quantities or {}
    rows = (CenterStock.objects.filter(offer_id__in=offer_ids, center__is_active=True, on_hand__gt=F("allocated"))
            .values_list("id", "offer_id", "on_hand", "allocated", "center_id", "center__latitude",
                         "center__longitude", "center__cutoff_time"))
    best: dict[int, tuple] = {}
    for stock_id, offer_id, on_hand, allocated, center_id, latitude, longitude, cutoff in rows:
        if on_hand - allocated < quantities.get(offer_id, 1):
            continue
        distance = transit.haversine_km(latitude, longitude, destination.latitude, destination.longitude)
        promise = NetworkPromise(center_id, stock_id, transit.dispatch_date(now, cutoff), distance)
        key = (promise.delivery_date(transit.STANDARD), distance, center_id)
        if offer_id not in best or key < best[offer_id][0]:
            best[offer_id] = (key, promise)
    return {offer_id: promise for offer_id, (_, promise) in best.items()}


def orders_left_today(center_ids: Iterable[int], day: date) -> dict[int, int]:
    capacity = dict(FulfillmentCenter.objects.filter(pk__in=list(center_ids))
                    .values_list("id", "capacity_orders_per_day"))
    taken = dict(CenterDay.objects.filter(center_id__in=list(capacity), day=day).values_list("center_id", "orders"))
    return {center_id: max(0, limit - taken.get(center_id, 0)) for center_id, limit in capacity.items()}
