"""Lightning deals, the writes: operators create events and deals and cancel deals; placement claims deal units
and gives them back.

A claim is one conditional UPDATE on the deal row (`units_claimed = units_claimed + n WHERE units_claimed + n <=
unit_cap`, and the deal open to the shopper now) inside placement's reserve transaction, taken before the stock
UPDATE: every placement takes deal rows before offer rows, and every release gives deal units back before stock,
so buyers racing for a deal queue on one row and never deadlock. A refused claim rolls the whole reservation back.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from mercato.checkout import deals
from mercato.checkout.deal_models import Deal, DealClaim, Event
from mercato.core.errors import Conflict, Invalid, NotAllowed, NotFound
from mercato.core.money import format_money
from mercato.core.text import clean_text, parse_id
from mercato.marketplaces.models import Marketplace
from mercato.offers.models import Offer

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def deal_offers_cache_key(marketplace_id: int) -> str:
    return f"deals:offer-ids:{marketplace_id}"


def events_cache_key(marketplace_id: int) -> str:
    return f"deals:events:{marketplace_id}"


def _forget_cached(marketplace_id: int) -> None:
    transaction.on_commit(lambda: cache.delete_many([deal_offers_cache_key(marketplace_id),
                                                     events_cache_key(marketplace_id)]))


def _moment(value, field: str) -> datetime:
    if not isinstance(value, datetime):
        raise Invalid(f"{field.replace('_', ' ')} must be a date and time", field=field)
    if timezone.is_naive(value):
        raise Invalid(f"{field.replace('_', ' ')} needs a time zone", field=field)
    return value


def early_access_minutes(marketplace_id: int) -> int:
    """How early the marketplace plan's members may buy deals (0 without a plan)."""
    from mercato.membership.selectors import plan_for

    plan = plan_for(Marketplace(pk=marketplace_id))
    return plan.early_access_minutes if plan is not None else 0


@transaction.atomic
def create_event(*, marketplace: Marketplace, name, slug, starts_at, ends_at, description="") -> Event:
    """A shopping event with its own page at /events/<slug>/."""
    name = clean_text(name, field="name", max_length=120)
    slug = clean_text(slug, field="slug", max_length=60).lower()
    if not SLUG.match(slug):
        raise Invalid("slug must be lower-case letters, digits and single hyphens, e.g. members-day", field="slug")
    description = clean_text(description, field="description", max_length=2000, required=False)
    starts_at, ends_at = _moment(starts_at, "starts_at"), _moment(ends_at, "ends_at")
    if ends_at <= starts_at:
        raise Invalid("the event must end after it starts", field="ends_at")
    if ends_at <= timezone.now():
        raise Invalid("the event must end in the future", field="ends_at")
    if Event.objects.filter(marketplace=marketplace, slug=slug).exists():
        raise Conflict(f"an event at /events/{slug}/ exists already; choose another slug", field="slug")
    event = Event.objects.create(marketplace=marketplace, name=name, slug=slug, description=description,
                                 starts_at=starts_at, ends_at=ends_at)
    _forget_cached(marketplace.id)
    return event


