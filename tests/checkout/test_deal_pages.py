"""What shoppers see of lightning deals: the product page's deal panel, the event page and its live counts, the home
page's link to an event, the cart; and buying from the deal panel."""
import re
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from mercato.checkout.deal_models import Deal, Event
from mercato.orders.models import Order, OrderLine
from tests.checkout.deal_world import make_deal, make_event, make_member
from tests.factories import buy, make_offer, make_product, make_seller, make_shopper
from tests.storefront.html import elements, visible_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def teapot(db):
    return make_product("Cast iron teapot")


@pytest.fixture
def offer(marketplace, teapot):
    return make_offer(seller=make_seller("Kettle Kings"), product=teapot, marketplace=marketplace, price_minor=2000,
                      shipping_minor=0, quantity=40)


def deal_panel(client, product) -> str:
    found = elements(client.get(f"/p/{product.public_id}/"), "deal-panel")
    return found[0].text if found else ""


def test_a_running_deal_shows_its_price_was_price_claimed_share_and_end(client, offer, teapot):
    deal = make_deal(offer, price_minor=1500, member_price_minor=1400, cap=10, lasts=timedelta(hours=3))
    buy(make_shopper(), (offer, 2))

    panel = deal_panel(client, teapot)

    assert "Lightning deal" in panel
    assert "£15.00 was £20.00 -25%" in panel
    assert "20% claimed · 2 of 10 units" in panel
    assert "Ends in 2 hours" in panel
    assert "Members pay £14.00" in panel
    assert "Buy Now at £15.00" in panel
    assert Deal.objects.get(pk=deal.pk).units_claimed == 2


def test_members_see_their_member_price(client, offer, teapot, marketplace):
    make_deal(offer, price_minor=1500, member_price_minor=1400)
    client.force_login(make_member(marketplace))

    panel = deal_panel(client, teapot)

    assert "£14.00 was £20.00" in panel and "Your member price" in panel


def test_an_upcoming_deal_says_when_it_starts_and_when_members_get_in(client, offer, teapot, marketplace):
    deal = make_deal(offer, starts_in=timedelta(hours=2))
    make_member(marketplace)  # the marketplace's plan gives 30 minutes' early access

    panel = deal_panel(client, teapot)

    starts, early = deal.starts_at, deal.starts_at - timedelta(minutes=30)
    assert f"Starts at {starts:%H:%M}, {starts.day} {starts:%b}" in panel
    assert f"members get early access at {early:%H:%M}" in panel
    assert "Buy Now" not in panel
    # The Buy Box still sells the item at its own price meanwhile.
    assert "£20.00" in elements(client.get(f"/p/{teapot.public_id}/"), "buybox__price")[0].text


def test_a_member_sees_the_deal_open_early(client, offer, teapot, marketplace):
    make_deal(offer, starts_in=timedelta(minutes=20), price_minor=1500)
    client.force_login(make_member(marketplace))

    assert "Buy Now at £15.00" in deal_panel(client, teapot)


def test_buy_now_from_the_deal_panel_buys_at_the_deal_price(client, offer, teapot):
    deal = make_deal(offer, price_minor=1500)
    shopper = make_shopper()
    client.force_login(shopper)
    html = client.get(f"/p/{teapot.public_id}/").content.decode()
    form = re.search(r'<form[^>]*action="/buy-now/".*?Buy Now at.*?</form>', html, re.S).group(0)
    fields = dict(re.findall(r'name="(\w+)" value="([^"]*)"', form))

    response = client.post("/buy-now/", fields)

    assert response.status_code == 302
    line = OrderLine.objects.get(seller_order__order__customer=shopper)
    assert line.unit_price_minor == 1500 and fields["expected_total_minor"] == "1500"
    assert Deal.objects.get(pk=deal.pk).units_claimed == 1


def test_a_deal_that_sells_out_before_the_shopper_clicks_says_so(client, offer, teapot):
    deal = make_deal(offer, price_minor=1500, cap=1)
    client.force_login(make_shopper())
    html = client.get(f"/p/{teapot.public_id}/").content.decode()
    form = re.search(r'<form[^>]*action="/buy-now/".*?Buy Now at.*?</form>', html, re.S).group(0)
    buy(make_shopper(), (offer, 1))  # someone else is quicker

    response = client.post("/buy-now/", dict(re.findall(r'name="(\w+)" value="([^"]*)"', form)), follow=True)

    assert "just sold out" in visible_text(response)
    assert Deal.objects.get(pk=deal.pk).units_claimed == 1
    assert Order.objects.count() == 1


