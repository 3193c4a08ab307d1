"""Loading the opt-in second demo catalogue: Amazon US products (ESCI) in the marketplace Mercato US.

`mercato load-demo --catalog esci`. Works on an empty database and next to the UK demo; it loads
once (products are keyed by their ASIN, kept in `attributes["asin"]`).
"""
from __future__ import annotations

import random
from pathlib import Path

from django.db import transaction
from django.utils.text import slugify

from mercato.catalog.models import Attribute, Brand, Category, Product
from mercato.catalog.selectors import forget_cached_category_tree
from mercato.demo.esci_catalog import CatalogEntry, category_tree, read_catalog
from mercato.demo.load import (
    LoadSummary,
    bulk_create,
    competing_offers,
    create_third_party_sellers,
    demo_people,
    ensure_attributes,
    ensure_fee_rules,
    ensure_marketplace,
    first_party_seller,
    refresh_all_buyboxes,
    unique_public_id,
)
from mercato.inventory.services import book_first_party_opening_stock
from mercato.offers.models import Offer

ESCI_CATALOG = Path(__file__).parent / "data" / "esci_catalog.jsonl.gz"
MARKETPLACE = "us"
# US referral fees: 15 % with a 30-cent minimum, as the UK demo's default rule.
US_FEE_RULES = {None: (1500, 30, 0)}
# Departments come after the UK demo's (0-99) and the benchmark catalogue's (100-199) in menus.
DEPARTMENT_POSITION_BASE = 200
COMPETITION_SHARE = 0.35


def esci_is_loaded() -> bool:
    return Product.objects.filter(attributes__has_key="asin").exists()


def ensure_asin_attribute() -> None:
    Attribute.objects.get_or_create(code="asin", defaults={"name": "ASIN", "is_facet": False, "position": 90})


@transaction.atomic
def load_esci_demo(*, seed: int = 7, third_party_sellers: int = 24, product_limit: int | None = None) -> LoadSummary:
    """Mercato US: the ESCI products sold by Mercato Retail at about 60 % cost, competing third-party
    offers on a share of them, a default fee rule and the demo log-ins. Does nothing once loaded.
    Tests pass `product_limit` to load the first products only."""
    if esci_is_loaded():
        return LoadSummary(0, 0, 0)
    marketplace = ensure_marketplace(MARKETPLACE)
    ensure_attributes()
    ensure_asin_attribute()
    entries = read_catalog(ESCI_CATALOG)[:product_limit]
    categories = _categories(entries)
    brands = _brands(entries)
    public_ids: set[str] = set(Product.objects.values_list("public_id", flat=True))
    listed_before = Product.objects.order_by("-id").values_list("id", flat=True).first() or 0
    price_by_public_id: dict[str, int] = {}

    def products():
        for entry in entries:
            # The same ASIN gets the same platform id in every installation.
            public_id = unique_public_id(random.Random(f"esci:{entry.asin}"), public_ids)
            price_by_public_id[public_id] = entry.price_minor
            yield Product(public_id=public_id, title=entry.title, description=entry.description,
                          category=categories[entry.category_path], brand=brands.get(entry.brand),
                          attributes=entry.attributes, units_sold=entry.rating_count or 0)

    product_count = bulk_create(Product, products())
    retail = first_party_seller()
    third_party = create_third_party_sellers(third_party_sellers, seed=seed)
    rows = ((pid, public_id, price_by_public_id[public_id])
            for pid, public_id in Product.objects.filter(id__gt=listed_before).order_by("id")
            .values_list("id", "public_id").iterator())
    offer_count = bulk_create(Offer, competing_offers(rows, marketplace, retail, third_party,
                                                      share=COMPETITION_SHARE, rng=random.Random(f"esci:{seed}")))
    ensure_fee_rules(marketplace, US_FEE_RULES)
    book_first_party_opening_stock(currency=marketplace.currency)
    demo_people(third_party[0][0])
    refresh_all_buyboxes(marketplace, after_product_id=listed_before)
    forget_cached_category_tree()
    return LoadSummary(product_count, offer_count, 1 + len(third_party))


def _categories(entries: list[CatalogEntry]) -> dict[tuple[str, ...], Category]:
    """The entries' category tree under its own departments, reusing categories that already exist."""
    nodes = category_tree(entries)
    paths = ["/".join(node.path) for node in nodes]
    existing = {category.path: category for category in Category.objects.filter(path__in=paths)}
    by_path: dict[tuple[str, ...], Category] = {}
    for node, path in zip(nodes, paths):
        category = existing.get(path)
        if category is None:
            parent = by_path[node.parent_path] if node.parent_path else None
            position = node.position + (DEPARTMENT_POSITION_BASE if parent is None else 0)
            category = Category(parent=parent, slug=node.path[-1], name=node.name, position=position)
            category.save()
        by_path[node.path] = category
    return by_path


def _brands(entries: list[CatalogEntry]) -> dict[str, Brand]:
    """Brand by name; a brand whose name or slug is already taken (another spelling) is reused."""
    names = sorted({entry.brand for entry in entries if entry.brand})
    slugs = {name: slugify(name)[:120] or f"brand-{index}" for index, name in enumerate(names)}
    by_name = {brand.name: brand for brand in Brand.objects.filter(name__in=names)}
    by_slug = {brand.slug: brand for brand in Brand.objects.filter(slug__in=slugs.values())}
    brands = {}
    for name in names:
        brand = by_name.get(name) or by_slug.get(slugs[name])
        if brand is None:
            brand = by_slug[slugs[name]] = Brand.objects.create(name=name, slug=slugs[name])
        brands[name] = brand
    return brands
