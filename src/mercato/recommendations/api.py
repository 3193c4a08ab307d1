"""Recommendations over the API: for a product (public), and for the shopper holding a shopper key."""
from __future__ import annotations

from django.http import HttpRequest
from ninja import Field, Path, Query, Router, Schema

from mercato.api.auth import key_customer, shopper_orders
from mercato.api.errors import error_responses
from mercato.api.schemas import PRODUCT_ID
from mercato.api.selectors import open_marketplace
from mercato.catalog.api import MarketplaceQuery
from mercato.catalog.models import Product
from mercato.core.errors import NotFound
from mercato.recommendations.selectors import product_recommendations, shopper_recommendations
from mercato.search.api import ProductSummaryOut, product_summary

router = Router(tags=["Recommendations"])


class ProductRecommendationsOut(Schema):
    bought_together: list[ProductSummaryOut] = Field(description="Frequently bought together (same order)")
    also_bought: list[ProductSummaryOut] = Field(description="Customers who bought this also bought")
    also_bought_is_fallback: bool = Field(description="True: not enough purchases yet; best sellers of the "
                                                      "product's category stand in")
    viewed_together: list[ProductSummaryOut] = Field(description="Customers who viewed this also viewed (product "
                                                                  "pages seen in the same visit), leaving out "
                                                                  "products already in the two lists above")


class ShopperRecommendationsOut(Schema):
    for_you: list[ProductSummaryOut] = Field(description="Recommended for you, from your purchases")
    buy_again: list[ProductSummaryOut] = Field(description="What you bought in several orders")
    for_you_is_fallback: bool = Field(description="True: no history yet; best sellers stand in")


def _marketplace(query):
    marketplace = open_marketplace(query.marketplace)
    if marketplace is None:
        raise NotFound("no such marketplace", field="marketplace")
    return marketplace


@router.get("/products/{public_id}/recommendations",
            response={200: ProductRecommendationsOut, **error_responses(404, 422)},
            operation_id="getProductRecommendations", summary="Recommendations for a product",
            description="Products on sale in the marketplace that are bought with this one, bought by the same "
                        "customers, or viewed in the same visits; served from lists the nightly job computes. "
                        "Unknown product: 404.")
def product_recommendations_api(request: HttpRequest, query: Query[MarketplaceQuery],
                                public_id: str = Path(..., max_length=12, pattern=PRODUCT_ID,
                                                      description="Platform-wide product id")):
    marketplace = _marketplace(query)
    product = Product.objects.select_related("category").filter(public_id=public_id.upper()).first()
    if product is None:
        raise NotFound("no such product", field="public_id")
    found = product_recommendations(product, marketplace)
    return {"bought_together": [product_summary(card) for card in found.bought_together],
            "also_bought": [product_summary(card) for card in found.also_bought],
            "also_bought_is_fallback": found.also_bought_is_fallback,
            "viewed_together": [product_summary(card) for card in found.viewed_together]}


@router.get("/me/recommendations", auth=shopper_orders,
            response={200: ShopperRecommendationsOut, **error_responses(401, 403, 404, 422)},
            operation_id="getMyRecommendations", summary="Recommendations for you",
            description="From your purchases in the marketplace. Needs a shopper API key.")
def my_recommendations(request: HttpRequest, query: Query[MarketplaceQuery]):
    found = shopper_recommendations(key_customer(request), _marketplace(query))
    return {"for_you": [product_summary(card) for card in found.for_you],
            "buy_again": [product_summary(card) for card in found.buy_again],
            "for_you_is_fallback": found.for_you_is_fallback}
