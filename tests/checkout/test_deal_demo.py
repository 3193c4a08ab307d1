"""The demo's members' day: an event with deals on Mercato Retail's offers, some running, some coming up."""
import pytest
from django.utils import timezone

from mercato.checkout import deals
from mercato.checkout.deal_demo import DEMO_EVENT_SLUG, ensure_demo_event
from mercato.checkout.deal_models import Deal, Event
from mercato.checkout.deal_selectors import event_page
from mercato.demo.load import load_demo
from mercato.marketplaces.models import Marketplace

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_members_day_with_running_and_upcoming_deals(client):
    load_demo(product_limit=200, third_party_sellers=4)
    marketplace = Marketplace.objects.get(code="gb")

    event = Event.objects.get(marketplace=marketplace, slug=DEMO_EVENT_SLUG)
    found = list(Deal.objects.filter(event=event).select_related("offer__seller"))
    assert len(found) == 4
    assert all(deal.offer.seller.is_first_party for deal in found)
    assert all(deal.deal_price_minor < deal.offer.price_minor for deal in found)
    page = event_page(marketplace, DEMO_EVENT_SLUG, None)
    assert len(page.live) == 2 and len(page.upcoming) == 2
    assert {view.state for view in page.live} == {deals.RUNNING}
    assert page.early_access_minutes == 30  # the demo plan's early access for the upcoming ones
    assert client.get(f"/events/{DEMO_EVENT_SLUG}/").status_code == 200
    assert ensure_demo_event(marketplace) == event  # made once
    assert Deal.objects.count() == 4
    assert event.starts_at <= timezone.now() < event.ends_at
