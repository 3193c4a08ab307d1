"""Reads the API needs that the domain selectors do not offer as one call."""
from __future__ import annotations

from dataclasses import dataclass

from mercato.catalog.models import Product
from mercato.catalog.selectors import CategoryNode, breadcrumbs, display_attributes, product_with_details
from mercato.marketplaces.models import Marketplace
from mercato.marketplaces.selectors import active_marketplaces, marketplace_for
from mercato.offers.models import Offer
from mercato.offers.selectors import ProductOffers, buybox_owner_ids, offers_for_product, seller_offers
from mercato.sellers.models import Seller


def open_marketplace(code: str | None) -> Marketplace | None:
    """The active marketplace with `code`; without a code, the default one. Unlike the storefront's
    choice, an unknown code is not quietly replaced by the default: the API reports it."""
    if not code:
        return marketplace_for(None)
    return next((m for m in active_marketplaces() if m.code == code), None)


def any_marketplace(code: str) -> Marketplace | None:
    """Any marketplace by code, closed ones too: a seller still manages offers in a closed one."""
    return Marketplace.objects.filter(code=code).first()


@dataclass(frozen=True)
class ProductPage:
    product: Product
    category_trail: list[CategoryNode]
    attributes: list[tuple[str, str]]
    offers: ProductOffers


def product_page(public_id: str, marketplace: Marketplace) -> ProductPage | None:
    """A product with its category trail, displayable attributes and buyable offers in `marketplace`."""
    product = product_with_details(public_id.strip().upper())
    if product is None:
        return None
    return ProductPage(product, breadcrumbs(product.category.path), display_attributes(product),
                       offers_for_product(product.id, marketplace))


def product_by_reference(*, public_id: str | None, gtin: str | None) -> Product | None:
    """The product a seller names by platform id, else by (normalised, valid) GTIN."""
    if public_id:
        return Product.objects.filter(public_id=public_id.strip().upper()).first()
    if gtin:
        return Product.objects.filter(gtin=gtin).first()
    return None


@dataclass(frozen=True)
class SellerOfferPage:
    offers: list[Offer]
    buybox_offer_ids: set[int]
    total: int


def seller_offer_page(seller: Seller, *, marketplace: Marketplace | None, status: str | None, page: int,
                      page_size: int) -> SellerOfferPage:
    """One page of the seller's own offers (newest change first) and which of them hold the Buy Box."""
    offers = seller_offers(seller, marketplace=marketplace, status=status)
    start = (page - 1) * page_size
    rows = list(offers[start:start + page_size])
    return SellerOfferPage(rows, buybox_owner_ids([offer.id for offer in rows]), offers.count())


def seller_offer_with_buybox(seller: Seller, offer_id: int) -> tuple[Offer, bool] | None:
    offers = list(seller_offers(seller).filter(pk=offer_id))
    if not offers:
        return None
    return offers[0], bool(buybox_owner_ids([offers[0].id]))


def holds_buybox(offer: Offer) -> bool:
    return bool(buybox_owner_ids([offer.id]))
