"""Delivery estimates used before the fulfillment network computes real promises. Pure."""
from datetime import date, timedelta

# Working days a parcel spends with the carrier after dispatch, by who ships it.
TRANSIT_DAYS = {"merchant": 3, "network": 1}


def delivery_days(*, handling_days: int, fulfillment_channel: str) -> int:
    return handling_days + TRANSIT_DAYS.get(fulfillment_channel, 3)


def add_working_days(start: date, working_days: int) -> date:
    day = start
    remaining = working_days
    while remaining > 0:
        day += timedelta(days=1)
        if day.weekday() < 5:
            remaining -= 1
    return day
