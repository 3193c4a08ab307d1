"""Public product search with filters and drill-down facets."""
from __future__ import annotations

from typing import Annotated

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from pydantic import StringConstraints

from mercato.api.errors import error_responses
from mercato.api.schemas import (
    QueryWholeNumber,
    MARKETPLACE_CODE,
    MAX_PAGE_SIZE,
    MAX_PRICE_MINOR,
    MarketplaceOut,
    marketplace_out,
    optional,
)
from mercato.api.selectors import open_marketplace
from mercato.catalog.selectors import category_by_path
from mercato.core.errors import NotFound
from mercato.offers.models import Condition, FulfillmentChannel
from mercato.search.engine import SearchFilters, SortOrder
from mercato.search.selectors import MAX_PAGE, PAGE_SIZE, search_products

router = Router(tags=["Search"])

FacetText = Annotated[str, StringConstraints(max_length=120)]


class SearchQuery(Schema):
    q: str = Field("", max_length=200, description="Words to look for; empty to browse")
    category: str = optional(max_length=400,
                                 description="Category path from `GET /categories`, e.g. `home/kitchen`; "
                                             "includes its sub-categories")
    brand: list[FacetText] = Field([], max_length=20, description="Brand names (any of them); repeat the parameter")
    colour: list[FacetText] = Field([], max_length=20, description="Colours (any of them); repeat the parameter")
    condition: list[Condition] = Field([], description="Offer conditions (any of them)")
    fulfillment: list[FulfillmentChannel] = Field([], description="Who ships (any of them)")
    price_min: QueryWholeNumber = optional(ge=0, le=MAX_PRICE_MINOR,
                                  description="Lowest Buy Box landed price, in minor units, inclusive")
    price_max: QueryWholeNumber = optional(ge=0, le=MAX_PRICE_MINOR,
                                  description="Highest Buy Box landed price, in minor units, inclusive")
    in_stock: bool = Field(False, description="Only products someone can ship now")
    sort: SortOrder = SortOrder.RELEVANCE
    page: QueryWholeNumber = Field(1, ge=1, le=MAX_PAGE)
    page_size: QueryWholeNumber = Field(PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE)
    marketplace: str = optional(max_length=8, pattern=MARKETPLACE_CODE,
                                    description="Marketplace code; default: the platform's default marketplace")


class ListingPriceOut(Schema):
    landed_price_minor: int = Field(description="Buy Box price + shipping, in minor units of `currency`")
    currency: str
    offer_count: int = Field(description="Buyable offers for the product")
    lowest_price_minor: int | None = Field(description="Lowest landed price of any buyable offer, minor units")


class ProductSummaryOut(Schema):
    public_id: str
    title: str
    brand: str | None
    category_path: str
    gtin: str | None
    price: ListingPriceOut | None = Field(description="Null when nothing is buyable in this marketplace")


class FacetValueOut(Schema):
    value: str = Field(description="Pass it back as the filter of its group")
    count: int = Field(description="Results with this value, under every other filter")
    selected: bool


class CategoryFacetOut(Schema):
    path: str = Field(description="Pass it back as `category=`")
    name: str
    count: int
    selected: bool


class PriceBucketOut(Schema):
    min_minor: int = Field(description="Inclusive lower bound, minor units")
    max_minor: int | None = Field(description="Exclusive upper bound, minor units; null for 'and above'. "
                                              "To choose the bucket pass price_min=min_minor&price_max=max_minor-1")
    count: int
    selected: bool


class FacetsOut(Schema):
    categories: list[CategoryFacetOut] = Field(description="Sub-categories of the chosen category "
                                                           "(top-level ones without a category filter)")
    brands: list[FacetValueOut]
    colours: list[FacetValueOut]
    conditions: list[FacetValueOut]
    fulfillment_channels: list[FacetValueOut]
    prices: list[PriceBucketOut]


class SearchOut(Schema):
    marketplace: MarketplaceOut
    results: list[ProductSummaryOut]
    total: int = Field(description="Products matching the search and every filter")
    page: int
    page_size: int
    page_count: int
    matched_all_terms: bool = Field(description="False when no product had every word, so results match some")
    facets: FacetsOut


@router.get("/search", response={200: SearchOut, **error_responses(404, 422)}, operation_id="searchProducts",
            summary="Search products")
def search(request: HttpRequest, query: Query[SearchQuery]):
    """Products matching the words and filters, with their Buy Box price and facet counts for drilling
    down. Facets are disjunctive: a group's counts ignore that group's own filter and honour the others,
    so each count is the `total` that choosing the value would give. Unknown marketplace or category: 404."""
    marketplace = open_marketplace(query.marketplace)
    if marketplace is None:
        raise NotFound("no such marketplace", field="marketplace")
    category_path: tuple[str, ...] = ()
    if query.category:
        category = category_by_path(query.category.strip("/"))
        if category is None:
            raise NotFound("no such category", field="category")
        category_path = category.path_slugs
    filters = SearchFilters(category_path=category_path, brands=tuple(query.brand), colours=tuple(query.colour),
                            conditions=tuple(c.value for c in query.condition),
                            fulfillment_channels=tuple(f.value for f in query.fulfillment),
                            price_min_minor=query.price_min, price_max_minor=query.price_max,
                            in_stock_only=query.in_stock)
    page = search_products(marketplace=marketplace, text=query.q, filters=filters, sort=query.sort,
                           page=query.page, page_size=query.page_size)
    return {
        "marketplace": marketplace_out(marketplace),
        "results": [product_summary(card) for card in page.cards],
        "total": page.total,
        "page": page.page,
        "page_size": query.page_size,
        "page_count": page.page_count,
        "matched_all_terms": page.matched_all_terms,
        "facets": _facets(page.facets, category_path),
    }


def product_summary(card) -> dict:
    product, price = card.product, card.price
    return {
        "public_id": product.public_id,
        "title": product.title,
        "brand": product.brand.name if product.brand else None,
        "category_path": product.category.path,
        "gtin": product.gtin,
        "price": None if price is None else {
            "landed_price_minor": price.landed_price_minor, "currency": price.currency,
            "offer_count": price.offer_count, "lowest_price_minor": price.lowest_price_minor},
    }


def _facets(facets, category_path: tuple[str, ...]) -> dict:
    def values(group):
        return [{"value": v.value, "count": v.count, "selected": v.selected} for v in group]

    def category(value):
        path = "/".join((*category_path, value.value))
        node = category_by_path(path)
        return {"path": path, "name": node.name if node else value.value, "count": value.count,
                "selected": value.selected}

    return {
        "categories": [category(value) for value in facets.categories],
        "brands": values(facets.brands),
        "colours": values(facets.colours),
        "conditions": values(facets.conditions),
        "fulfillment_channels": values(facets.fulfillment_channels),
        "prices": [{"min_minor": b.min_minor, "max_minor": b.max_minor, "count": b.count, "selected": b.selected}
                   for b in facets.prices],
    }
