"""Arranging deals for a test: a marketplace plan (30 minutes' early access, member deals), members, and deals on
a clock relative to now."""
from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from mercato.checkout import deal_services
from mercato.customers.selectors import default_payment_method
from mercato.membership import services as membership
from mercato.membership.demo import ensure_demo_plan
from tests.factories import make_shopper


def make_member(marketplace, email=None, **extra):
    """A shopper on a free trial of the marketplace's plan: free fastest delivery, member deals, 30 minutes'
    early access."""
    plan = ensure_demo_plan(marketplace)
    shopper = make_shopper(email, **extra)
    membership.start_trial(customer=shopper, marketplace=marketplace, plan=plan,
                           payment_method=default_payment_method(shopper))
    return shopper


def make_deal(offer, *, starts_in=timedelta(minutes=-10), lasts=timedelta(hours=2), price_minor=None,
              member_price_minor=None, cap=10, event=None):
    """A deal on `offer` starting `starts_in` from now (negative: already running); 70% of the offer's price."""
    now = timezone.now()
    return deal_services.create_deal(
        marketplace=offer.marketplace, offer_id=offer.id, starts_at=now + starts_in, ends_at=now + starts_in + lasts,
        deal_price_minor=price_minor or offer.price_minor * 70 // 100, member_price_minor=member_price_minor,
        unit_cap=cap, event_id=event.pk if event else None)


def make_event(marketplace, *, slug="members-day", starts_in=timedelta(hours=-1), lasts=timedelta(hours=24),
               name="Members' Day"):
    now = timezone.now()
    return deal_services.create_event(marketplace=marketplace, name=name, slug=slug, starts_at=now + starts_in,
                                      ends_at=now + starts_in + lasts, description="Deals all day.")
