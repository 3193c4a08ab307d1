"""The membership arithmetic on its own: periods, prorated refunds, retries and the legal status changes."""
from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mercato.membership import billing
from mercato.membership.billing import IllegalTransition

UTC = timezone.utc


def at(*parts) -> datetime:
    return datetime(*parts, tzinfo=UTC)


@pytest.mark.parametrize("start, months, day, expected", [
    (at(2027, 1, 31, 9), 1, None, at(2027, 2, 28, 9)),
    (at(2028, 1, 31, 9), 1, None, at(2028, 2, 29, 9)),
    (at(2027, 2, 28, 9), 1, 31, at(2027, 3, 31, 9)),  # back on the anchor day after a short month
    (at(2027, 12, 15), 1, None, at(2028, 1, 15)),
    (at(2027, 3, 10), 12, None, at(2028, 3, 10)),
    (at(2028, 2, 29), 12, None, at(2029, 2, 28)),
])
def test_months_are_calendar_months_clamped_to_the_last_day(start, months, day, expected):
    assert billing.add_months(start, months, day=day) == expected


def test_a_monthly_member_who_joined_on_the_31st_renews_on_each_months_last_day_or_the_31st():
    ends, start = [], at(2027, 1, 31, 12)
    for _ in range(3):
        start = billing.period_end(start, billing.MONTHLY, anchor_day=31)
        ends.append(start.date().isoformat())
    assert ends == ["2027-02-28", "2027-03-31", "2027-04-30"]


def test_trial_lasts_its_days():
    assert billing.trial_end(at(2027, 1, 10, 8), 30) == at(2027, 2, 9, 8)


def test_cancelling_an_annual_plan_refunds_the_whole_months_not_begun():
    terms = billing.prorated_refund(paid_minor=9500, period_start=at(2027, 1, 10), period_end=at(2028, 1, 10),
                                    now=at(2027, 3, 15))
    # January, February and the month from 10 March are used; April 10 onwards, nine months, come back.
    assert terms == billing.ProratedRefund(unused_months=9, refund_minor=7125, benefits_until=at(2027, 4, 10))


def test_cancelling_on_the_first_day_keeps_one_month_and_refunds_eleven():
    terms = billing.prorated_refund(paid_minor=9500, period_start=at(2027, 1, 10), period_end=at(2028, 1, 10),
                                    now=at(2027, 1, 10))
    assert (terms.unused_months, terms.refund_minor, terms.benefits_until) == (11, 8708, at(2027, 2, 10))


def test_cancelling_in_the_last_month_or_after_the_end_refunds_nothing():
    for now in (at(2027, 12, 20), at(2028, 1, 10), at(2028, 3, 1)):
        terms = billing.prorated_refund(paid_minor=9500, period_start=at(2027, 1, 10), period_end=at(2028, 1, 10),
                                        now=now)
        assert terms.refund_minor == 0 and terms.benefits_until == at(2028, 1, 10)


@given(paid=st.integers(min_value=1, max_value=10_000_000),
       start=st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2035, 1, 1), timezones=st.just(UTC)),
       elapsed=st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=400)))
def test_a_refund_never_exceeds_what_was_paid_and_benefits_end_between_now_and_the_period_end(paid, start, elapsed):
    end = billing.period_end(start, billing.ANNUAL)
    now = start + elapsed
    terms = billing.prorated_refund(paid_minor=paid, period_start=start, period_end=end, now=now)
    assert 0 <= terms.refund_minor < paid
    assert 0 <= terms.unused_months <= 11
    assert terms.refund_minor == paid * terms.unused_months // 12
    assert terms.benefits_until <= end
    if now < end:
        assert terms.benefits_until > now
        # The months refunded are exactly those from the end of benefits to the end of the period.
        assert billing.add_months(terms.benefits_until, terms.unused_months, day=start.day) == end


def test_failed_renewals_are_retried_after_one_then_three_days_then_given_up():
    assert [billing.retry_delay(n) for n in (1, 2, 3)] == [timedelta(days=1), timedelta(days=3), None]


@pytest.mark.parametrize("current, target", [
    ("trial", "active"), ("trial", "cancelled"), ("trial", "past_due"), ("active", "active"),
    ("active", "cancelled"), ("active", "past_due"), ("past_due", "active"), ("past_due", "past_due"),
    ("past_due", "ended"), ("cancelled", "active"), ("cancelled", "trial"), ("cancelled", "ended"),
])
def test_legal_changes_pass(current, target):
    billing.check_transition(current, target)


@pytest.mark.parametrize("current, target", [
    ("cancelled", "cancelled"),  # a double cancel
    ("ended", "cancelled"),      # cancelling what is over
    ("ended", "active"), ("ended", "trial"), ("past_due", "cancelled"), ("active", "trial"),
])
def test_illegal_changes_are_refused(current, target):
    with pytest.raises(IllegalTransition):
        billing.check_transition(current, target)


@pytest.mark.parametrize("status, hours_after_period_end, has_them", [
    ("trial", -1, True), ("active", -1, True), ("cancelled", -1, True), ("past_due", -1, False),
    ("ended", -1, False), ("active", 5, True), ("trial", 5, True), ("cancelled", 0, False), ("active", 7, False),
])
def test_who_has_benefits(status, hours_after_period_end, has_them):
    period_end = at(2027, 2, 9, 12)
    now = period_end + timedelta(hours=hours_after_period_end)
    assert billing.has_benefits(status, period_end, now) is has_them
