"""Lightning deals, the reads: the deal price a buyer pays (for checkout and placement), the deal on a product
page, the event page and its live counts, the home page's event link, the ops console's list.

Pages that every shopper opens (home, product) first ask a cached set of the offers that have a deal (30 s, and
dropped on every change in this process), so they cost no query when there is no deal. Prices charged are
always read from the database.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Q, Sum
from django.utils import timezone

from mercato.checkout import deals
from mercato.checkout.deal_models import Deal, DealClaim, Event
from mercato.checkout.deal_services import deal_offers_cache_key, early_access_minutes, events_cache_key, terms_of

CACHE_SECONDS = 30
EVENTS_ON_HOME = 2


def shopper_for(buyer) -> deals.Shopper:
    """What the buyer's membership gives on deals (`buyer` is a checkout.selectors.Buyer, or None)."""
    benefits = getattr(buyer, "benefits", None)
    if benefits is None:
        return deals.EVERYONE
    return deals.Shopper(member_deals=bool(benefits.member_deals),
                         early_access_minutes=int(benefits.early_access_minutes or 0))


def _open_deals(offer_ids: Iterable[int], now: datetime):
    """Deals on `offer_ids` that someone may be able to buy now (one query)."""
    return Deal.objects.filter(offer_id__in=list(offer_ids), status=Deal.Status.SCHEDULED, ends_at__gt=now,
                               starts_at__lte=now + deals.MAX_EARLY_ACCESS)


def deal_prices(offers: Iterable, buyer, now: datetime | None = None, *,
                fresh: bool = True) -> dict[int, tuple[int, int]]:
    """Offer id -> (deal id, unit price) for each offer that `buyer` buys at a deal price now. One query; none
    when not `fresh` and the cached set of offers with deals holds none of `offers` (pages, not placement)."""
    now = now or timezone.now()
    by_id = {offer.id: offer for offer in offers}
    if not fresh:
        with_deals = set()
        for marketplace_id in {offer.marketplace_id for offer in by_id.values()}:
            with_deals |= offers_with_deals(marketplace_id)
        by_id = {offer_id: offer for offer_id, offer in by_id.items() if offer_id in with_deals}
    if not by_id:
        return {}
    shopper = shopper_for(buyer)
    candidates = defaultdict(list)
    for deal in _open_deals(by_id, now):
        candidates[deal.offer_id].append(terms_of(deal, by_id[deal.offer_id].price_minor))
    prices = {}
    for offer_id, terms in candidates.items():
        best = deals.best_deal(terms, shopper, now)
        if best is not None:
            prices[offer_id] = (best[0].deal_id, best[1])
    return prices


def offers_with_deals(marketplace_id: int) -> frozenset[int]:
    """Offers of the marketplace with a deal that has not ended (cached)."""
    key = deal_offers_cache_key(marketplace_id)
    offer_ids = cache.get(key)
    if offer_ids is None:
        offer_ids = frozenset(Deal.objects.filter(offer__marketplace_id=marketplace_id, status=Deal.Status.SCHEDULED,
                                                  ends_at__gt=timezone.now()).values_list("offer_id", flat=True))
        cache.set(key, offer_ids, CACHE_SECONDS)
    return offer_ids


@dataclass(frozen=True)
class DealView:
    """A deal as a shopper sees it, priced for that shopper."""

    deal: Deal
    state: str
    regular_price_minor: int
    price_minor: int  # what this shopper pays once the deal is open to them
    member_price_minor: int | None
    is_member_price: bool
    buyable_now: bool
    opens_at: datetime  # for this shopper
    early_access_at: datetime | None  # for members of the plan, when the plan gives early access
    units_claimed: int
    unit_cap: int
    claimed_percent: int
    max_units: int  # most units this shopper can buy in one order now

    @property
    def state_label(self) -> str:
        return deals.STATE_LABELS[self.state]

    @property
    def saving_percent(self) -> int:
        return (self.regular_price_minor - self.price_minor) * 100 // self.regular_price_minor

    @property
    def landed_price_minor(self) -> int:
        return self.price_minor + self.deal.offer.shipping_minor

    @property
    def is_live(self) -> bool:
        return self.state in (deals.RUNNING, deals.EARLY_ACCESS, deals.SOLD_OUT)


def _view(deal: Deal, shopper: deals.Shopper, now: datetime, early_minutes: int) -> DealView:
    offer = deal.offer
    terms = terms_of(deal, offer.price_minor)
    price = deals.price_for(terms, shopper)
    buyable = deals.price_now(terms, shopper, now) is not None
    limit = min(settings.DEAL_MAX_UNITS_PER_ORDER, terms.units_left, offer.quantity)
    member_price = shopper.member_deals and price < min(deal.deal_price_minor, offer.price_minor)
    return DealView(deal, deals.deal_state(terms, now, early_access_minutes=early_minutes), offer.price_minor, price,
                    deal.member_price_minor, member_price, buyable, deals.opens_at(terms, shopper),
                    deals.early_access_opens_at(terms, early_minutes) if early_minutes else None,
                    deal.units_claimed, deal.unit_cap, terms.claimed_percent, max(0, limit) if buyable else 0)


