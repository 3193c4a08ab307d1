"""Reads that only Seller Central's pages need (candidates to move into catalog/ and offers/ selectors)."""
from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q

from mercato.catalog.gtin import is_valid_gtin, normalise_gtin
from mercato.catalog.models import Product
from mercato.marketplaces.models import Marketplace
from mercato.offers.models import BuyBox, Offer
from mercato.search.selectors import search_products
from mercato.sellers.models import Seller

PRODUCT_LOOKUP_LIMIT = 20


@dataclass(frozen=True)
class ProductLookup:
    exact: Product | None  # the text was this product's GTIN or platform id
    products: list[Product]  # otherwise: products whose title matches, best first


def find_products_to_list(*, text: str, marketplace: Marketplace | None,
                          limit: int = PRODUCT_LOOKUP_LIMIT) -> ProductLookup:
    """Products a seller may want to offer, for the "List a product" search.

    An exact GTIN or platform id wins outright. Otherwise the search index (ranked, but it only holds
    products that are on sale in `marketplace`) comes first, then a title match in the database, which
    also finds products nobody sells yet."""
    text = text.strip()
    if not text:
        return ProductLookup(None, [])
    exact = product_by_code(text)
    if exact is not None:
        return ProductLookup(exact, [])
    found: dict[int, Product] = {}
    if marketplace is not None:
        page = search_products(marketplace=marketplace, text=text, page_size=limit, with_facets=False)
        found.update((card.product.id, card.product) for card in page.cards)
    if len(found) < limit:
        for product in (Product.objects.select_related("brand", "category").filter(title__icontains=text)
                        .exclude(id__in=list(found)).order_by("id")[:limit - len(found)]):
            found[product.id] = product
    return ProductLookup(None, list(found.values()))


def product_by_code(text: str) -> Product | None:
    """The product whose GTIN (however typed) or platform id is `text`."""
    text = text.strip()
    gtin = normalise_gtin(text)
    if is_valid_gtin(gtin):
        product = Product.objects.select_related("brand", "category").filter(gtin=gtin).first()
        if product is not None:
            return product
    if text.isalnum() and len(text) <= 12:
        return Product.objects.select_related("brand", "category").filter(public_id=text.upper()).first()
    return None


@dataclass(frozen=True)
class OfferCounts:
    active: int
    paused: int
    out_of_stock: int  # active offers with no units left
    with_buybox: int

    @property
    def without_buybox(self) -> int:
        return self.active - self.with_buybox


def seller_offer_counts(seller: Seller) -> OfferCounts:
    """The dashboard's numbers in one aggregate query, however many offers the seller has."""
    holds_buybox = Exists(BuyBox.objects.filter(offer_id=OuterRef("pk")))
    active = Q(status=Offer.Status.ACTIVE)
    counts = Offer.objects.filter(seller=seller).aggregate(
        active=Count("id", filter=active),
        paused=Count("id", filter=Q(status=Offer.Status.PAUSED)),
        out_of_stock=Count("id", filter=active & Q(quantity=0)),
        with_buybox=Count("id", filter=active & Q(holds_buybox)),
    )
    return OfferCounts(**counts)
