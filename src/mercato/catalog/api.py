"""Public catalog reads: a product with its Buy Box and offers, and the category tree."""
from __future__ import annotations

from datetime import date

from django.http import HttpRequest
from ninja import Field, Path, Query, Router, Schema

from mercato.api.errors import error_responses
from mercato.api.schemas import (
    MARKETPLACE_CODE,
    PRODUCT_ID,
    MarketplaceOut,
    SellerOut,
    marketplace_out,
    optional,
    seller_out,
)
from mercato.api.selectors import open_marketplace, product_page
from mercato.catalog.selectors import CategoryNode, category_tree
from mercato.core.errors import NotFound
from mercato.offers.models import Condition, FulfillmentChannel
from mercato.offers.selectors import OfferView

router = Router(tags=["Catalog"])


class MarketplaceQuery(Schema):
    marketplace: str = optional(max_length=8, pattern=MARKETPLACE_CODE, description="Marketplace code, e.g. `gb`; "
                                                                   "default: the platform's default marketplace")


class BrandOut(Schema):
    name: str
    slug: str


class CategoryRefOut(Schema):
    slug: str
    name: str
    path: str = Field(description="Slugs from the root, e.g. `home/kitchen`; use it as `category=` in search")


class DimensionsOut(Schema):
    length_mm: int | None
    width_mm: int | None
    height_mm: int | None
    weight_grams: int | None


class AttributeOut(Schema):
    name: str
    value: str = Field(description="The value as shown to shoppers, with its unit")


class OfferOut(Schema):
    id: int
    seller: SellerOut
    condition: Condition
    condition_note: str
    price_minor: int = Field(description="Item price in minor units of `currency` (pence for GBP)")
    shipping_minor: int = Field(description="Delivery charge in minor units")
    landed_price_minor: int = Field(description="price_minor + shipping_minor: what the shopper pays per item")
    currency: str
    fulfillment_channel: FulfillmentChannel
    delivery_days: int = Field(description="Working days from order to delivery")
    delivery_date: date = Field(description="Estimated delivery date for an order placed today")
    is_featured: bool = Field(description="True for the Buy Box offer")


class ProductOut(Schema):
    public_id: str = Field(description="Platform-wide product id")
    title: str
    description: str
    brand: BrandOut | None
    category: CategoryRefOut
    category_trail: list[CategoryRefOut] = Field(description="From the top-level category down to `category`")
    gtin: str | None = Field(description="GTIN-8/13/14 (EAN, UPC as EAN-13)")
    attributes: list[AttributeOut]
    dimensions: DimensionsOut
    marketplace: MarketplaceOut
    buy_box: OfferOut | None = Field(description="The offer bought with one click; null if nothing is buyable")
    buy_box_reason: str = Field(description="Why the Buy Box offer won, or why there is none")
    other_offers: list[OfferOut] = Field(description="Every other buyable offer, lowest landed price first")


class CategoryOut(Schema):
    slug: str
    name: str
    path: str
    children: list[CategoryOut]


CategoryOut.model_rebuild()


@router.get("/products/{public_id}", response={200: ProductOut, **error_responses(404, 422)},
            operation_id="getProduct", summary="A product with its Buy Box and offers")
def get_product(request: HttpRequest,
                query: Query[MarketplaceQuery],
                public_id: str = Path(..., max_length=12, pattern=PRODUCT_ID,
                                      description="Platform-wide product id, e.g. M4K2Q9XTB7")):
    """The product, the offer in the Buy Box and every other buyable offer in one marketplace.
    Unknown product or marketplace: 404 naming `public_id` or `marketplace`."""
    marketplace = open_marketplace(query.marketplace)
    if marketplace is None:
        raise NotFound("no such marketplace", field="marketplace")
    page = product_page(public_id, marketplace)
    if page is None:
        raise NotFound("no such product", field="public_id")
    product = page.product
    offers = page.offers
    return {
        "public_id": product.public_id,
        "title": product.title,
        "description": product.description,
        "brand": {"name": product.brand.name, "slug": product.brand.slug} if product.brand else None,
        "category": _category_ref(page.category_trail[-1]) if page.category_trail else {
            "slug": product.category.slug, "name": product.category.name, "path": product.category.path},
        "category_trail": [_category_ref(node) for node in page.category_trail],
        "gtin": product.gtin,
        "attributes": [{"name": name, "value": value} for name, value in page.attributes],
        "dimensions": {"length_mm": product.length_mm, "width_mm": product.width_mm,
                       "height_mm": product.height_mm, "weight_grams": product.weight_grams},
        "marketplace": marketplace_out(marketplace),
        "buy_box": _offer_out(offers.featured) if offers.featured else None,
        "buy_box_reason": offers.reason,
        "other_offers": [_offer_out(view) for view in offers.others],
    }


@router.get("/categories", response={200: list[CategoryOut]}, operation_id="listCategories",
            summary="The category tree")
def list_categories(request: HttpRequest):
    """Top-level categories, each with its sub-categories. Search takes a category's `path`."""
    return [_category_tree_out(node) for node in category_tree()]


def _category_ref(node: CategoryNode) -> dict:
    return {"slug": node.slug, "name": node.name, "path": node.path}


def _category_tree_out(node: CategoryNode) -> dict:
    return {**_category_ref(node), "children": [_category_tree_out(child) for child in node.children]}


def _offer_out(view: OfferView) -> dict:
    offer = view.offer
    return {
        "id": offer.id,
        "seller": seller_out(offer.seller),
        "condition": offer.condition,
        "condition_note": offer.condition_note,
        "price_minor": offer.price_minor,
        "shipping_minor": offer.shipping_minor,
        "landed_price_minor": view.landed_price_minor,
        "currency": offer.currency,
        "fulfillment_channel": offer.fulfillment_channel,
        "delivery_days": view.delivery_days,
        "delivery_date": view.delivery_date,
        "is_featured": view.is_featured,
    }
