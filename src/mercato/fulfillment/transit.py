"""How far and how long: distances between centers and shoppers, carrier speeds and delivery dates. Pure.

A parcel leaves a fulfillment center on the day of the order when the order arrives before the
center's cut-off time on a working day, otherwise on the next working day. It then spends a number of
working days with the carrier that depends on the speed bought and on the distance:

| speed    | up to 150 km | up to 500 km | farther |
|----------|--------------|--------------|---------|
| standard | 1            | 2            | 3       |
| express  | 1            | 1            | 2       |

The same rule gives the date shown on the product page, in the cart and at checkout, the date the order
is held to, and the routing optimiser's lateness penalty, so the promise shown is the promise kept.
"""
from __future__ import annotations

import math
from datetime import date, datetime, time, timedelta

STANDARD, EXPRESS = "standard", "express"
SPEEDS = (STANDARD, EXPRESS)
SPEED_LABELS = {STANDARD: "standard delivery", EXPRESS: "express delivery"}
EARTH_RADIUS_KM = 6371.0

# (distance limit in km, working days in transit) per speed; the last band has no limit.
_TRANSIT_BANDS = {
    STANDARD: ((150.0, 1), (500.0, 2), (math.inf, 3)),
    EXPRESS: ((500.0, 1), (math.inf, 2)),
}


def haversine_km(latitude_a: float, longitude_a: float, latitude_b: float, longitude_b: float) -> float:
    """Great-circle distance between two points, in kilometres."""
    lat_a, lat_b = math.radians(latitude_a), math.radians(latitude_b)
    d_lat = lat_b - lat_a
    d_lon = math.radians(longitude_b - longitude_a)
    h = math.sin(d_lat / 2) ** 2 + math.cos(lat_a) * math.cos(lat_b) * math.sin(d_lon / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def transit_days(distance_km: float, speed: str) -> int:
    """Working days a parcel spends with the carrier."""
    for limit_km, days in _TRANSIT_BANDS[speed]:
        if distance_km <= limit_km:
            return days
    raise AssertionError("the last band has no limit")


def is_working_day(day: date) -> bool:
    return day.weekday() < 5


def add_working_days(start: date, working_days: int) -> date:
    day = start
    remaining = working_days
    while remaining > 0:
        day += timedelta(days=1)
        if is_working_day(day):
            remaining -= 1
    return day


def dispatch_date(ordered_at: datetime, cutoff: time) -> date:
    """The day a center ships an order placed at `ordered_at` (the center's local time)."""
    day = ordered_at.date()
    if is_working_day(day) and ordered_at.time() < cutoff:
        return day
    day += timedelta(days=1)
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def delivery_date(ordered_at: datetime, *, cutoff: time, distance_km: float, speed: str) -> date:
    """The promised delivery date of an order shipped from a center `distance_km` away."""
    return add_working_days(dispatch_date(ordered_at, cutoff), transit_days(distance_km, speed))
