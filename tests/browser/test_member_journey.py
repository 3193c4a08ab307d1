"""A shopper joins the membership, buys a Fulfilled-by-Mercato item with free express delivery in one click,
and follows its parcel's tracking page to the door as the carrier's clock moves on."""
import re

import pytest
from playwright.sync_api import expect

from mercato.fulfillment import carrier, shipping
from mercato.fulfillment.models import Shipment
from mercato.membership.demo import ensure_demo_plan
from mercato.orders.models import Order
from mercato.storefront.links import product_path
from tests.factories import make_marketplace, make_product, make_shopper
from tests.fulfillment.network import make_center, make_network_offer

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EMAIL, PASSWORD = "ada@example.com", "correct-horse-battery"


def test_member_buys_with_free_express_delivery_and_tracks_the_parcel(page):
    marketplace = make_marketplace()
    ensure_demo_plan(marketplace)
    product = make_product("Enamel camping mug")
    offer = make_network_offer(marketplace, {make_center(marketplace, "MAN1"): 8}, product=product,
                               price_minor=1200, shipping_minor=399)
    make_shopper(EMAIL)

    page.goto("/account/login/")
    page.get_by_label("Email").fill(EMAIL)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    page.goto(product_path(product))
    expect(page.locator(".buybox__member-pitch")).to_contain_text("Members get it free by")
    page.locator(".buybox__member-pitch").get_by_role("link", name="Try membership").click()
    page.get_by_role("button", name="Start your free trial").click()
    expect(page.locator(".messages")).to_contain_text(re.compile("trial|welcome", re.IGNORECASE))

    page.goto(product_path(product))
    expect(page.locator("aside.buybox")).to_contain_text("FREE express delivery: arrives")
    page.get_by_role("button", name="Buy Now").click()

    expect(page).to_have_url(re.compile(r"/account/orders/\w+/$"))
    order = Order.objects.get()
    assert order.total_minor == offer.price_minor  # no delivery charge for a member
    assert order.seller_orders.get().delivery_option == "express"
    page.get_by_role("link", name="Track parcel").click()
    expect(page.locator(".shipment-status")).to_have_text("Being picked")

    # The carrier's journey is drawn from the tracking number; 1 parcel in 100 meets a problem, so this one is
    # given a number whose journey ends at the door.
    Shipment.objects.update(tracking_number=delivering_tracking_number())
    shipping.advance_clock(hours=24 * 14)
    page.reload()

    expect(page.locator(".shipment-status")).to_have_text("Delivered")
    expect(page.locator(".timeline__event--shipped")).to_contain_text("Warrington")
    expect(page.locator(".tracking__promise")).to_contain_text("Delivered")
    expect(page.locator(".tracking-steps__step.is-reached")).to_have_count(6)
    order.refresh_from_db()
    assert order.status == Order.Status.DELIVERED


def delivering_tracking_number() -> str:
    from datetime import date, datetime, timezone

    for n in range(100):
        number = f"MLGJOURNEY{n:04d}"
        journey = carrier.plan_journey(tracking_number=number, shipped_at=datetime(2026, 1, 5, 20, tzinfo=timezone.utc),
                                       speed="express", distance_km=100, origin="A", destination="B",
                                       promised_date=date(2026, 1, 6))
        if journey[-1].status == "delivered":
            return number
    raise AssertionError("no delivering journey in 100 numbers")
