"""Listing a product that is not in the catalog yet: the product and its first offer, both or neither.

This only composes two domain services inside one transaction; the rules live in
`catalog.services.create_product` and `offers.services.create_offer`. If either refuses, the
DomainError propagates and nothing is written (no product without an offer, no orphan brand)."""
from __future__ import annotations

from django.db import transaction

from mercato.catalog.services import create_product, leaf_category_by_path
from mercato.marketplaces.models import Marketplace
from mercato.offers.models import Offer
from mercato.offers.services import OfferTerms, create_offer
from mercato.sellers.models import Seller


@transaction.atomic
def list_new_product(*, seller: Seller, marketplace: Marketplace, category_path: str, product_fields: dict,
                     terms: OfferTerms, condition: str, seller_sku: str | None = None) -> Offer:
    """Add a product to the catalog on `seller`'s behalf and list `seller`'s offer for it in `marketplace`.

    `product_fields` are `create_product`'s keyword arguments other than the category and the creator."""
    product = create_product(category=leaf_category_by_path(category_path), created_by_seller=seller,
                             **product_fields)
    return create_offer(seller=seller, product=product, marketplace=marketplace, terms=terms, condition=condition,
                        seller_sku=seller_sku)
