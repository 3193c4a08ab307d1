"""Lightning deals, pure: a deal's state at a moment, who may buy it now, the price each shopper pays, and the
rules a new deal must meet. Plain values in, plain values out, no Django.

A deal sells up to `unit_cap` units of one offer at `deal_price_minor` between `starts_at` and `ends_at`.
Members whose plan gives member deals pay `member_price_minor` when the deal has one; members whose plan gives
early access may buy from `early_access_minutes` before the start. Nobody ever pays more than the offer's own
price: a deal that is not cheaper than the offer right now does not apply.

States, in the order they are decided:

    cancelled     the operator withdrew the deal
    ended         now >= ends_at
    sold_out      every unit of the cap is claimed
    running       starts_at <= now
    early_access  members with early access may buy (starts_at - early access <= now)
    upcoming      nobody may buy yet
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

UPCOMING = "upcoming"
EARLY_ACCESS = "early_access"
RUNNING = "running"
SOLD_OUT = "sold_out"
ENDED = "ended"
CANCELLED = "cancelled"
STATE_LABELS = {UPCOMING: "Upcoming", EARLY_ACCESS: "Members' early access", RUNNING: "Running",
                SOLD_OUT: "Sold out", ENDED: "Ended", CANCELLED: "Cancelled"}
# Claiming: refusal codes (also the `code` of the error placement raises).
NOT_STARTED = "deal_not_started"
DEAL_ENDED = "deal_ended"
DEAL_SOLD_OUT = "deal_sold_out"

MAX_UNIT_CAP = 100_000
MAX_DURATION = timedelta(days=14)
# Early access is at most a day (a database constraint on membership plans).
MAX_EARLY_ACCESS = timedelta(days=1)


@dataclass(frozen=True)
class DealTerms:
    deal_id: int
    offer_id: int
    regular_price_minor: int  # the offer's price now
    deal_price_minor: int
    member_price_minor: int | None
    starts_at: datetime
    ends_at: datetime
    unit_cap: int
    units_claimed: int
    cancelled: bool = False

    @property
    def units_left(self) -> int:
        return max(0, self.unit_cap - self.units_claimed)

    @property
    def claimed_percent(self) -> int:
        """Share of the cap claimed, in whole percent, rounded down (100 only when every unit is gone)."""
        return min(100, self.units_claimed * 100 // self.unit_cap) if self.unit_cap > 0 else 100


@dataclass(frozen=True)
class Shopper:
    """What a shopper's membership gives on deals (nothing for a visitor or a non-member)."""

    member_deals: bool = False
    early_access_minutes: int = 0


EVERYONE = Shopper()


def early_access_opens_at(deal: DealTerms, early_access_minutes: int) -> datetime:
    return deal.starts_at - timedelta(minutes=max(0, early_access_minutes))


def opens_at(deal: DealTerms, shopper: Shopper) -> datetime:
    """When `shopper` may first buy the deal."""
    return early_access_opens_at(deal, shopper.early_access_minutes)


def deal_state(deal: DealTerms, now: datetime, *, early_access_minutes: int = 0) -> str:
    """The deal's state as the event page shows it, with the marketplace plan's early access."""
    if deal.cancelled:
        return CANCELLED
    if now >= deal.ends_at:
        return ENDED
    if deal.units_left <= 0:
        return SOLD_OUT
    if now >= deal.starts_at:
        return RUNNING
    if early_access_minutes > 0 and now >= early_access_opens_at(deal, early_access_minutes):
        return EARLY_ACCESS
    return UPCOMING


def refusal(deal: DealTerms, shopper: Shopper, now: datetime, quantity: int = 1) -> str | None:
    """Why `shopper` may not claim `quantity` units now (NOT_STARTED, DEAL_ENDED, DEAL_SOLD_OUT), or None."""
    if deal.cancelled or now >= deal.ends_at:
        return DEAL_ENDED
    if now < opens_at(deal, shopper):
        return NOT_STARTED
    if deal.units_left < max(1, quantity):
        return DEAL_SOLD_OUT
    return None


