"""What sells, overall and per category (the cold-start fallback), and buy it again. Pure.

An item's popularity is the number of distinct customers who bought it, optionally only since a date: one
wholesaler reordering an item forty times is one vote, not forty, so the list reflects breadth of demand.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from mercato.recommendations.purchases import Purchase, ScoredItems, as_purchases


@dataclass(frozen=True)
class PopularityModel:
    ranked: tuple[tuple[Hashable, float], ...]  # every item, most customers first, ties to the lower id
    ranked_by_category: Mapping[Hashable, tuple[tuple[Hashable, float], ...]]

    def top(self, *, k: int = 10, exclude: Iterable[Hashable] = ()) -> ScoredItems:
        """The best-sellers, leaving out `exclude` (for example what the shopper already bought)."""
        return _first(self.ranked, k=k, exclude=set(exclude))

    def top_in_category(self, category: Hashable, *, k: int = 10, exclude: Iterable[Hashable] = (),
                        fill_from_overall: bool = True) -> ScoredItems:
        """The best-sellers of `category`; when it has fewer than `k` (or is unknown), topped up with the
        overall best-sellers unless `fill_from_overall` is False."""
        exclude = set(exclude)
        chosen = _first(self.ranked_by_category.get(category, ()), k=k, exclude=exclude)
        if fill_from_overall and len(chosen) < k:
            chosen += _first(self.ranked, k=k - len(chosen), exclude=exclude | {item for item, _ in chosen})
        return chosen


def fit_popularity(purchases: Sequence[Purchase] | Sequence[tuple], *,
                   category_of: Mapping[Hashable, Hashable] | None = None, since: Any = None) -> PopularityModel:
    """Rank items by distinct customers, counting only purchases at or after `since` when given."""
    buyers: dict[Hashable, set] = defaultdict(set)
    for purchase in as_purchases(purchases):
        if since is None or purchase.timestamp >= since:
            buyers[purchase.item_id].add(purchase.customer_id)
    ranked = tuple(sorted(((item, float(len(who))) for item, who in buyers.items()), key=lambda p: (-p[1], p[0])))
    by_category: dict[Hashable, list] = defaultdict(list)
    for item, score in ranked:
        if category_of and item in category_of:
            by_category[category_of[item]].append((item, score))
    return PopularityModel(ranked=ranked, ranked_by_category={c: tuple(r) for c, r in by_category.items()})


def buy_it_again(history: Iterable[Purchase] | Iterable[tuple], *, k: int = 10, min_orders: int = 2,
                 exclude: Iterable[Hashable] = ()) -> ScoredItems:
    """One customer's repeat purchases: items in at least `min_orders` of their orders, most orders first,
    then the most recently bought, then the lower id. The score is the number of orders."""
    orders: dict[Hashable, set] = defaultdict(set)
    last_bought: dict[Hashable, Any] = {}
    for purchase in as_purchases(history):
        orders[purchase.item_id].add(purchase.order_id)
        if purchase.item_id not in last_bought or purchase.timestamp > last_bought[purchase.item_id]:
            last_bought[purchase.item_id] = purchase.timestamp
    exclude = set(exclude)
    repeats = [item for item, placed in orders.items() if len(placed) >= min_orders and item not in exclude]
    ranked = sorted(repeats, key=lambda item: item)
    ranked.sort(key=lambda item: last_bought[item], reverse=True)
    ranked.sort(key=lambda item: len(orders[item]), reverse=True)
    return [(item, float(len(orders[item]))) for item in ranked[:k]]


def fill_from(primary: ScoredItems, fallback: ScoredItems, *, k: int,
              exclude: Iterable[Hashable] = ()) -> ScoredItems:
    """`primary` first, topped up to `k` from `fallback` (for example a thin personal list topped up with
    what sells in the category), without repeats or excluded items. Scores are kept as given."""
    exclude = set(exclude)
    chosen: ScoredItems = []
    for item, score in [*primary, *fallback]:
        if len(chosen) == k:
            break
        if item not in exclude:
            chosen.append((item, score))
            exclude.add(item)
    return chosen


def _first(ranked: Sequence[tuple[Hashable, float]], *, k: int, exclude: set) -> ScoredItems:
    chosen: ScoredItems = []
    for item, score in ranked:
        if len(chosen) == k:
            break
        if item not in exclude:
            chosen.append((item, score))
    return chosen
