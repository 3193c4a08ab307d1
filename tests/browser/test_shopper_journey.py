"""A shopper finds a real demo product by searching, narrows by brand, and compares its offers."""
import re

import pytest
from playwright.sync_api import expect

from mercato.demo.load import load_demo
from mercato.offers.models import BuyBox
from mercato.search.services import rebuild_index

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_shopper_searches_filters_by_brand_and_sees_buy_box_and_other_sellers(page):
    load_demo(product_limit=600)
    rebuild_index()
    # A branded demo product that several sellers compete on.
    contested = (BuyBox.objects.filter(offer_count__gte=3, offer__isnull=False, product__brand__isnull=False)
                 .select_related("product__brand", "offer__seller").order_by("product_id").first())
    product, brand = contested.product, contested.product.brand.name
    query = " ".join(product.title.split()[-2:])

    page.goto("/")
    page.locator("#site-search").fill(query)
    page.locator("#site-search").press("Enter")
    expect(page.locator(".results-header__count")).to_contain_text(f"for “{query}”")

    page.locator("#filters .facet-option", has_text=re.compile(rf"^\s*{re.escape(brand)}\s+\d")).first.click()
    expect(page.get_by_role("list", name="Active filters")).to_contain_text(brand)
    expect(page).to_have_url(re.compile(r"brand="))
    cards = page.locator(".product-card")
    expect(cards.first).to_be_visible()
    for brand_text in cards.locator(".product-card__brand").all_inner_texts():
        assert brand_text.strip() == brand

    page.get_by_role("link", name=product.title).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(product.title)
    buybox = page.locator("aside.buybox")
    expect(buybox).to_contain_text(contested.offer.seller.display_name)
    other_sellers = page.locator("#other-sellers tbody tr")
    expect(other_sellers).to_have_count(contested.offer_count - 1)
    landed_prices = [int(re.sub(r"[^\d]", "", text.split("\n")[0])) for text in
                     other_sellers.locator("td:first-child .price").all_inner_texts()]
    assert landed_prices == sorted(landed_prices)
