"""Serving recommendations: one read of stored lists, then the products with their Buy Box prices.

Only products on sale in the marketplace are shown. A product without lists of its own (new, or never
bought) gets what sells in its category; a shopper without history gets the marketplace's best sellers.
"""
from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q

from mercato.catalog.models import Product
from mercato.catalog.selectors import products_by_ids
from mercato.marketplaces.models import Marketplace
from mercato.recommendations.models import RecommendationList
from mercato.offers.selectors import listing_prices
from mercato.search.selectors import ProductCard

Kind = RecommendationList.Kind
SHOWN = 6


@dataclass(frozen=True)
class ProductRecommendations:
    bought_together: list[ProductCard]
    also_bought: list[ProductCard]
    also_bought_is_fallback: bool  # True: the category's best sellers stand in
    viewed_together: list[ProductCard]  # customers who viewed this also viewed; none already shown above


@dataclass(frozen=True)
class ShopperRecommendations:
    for_you: list[ProductCard]
    buy_again: list[ProductCard]
    for_you_is_fallback: bool


def _cards(ids: list[int], marketplace: Marketplace, *, exclude: set[int], limit: int) -> list[ProductCard]:
    wanted = [pid for pid in dict.fromkeys(ids) if pid not in exclude]
    prices = listing_prices(wanted, marketplace)
    on_sale = [pid for pid in wanted if pid in prices][:limit]
    products = products_by_ids(on_sale)
    return [ProductCard(products[pid], prices[pid]) for pid in on_sale if pid in products]


def product_recommendations(product: Product, marketplace: Marketplace, *, limit: int = SHOWN
                            ) -> ProductRecommendations:
    rows = {(row.kind, row.category_id is not None): row.product_ids for row in RecommendationList.objects.filter(
        Q(product=product, kind__in=[Kind.ALSO_BOUGHT, Kind.BOUGHT_TOGETHER, Kind.VIEWED_TOGETHER])
        | Q(category_id=product.category_id, kind=Kind.POPULAR), marketplace=marketplace)}
    together = rows.get((Kind.BOUGHT_TOGETHER, False), [])
    also = rows.get((Kind.ALSO_BOUGHT, False), [])
    fallback = not also
    ids = also or rows.get((Kind.POPULAR, True), [])
    viewed = rows.get((Kind.VIEWED_TOGETHER, False), [])
    wanted = together + ids + viewed  # stored lists are short (12 at most): fetch them all in one go
    cards = _cards(wanted, marketplace, exclude={product.id}, limit=len(wanted))
    by_id = {card.product.id: card for card in cards}
    together_cards = [by_id[pid] for pid in together if pid in by_id][:2]
    shown_together = {card.product.id for card in together_cards}
    also_cards = [by_id[pid] for pid in ids if pid in by_id and pid not in shown_together][:limit]
    shown = shown_together | {card.product.id for card in also_cards}
    viewed_cards = [by_id[pid] for pid in viewed if pid in by_id and pid not in shown][:limit]
    return ProductRecommendations(together_cards, also_cards, fallback, viewed_cards)


def shopper_recommendations(user, marketplace: Marketplace, *, limit: int = SHOWN) -> ShopperRecommendations:
    """Recommended for you and buy it again for a signed-in shopper; best sellers for anyone else."""
    customer_id = user.pk if user is not None and user.is_authenticated else None
    wanted = Q(kind=Kind.POPULAR, category__isnull=True)
    if customer_id:
        wanted |= Q(customer_id=customer_id, kind__in=[Kind.FOR_YOU, Kind.BUY_AGAIN])
    rows = {(row.kind, row.customer_id): row.product_ids
            for row in RecommendationList.objects.filter(wanted, marketplace=marketplace)}
    personal = rows.get((Kind.FOR_YOU, customer_id), []) if customer_id else []
    again = rows.get((Kind.BUY_AGAIN, customer_id), []) if customer_id else []
    ids = personal or rows.get((Kind.POPULAR, None), [])
    cards = _cards(ids + again, marketplace, exclude=set(), limit=limit * 2 + len(again))
    by_id = {card.product.id: card for card in cards}
    return ShopperRecommendations([by_id[pid] for pid in ids if pid in by_id][:limit],
                                  [by_id[pid] for pid in again if pid in by_id][:limit], not personal)


def basket_recommendations(product_ids: list[int], marketplace: Marketplace, *, limit: int = SHOWN,
                           kind: str = Kind.BOUGHT_TOGETHER) -> list[ProductCard]:
    """Bought together with what is in the cart (or, with `kind` ALSO_BOUGHT, what buyers of an order's items
    also bought): each item's partners in turn, the items themselves left out."""
    if not product_ids:
        return []
    lists = dict(RecommendationList.objects.filter(marketplace=marketplace, kind=kind,
                                                   product_id__in=product_ids).values_list("product_id",
                                                                                           "product_ids"))
    ranked = [partners[rank] for rank in range(max((len(p) for p in lists.values()), default=0))
              for _, partners in sorted(lists.items()) if rank < len(partners)]
    return _cards(ranked, marketplace, exclude=set(product_ids), limit=limit)
