"""A shopper types the first letters, picks a suggestion, narrows by a colour the search recognises, buys with
Buy Now, and is shown what other buyers of that item also bought."""
import re
from datetime import date, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from mercato.orders.models import Order
from mercato.recommendations.models import PastPurchase
from mercato.recommendations.services import compute_recommendations
from mercato.search.models import SearchLog
from mercato.search.services import rebuild_index
from mercato.search.suggest_selectors import forget_suggestions
from tests.factories import make_category, make_marketplace, make_offer, make_product, make_seller, make_shopper

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EMAIL, PASSWORD = "ada@example.com", "correct-horse-battery"


def test_suggestion_recognised_colour_buy_now_and_what_buyers_also_bought(page):
    marketplace = make_marketplace()
    seller = make_seller("Kettle & Co")
    kitchen = make_category("home/kitchen", name="Kitchen")
    products = {}
    for title, colour in (("Red enamel mug", "Red"), ("Blue enamel mug", "Blue"), ("Linen tea towel", "White"),
                          ("Brass tea caddy", "Gold"), ("Wooden spoon", "Brown")):
        products[title] = make_product(title, category=kitchen, brand="Acme", attributes={"colour": colour})
        make_offer(seller=seller, product=products[title], marketplace=marketplace, price_minor=1200, quantity=20)
    # The shop's history: red mugs were bought with tea towels, blue mugs with caddies; spoons go with anything.
    rows = []
    for customer in range(12):
        partner = "Linen tea towel" if customer % 2 else "Brass tea caddy"
        mug = "Red enamel mug" if customer % 2 else "Blue enamel mug"
        rows += [PastPurchase(marketplace=marketplace, product=products[name], customer_key=str(customer),
                              order_key=str(customer), day=date(2011, 3, 1 + customer))
                 for name in (mug, partner, "Wooden spoon")]
    PastPurchase.objects.bulk_create(rows)
    compute_recommendations(marketplace=marketplace)
    for visitor in ("v1", "v2", "v3"):  # "enamel mug" is a search other shoppers made
        SearchLog.objects.create(token=f"t-{visitor}", marketplace=marketplace, query_key="enamel mug",
                                 visitor=visitor, result_count=2, searched_at=timezone.now() - timedelta(days=1))
    rebuild_index()
    forget_suggestions()
    make_shopper(EMAIL)

    page.goto("/account/login/")
    page.get_by_label("Email").fill(EMAIL)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    page.goto("/")
    page.locator("#site-search").press_sequentially("ena", delay=40)
    suggestions = page.get_by_role("listbox", name="Suggestions")
    expect(suggestions).to_be_visible()
    suggestions.get_by_role("link", name="enamel mug", exact=True).click()

    expect(page).to_have_url(re.compile(r"/search\?q=enamel\+mug"))
    cards = page.locator(".product-card")
    expect(cards).to_have_count(2)

    page.locator("#site-search").fill("red enamel mug")
    page.locator("#site-search").press("Enter")
    chips = page.get_by_role("list", name="Active filters")
    expect(chips).to_contain_text("Colour: Red")
    expect(cards).to_have_count(1)
    expect(cards.first).to_contain_text("Red enamel mug")

    cards.first.get_by_role("link", name="Red enamel mug").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Red enamel mug")
    page.get_by_role("button", name="Buy Now").click()

    expect(page).to_have_url(re.compile(r"/account/orders/\w+/$"))
    order = Order.objects.get()
    assert [line.product_id for part in order.seller_orders.all() for line in part.lines.all()] == \
        [products["Red enamel mug"].id]
    also_bought = page.locator("#order-also-bought")
    expect(also_bought).to_contain_text("Customers who bought these items also bought")
    expect(also_bought).to_contain_text("Linen tea towel")  # bought with red mugs in the history
    expect(also_bought).not_to_contain_text("Red enamel mug")

    # The removable chip: back on the search, removing the colour searches the words as typed.
    page.goto("/search?q=red+enamel+mug")
    page.get_by_role("list", name="Active filters").get_by_role("link", name=re.compile("Colour: Red")).click()
    expect(page.get_by_role("list", name="Active filters")).to_have_count(0)
    expect(page.locator(".product-card")).to_have_count(2)
