"""Small factories that arrange the world for a test through the real services."""
from __future__ import annotations

import itertools

from mercato.catalog.models import Attribute, Category
from mercato.catalog.services import create_product
from mercato.customers.models import User
from mercato.marketplaces.models import Marketplace
from mercato.offers.models import Offer
from mercato.offers.services import OfferTerms, create_offer
from mercato.sellers.models import Seller
from mercato.sellers.services import approve_seller, register_seller

_sequence = itertools.count(1)


def make_marketplace(code="gb", *, currency="GBP", name=None, language="en-GB", country_code="GB") -> Marketplace:
    marketplace, _ = Marketplace.objects.get_or_create(
        code=code, defaults={"name": name or f"Mercato {code.upper()}", "currency": currency, "language": language,
                             "country_code": country_code})
    return marketplace


def make_user(email=None, *, password="correct-horse-battery", **extra) -> User:
    return User.objects.create_user(email or f"user{next(_sequence)}@example.com", password, **extra)


def make_operator(email=None, *, password="correct-horse-battery") -> User:
    return make_user(email or f"operator{next(_sequence)}@example.com", password=password, is_staff=True)


def business_details(name: str) -> dict:
    return {"display_name": name, "legal_name": f"{name} Ltd", "company_number": f"0{next(_sequence):07d}",
            "contact_email": "sales@example.com", "address_line1": "1 High Street", "city": "Leeds",
            "postal_code": "LS1 1AA", "country_code": "GB"}


def make_seller(name=None, *, active=True, performance_score=0.9, user=None,
                kind=Seller.Kind.THIRD_PARTY) -> Seller:
    name = name or f"Seller {next(_sequence)}"
    seller = register_seller(user=user or make_user(), details=business_details(name), kind=kind)
    if performance_score != seller.performance_score:
        Seller.objects.filter(pk=seller.pk).update(performance_score=performance_score)
        seller.refresh_from_db()
    if active:
        seller = approve_seller(seller=seller, operator=None)
    return seller


def make_category(path="home/kitchen", name=None) -> Category:
    parent = None
    slugs = path.split("/")
    for depth, slug in enumerate(slugs):
        is_leaf = depth == len(slugs) - 1
        parent, _ = Category.objects.get_or_create(
            parent=parent, slug=slug,
            defaults={"name": (name if is_leaf and name else slug.replace("-", " ").title())})
    return parent


def make_attribute(code="colour", name=None, value_type=Attribute.ValueType.TEXT, unit="", is_facet=True) -> Attribute:
    attribute, _ = Attribute.objects.get_or_create(
        code=code, defaults={"name": name or code.title(), "value_type": value_type, "unit": unit, "is_facet": is_facet})
    return attribute


def make_product(title=None, *, category=None, brand="", gtin=None, attributes=None, description=""):
    if attributes:
        for code in attributes:
            make_attribute(code)
    return create_product(title=title or f"Product {next(_sequence)}", category=category or make_category(),
                          brand_name=brand, gtin=gtin, attributes=attributes, description=description)


def make_offer(*, seller=None, product=None, marketplace=None, price_minor=1000, quantity=5, shipping_minor=0,
               handling_days=1, condition="new", seller_sku=None) -> Offer:
    return create_offer(seller=seller or make_seller(), product=product or make_product(),
                        marketplace=marketplace or make_marketplace(), condition=condition, seller_sku=seller_sku,
                        terms=OfferTerms(price_minor=price_minor, quantity=quantity, shipping_minor=shipping_minor,
                                         handling_days=handling_days))


APPROVED_CARD = "4242424242424242"


def make_shopper(email=None, *, card_number=APPROVED_CARD, address=True):
    """A shopper with a default address and a default card, ready to buy."""
    from mercato.customers.services import add_address, add_payment_card

    user = make_user(email)
    if address:
        add_address(user=user, details={"full_name": "Ada Shopper", "line1": "2 Market Street", "city": "York",
                                        "postal_code": "YO1 7HH", "country_code": "GB", "phone": "+44 1904 000000"})
    if card_number:
        add_payment_card(user=user, card_number=card_number, exp_month=12, exp_year=2040, cvc="123")
    return user


def make_fee_rule(marketplace=None, *, category=None, referral_rate_bp=1500, minimum_referral_minor=25,
                  closing_fee_minor=0):
    from mercato.marketplaces.models import FeeRule

    return FeeRule.objects.create(marketplace=marketplace or make_marketplace(), category=category,
                                  referral_rate_bp=referral_rate_bp, minimum_referral_minor=minimum_referral_minor,
                                  closing_fee_minor=closing_fee_minor)


def buy(shopper, *offers_and_quantities, key=None, marketplace=None, channel="checkout", expected_total_minor=None,
        delivery_options=None):
    """Place an order for (offer, quantity) pairs with the shopper's default address and card."""
    from mercato.customers.selectors import default_address, default_payment_method
    from mercato.orders.placement import PurchaseItem, place_order

    pairs = [(item, 1) if isinstance(item, Offer) else item for item in offers_and_quantities]
    return place_order(customer=shopper, marketplace=marketplace or pairs[0][0].marketplace,
                       items=[PurchaseItem(offer.id, quantity) for offer, quantity in pairs],
                       address=default_address(shopper), payment_method=default_payment_method(shopper),
                       idempotency_key=key or f"key-{next(_sequence)}", channel=channel,
                       expected_total_minor=expected_total_minor, delivery_options=delivery_options)
