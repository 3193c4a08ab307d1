"""A shopper types into the search box, sees suggestions under it, and reaches one with the keyboard."""
import re

import pytest
from playwright.sync_api import expect

from mercato.search.services import rebuild_index
from mercato.search.suggest_selectors import forget_suggestions
from tests.factories import make_offer, make_product, make_seller

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_shopper_picks_a_product_from_the_suggestions_with_the_keyboard(page, marketplace):
    seller = make_seller()
    for title, units in (("Brass desk lamp", 5), ("Desk lamp with clamp", 40), ("Desktop computer", 90)):
        product = make_product(title)
        product.units_sold = units
        product.save(update_fields=["units_sold"])
        make_offer(seller=seller, product=product, marketplace=marketplace)
    rebuild_index()
    forget_suggestions()

    page.goto("/")
    page.locator("#site-search").press_sequentially("desk l", delay=30)
    suggestions = page.get_by_role("listbox", name="Suggestions")
    expect(suggestions).to_be_visible()
    expect(suggestions.get_by_role("link")).to_have_count(2)
    expect(suggestions.get_by_role("link").first).to_contain_text("Desk lamp with clamp")

    page.keyboard.press("Tab")
    expect(suggestions.get_by_role("link").first).to_be_focused()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/p/\w+/desk-lamp-with-clamp/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Desk lamp with clamp")


def test_without_javascript_the_box_still_searches(chromium_browser, live_server, marketplace):
    make_offer(seller=make_seller(), product=make_product("Brass desk lamp"), marketplace=marketplace)
    rebuild_index()
    context = chromium_browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto("/")
        page.locator("#site-search").fill("desk lamp")
        page.locator("#site-search").press("Enter")
        expect(page).to_have_url(re.compile(r"/search\?q=desk\+lamp"))
        expect(page.locator(".product-card")).to_contain_text("Brass desk lamp")
    finally:
        context.close()
