"""A simulated carrier: the journey of one parcel, from the center's dock to the shopper's door. Pure.

`plan_journey` decides everything at dispatch, seeded by the tracking number, so the same parcel always
has the same journey; the shipment service stores it and applies `events_due` as the operator's clock
moves on.

How long a parcel takes. The carrier's planned transit is `transit.transit_days(distance_km, speed)`
working days. The actual transit is that plan scaled by a ratio drawn from a lognormal distribution,
rounded up to whole working days: `ceil(planned * ratio)`. A parcel is therefore late exactly when the
ratio exceeds 1, whatever the planned transit, and is never delivered on the day it leaves. The ratio's
two parameters were fitted by `bench/calibrate_carrier.py` on real Olist parcels (Brazil, 2016-2018),
matching the median ratio of actual to planned carrier leg and the share delivered after the promise
(7.0 %). Brazilian carrier legs are several times longer than British ones (a median of a week), so
only this shape is carried over, applied to our own planned transit. Olist padded its promises, so
many parcels arrive early (a three-day plan usually arrives in two), and the lognormal's tail is
thinner than the real one beyond twice the plan (0.8 % instead of 1.4 %), which matters little for
transits of one to three days.

What can go wrong, at small fixed rates (CarrierModel; chosen, not fitted: Olist records no carrier
exceptions): the parcel is lost (declared lost a few working days after it was due, at the place it was
last seen; the journey ends there), damaged (found at the delivery office on the delivery morning; it
ends there), or the address is a problem. An address problem is found on the delivery round: the
courier goes out for delivery and cannot deliver; the parcel is held at the delivery office for a couple
of working days for the address to be put right and, as the simulation never puts it right, travels
back and arrives at the center as `returned_to_sender`. Refunding or re-sending is the shipment
service's business, not the carrier's.

When things happen (in the time zone of `shipped_at`; all on working days):
- in_transit: leaves the center 2 to 6 hours after shipment;
- in_transit at the sort hub: the early hours of the next working day, for parcels planned for more than
  one day;
- in_transit, "delayed": the morning of the promised day, when the parcel will not make it;
- out_for_delivery: 07:00 to 09:00 on the delivery day; delivered: 10:00 to 19:00 the same day.
"""
from __future__ import annotations

import math
import random
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from datetime import date, datetime, time, timedelta

from mercato.fulfillment import transit

IN_TRANSIT = "in_transit"
OUT_FOR_DELIVERY = "out_for_delivery"
DELIVERED = "delivered"
EXCEPTION = "exception"
RETURNED_TO_SENDER = "returned_to_sender"

LOST, DAMAGED, ADDRESS_PROBLEM = "lost", "damaged", "address problem"
SORT_HUB = "Mercato Logistics sort hub"


@dataclass(frozen=True)
class CarrierModel:
    # Lognormal of (actual / planned transit), fitted by bench/calibrate_carrier.py on Olist core/ orders.
    transit_ratio_log_mean: float = -1.0847
    transit_ratio_log_sigma: float = 0.7366
    # Beyond six times the plan a real carrier would declare the parcel lost (the lost rate covers that).
    max_transit_ratio: float = 6.0
    # Exception rates: small configured shares of all parcels.
    lost_rate: float = 0.002
    damaged_rate: float = 0.003
    address_problem_rate: float = 0.005
    lost_declared_after_working_days: int = 3
    held_at_delivery_office_working_days: int = 2

    @property
    def share_late(self) -> float:
        """The share of delivered parcels that arrive after the planned day: P(ratio > 1)."""
        return 1 - _standard_normal_cdf(-self.transit_ratio_log_mean / self.transit_ratio_log_sigma)

    @property
    def exception_rate(self) -> float:
        return self.lost_rate + self.damaged_rate + self.address_problem_rate


DEFAULT_MODEL = CarrierModel()


@dataclass(frozen=True)
class JourneyEvent:
    status: str
    at: datetime
    place: str
    note: str = ""

    def as_json(self) -> dict:
        return {**asdict(self), "at": self.at.isoformat()}

    @classmethod
    def from_json(cls, data: dict) -> JourneyEvent:
        return cls(status=data["status"], at=datetime.fromisoformat(data["at"]), place=data["place"],
                   note=data.get("note", ""))


