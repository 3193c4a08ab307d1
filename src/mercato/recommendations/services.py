"""Computing the stored recommendation lists of a marketplace from what its customers bought.

The job learns from the past purchases imported for the marketplace and from every order placed here
(not cancelled), and for "customers who viewed this also viewed" from the product pages seen in the last
90 days (search/models.ProductView), then replaces all the marketplace's lists in one transaction, so pages
always read a complete set. Serving is a read of one stored list (see selectors.py).
"""
from __future__ import annotations

import time
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models.functions import TruncDate
from django.utils import timezone

from mercato.catalog.models import Product
from mercato.marketplaces.models import Marketplace
from mercato.orders.models import Order, OrderLine
from mercato.recommendations.als import fit_als
from mercato.recommendations.fbt import fit_bought_together
from mercato.recommendations.itemcf import fit_item_to_item
from mercato.recommendations.models import PastPurchase, RecommendationList
from mercato.recommendations.popularity import buy_it_again, fill_from, fit_popularity
from mercato.recommendations.purchases import Purchase
from mercato.search.models import ProductView

LIST_LENGTH = 12
TOGETHER_LENGTH = 3
VIEWS_WINDOW = timedelta(days=90)
Kind = RecommendationList.Kind


@dataclass(frozen=True)
class ComputeSummary:
    purchases: int
    lists: int
    seconds: float


def marketplace_purchases(marketplace: Marketplace) -> list[Purchase]:
    """Every purchase to learn from: imported ones (customers `h…`) and orders placed here (customers `u…`)."""
    purchases = [Purchase(f"h{customer}", product_id, f"h{order}", day.toordinal(), quantity)
                 for customer, product_id, order, day, quantity in PastPurchase.objects.filter(
                     marketplace=marketplace).values_list("customer_key", "product_id", "order_key", "day",
                                                          "quantity").iterator(chunk_size=10_000)]
    placed = (OrderLine.objects.filter(seller_order__order__marketplace=marketplace,
                                       seller_order__order__placed_at__isnull=False)
              .exclude(seller_order__order__status=Order.Status.CANCELLED)
              .values_list("seller_order__order__customer_id", "product_id", "seller_order__order__public_id",
                           "seller_order__order__placed_at", "quantity"))
    purchases += [Purchase(f"u{customer}", product_id, order, placed_at.date().toordinal(), quantity)
                  for customer, product_id, order, placed_at, quantity in placed.iterator(chunk_size=10_000)]
    return purchases


def marketplace_view_sessions(marketplace: Marketplace, *, now: datetime) -> list[Purchase]:
    """Product views of the last 90 days as baskets for item-to-item CF: one basket per visitor per day
    (a visitor comparing kettles this morning and buying socks next month is two sessions, not one)."""
    viewed = (ProductView.objects.filter(marketplace=marketplace, viewed_at__gte=now - VIEWS_WINDOW)
              .annotate(day=TruncDate("viewed_at")).values_list("visitor", "day", "product_id").distinct())
    return [Purchase(f"{visitor} {day.toordinal()}", product_id, f"{visitor} {day.toordinal()}", day.toordinal())
            for visitor, day, product_id in viewed.iterator(chunk_size=10_000)]


def compute_recommendations(*, marketplace: Marketplace) -> ComputeSummary:
    started = time.perf_counter()
    purchases = marketplace_purchases(marketplace)
    category_of = dict(Product.objects.filter(id__in={p.item_id for p in purchases}).values_list("id", "category_id"))
    similar = fit_item_to_item(purchases)
    together = fit_bought_together(purchases)
    # Recommended for you comes from ALS: the best of the candidates on held-out months (docs/recommendations.md).
    factors = fit_als(purchases) if purchases else None
    popular = fit_popularity(purchases, category_of=category_of)
    now = timezone.now()
    sessions = marketplace_view_sessions(marketplace, now=now)
    viewed = fit_item_to_item(sessions) if sessions else None

    def stored(kind, ids, **owner):
        return RecommendationList(marketplace=marketplace, kind=kind, product_ids=[int(i) for i in ids],
                                  computed_at=now, **owner)

    lists = [stored(Kind.POPULAR, [item for item, _ in popular.top(k=LIST_LENGTH)])]
    for category_id in sorted(set(category_of.values())):
        lists.append(stored(Kind.POPULAR, [item for item, _ in popular.top_in_category(category_id, k=LIST_LENGTH)],
                            category_id=category_id))
    for product_id in sorted(category_of):
        also = [item for item, _ in similar.also_bought(product_id, k=LIST_LENGTH)]
        if also:
            lists.append(stored(Kind.ALSO_BOUGHT, also, product_id=product_id))
        paired = [item for item, _ in together.bought_together(product_id, k=TOGETHER_LENGTH)]
        if paired:
            lists.append(stored(Kind.BOUGHT_TOGETHER, paired, product_id=product_id))
    # Views log bare product ids: a product deleted since has no list (nor a row to hang it on).
    viewed_products = Product.objects.filter(id__in=viewed.items.ids if viewed else ()).order_by("id")
    for product_id in viewed_products.values_list("id", flat=True):
        also_viewed = [item for item, _ in viewed.also_bought(product_id, k=LIST_LENGTH)]
        if also_viewed:
            lists.append(stored(Kind.VIEWED_TOGETHER, also_viewed, product_id=product_id))
    histories: dict[int, list[Purchase]] = defaultdict(list)
    for purchase in purchases:
        if purchase.customer_id.startswith("u"):
            histories[int(purchase.customer_id[1:])].append(purchase)
    for customer_id, history in sorted(histories.items()):
        bought = {purchase.item_id for purchase in history}
        for_you = fill_from(factors.recommended_for(f"u{customer_id}", k=LIST_LENGTH),
                            similar.recommended_for(bought, k=LIST_LENGTH) + popular.top(k=LIST_LENGTH * 2),
                            k=LIST_LENGTH, exclude=bought)
        lists.append(stored(Kind.FOR_YOU, [item for item, _ in for_you], customer_id=customer_id))
        again = buy_it_again(history, k=LIST_LENGTH)
        if again:
            lists.append(stored(Kind.BUY_AGAIN, [item for item, _ in again], customer_id=customer_id))
    with transaction.atomic():
        RecommendationList.objects.filter(marketplace=marketplace).delete()
        RecommendationList.objects.bulk_create(lists, batch_size=2_000)
    return ComputeSummary(len(purchases), len(lists), round(time.perf_counter() - started, 2))


def compute_all() -> list[ComputeSummary]:
    return [compute_recommendations(marketplace=marketplace)
            for marketplace in Marketplace.objects.filter(is_active=True).order_by("pk")]
