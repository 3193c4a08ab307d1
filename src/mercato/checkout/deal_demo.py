"""The demo's members' day: an event with lightning deals on best-selling first-party offers, two running now and
two coming up (members get early access to those)."""
from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from mercato.checkout import deal_services
from mercato.checkout.deal_models import Event
from mercato.marketplaces.models import Marketplace
from mercato.offers.models import BuyBox
from mercato.sellers.models import Seller

DEMO_EVENT_SLUG = "members-day"
# (start, end) in hours from now, deal and member price in percent of the offer's price, unit cap.
DEMO_DEALS = ((-1, 5, 70, 60, 40), (-2, 3, 75, None, 25), (2, 8, 65, 55, 30), (6, 12, 80, 70, 50))


@transaction.atomic
def ensure_demo_event(marketplace: Marketplace, *, now=None) -> Event:
    """The members' day event and its deals, made once (an event with the slug already there is kept)."""
    existing = Event.objects.filter(marketplace=marketplace, slug=DEMO_EVENT_SLUG).first()
    if existing is not None:
        return existing
    now = (now or timezone.now()).replace(minute=0, second=0, microsecond=0)
    event = deal_services.create_event(
        marketplace=marketplace, name="Mercato Plus Members' Day", slug=DEMO_EVENT_SLUG,
        starts_at=now - timedelta(hours=2), ends_at=now + timedelta(hours=22),
        description="A day of lightning deals on Mercato Retail's best sellers. Each deal has a few units at its "
                    "price; Mercato Plus members pay less on many of them and shop the upcoming ones early.")
    winners = list(BuyBox.objects.filter(marketplace=marketplace, offer__seller__kind=Seller.Kind.FIRST_PARTY,
                                         offer__status="active", offer__quantity__gte=60,
                                         offer__price_minor__gte=300)
                   .order_by("-product__units_sold", "product_id").values_list("offer_id", "offer__price_minor")
                   [:len(DEMO_DEALS)])
    for (offer_id, price_minor), (start, end, deal_percent, member_percent, cap) in zip(winners, DEMO_DEALS):
        deal_price = price_minor * deal_percent // 100
        deal_services.create_deal(
            marketplace=marketplace, offer_id=offer_id, event_id=event.pk, unit_cap=cap,
            starts_at=now + timedelta(hours=start), ends_at=now + timedelta(hours=end), deal_price_minor=deal_price,
            member_price_minor=price_minor * member_percent // 100 if member_percent else None, now=now)
    return event
