"""The arithmetic of a membership: billing periods, refunds, renewal retries and the legal changes of
status. Pure: plain values in, plain values out, no Django.

Status (a membership is one stretch of membership, from joining to its end), and its legal changes:

    from          to            when
    trial         active        the first charge, at the trial's end, succeeds
    trial         past_due      that charge fails
    active        active        a renewal charge succeeds: the next period starts
    active        past_due      a renewal charge fails
    trial/active  cancelled     the shopper cancels: benefits stay to the end of the period
    trial/active  ended         the plan was withdrawn, or the shopper cancels once the period has run out
    past_due      active        a retry succeeds (or the shopper pays at once by rejoining)
    past_due      past_due      a retry fails and another is scheduled
    past_due      ended         the retries are used up, or the shopper cancels
    cancelled     trial/active  the shopper rejoins before the period ends: no new charge
    cancelled     ended         the period ends
    ended         -             final: joining again starts a new membership
"""
from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import datetime, timedelta

TRIAL = "trial"
ACTIVE = "active"
CANCELLED = "cancelled"
PAST_DUE = "past_due"
ENDED = "ended"

LIVE_STATUSES = (TRIAL, ACTIVE, CANCELLED, PAST_DUE)

TRANSITIONS: dict[str, frozenset[str]] = {
    TRIAL: frozenset({ACTIVE, CANCELLED, PAST_DUE, ENDED}),
    ACTIVE: frozenset({ACTIVE, CANCELLED, PAST_DUE, ENDED}),
    CANCELLED: frozenset({TRIAL, ACTIVE, ENDED}),
    PAST_DUE: frozenset({ACTIVE, PAST_DUE, ENDED}),
    ENDED: frozenset(),
}

MONTHLY = "monthly"
ANNUAL = "annual"
MONTHS_PER_PERIOD = {MONTHLY: 1, ANNUAL: 12}

# After a failed renewal charge: wait 1 day and try again, then 3 more days; a third failure ends it.
RETRY_DELAYS = (timedelta(days=1), timedelta(days=3))

# A trial or active membership whose period just ran out keeps its benefits this long while the
# hourly renewal job charges it, so a shopper at checkout never loses them to a late-running worker.
RENEWAL_GRACE = timedelta(hours=6)


class IllegalTransition(ValueError):
    pass


def check_transition(current: str, target: str) -> None:
    if target not in TRANSITIONS.get(current, frozenset()):
        raise IllegalTransition(f"a membership cannot go from {current} to {target}")


def add_months(moment: datetime, months: int, *, day: int | None = None) -> datetime:
    """`moment` `months` calendar months later, on `day` of the month (default: `moment`'s), clamped to the
    month's last day: 31 January + 1 month = 28 (or 29) February. The time of day is kept."""
    index = moment.year * 12 + (moment.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    wanted = day if day is not None else moment.day
    return moment.replace(year=year, month=month, day=min(wanted, calendar.monthrange(year, month)[1]))


def period_end(start: datetime, billing_period: str, *, anchor_day: int | None = None) -> datetime:
    """The end of a paid period starting at `start`. `anchor_day` keeps renewals on the day of the month the
    membership was first paid (a member who joined on the 31st renews on 28 Feb, then on 31 Mar)."""
    return add_months(start, MONTHS_PER_PERIOD[billing_period], day=anchor_day)


def trial_end(start: datetime, trial_days: int) -> datetime:
    return start + timedelta(days=trial_days)


def retry_delay(failed_attempts: int) -> timedelta | None:
    """How long after the `failed_attempts`-th failed charge to try again; None: stop and end the membership."""
    if 1 <= failed_attempts <= len(RETRY_DELAYS):
        return RETRY_DELAYS[failed_attempts - 1]
    return None


@dataclass(frozen=True)
class ProratedRefund:
    unused_months: int
    refund_minor: int
    benefits_until: datetime  # the end of the month in progress: what was used is kept


def prorated_refund(*, paid_minor: int, period_start: datetime, period_end: datetime,
                    now: datetime) -> ProratedRefund:
    """Cancelling an annual membership at `now` gives back the whole months not yet begun, each worth 1/12 of
    what was paid (rounded down to the minor unit); the month in progress counts as used and its benefits stay.
    A period not yet started is wholly unused; one already over gives nothing back."""
    total_months = months_between(period_start, period_end)
    if now >= period_end or total_months <= 0:
        return ProratedRefund(0, 0, period_end)
    used = 0
    while used < total_months and add_months(period_start, used) <= now:
        used += 1
    unused = total_months - used
    benefits_until = add_months(period_start, used) if used < total_months else period_end
    if used == 0:
        benefits_until = period_start
    return ProratedRefund(unused, paid_minor * unused // total_months, min(benefits_until, period_end))


def months_between(start: datetime, end: datetime) -> int:
    """Whole calendar months from `start` to `end` (12 for an annual period)."""
    months = (end.year - start.year) * 12 + (end.month - start.month)
    while months > 0 and add_months(start, months) > end:
        months -= 1
    return months


def has_benefits(status: str, current_period_end: datetime, now: datetime) -> bool:
    """Trial and active members have them through their period (and a short grace while it renews); a
    cancelled one to the end of the period; past-due and ended ones do not."""
    if status in (TRIAL, ACTIVE):
        return now < current_period_end + RENEWAL_GRACE
    if status == CANCELLED:
        return now < current_period_end
    return False
