from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from mercato.fulfillment import carrier, transit
from mercato.fulfillment.carrier import (DEFAULT_MODEL, CarrierModel, JourneyEvent, events_due, on_time_rate,
                                         plan_journey)

LONDON = ZoneInfo("Europe/London")
MONDAY_AFTERNOON = datetime(2025, 3, 3, 15, 30, tzinfo=LONDON)


def parcel(tracking_number: str, *, shipped_at: datetime = MONDAY_AFTERNOON, distance_km: float = 300.0,
           speed: str = transit.STANDARD, model: CarrierModel = DEFAULT_MODEL) -> tuple[date, list[JourneyEvent]]:
    """(the promised date, the journey) of a parcel promised by the transit rule."""
    promised_date = transit.add_working_days(transit.dispatch_date(shipped_at, time(23, 59)),
                                             transit.transit_days(distance_km, speed))
    events = plan_journey(tracking_number=tracking_number, shipped_at=shipped_at, speed=speed,
                          distance_km=distance_km, origin="Mercato Leeds", destination="Bristol (BS)",
                          promised_date=promised_date, model=model)
    return promised_date, events


def many_parcels(count: int, **kwargs) -> list[tuple[date, list[JourneyEvent]]]:
    """Parcels shipped over a week at various hours (Saturday included) and distances, fixed tracking numbers."""
    shipped = [MONDAY_AFTERNOON + timedelta(days=day, hours=hour) for day in range(6) for hour in (-7, 0, 4, 8)]
    distances = (40.0, 300.0, 700.0)
    speeds = (transit.STANDARD, transit.STANDARD, transit.EXPRESS)
    return [parcel(f"MLT{number:08d}", shipped_at=shipped[number % len(shipped)],
                   distance_km=distances[number % 3], speed=speeds[(number // 3) % 3], **kwargs)
            for number in range(count)]


@pytest.fixture(scope="module")
def five_thousand_parcels():
    return many_parcels(5000)


def final(events: list[JourneyEvent]) -> JourneyEvent:
    return events[-1]


def test_the_same_tracking_number_always_gets_the_same_journey():
    assert parcel("MLT00000042") == parcel("MLT00000042")
    assert len({tuple(parcel(f"MLT{number:08d}")[1]) for number in range(20)}) == 20


def test_a_journey_does_not_depend_on_the_clock_or_on_other_parcels():
    first = parcel("MLT00000007")
    many_parcels(50)
    assert parcel("MLT00000007") == first


def test_a_typical_parcel_leaves_the_center_is_sorted_goes_out_for_delivery_and_is_delivered(five_thousand_parcels):
    promised_date, events = next((promised_date, events) for promised_date, events in five_thousand_parcels
                                 if final(events).status == carrier.DELIVERED and len(events) == 4)
    assert [event.status for event in events] == [carrier.IN_TRANSIT, carrier.IN_TRANSIT,
                                                  carrier.OUT_FOR_DELIVERY, carrier.DELIVERED]
    assert [event.place for event in events] == ["Mercato Leeds", carrier.SORT_HUB, "Bristol (BS)", "Bristol (BS)"]


def test_the_share_of_late_parcels_matches_the_calibrated_share(five_thousand_parcels):
    pairs = [(promised_date, final(events).at.date()) for promised_date, events in five_thousand_parcels
             if final(events).status == carrier.DELIVERED]
    assert DEFAULT_MODEL.share_late == pytest.approx(0.0704, abs=0.001)  # bench/calibrate_carrier.py on Olist
    assert 1 - on_time_rate(pairs) == pytest.approx(DEFAULT_MODEL.share_late, abs=0.015)
    # Olist's promises were padded, so the calibrated carrier often beats the plan.
    assert sum(delivered < promised_date for promised_date, delivered in pairs) / len(pairs) > 0.3


def test_the_share_of_each_exception_matches_the_configured_rates(five_thousand_parcels):
    model = CarrierModel(lost_rate=0.02, damaged_rate=0.03, address_problem_rate=0.05)
    parcels = many_parcels(5000, model=model)
    notes = [next((event.note for event in events if event.status == carrier.EXCEPTION), None)
             for _, events in parcels]
    assert notes.count(carrier.LOST) / 5000 == pytest.approx(0.02, abs=0.006)
    assert notes.count(carrier.DAMAGED) / 5000 == pytest.approx(0.03, abs=0.007)
    assert notes.count(carrier.ADDRESS_PROBLEM) / 5000 == pytest.approx(0.05, abs=0.009)

    default_exceptions = sum(any(event.status == carrier.EXCEPTION for event in events)
                             for _, events in five_thousand_parcels)
    assert default_exceptions / 5000 == pytest.approx(DEFAULT_MODEL.exception_rate, abs=0.005)


def test_lost_and_damaged_parcels_end_in_an_exception_and_address_problems_go_back_to_the_center():
    parcels = many_parcels(2000, model=CarrierModel(lost_rate=0.1, damaged_rate=0.1, address_problem_rate=0.1))
    endings = {}
    for _, events in parcels:
        exception = next((event for event in events if event.status == carrier.EXCEPTION), None)
        if exception is not None:
            endings.setdefault(exception.note, []).append(events)
    for events in endings[carrier.LOST]:
        assert final(events).status == carrier.EXCEPTION
        assert final(events).place in {"Mercato Leeds", carrier.SORT_HUB}  # where it was last seen
        assert carrier.OUT_FOR_DELIVERY not in [event.status for event in events]
    for events in endings[carrier.DAMAGED]:
        assert final(events).status == carrier.EXCEPTION
        assert carrier.DELIVERED not in [event.status for event in events]
    for events in endings[carrier.ADDRESS_PROBLEM]:
        assert [event.status for event in events[-3:]] == [carrier.OUT_FOR_DELIVERY, carrier.EXCEPTION,
                                                           carrier.RETURNED_TO_SENDER]
        assert final(events).place == "Mercato Leeds"
        assert final(events).at.date() > events[-2].at.date()


def test_events_are_in_time_order_on_working_days_and_in_the_time_zone_of_the_shipment(five_thousand_parcels):
    for _, events in five_thousand_parcels:
        times = [event.at for event in events]
        assert times == sorted(times)
        assert all(transit.is_working_day(event.at.date()) for event in events)
        assert all(event.at.tzinfo is LONDON for event in events)


def test_a_parcel_leaves_hours_after_shipment_and_never_arrives_the_day_it_is_shipped():
    week = datetime(2025, 3, 3, 0, 30, tzinfo=LONDON)
    for hours in range(0, 7 * 24, 5):
        shipped_at = week + timedelta(hours=hours)
        _, events = parcel(f"MLT{hours:08d}", shipped_at=shipped_at)
        departed = events[0]
        assert departed.status == carrier.IN_TRANSIT
        waited = departed.at - shipped_at
        assert waited >= timedelta(hours=2)
        if waited > timedelta(hours=6):  # it would have left at the weekend: it leaves early on Monday instead
            assert not transit.is_working_day((shipped_at + timedelta(hours=6)).date())
            assert departed.at.weekday() == 0 and time(5, 0) <= departed.at.time() <= time(6, 0)
        assert final(events).at.date() > transit.dispatch_date(shipped_at, time(23, 59))


def test_out_for_delivery_is_the_morning_of_the_delivery_and_delivery_is_in_the_day(five_thousand_parcels):
    for _, events in five_thousand_parcels:
        if final(events).status != carrier.DELIVERED:
            continue
        out, delivered = events[-2], events[-1]
        assert out.status == carrier.OUT_FOR_DELIVERY
        assert out.at.date() == delivered.at.date()
        assert time(7, 0) <= out.at.time() <= time(9, 0)
        assert time(10, 0) <= delivered.at.time() <= time(19, 0)


def test_a_late_parcel_warns_on_the_promised_day(five_thousand_parcels):
    late = [(promised_date, events) for promised_date, events in five_thousand_parcels
            if final(events).status == carrier.DELIVERED and final(events).at.date() > promised_date]
    assert late
    for promised_date, events in late:
        notices = [event for event in events if event.note.startswith("delayed")]
        assert [notice.at.date() for notice in notices] == [promised_date]
        assert f"now expected {final(events).at:%a %d %b}" in notices[0].note


def test_a_parcel_shipped_on_friday_evening_moves_on_monday():
    friday_evening = datetime(2025, 3, 7, 22, 0, tzinfo=LONDON)
    _, events = parcel("MLT00000003", shipped_at=friday_evening, distance_km=40)
    assert events[0].at.date() == date(2025, 3, 10)
    assert events[0].at.time() < time(7, 0)


def test_events_due_are_those_whose_time_has_come():
    _, events = parcel("MLT00000011")
    assert events_due(events, MONDAY_AFTERNOON) == []
    assert events_due(events, events[0].at) == events[:1]
    assert events_due(events, events[-1].at - timedelta(seconds=1)) == events[:-1]
    assert events_due(events, events[-1].at + timedelta(days=30)) == events


def test_a_journey_survives_a_round_trip_through_json():
    _, events = parcel("MLT00000011")
    assert [JourneyEvent.from_json(event.as_json()) for event in events] == events


def test_on_time_rate_counts_deliveries_on_or_before_the_promise():
    monday, tuesday, wednesday = date(2025, 3, 3), date(2025, 3, 4), date(2025, 3, 5)
    assert on_time_rate([(tuesday, monday), (tuesday, tuesday), (tuesday, wednesday), (wednesday, wednesday)]) == 0.75
    assert on_time_rate(iter([(monday, tuesday)])) == 0.0
    assert on_time_rate([]) is None


@pytest.mark.parametrize(("speed", "distance_km"), [("teleport", 10.0), (transit.STANDARD, -1.0)])
def test_an_unknown_speed_or_a_negative_distance_is_refused(speed, distance_km):
    with pytest.raises(ValueError):
        plan_journey(tracking_number="MLT1", shipped_at=MONDAY_AFTERNOON, speed=speed, distance_km=distance_km,
                     origin="Mercato Leeds", destination="Bristol (BS)", promised_date=date(2025, 3, 5))
