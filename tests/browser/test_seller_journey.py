"""A new business applies to sell, an operator approves it, and its first offer wins the Buy Box on the storefront."""
import re

import pytest
from playwright.sync_api import expect

from mercato.search.services import rebuild_index
from tests.factories import make_category, make_marketplace, make_offer, make_product, make_seller, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

GTIN = "4006381333931"
OPERATOR_EMAIL, OPERATOR_PASSWORD = "ops@mercato.example", "ops-desk-passphrase"
SELLER_NAME = "Pennywhistle Stationers"


def sign_up_as_seller(page):
    page.goto("/seller/signup/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sell on Mercato")
    page.get_by_label("Email", exact=True).fill("ada@pennywhistle.example")
    page.get_by_label("Full name").fill("Ada Quill")
    page.get_by_label("Password", exact=True).fill("quill-and-ink-2024")
    page.get_by_label("Password again").fill("quill-and-ink-2024")
    page.get_by_label("Display name").fill(SELLER_NAME)
    page.get_by_label("Legal name").fill("Pennywhistle Stationers Ltd")
    page.get_by_label("Company registration number").fill("09876543")
    page.get_by_label("Contact email").fill("sales@pennywhistle.example")
    page.get_by_label("Address", exact=True).fill("4 Quill Lane")
    page.get_by_label("City").fill("York")
    page.get_by_label("Postcode").fill("YO1 7HH")
    page.get_by_label("Country code").fill("GB")
    page.get_by_role("button", name="Apply to sell").click()


def approve_in_ops_console(chromium_browser, live_server):
    """The operator works in a browser of their own, signing in through the storefront."""
    context = chromium_browser.new_context(base_url=live_server.url)
    context.set_default_timeout(10_000)
    try:
        ops = context.new_page()
        ops.goto("/ops/sellers/")
        expect(ops.get_by_role("heading", name="Sign in")).to_be_visible()
        ops.get_by_label("Email").fill(OPERATOR_EMAIL)
        ops.get_by_label("Password").fill(OPERATOR_PASSWORD)
        ops.get_by_role("button", name="Sign in").click()

        expect(ops).to_have_url(re.compile(r"/ops/sellers/$"))
        waiting = ops.get_by_role("region", name=re.compile(r"^Waiting for approval"))
        applicant = waiting.get_by_role("article").filter(has=ops.get_by_role("heading", name=SELLER_NAME))
        expect(applicant).to_contain_text("Pennywhistle Stationers Ltd")
        expect(applicant).to_contain_text("09876543")
        applicant.get_by_role("button", name="Approve").click()

        expect(ops.get_by_role("status")).to_contain_text(f"{SELLER_NAME} is approved and can list products.")
        expect(ops.get_by_text("No sellers are waiting for approval.")).to_be_visible()
        approved_row = ops.get_by_role("row").filter(has_text=SELLER_NAME)
        expect(approved_row).to_contain_text("Active")
    finally:
        context.close()


def test_new_seller_is_approved_lists_by_gtin_and_wins_the_buy_box(page, chromium_browser, live_server):
    make_marketplace()
    product = make_product("Staedtler Noris HB pencils, pack of 12", category=make_category("office/pencils"),
                           brand="Staedtler", gtin=GTIN)
    make_offer(seller=make_seller("Inkwell Supplies"), product=product, price_minor=2500, handling_days=1)
    make_user(OPERATOR_EMAIL, password=OPERATOR_PASSWORD, is_staff=True)
    rebuild_index()

    sign_up_as_seller(page)
    expect(page).to_have_url(re.compile(r"/seller/$"))
    expect(page.get_by_role("status")).to_contain_text(f"{SELLER_NAME} is registered")
    expect(page.get_by_role("heading", name="Waiting for approval")).to_be_visible()
    page.get_by_role("navigation", name="Seller Central").get_by_role("link", name="List a product").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Waiting for approval")
    expect(page.get_by_label("GTIN, product id or title")).to_have_count(0)

    approve_in_ops_console(chromium_browser, live_server)

    page.goto("/seller/")
    expect(page.get_by_role("heading", name="Waiting for approval")).to_have_count(0)
    page.get_by_role("region", name="Quick links").get_by_role("link", name="List a product").click()
    page.get_by_label("GTIN, product id or title").fill(GTIN)
    page.get_by_role("button", name="Find").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Your offer")
    expect(page.get_by_role("region", name="Product")).to_contain_text(product.title)
    page.get_by_label("Condition", exact=True).select_option(label="New")
    page.get_by_label("Price (GBP)").fill("19.99")
    page.get_by_label("Quantity").fill("40")
    page.get_by_label("Handling days").fill("1")
    page.get_by_role("button", name="List my offer").click()

    expect(page.get_by_role("status")).to_contain_text(f"Your offer for “{product.title}” is listed in Mercato GB.")
    own_row = page.get_by_role("row").filter(has_text=product.title)
    expect(own_row).to_contain_text("£19.99")
    expect(own_row).to_contain_text("Buy Box: yes")

    # The shopper's view: the new offer is found by search and featured on the product page.
    page.get_by_role("link", name="Storefront").click()
    page.locator("#site-search").fill("Noris pencils")
    page.locator("#site-search").press("Enter")
    page.get_by_role("link", name=product.title).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(product.title)
    buybox = page.locator("aside.buybox")
    expect(buybox).to_contain_text("£19.99")
    expect(buybox.get_by_role("link", name=SELLER_NAME)).to_be_visible()
    other_sellers = page.locator("#other-sellers tbody tr")
    expect(other_sellers).to_have_count(1)
    expect(other_sellers.first).to_contain_text("Inkwell Supplies")
    expect(other_sellers.first).to_contain_text("£25.00")