def product_deal(offers: Iterable, buyer, now: datetime | None = None) -> DealView | None:
    """The deal a product page shows for one of `offers` (its buyable offers): live first, else upcoming."""
    offers = {offer.id: offer for offer in offers}
    if not offers:
        return None
    marketplace_id = next(iter(offers.values())).marketplace_id
    if not offers_with_deals(marketplace_id) & offers.keys():
        return None
    now = now or timezone.now()
    found = list(Deal.objects.filter(offer_id__in=list(offers), status=Deal.Status.SCHEDULED, ends_at__gt=now)
                 .select_related("event"))
    showcase = deals.showcase_deal([terms_of(deal, offers[deal.offer_id].price_minor) for deal in found], now)
    if showcase is None:
        return None
    deal = next(deal for deal in found if deal.pk == showcase.deal_id)
    deal.offer = offers[deal.offer_id]
    return _view(deal, shopper_for(buyer), now, early_access_minutes(marketplace_id))


@dataclass(frozen=True)
class EventPage:
    event: Event
    state: str
    live: list[DealView]  # running, in members' early access, or sold out, soonest ending first
    upcoming: list[DealView]  # soonest starting first
    early_access_minutes: int


def _can_exist(marketplace, slug: str) -> bool:
    """Whether an event could have this address (a slug that is too long never does: no query for it)."""
    return marketplace is not None and bool(slug) and len(slug) <= 60


def event_page(marketplace, slug: str, buyer, now: datetime | None = None) -> EventPage | None:
    """An event's page: its deals that have not ended, priced for `buyer`. Three queries."""
    event = Event.objects.filter(marketplace=marketplace, slug=slug).first() if _can_exist(marketplace, slug) else None
    if event is None:
        return None
    now = now or timezone.now()
    early = early_access_minutes(marketplace.id)
    shopper = shopper_for(buyer)
    views = [_view(deal, shopper, now, early) for deal in
             event.deals.filter(status=Deal.Status.SCHEDULED, ends_at__gt=now)
             .select_related("offer__product__category", "offer__seller")]
    live = sorted((view for view in views if view.is_live), key=lambda view: (view.deal.ends_at, view.deal.pk))
    upcoming = sorted((view for view in views if not view.is_live), key=lambda view: (view.deal.starts_at,
                                                                                        view.deal.pk))
    return EventPage(event, deals.event_state(event.starts_at, event.ends_at, now), live, upcoming, early)


@dataclass(frozen=True)
class DealCount:
    deal_id: int
    state: str
    units_claimed: int
    unit_cap: int
    claimed_percent: int

    @property
    def state_label(self) -> str:
        return deals.STATE_LABELS[self.state]


def event_counts(marketplace, slug: str, now: datetime | None = None) -> list[DealCount] | None:
    """The live part of an event page: units claimed of each deal that has not ended (None: no such event).
    Two queries."""
    if not _can_exist(marketplace, slug):
        return None
    now = now or timezone.now()
    rows = list(Deal.objects.filter(event__marketplace=marketplace, event__slug=slug, status=Deal.Status.SCHEDULED,
                                    ends_at__gt=now)
                .values_list("id", "offer_id", "starts_at", "ends_at", "unit_cap", "units_claimed"))
    if not rows:
        return [] if Event.objects.filter(marketplace=marketplace, slug=slug).exists() else None
    early = early_access_minutes(marketplace.id)
    counts = []
    for deal_id, offer_id, starts_at, ends_at, cap, claimed in rows:
        terms = deals.DealTerms(deal_id, offer_id, 1, 1, None, starts_at, ends_at, cap, claimed)
        counts.append(DealCount(deal_id, deals.deal_state(terms, now, early_access_minutes=early), claimed, cap,
                                terms.claimed_percent))
    return counts


@dataclass(frozen=True)
class EventLink:
    name: str
    slug: str
    starts_at: datetime
    ends_at: datetime
    running: bool


def events_for_home(marketplace, now: datetime | None = None) -> list[EventLink]:
    """Events running or coming up in the marketplace, soonest first (cached)."""
    if marketplace is None:
        return []
    now = now or timezone.now()
    key = events_cache_key(marketplace.id)
    rows = cache.get(key)
    if rows is None:
        rows = list(Event.objects.filter(marketplace=marketplace, ends_at__gt=now).order_by("starts_at", "id")
                    .values_list("name", "slug", "starts_at", "ends_at")[:EVENTS_ON_HOME * 2])
        cache.set(key, rows, CACHE_SECONDS)
    return [EventLink(name, slug, starts_at, ends_at, starts_at <= now)
            for name, slug, starts_at, ends_at in rows if ends_at > now][:EVENTS_ON_HOME]


@dataclass(frozen=True)
class OpsDealRow:
    deal: Deal
    state: str
    units_released: int

    @property
    def state_label(self) -> str:
        return deals.STATE_LABELS[self.state]


def deals_for_ops(now: datetime | None = None, *, limit: int = 200) -> list[OpsDealRow]:
    """Deals, latest ending first, with their state and claimed counts. One query."""
    now = now or timezone.now()
    rows = (Deal.objects.select_related("offer__product", "offer__seller", "offer__marketplace", "event")
            .annotate(units_released=Sum("claims__quantity", filter=Q(claims__status=DealClaim.Status.RELEASED),
                                         default=0))
            .order_by("-ends_at", "-id")[:limit])
    return [OpsDealRow(deal, deals.deal_state(terms_of(deal, deal.offer.price_minor), now), deal.units_released)
            for deal in rows]


def events_for_ops(now: datetime | None = None, *, limit: int = 50) -> list[Event]:
    """Events, latest first, with how many deals each holds."""
    return list(Event.objects.select_related("marketplace").annotate(
        deal_count=Count("deals", filter=Q(deals__status=Deal.Status.SCHEDULED))).order_by("-starts_at", "-id")[:limit])


def events_open_for_deals(now: datetime | None = None):
    """Events a new deal can join: those not yet over."""
    return Event.objects.filter(ends_at__gt=now or timezone.now()).select_related("marketplace").order_by("starts_at")
