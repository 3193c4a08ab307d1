"""A guest fills a cart, signs in, checks out with express delivery, and cancels the order."""
import re

import pytest
from playwright.sync_api import expect

from mercato.orders.models import Order
from mercato.storefront.links import product_path
from tests.factories import make_marketplace, make_offer, make_product, make_seller, make_shopper

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EMAIL, PASSWORD = "ada@example.com", "correct-horse-battery"


def test_guest_cart_sign_in_express_checkout_and_cancel(page):
    marketplace = make_marketplace()
    seller = make_seller("Kettle Kings")
    product = make_product("Copper stovetop kettle")
    make_offer(seller=seller, product=product, marketplace=marketplace, price_minor=3499, shipping_minor=250,
               quantity=6)
    make_shopper(EMAIL)  # password: the factories' default

    page.goto(product_path(product))
    buybox = page.locator("aside.buybox")
    buybox.get_by_label("Quantity").select_option("2")
    buybox.get_by_role("button", name="Add to cart").click()

    expect(page).to_have_url(re.compile(r"/cart/$"))
    expect(page.locator(".cart-line")).to_contain_text("Copper stovetop kettle")
    expect(page.locator(".cart-group")).to_contain_text("Sold by Kettle Kings")
    expect(page.locator("#cart-count")).to_have_text("2")
    expect(page.locator(".cart-summary")).to_contain_text("£74.98")

    # Quantity changes swap the cart in place, refusals included.
    line = page.locator(".cart-line")
    line.get_by_label("Quantity").fill("7")
    line.get_by_role("button", name="Update quantity of Copper stovetop kettle").click()
    expect(page.locator("#cart .form-errors")).to_have_text("Only 6 available from this seller")
    expect(page).to_have_url(re.compile(r"/cart/$"))
    line.get_by_label("Quantity").fill("3")
    line.get_by_role("button", name="Update quantity of Copper stovetop kettle").click()
    expect(page.locator("#cart-count")).to_have_text("3")
    expect(page.locator("#cart .form-errors")).to_have_count(0)
    line.get_by_label("Quantity").fill("2")
    line.get_by_role("button", name="Update quantity of Copper stovetop kettle").click()
    expect(page.locator("#cart-count")).to_have_text("2")
    expect(page).to_have_url(re.compile(r"/cart/$"))

    page.get_by_role("link", name="Proceed to checkout").click()
    expect(page).to_have_url(re.compile(r"/account/login/\?next=/checkout/"))
    page.get_by_label("Email").fill(EMAIL)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    expect(page).to_have_url(re.compile(r"/checkout/$"))
    expect(page.locator(".checkout-seller")).to_contain_text("Copper stovetop kettle × 2")
    expect(page.get_by_role("radio", name=re.compile("2 Market Street"))).to_be_checked()
    expect(page.get_by_role("radio", name=re.compile("Visa ending in 4242"))).to_be_checked()
    expect(page.locator("#order-total")).to_have_text("£74.98")

    page.get_by_role("radio", name=re.compile("Express delivery")).check()
    expect(page.locator("#order-total")).to_have_text("£78.97")  # + the express surcharge, re-quoted in place
    page.get_by_role("button", name="Place order").click()

    expect(page).to_have_url(re.compile(r"/account/orders/\w+/$"))
    order = Order.objects.get()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Order {order.public_id}")
    expect(page.locator(".messages")).to_contain_text("Thank you!")
    expect(page.locator(".seller-order")).to_contain_text("express delivery")
    expect(page.locator(".page-header .order-status")).to_have_text("Placed")
    expect(page.locator("#cart-count")).to_have_text("0")
    assert order.total_minor == 7897

    page.get_by_role("button", name="Cancel order").click()

    expect(page.locator(".messages")).to_contain_text("Your order is cancelled")
    expect(page.locator(".page-header .order-status")).to_have_text("Cancelled")
    expect(page.get_by_role("button", name="Cancel order")).to_have_count(0)
    page.get_by_role("link", name="‹ Your orders").click()
    expect(page.locator(".order-summary")).to_contain_text("Cancelled")
