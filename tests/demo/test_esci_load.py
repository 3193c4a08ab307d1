"""`mercato load-demo --catalog esci`: Amazon US products in a second marketplace, next to the UK demo."""
import random

import pytest

from mercato.catalog.models import Attribute, Category, Product
from mercato.core import ledger
from mercato.core.ids import new_public_id
from mercato.demo.esci_catalog import read_catalog
from mercato.demo.load import demo_is_loaded, load_demo
from mercato.demo.load_esci import ESCI_CATALOG, esci_is_loaded, load_esci_demo
from mercato.marketplaces.models import FeeRule, Marketplace
from mercato.offers.models import BuyBox, Offer
from mercato.sellers.models import Seller
from tests.storefront.html import visible_text

pytestmark = pytest.mark.django_db

SLICE = 80


def esci_products():
    return Product.objects.filter(attributes__has_key="asin")


def test_esci_slice_loads_into_mercato_us_with_usd_offers_on_every_product():
    summary = load_esci_demo(product_limit=SLICE, third_party_sellers=3)

    us = Marketplace.objects.get(code="us")
    assert (us.name, us.currency, us.language, us.country_code, us.vat_rate_bp) == (
        "Mercato US", "USD", "en-US", "US", 0)
    assert summary.products == esci_products().count() == SLICE
    assert set(Offer.objects.values_list("marketplace__code", "currency").distinct()) == {("us", "USD")}
    retail = Offer.objects.filter(seller__kind=Seller.Kind.FIRST_PARTY)
    assert retail.count() == SLICE
    for offer in retail:
        assert offer.unit_cost_minor == max(1, offer.price_minor * 60 // 100)
    assert Offer.objects.filter(seller__kind=Seller.Kind.THIRD_PARTY).exists()
    assert BuyBox.objects.filter(marketplace=us, offer__isnull=False).count() > SLICE * 0.9
    rule = FeeRule.objects.get(marketplace=us, category__isnull=True)
    assert (rule.referral_rate_bp, rule.minimum_referral_minor) == (1500, 30)
    assert ledger.unbalanced_entries() == []
    assert ledger.balance(ledger.FIRST_PARTY_INVENTORY, "USD") > 0


def test_each_product_carries_its_asin_and_gets_the_same_platform_id_everywhere():
    entries = read_catalog(ESCI_CATALOG)[:SLICE]
    load_esci_demo(product_limit=SLICE, third_party_sellers=2)

    asin = Attribute.objects.get(code="asin")
    assert (asin.name, asin.is_facet) == ("ASIN", False)
    by_asin = {product.attributes["asin"]: product for product in esci_products().select_related("category")}
    assert set(by_asin) == {entry.asin for entry in entries}
    first = entries[0]
    product = by_asin[first.asin]
    assert product.public_id == new_public_id("M", rng=random.Random(f"esci:{first.asin}"))
    assert product.title == first.title
    assert product.category.path == "/".join(first.category_path)
    assert product.category.depth < 4
    retail_price = Offer.objects.get(product=product, seller__kind=Seller.Kind.FIRST_PARTY).price_minor
    assert retail_price == first.price_minor


def test_loading_twice_adds_nothing():
    load_esci_demo(product_limit=SLICE, third_party_sellers=2)
    counts = (Product.objects.count(), Offer.objects.count(), Category.objects.count(), Seller.objects.count(),
              FeeRule.objects.count(), Marketplace.objects.count())
    stock_value = ledger.balance(ledger.FIRST_PARTY_INVENTORY, "USD")

    again = load_esci_demo(product_limit=SLICE, third_party_sellers=2)

    assert esci_is_loaded() and again.products == again.offers == 0
    assert (Product.objects.count(), Offer.objects.count(), Category.objects.count(), Seller.objects.count(),
            FeeRule.objects.count(), Marketplace.objects.count()) == counts
    assert ledger.balance(ledger.FIRST_PARTY_INVENTORY, "USD") == stock_value


def test_both_catalogues_load_side_by_side_in_either_order():
    load_esci_demo(product_limit=SLICE, third_party_sellers=3)
    assert not demo_is_loaded()  # the UK demo still loads after the opt-in catalogue

    load_demo(product_limit=120, third_party_sellers=3)

    assert demo_is_loaded() and esci_is_loaded()
    assert Product.objects.count() == SLICE + 120
    assert set(Marketplace.objects.values_list("code", flat=True)) == {"gb", "us"}
    gb_products = set(Offer.objects.filter(marketplace__code="gb").values_list("product_id", flat=True))
    us_products = set(Offer.objects.filter(marketplace__code="us").values_list("product_id", flat=True))
    assert gb_products.isdisjoint(us_products)
    assert us_products == set(esci_products().values_list("id", flat=True))
    us_departments = set(Category.objects.filter(products__offers__marketplace__code="us")
                         .values_list("path", flat=True))
    gb_departments = set(Category.objects.filter(products__offers__marketplace__code="gb")
                         .values_list("path", flat=True))
    assert {path.split("/")[0] for path in us_departments}.isdisjoint({path.split("/")[0] for path in gb_departments})
    assert ledger.unbalanced_entries() == []


def test_us_storefront_shows_usd_prices_and_the_asin_while_the_uk_one_sells_none_of_it(client, reindex):
    load_demo(product_limit=60, third_party_sellers=2)
    load_esci_demo(product_limit=SLICE, third_party_sellers=2)
    reindex()
    product = esci_products().get(attributes__asin=read_catalog(ESCI_CATALOG)[2].asin)
    word = product.title.split()[0]

    uk_search = client.get("/search", {"q": word, "marketplace": "gb"})
    uk_page = client.get(f"/p/{product.public_id}/")
    us_search = client.get("/search", {"q": word, "marketplace": "us"})
    us_page = client.get(f"/p/{product.public_id}/")

    assert product.title not in visible_text(uk_search)
    assert "Currently unavailable" in visible_text(uk_page)
    assert "Add to cart" not in visible_text(uk_page)
    assert product.title in visible_text(us_search)
    text = visible_text(us_page)
    assert "Add to cart" in text
    assert "$" in text and "£" not in text
    assert f"ASIN {product.attributes['asin']}" in text