@transaction.atomic
def create_deal(*, marketplace: Marketplace, offer_id, starts_at, ends_at, deal_price_minor, unit_cap,
                member_price_minor=None, event_id=None, created_by=None, now: datetime | None = None) -> Deal:
    """A lightning deal on an active offer of `marketplace`, not overlapping another deal on that offer (early
    access included)."""
    now = now or timezone.now()
    starts_at, ends_at = _moment(starts_at, "starts_at"), _moment(ends_at, "ends_at")
    offer_pk = parse_id(offer_id)
    # The offer row is locked so that two operators cannot add overlapping deals to it at once.
    offer = (Offer.objects.select_for_update().select_related("seller")
             .filter(pk=offer_pk, marketplace=marketplace).first() if offer_pk is not None else None)
    if offer is None:
        raise NotFound(f"no offer {str(offer_id)[:20]} in {marketplace.name}", field="offer")
    if offer.status != Offer.Status.ACTIVE or not offer.seller.is_active:
        raise NotAllowed(f"offer {offer.pk} is not on sale; deals are for active offers", field="offer")
    event = None
    if event_id not in (None, ""):
        event = Event.objects.filter(pk=parse_id(event_id) or 0, marketplace=marketplace).first()
        if event is None:
            raise NotFound("no such event in this marketplace", field="event")
    problems = deals.creation_problems(
        regular_price_minor=offer.price_minor, deal_price_minor=deal_price_minor,
        member_price_minor=member_price_minor, unit_cap=unit_cap, starts_at=starts_at, ends_at=ends_at, now=now,
        event_window=(event.starts_at, event.ends_at) if event else None)
    if problems:
        problem = problems[0]
        detail = problem.message
        if problem.field == "deal_price_minor" and "below" in detail:
            detail += f" ({format_money(offer.price_minor, offer.currency)})"
        raise Invalid(detail, field=problem.field)
    early = timedelta(minutes=early_access_minutes(marketplace.id))
    window = (starts_at - early, ends_at)
    for other in Deal.objects.filter(offer=offer, status=Deal.Status.SCHEDULED, ends_at__gt=now):
        if deals.windows_overlap(window, (other.starts_at - early, other.ends_at)):
            raise Conflict(f"offer {offer.pk} already has a deal from {other.starts_at:%d %b %H:%M} to "
                           f"{other.ends_at:%d %b %H:%M} (early access included); deals on one offer may not overlap",
                           field="starts_at", code="deal_overlap")
    deal = Deal.objects.create(offer=offer, event=event, starts_at=starts_at, ends_at=ends_at,
                               deal_price_minor=deal_price_minor, member_price_minor=member_price_minor,
                               unit_cap=unit_cap, created_by=created_by)
    _forget_cached(marketplace.id)
    return deal


@transaction.atomic
def cancel_deal(*, deal_id, now: datetime | None = None) -> Deal:
    """Withdraw a deal: nobody can claim it from now on; orders already placed keep their price."""
    deal = Deal.objects.select_for_update().select_related("offer").filter(pk=parse_id(deal_id) or 0).first()
    if deal is None:
        raise NotFound("no such deal", field="deal")
    now = now or timezone.now()
    if deal.is_cancelled:
        raise Conflict("this deal is already cancelled", field="deal")
    if deal.ends_at <= now:
        raise Conflict("this deal has ended already", field="deal")
    deal.status = Deal.Status.CANCELLED
    deal.cancelled_at = now
    deal.save(update_fields=["status", "cancelled_at"])
    _forget_cached(deal.offer.marketplace_id)
    return deal


def terms_of(deal: Deal, regular_price_minor: int) -> deals.DealTerms:
    return deals.DealTerms(deal.pk, deal.offer_id, regular_price_minor, deal.deal_price_minor,
                           deal.member_price_minor, deal.starts_at, deal.ends_at, deal.unit_cap, deal.units_claimed,
                           deal.is_cancelled)


def _when(moment: datetime) -> str:
    moment = timezone.localtime(moment)
    return f"{moment:%H:%M} on {moment.day} {moment:%b}"


def refusal_error(deal: Deal, code: str, shopper: deals.Shopper, quantity: int, *, field: str) -> Conflict:
    """The message a shopper reads when they cannot have the deal."""
    title = deal.offer.product.title[:60]
    if code == deals.NOT_STARTED:
        early = early_access_minutes(deal.offer.marketplace_id)
        detail = f"the deal on {title} starts at {_when(deal.starts_at)}"
        if shopper.early_access_minutes:
            detail = f"the deal on {title} opens to members at {_when(deals.opens_at(terms_of(deal, 0), shopper))}"
        elif early:
            detail += (f"; members get early access from "
                       f"{_when(deals.early_access_opens_at(terms_of(deal, 0), early))}")
    elif code == deals.DEAL_ENDED:
        detail = f"the deal on {title} was withdrawn" if deal.is_cancelled else f"the deal on {title} has ended"
    else:
        left = max(0, deal.unit_cap - deal.units_claimed)
        detail = (f"only {left} left of the deal on {title}" if left and left < quantity
                  else f"the deal on {title} just sold out")
    return Conflict(detail, field=field, code=code)


