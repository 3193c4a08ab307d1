"""A shopper buys with one click; the seller finds the new order, ships it, and the shopper sees the tracking."""
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from mercato.core import ledger
from mercato.orders.models import Order
from mercato.storefront.links import product_path
from tests.factories import make_fee_rule, make_marketplace, make_offer, make_product, make_seller, make_shopper, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct-horse-battery"


def sign_in(page, email):
    page.goto("/account/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_buy_now_then_seller_ships_and_shopper_sees_tracking(page, chromium_browser, live_server):
    marketplace = make_marketplace()
    make_fee_rule(marketplace, referral_rate_bp=1500, minimum_referral_minor=0)
    seller_user = make_user("sally@example.com", password=PASSWORD)
    seller = make_seller("Harbour Lamps", user=seller_user)
    product = make_product("Brass reading lamp")
    make_offer(seller=seller, product=product, marketplace=marketplace, price_minor=4500, quantity=3)
    make_shopper("ada@example.com")

    sign_in(page, "ada@example.com")
    page.goto(product_path(product))
    page.get_by_role("button", name="Buy Now").click()
    expect(page.get_by_role("heading", name=re.compile(r"^Order O"))).to_be_visible()
    expect(page.locator("main")).to_contain_text("cancel free of charge until")
    order = Order.objects.get()
    # The free-cancel window is over.
    Order.objects.filter(pk=order.pk).update(free_cancel_until=timezone.now())

    seller_context = chromium_browser.new_context(base_url=live_server.url)
    seller_context.set_default_timeout(10_000)
    try:
        central = seller_context.new_page()
        sign_in(central, "sally@example.com")
        central.goto("/seller/orders/")
        central.get_by_role("link", name=order.seller_orders.get().public_id).click()
        expect(central.locator("#ship-to")).to_contain_text("2 Market Street")
        central.get_by_label("Carrier").fill("Royal Mail")
        central.get_by_label("Tracking number").fill("RM204815926GB")
        central.get_by_role("button", name="Confirm shipment").click()
        expect(central.locator("main")).to_contain_text("is shipped with Royal Mail")
        expect(central.locator("#ship-to")).not_to_contain_text("2 Market Street")
    finally:
        seller_context.close()

    page.goto(f"/account/orders/{order.public_id}/")
    expect(page.locator("main")).to_contain_text("Royal Mail · tracking number RM204815926GB")
    assert ledger.balance(ledger.seller_pending(seller.pk), "GBP") == -(4500 - 675)
