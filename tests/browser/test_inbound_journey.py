"""A seller moves an offer to Fulfilled by Mercato and sends units in; an operator receives them at the center; the
seller sees them sellable and the storefront sells the offer, dispatched by Mercato."""
import re

import pytest
from playwright.sync_api import expect

from mercato.fulfillment.models import InboundShipment
from mercato.storefront.links import product_path
from tests.factories import make_marketplace, make_offer, make_operator, make_product, make_seller, make_user
from tests.fulfillment.network import make_center

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct-horse-battery"


def sign_in(page, email):
    page.goto("/account/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_seller_sends_stock_in_and_it_becomes_sellable(page, chromium_browser, live_server):
    marketplace = make_marketplace()
    make_center(marketplace, "LTN1", capacity_units=5_000)
    seller = make_seller("Harbour Lamps", user=make_user("sally@example.com", password=PASSWORD))
    product = make_product("Brass reading lamp")
    offer = make_offer(seller=seller, product=product, marketplace=marketplace, price_minor=4500, quantity=0,
                       seller_sku="LAMP-BRASS")
    make_operator("olive@mercato.example", password=PASSWORD)

    sign_in(page, "sally@example.com")
    page.goto(f"/seller/offers/{offer.id}/edit/")
    page.get_by_label("Fulfilled by Mercato").check()
    page.get_by_role("button", name="Save who ships it").click()
    expect(page.locator(".messages")).to_contain_text("is now Fulfilled by Mercato")

    page.get_by_role("navigation", name="Seller Central").get_by_role("link", name="Fulfillment").click()
    expect(page.locator("#inventory-table")).to_contain_text("No units in a center yet")
    page.get_by_role("link", name="Create an inbound shipment").click()
    page.get_by_label("Brass reading lamp").fill("0")
    page.get_by_label("Mercato Dunstable (LTN1)").check()
    page.get_by_role("button", name="Create inbound shipment").click()
    expect(page.locator(".field-error")).to_have_text("Units must be between 1 and 100000")
    page.get_by_label("Brass reading lamp").fill("24")
    page.get_by_role("button", name="Create inbound shipment").click()
    expect(page.get_by_role("heading", name=re.compile(r"^Inbound shipment IN"))).to_contain_text("On its way")
    inbound = InboundShipment.objects.get()

    operator_context = chromium_browser.new_context(base_url=live_server.url)
    operator_context.set_default_timeout(10_000)
    try:
        ops = operator_context.new_page()
        sign_in(ops, "olive@mercato.example")
        ops.goto("/ops/")
        ops.get_by_role("link", name="Receiving").click()
        ops.get_by_role("link", name=f"Receive {inbound.public_id}").click()
        ops.get_by_label("Good units of LAMP-BRASS").fill("22")
        ops.get_by_label("Damaged units of LAMP-BRASS").fill("2")
        ops.get_by_role("button", name="Receive shipment").click()
        expect(ops.locator(".messages")).to_contain_text(f"{inbound.public_id} received: 22 units are on sale")
    finally:
        operator_context.close()

    page.get_by_role("navigation", name="Seller Central").get_by_role("link", name="Fulfillment").click()
    row = page.locator(f"#inventory-{offer.id}")
    expect(row).to_contain_text("LTN1 Dunstable")
    expect(row.locator("td").nth(1)).to_have_text("22")  # on hand
    expect(row.locator("td").nth(3)).to_have_text("2")  # damaged
    expect(row.locator("td").nth(4)).to_have_text("22")  # sellable
    page.get_by_role("link", name="Inbound shipments").first.click()
    expect(page.locator(f"#inbound-{inbound.public_id}")).to_contain_text("Received")

    page.goto(product_path(product))
    buybox = page.locator(".buybox")
    expect(buybox).to_contain_text("In stock")
    expect(buybox).to_contain_text(re.compile(r"Dispatched by\s*Fulfilled by Mercato"))
    expect(buybox.get_by_role("button", name="Add to cart")).to_be_visible()