def claim_deal_units(*, deal_id: int, quantity: int, reference: str, shopper: deals.Shopper, now: datetime,
                     field: str = "items") -> DealClaim:
    """Take `quantity` units of a deal for the order `reference`, or raise Conflict (deal_sold_out,
    deal_not_started, deal_ended). Call inside the placement's transaction: a refusal rolls it back."""
    opens_by = now + timedelta(minutes=shopper.early_access_minutes)
    taken = (Deal.objects.filter(pk=deal_id, status=Deal.Status.SCHEDULED, starts_at__lte=opens_by, ends_at__gt=now,
                                 units_claimed__lte=F("unit_cap") - quantity)
             .update(units_claimed=F("units_claimed") + quantity))
    if not taken:
        deal = Deal.objects.select_related("offer__product").get(pk=deal_id)
        code = deals.refusal(terms_of(deal, deal.offer.price_minor), shopper, now, quantity) or deals.DEAL_SOLD_OUT
        raise refusal_error(deal, code, shopper, quantity, field=field)
    return DealClaim.objects.create(deal_id=deal_id, reference=reference, quantity=quantity)


def check_deal_quantities(lines: Sequence, *, field_prefix: str = "items") -> None:
    """A shopper buys at most DEAL_MAX_UNITS_PER_ORDER units of one deal per order. `lines` are live lines."""
    limit = settings.DEAL_MAX_UNITS_PER_ORDER
    for position, line in enumerate(lines):
        if getattr(line, "deal_id", None) and line.quantity > limit:
            raise Invalid(f"a lightning deal is limited to {limit} per order; lower the quantity",
                          field=f"{field_prefix}.{position}.quantity", code="deal_limit")


def claim_deals_for_order(lines: Sequence, *, reference: str, shopper: deals.Shopper, now: datetime | None = None,
                          field_prefix: str = "items") -> list[DealClaim]:
    """Claim the deal units of every live line bought at a deal price, deal rows in primary-key order."""
    now = now or timezone.now()
    at_deal = sorted(((line.deal_id, position, line) for position, line in enumerate(lines)
                      if getattr(line, "deal_id", None)), key=lambda item: item[:2])
    return [claim_deal_units(deal_id=deal_id, quantity=line.quantity, reference=reference, shopper=shopper, now=now,
                             field=f"{field_prefix}.{position}.quantity") for deal_id, position, line in at_deal]


def release_deal_claims(*, reference: str, offer_ids: Iterable[int] | None = None) -> list[int]:
    """Give back the deal units the order `reference` claimed (only those on `offer_ids` when given), each claim
    exactly once; the deal ids whose units came back."""
    claims = DealClaim.objects.filter(reference=reference, status=DealClaim.Status.CLAIMED)
    if offer_ids is not None:
        claims = claims.filter(deal__offer_id__in=list(offer_ids))
    released = []
    for claim in claims.order_by("deal_id"):
        with transaction.atomic():
            # The conditional flip makes a second releaser (the expiry sweep and a failing placement, say) a no-op.
            if DealClaim.objects.filter(pk=claim.pk, status=DealClaim.Status.CLAIMED).update(
                    status=DealClaim.Status.RELEASED, released_at=timezone.now()):
                Deal.objects.filter(pk=claim.deal_id).update(units_claimed=F("units_claimed") - claim.quantity)
                released.append(claim.deal_id)
    return released


def missed_deal_error(offers: Iterable[Offer], shopper: deals.Shopper, now: datetime | None = None,
                      *, items_field: str = "items") -> Conflict | None:
    """Why a total came out higher than the shopper expected, when a deal explains it: the deal on one of
    `offers` has not opened to them yet, has ended or sold out. None when no deal is involved."""
    now = now or timezone.now()
    offers = list(offers)
    by_offer = {offer.pk: offer for offer in offers}
    recent = (Deal.objects.filter(offer_id__in=list(by_offer), starts_at__lte=now + deals.MAX_EARLY_ACCESS,
                                  ends_at__gt=now - deals.MAX_DURATION)
              .select_related("offer__product").order_by("-ends_at", "-id"))
    by_deal_offer: dict[int, list[Deal]] = {}
    for deal in recent:
        by_deal_offer.setdefault(deal.offer_id, []).append(deal)
    for position, offer in enumerate(offers):
        terms = [(deal, terms_of(deal, offer.price_minor)) for deal in by_deal_offer.get(offer.pk, [])]
        if any(deals.price_now(deal_terms, shopper, now) is not None for _, deal_terms in terms):
            continue  # a deal applies to this offer: it does not explain a higher price
        for deal, deal_terms in terms:
            code = deals.refusal(deal_terms, shopper, now)
            if code is not None:
                return refusal_error(deal, code, shopper, 1, field=f"{items_field}.{position}.offer_id")
    return None
