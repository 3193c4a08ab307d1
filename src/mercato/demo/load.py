"""Loading the demo marketplace and generated benchmark catalogues into the database.

Bulk inserts for speed (thousands to a million rows), then the Buy Boxes and the search index
are computed by the same code paths the live site uses.
"""
from __future__ import annotations

import random
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime, timezone as dt_timezone
from pathlib import Path

from django.db import transaction
from django.utils.text import slugify

from mercato.catalog.models import Attribute, Brand, Category, Product
from mercato.catalog.selectors import forget_cached_category_tree
from mercato.checkout.deal_demo import ensure_demo_event
from mercato.core.ids import new_public_id
from mercato.customers.models import Address, User
from mercato.customers.services import add_payment_card
from mercato.demo import sellers as seller_profiles
from mercato.demo import synthetic
from mercato.demo.behaviour import simulate_shopper_behaviour
from mercato.demo.history import load_purchase_history
from mercato.recommendations.services import compute_recommendations
from mercato.search.signals import compute_search_signals
from mercato.demo.network import ensure_demo_network
from mercato.demo.uci_catalog import category_tree as uci_category_tree
from mercato.demo.uci_catalog import read_catalog
from mercato.inventory.services import book_first_party_opening_stock
from mercato.marketplaces.models import FeeRule, Marketplace
from mercato.marketplaces.selectors import forget_cached_marketplaces
from mercato.membership.demo import ensure_demo_plan
from mercato.offers.models import Condition, Offer
from mercato.offers.services import refresh_buyboxes
from mercato.orders.placement import PurchaseItem, place_order
from mercato.orders.services import confirm_shipment
from mercato.payments.testgateway import APPROVE as DEMO_CARD
from mercato.sellers.models import Seller, SellerMember

UCI_CATALOG = Path(__file__).parent / "data" / "uci_catalog.csv.gz"
DEMO_PASSWORD = "mercato-demo"
DEMO_LOGINS = {
    "shopper": "shopper@example.com",
    "seller": "seller@example.com",
    "operator": "operator@example.com",
}
BATCH = 5_000


@dataclass(frozen=True)
class LoadSummary:
    products: int
    offers: int
    sellers: int


# The demo's marketplaces: the UK one (the UCI catalogue) and the US one (the ESCI catalogue, opt-in).
DEMO_MARKETPLACES = {
    "gb": {"name": "Mercato UK", "currency": "GBP", "language": "en-GB", "country_code": "GB", "vat_rate_bp": 2000},
    "us": {"name": "Mercato US", "currency": "USD", "language": "en-US", "country_code": "US", "vat_rate_bp": 0},
}


def demo_is_loaded() -> bool:
    """Whether the UK demo (or any catalogue but the opt-in ESCI one, whose products carry an ASIN) is loaded."""
    return Product.objects.exclude(attributes__has_key="asin").exists()


def ensure_marketplace(code="gb") -> Marketplace:
    marketplace, _ = Marketplace.objects.get_or_create(code=code, defaults=DEMO_MARKETPLACES[code])
    forget_cached_marketplaces()
    return marketplace


def ensure_attributes() -> None:
    for position, (code, name) in enumerate((("colour", "Colour"), ("material", "Material"), ("size", "Size"))):
        Attribute.objects.get_or_create(code=code, defaults={"name": name, "is_facet": True, "position": position})


def first_party_seller() -> Seller:
    seller, _ = Seller.objects.get_or_create(
        kind=Seller.Kind.FIRST_PARTY,
        defaults=dict(display_name="Mercato Retail", slug="mercato-retail", status=Seller.Status.ACTIVE,
                      legal_name="Mercato Retail Ltd", company_number="00000001", contact_email="retail@example.com",
                      address_line1="1 Fulfilment Way", city="Coventry", postal_code="CV1 2GT", country_code="GB",
                      performance_score=0.97, rating_percent=96, rating_count=184_022))
    return seller


def create_third_party_sellers(count: int, *, seed: int) -> list[tuple[Seller, seller_profiles.SellerProfile]]:
    created = []
    for profile in seller_profiles.seller_profiles(count, seed=seed):
        seller, _ = Seller.objects.get_or_create(
            display_name=profile.display_name,
            defaults=dict(slug=slugify(profile.display_name), status=Seller.Status.ACTIVE,
                          legal_name=profile.legal_name, company_number=profile.company_number,
                          vat_number=profile.vat_number, contact_email=profile.contact_email, phone=profile.phone,
                          address_line1=profile.address_line1, city=profile.city, postal_code=profile.postal_code,
                          country_code="GB", performance_score=profile.performance_score,
                          rating_percent=profile.rating_percent, rating_count=profile.rating_count))
        created.append((seller, profile))
    return created