def price_for(deal: DealTerms, shopper: Shopper) -> int:
    """The unit price `shopper` pays on the deal: the member price for members with member deals, else the deal
    price; never above the offer's own price."""
    price = deal.deal_price_minor
    if shopper.member_deals and deal.member_price_minor is not None:
        price = min(price, deal.member_price_minor)
    return min(price, deal.regular_price_minor)


def price_now(deal: DealTerms, shopper: Shopper, now: datetime) -> int | None:
    """The unit price `shopper` pays if they buy now, or None when the deal does not apply to them now (not open
    to them yet, over, sold out, or no cheaper than the offer)."""
    if refusal(deal, shopper, now) is not None:
        return None
    price = price_for(deal, shopper)
    return price if price < deal.regular_price_minor else None


def best_deal(deals: Iterable[DealTerms], shopper: Shopper, now: datetime) -> tuple[DealTerms, int] | None:
    """Of one offer's deals, the one giving `shopper` the lowest price now (the earliest ending on a tie), with
    that price; None when none applies."""
    best = None
    for deal in deals:
        price = price_now(deal, shopper, now)
        if price is not None and (best is None or (price, deal.ends_at, deal.deal_id)
                                  < (best[1], best[0].ends_at, best[0].deal_id)):
            best = (deal, price)
    return best


def showcase_deal(deals: Iterable[DealTerms], now: datetime) -> DealTerms | None:
    """The deal a product page shows: a live one (the soonest to end) before an upcoming one (the soonest to
    start); None when every deal is over."""
    live = [deal for deal in deals if not deal.cancelled and now < deal.ends_at]
    if not live:
        return None
    return min(live, key=lambda deal: (deal.starts_at > now, deal.ends_at if deal.starts_at <= now
                                       else deal.starts_at, deal.deal_id))


@dataclass(frozen=True)
class Problem:
    field: str
    message: str


def creation_problems(*, regular_price_minor: int, deal_price_minor, member_price_minor, unit_cap,
                      starts_at: datetime, ends_at: datetime, now: datetime,
                      event_window: tuple[datetime, datetime] | None = None) -> list[Problem]:
    """What is wrong with a new deal on an offer priced `regular_price_minor`, field by field (empty: nothing).
    A deal inside an event lies within the event's window."""
    problems = []

    def whole(value) -> bool:
        return isinstance(value, int) and not isinstance(value, bool)

    if not whole(deal_price_minor) or deal_price_minor < 1:
        problems.append(Problem("deal_price_minor", "the deal price must be a positive amount"))
    elif deal_price_minor >= regular_price_minor:
        problems.append(Problem("deal_price_minor", "the deal price must be below the offer's price"))
    if member_price_minor is not None:
        if not whole(member_price_minor) or member_price_minor < 1:
            problems.append(Problem("member_price_minor", "the member price must be a positive amount"))
        elif whole(deal_price_minor) and member_price_minor > deal_price_minor:
            problems.append(Problem("member_price_minor", "the member price must not be above the deal price"))
    if not whole(unit_cap) or unit_cap < 1:
        problems.append(Problem("unit_cap", "the unit cap must be at least 1"))
    elif unit_cap > MAX_UNIT_CAP:
        problems.append(Problem("unit_cap", f"the unit cap must be at most {MAX_UNIT_CAP:,}"))
    if ends_at <= starts_at:
        problems.append(Problem("ends_at", "the deal must end after it starts"))
    elif ends_at - starts_at > MAX_DURATION:
        problems.append(Problem("ends_at", f"a lightning deal lasts at most {MAX_DURATION.days} days"))
    elif ends_at <= now:
        problems.append(Problem("ends_at", "the deal must end in the future"))
    elif event_window is not None and (starts_at < event_window[0] or ends_at > event_window[1]):
        problems.append(Problem("starts_at" if starts_at < event_window[0] else "ends_at",
                                "the deal must run within its event"))
    return problems


def windows_overlap(a: tuple[datetime, datetime], b: tuple[datetime, datetime]) -> bool:
    """Whether two half-open windows [start, end) share a moment."""
    return a[0] < b[1] and b[0] < a[1]


def event_state(starts_at: datetime, ends_at: datetime, now: datetime) -> str:
    if now >= ends_at:
        return ENDED
    return RUNNING if now >= starts_at else UPCOMING