def test_a_product_without_deals_shows_no_panel(client, offer, teapot):
    assert deal_panel(client, teapot) == ""


def test_product_page_costs_no_query_more_without_deals(client, offer, teapot, django_assert_max_num_queries):
    make_deal(make_offer(marketplace=offer.marketplace))  # a deal elsewhere in the marketplace
    client.get(f"/p/{teapot.public_id}/")
    # the product, its offers, its recommendations, the visitor's session and the product view logged under
    # it: nothing for deals
    with django_assert_max_num_queries(5):
        client.get(f"/p/{teapot.public_id}/")


def test_the_event_page_lists_running_and_upcoming_deals_with_counts(client, marketplace, offer):
    event = make_event(marketplace, name="Members' Day")
    running = make_deal(offer, price_minor=1500, cap=10, event=event)
    later = make_deal(make_offer(marketplace=marketplace, product=make_product("Copper kettle"), price_minor=3000),
                      starts_in=timedelta(hours=3), event=event)
    ended = make_deal(make_offer(marketplace=marketplace, product=make_product("Old toaster")), event=event)
    Deal.objects.filter(pk=ended.pk).update(starts_at=timezone.now() - timedelta(hours=1),
                                            ends_at=timezone.now() - timedelta(minutes=1))
    make_member(marketplace)
    buy(make_shopper(), (offer, 2))

    response = client.get(f"/events/{event.slug}/")

    assert response.status_code == 200
    page = visible_text(response)
    assert "Members' Day" in page and "On now" in page
    live = elements(response, "deal-card")
    assert len(live) == 2
    assert "Cast iron teapot" in live[0].text and "2 of 10 units" in live[0].text and "Running" in live[0].text
    assert "Copper kettle" in live[1].text and "Upcoming" in live[1].text
    assert "members get early access at" in live[1].text
    assert "Old toaster" not in page
    assert f'hx-get="/events/{event.slug}/live/"' in response.content.decode()
    assert running.pk and later.pk


def test_the_live_fragment_counts_units_as_they_are_claimed(client, marketplace, offer):
    event = make_event(marketplace)
    deal = make_deal(offer, cap=10, event=event)
    before = client.get(f"/events/{event.slug}/live/")
    buy(make_shopper(), (offer, 2))
    buy(make_shopper(), (offer, 1))

    after = client.get(f"/events/{event.slug}/live/")

    assert "0 of 10 units" in visible_text(before)
    assert "30% claimed · 3 of 10 units" in visible_text(after)
    assert f'id="deal-{deal.pk}-live" hx-swap-oob="true"' in after.content.decode()
    assert after["Cache-Control"].startswith("max-age=0")


def test_unknown_events_are_404(client, marketplace):
    assert client.get("/events/nothing-here/").status_code == 404
    assert client.get("/events/nothing-here/live/").status_code == 404


def test_the_home_page_links_to_running_and_upcoming_events(client, marketplace):
    make_event(marketplace, name="Members' Day", slug="members-day")
    make_event(marketplace, name="Winter Sale", slug="winter-sale", starts_in=timedelta(days=2))
    spring = make_event(marketplace, name="Spring Sale", slug="spring-sale", starts_in=timedelta(days=-3),
                        lasts=timedelta(days=4))
    Event.objects.filter(pk=spring.pk).update(ends_at=timezone.now() - timedelta(minutes=1))
    cache.clear()  # the home page keeps its list of events for a few seconds

    links = elements(client.get("/"), "event-link")

    assert [link.attrs["href"] for link in links] == ["/events/members-day/", "/events/winter-sale/"]
    assert "On now" in links[0].text and "Coming up" in links[1].text


def test_no_event_no_link(client, marketplace):
    assert elements(client.get("/"), "event-link") == []


def test_the_cart_shows_the_deal_price_and_the_per_order_limit(client, offer, settings):
    from mercato.checkout.services import add_to_cart, new_cart

    settings.DEAL_MAX_UNITS_PER_ORDER = 2
    make_deal(offer, price_minor=1500)
    shopper = make_shopper()
    add_to_cart(cart=new_cart(marketplace=offer.marketplace, user=shopper), offer_id=offer.id, quantity=3)
    client.force_login(shopper)

    page = visible_text(client.get("/cart/"))

    assert "Lightning deal £15.00 each (was £20.00)" in page
    assert "limited to 2 per order" in page
    assert "£45.00" in page