def bulk_create(model, rows: Iterable) -> int:
    total, batch = 0, []
    for row in rows:
        batch.append(row)
        if len(batch) >= BATCH:
            model.objects.bulk_create(batch)
            total, batch = total + len(batch), []
    if batch:
        model.objects.bulk_create(batch)
        total += len(batch)
    return total


def competing_offers(products: Iterator[tuple[int, str, int]], marketplace: Marketplace, retail: Seller,
                     third_party: list[tuple[Seller, seller_profiles.SellerProfile]], *, share: float,
                     rng: random.Random) -> Iterator[Offer]:
    """The retail arm's offer on every product, and 1-4 third-party offers on `share` of them."""
    for product_id, public_id, price_minor in products:
        yield Offer(seller=retail, product_id=product_id, marketplace=marketplace, seller_sku=f"MR-{public_id}",
                    currency=marketplace.currency, price_minor=price_minor,
                    unit_cost_minor=max(1, price_minor * FIRST_PARTY_COST_SHARE_PERCENT // 100),
                    shipping_minor=0 if price_minor >= 2000 else 299,
                    quantity=0 if rng.random() < 0.03 else rng.randint(5, 400), handling_days=1)
        if rng.random() >= share:
            continue
        for seller, profile in rng.sample(third_party, k=min(len(third_party), rng.choice((1, 1, 2, 2, 3, 4)))):
            condition = Condition.NEW if rng.random() > 0.12 else rng.choice(Condition.values[1:])
            discount = 1.0 if condition == Condition.NEW else rng.uniform(0.6, 0.85)
            price = max(1, round(price_minor * profile.price_factor * discount * rng.uniform(0.95, 1.05)))
            if price > 100:
                price = price // 10 * 10 + 9  # shop prices end in 9
            yield Offer(seller=seller, product_id=product_id, marketplace=marketplace,
                        seller_sku=f"{seller.slug[:6].upper()}-{public_id}-{condition[:6]}", condition=condition,
                        condition_note="Inspected and working; light signs of use." if condition != "new" else "",
                        currency=marketplace.currency, price_minor=price,
                        shipping_minor=0 if rng.random() < profile.free_shipping_share else rng.choice((199, 249, 299, 399)),
                        quantity=rng.randint(0, 60) if rng.random() < 0.1 else rng.randint(1, 60),
                        handling_days=max(0, profile.typical_handling_days + rng.choice((0, 0, 1))))


# Demo fee schedule: referral fee percentages and minimums per top-level category, as large
# marketplaces publish them; a closing fee on seasonal goods.
DEMO_FEE_RULES = {
    None: (1500, 30, 0),
    "kitchen-dining": (1200, 30, 0),
    "jewellery-accessories": (2000, 30, 0),
    "stationery-gift-wrap": (1500, 30, 0),
    "christmas-seasonal": (1500, 30, 25),
}
# The retail arm buys its stock at about 60 % of its shelf price.
FIRST_PARTY_COST_SHARE_PERCENT = 60


def ensure_fee_rules(marketplace: Marketplace, rules=DEMO_FEE_RULES) -> None:
    """`rules`: top-level category slug (None: the default) -> (rate_bp, minimum_minor, closing_minor)."""
    for slug, (rate_bp, minimum_minor, closing_minor) in rules.items():
        category = Category.objects.filter(slug=slug, parent__isnull=True).first() if slug else None
        if slug and category is None:
            continue
        FeeRule.objects.get_or_create(marketplace=marketplace, category=category, defaults={
            "referral_rate_bp": rate_bp, "minimum_referral_minor": minimum_minor, "closing_fee_minor": closing_minor})


def refresh_all_buyboxes(marketplace: Marketplace, *, after_product_id: int = 0) -> None:
    """Compute the Buy Box in `marketplace` of every product (with an id above `after_product_id`)."""
    last_id = after_product_id
    while True:
        ids = list(Product.objects.filter(id__gt=last_id).order_by("id").values_list("id", flat=True)[:1000])
        if not ids:
            return
        refresh_buyboxes([(pid, marketplace.id) for pid in ids], queue_reindex=False)
        last_id = ids[-1]


def _demo_orders(marketplace: Marketplace, seller: Seller) -> None:
    """Two orders from the demo shopper to the demo seller: one to ship, one already on its way."""
    shopper = User.objects.get(email=DEMO_LOGINS["shopper"])
    if shopper.orders.exists():
        return
    offers = list(Offer.objects.filter(seller=seller, marketplace=marketplace, quantity__gte=2,
                                       status=Offer.Status.ACTIVE).order_by("id")[:2])
    address, card = shopper.addresses.get(is_default=True), shopper.payment_methods.get(is_default=True)
    for number, offer in enumerate(offers):
        order = place_order(customer=shopper, marketplace=marketplace, items=[PurchaseItem(offer.id, 1)],
                            address=address, payment_method=card, idempotency_key=f"demo-order-{number}")
        if number == 1:
            seller_order = order.seller_orders.get()
            confirm_shipment(seller=seller, seller_order_id=seller_order.public_id, carrier="Royal Mail",
                             tracking_number="RM204815926GB")


@transaction.atomic
def load_demo(*, seed: int = 7, third_party_sellers: int = 24, product_limit: int | None = None) -> LoadSummary:
    """The demo marketplace: the UCI retailer's real catalogue sold by Mercato Retail, competing
    third-party offers, demo log-ins, one seller waiting for approval and one suspended.
    Tests pass `product_limit` to load the first products only."""
    rng = random.Random(seed)
    marketplace = ensure_marketplace()
    ensure_attributes()
    categories = _uci_categories()
    entries = read_catalog(UCI_CATALOG)[:product_limit]
    brands = {name: Brand.objects.get_or_create(name=name, defaults={"slug": slugify(name)})[0]
              for name in sorted({e.brand for e in entries if e.brand})}
    public_ids: set[str] = set(Product.objects.values_list("public_id", flat=True))

    def products():
        for entry in entries:
            yield Product(public_id=unique_public_id(rng, public_ids), title=entry.title,
                          description=entry.description, category=categories[entry.category_slug],
                          brand=brands.get(entry.brand), gtin=entry.gtin, attributes=entry.attributes,
                          length_mm=entry.length_mm, width_mm=entry.width_mm, height_mm=entry.height_mm,
                          weight_grams=entry.weight_grams, units_sold=entry.units_sold)

    product_count = bulk_create(Product, products())
    retail = first_party_seller()
    third_party = create_third_party_sellers(third_party_sellers, seed=seed)
    price_by_gtin = {e.gtin: e.price_minor for e in entries}
    rows = ((pid, public_id, price_by_gtin[gtin])
            for pid, public_id, gtin in Product.objects.filter(gtin__in=price_by_gtin).order_by("id")
            .values_list("id", "public_id", "gtin").iterator())
    offer_count = bulk_create(Offer, competing_offers(rows, marketplace, retail, third_party, share=0.35, rng=rng))
    ensure_fee_rules(marketplace)
    ensure_demo_plan(marketplace)
    book_first_party_opening_stock(currency=marketplace.currency)
    demo_people(third_party[0][0])
    ensure_demo_network(marketplace, keep_merchant=third_party[0][0], seed=seed)
    load_purchase_history(marketplace, {e.stock_code: e.gtin for e in entries})
    refresh_all_buyboxes(marketplace)
    _demo_orders(marketplace, third_party[0][0])
    ensure_demo_event(marketplace)
    simulate_shopper_behaviour(marketplace, seed=seed)
    compute_recommendations(marketplace=marketplace)
    compute_search_signals(marketplace=marketplace)
    forget_cached_category_tree()
    return LoadSummary(product_count, offer_count, 1 + len(third_party))


def unique_public_id(rng: random.Random, taken: set[str]) -> str:
    while True:
        public_id = new_public_id("M", rng=rng)
        if public_id not in taken:
            taken.add(public_id)
            return public_id


def _uci_categories() -> dict[str, Category]:
    by_slug: dict[str, Category] = {}
    for position, node in enumerate(uci_category_tree()):
        parent = by_slug[node.parent_slug] if node.parent_slug else None
        by_slug[node.slug], _ = Category.objects.get_or_create(
            parent=parent, slug=node.slug, defaults={"name": node.name, "position": position})
    return by_slug


def demo_people(seller: Seller) -> None:
    def user(role, **extra):
        account = User.objects.filter(email=DEMO_LOGINS[role]).first()
        return account or User.objects.create_user(DEMO_LOGINS[role], DEMO_PASSWORD, **extra)

    shopper = user("shopper", full_name="Sam Shopper")
    if not shopper.addresses.exists():
        Address.objects.create(user=shopper, full_name="Sam Shopper", line1="221B Baker Street", city="London",
                               postal_code="NW1 6XE", country_code="GB", is_default=True)
    if not shopper.payment_methods.exists():
        add_payment_card(user=shopper, card_number=DEMO_CARD, exp_month=12, exp_year=2034, cvc="123")
    SellerMember.objects.get_or_create(user=user("seller", full_name="Sally Seller"), defaults={"seller": seller})
    user("operator", full_name="Olive Operator", is_staff=True, is_superuser=True)
    Seller.objects.get_or_create(
        display_name="Brightwater Outdoor", defaults=dict(
            slug="brightwater-outdoor", status=Seller.Status.PENDING, legal_name="Brightwater Outdoor Ltd",
            company_number="13579246", contact_email="hello@brightwater.example", address_line1="4 Quay Street",
            city="Plymouth", postal_code="PL1 2LR", country_code="GB"))
    Seller.objects.get_or_create(
        display_name="Bargain Bucket Direct", defaults=dict(
            slug="bargain-bucket-direct", status=Seller.Status.SUSPENDED, legal_name="Bargain Bucket Direct Ltd",
            company_number="24681357", contact_email="ops@bargainbucket.example", address_line1="9 Dock Road",
            city="Hull", postal_code="HU1 1AA", country_code="GB", performance_score=0.31,
            status_reason="Order defect rate above 1% for three months"))


@transaction.atomic
def generate_catalog(*, products: int, seed: int = 1, third_party_sellers: int = 50,
                     competition_share: float = 0.3) -> LoadSummary:
    """Append `products` synthetic products with offers (for benchmarks), deterministically from `seed`."""
    rng = random.Random(seed)
    marketplace = ensure_marketplace()
    ensure_attributes()
    categories = _synthetic_categories()
    public_ids: set[str] = set(Product.objects.values_list("public_id", flat=True))
    brand_ids: dict[str, int] = dict(Brand.objects.values_list("name", "id"))
    listed_before = Product.objects.order_by("-id").values_list("id", flat=True).first() or 0
    listed_at = datetime(2026, 1, 1, tzinfo=dt_timezone.utc)

    def rows():
        for item in synthetic.synthetic_products(products, seed=seed):
            if item.brand not in brand_ids:
                brand_ids[item.brand] = Brand.objects.get_or_create(
                    name=item.brand, defaults={"slug": slugify(item.brand)})[0].id
            yield Product(public_id=unique_public_id(rng, public_ids), title=item.title,
                          description=item.description, category=categories[item.subcategory],
                          brand_id=brand_ids[item.brand],
                          attributes={"colour": item.colour, "material": item.material},
                          weight_grams=item.weight_grams, units_sold=item.units_sold, created_at=listed_at)

    product_count = bulk_create(Product, rows())
    retail = first_party_seller()
    third_party = create_third_party_sellers(third_party_sellers, seed=seed)
    prices = {item.sequence: item.price_minor for item in synthetic.synthetic_products(products, seed=seed)}
    new_products = (Product.objects.filter(id__gt=listed_before).order_by("id").values_list("id", "public_id")
                    .iterator(chunk_size=BATCH))
    offer_rows = ((pid, public_id, prices[sequence]) for sequence, (pid, public_id) in enumerate(new_products))
    offer_count = bulk_create(Offer, competing_offers(offer_rows, marketplace, retail, third_party,
                                                      share=competition_share, rng=rng))
    refresh_all_buyboxes(marketplace)
    forget_cached_category_tree()
    return LoadSummary(product_count, offer_count, 1 + len(third_party))


def _synthetic_categories() -> dict[str, Category]:
    leaves = {}
    for position, department in enumerate(synthetic.DEPARTMENTS):
        parent, _ = Category.objects.get_or_create(parent=None, slug=slugify(department),
                                                   defaults={"name": department, "position": 100 + position})
        for sub_position, name in enumerate(synthetic.subcategories(department)):
            leaves[name], _ = Category.objects.get_or_create(parent=parent, slug=slugify(name),
                                                             defaults={"name": name, "position": sub_position})
    return leaves