def plan_journey(*, tracking_number: str, shipped_at: datetime, speed: str, distance_km: float,
                 origin: str, destination: str, promised_date: date,
                 model: CarrierModel = DEFAULT_MODEL) -> list[JourneyEvent]:
    """Every event of the parcel's journey after it was shipped, in time order."""
    if speed not in transit.SPEEDS:
        raise ValueError(f"unknown speed {speed!r}")
    if distance_km < 0:
        raise ValueError("distance_km must not be negative")
    rng = random.Random(tracking_number)
    tz = shipped_at.tzinfo

    def at(day: date, earliest: time, latest: time) -> datetime:
        span_minutes = (latest.hour * 60 + latest.minute) - (earliest.hour * 60 + earliest.minute)
        return datetime.combine(day, earliest, tzinfo=tz) + timedelta(minutes=rng.randint(0, span_minutes))

    planned_days = transit.transit_days(distance_km, speed)
    ratio = min(rng.lognormvariate(model.transit_ratio_log_mean, model.transit_ratio_log_sigma),
                model.max_transit_ratio)
    actual_days = max(1, math.ceil(planned_days * ratio))
    ship_day = _on_or_after_working_day(shipped_at.date())
    delivery_day = transit.add_working_days(ship_day, actual_days)

    draw = rng.random()
    if draw < model.lost_rate:
        problem = LOST
    elif draw < model.lost_rate + model.damaged_rate:
        problem = DAMAGED
    elif draw < model.exception_rate:
        problem = ADDRESS_PROBLEM
    else:
        problem = None

    departed_at = shipped_at + timedelta(minutes=rng.randint(120, 360))
    if not transit.is_working_day(departed_at.date()):
        departed_at = at(_on_or_after_working_day(departed_at.date()), time(5, 0), time(6, 0))
    events = [JourneyEvent(IN_TRANSIT, departed_at, origin, "left the fulfillment center")]

    hub_day = transit.add_working_days(departed_at.date(), 1)
    if planned_days > 1 and hub_day <= delivery_day:
        events.append(JourneyEvent(IN_TRANSIT, at(hub_day, time(1, 0), time(5, 0)), SORT_HUB, "sorted"))

    if problem == LOST:
        last_day = transit.add_working_days(delivery_day, model.lost_declared_after_working_days)
        ending = [JourneyEvent(EXCEPTION, at(last_day, time(10, 0), time(16, 0)), events[-1].place, LOST)]
    elif problem == DAMAGED:
        last_day = delivery_day
        ending = [JourneyEvent(EXCEPTION, at(delivery_day, time(6, 30), time(8, 30)), destination, DAMAGED)]
    else:
        last_day = delivery_day
        ending = [JourneyEvent(OUT_FOR_DELIVERY, at(delivery_day, time(7, 0), time(9, 0)), destination)]
        if problem == ADDRESS_PROBLEM:
            ending.append(JourneyEvent(EXCEPTION, at(delivery_day, time(10, 0), time(19, 0)), destination,
                                       ADDRESS_PROBLEM))
            back_day = transit.add_working_days(
                delivery_day, model.held_at_delivery_office_working_days + planned_days)
            ending.append(JourneyEvent(RETURNED_TO_SENDER, at(back_day, time(10, 0), time(17, 0)), origin,
                                       ADDRESS_PROBLEM))
        else:
            ending.append(JourneyEvent(DELIVERED, at(delivery_day, time(10, 0), time(19, 0)), destination))

    if last_day > promised_date and transit.is_working_day(promised_date):
        notice_at = at(promised_date, time(7, 0), time(9, 0))
        if events[-1].at < notice_at < ending[0].at:
            expected = "" if problem == LOST else f"; now expected {delivery_day:%a %d %b}"
            events.append(JourneyEvent(IN_TRANSIT, notice_at, events[-1].place, f"delayed{expected}"))
    return sorted(events + ending, key=lambda event: event.at)


def events_due(journey: Sequence[JourneyEvent], now: datetime) -> list[JourneyEvent]:
    """The events of `journey` that have happened by `now`, in time order."""
    return [event for event in journey if event.at <= now]


def on_time_rate(pairs: Iterable[tuple[date, date]]) -> float | None:
    """Share of (promised date, delivered date) pairs delivered on or before the promise; None when empty."""
    delivered = on_time = 0
    for promised_date, delivered_date in pairs:
        delivered += 1
        on_time += delivered_date <= promised_date
    return on_time / delivered if delivered else None


def _on_or_after_working_day(day: date) -> date:
    while not transit.is_working_day(day):
        day += timedelta(days=1)
    return day


def _standard_normal_cdf(value: float) -> float:
    return 0.5 * (1 + math.erf(value / math.sqrt(2)))
