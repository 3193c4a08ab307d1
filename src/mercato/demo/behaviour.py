"""Simulated shopper behaviour for the demo, so its search ranking signals and "customers who viewed this also
viewed" have something to learn from on the first day.

Derived deterministically (from `seed`) from the real UCI invoices already imported as past purchases: each
invoice of the history's last 30 days becomes one anonymous visit, moved onto the calendar so that the
history's last day is yesterday. In that visit the customer views every product of the invoice (at most
MAX_VIEWS_PER_VISIT) and first searches for one word of one of those products' titles. The results page lists
the demo's products whose titles hold every term of that word, best sellers first, 24 to a page; when the
product is on that page the customer clicks it. No orders are invented, so no search earns purchases here.
"""
from __future__ import annotations

import random
import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.db import connection
from django.db.models import Max
from django.utils import timezone

from mercato.catalog.models import Product
from mercato.marketplaces.models import Marketplace
from mercato.offers.models import BuyBox
from mercato.recommendations.models import PastPurchase
from mercato.search.behaviour import query_key
from mercato.search.models import ProductView, SearchClick, SearchLog
from mercato.search.query import query_terms
from mercato.search.selectors import PAGE_SIZE

HISTORY_DAYS = 30
MAX_VIEWS_PER_VISIT = 12  # wholesalers' invoices run to hundreds of lines; nobody reads that many pages
BATCH = 5_000
_WORD = re.compile(r"[A-Za-z]{3,}")


@dataclass(frozen=True)
class SimulatedBehaviour:
    visits: int
    searches: int
    clicks: int
    product_views: int


def simulate_shopper_behaviour(marketplace: Marketplace, *, seed: int = 7, now: datetime | None = None
                               ) -> SimulatedBehaviour:
    """Log the simulated visits once per marketplace (a second call adds nothing)."""
    if SearchLog.objects.filter(marketplace=marketplace).exists():
        return SimulatedBehaviour(0, 0, 0, 0)
    last_day = PastPurchase.objects.filter(marketplace=marketplace).aggregate(last=Max("day"))["last"]
    if last_day is None:
        return SimulatedBehaviour(0, 0, 0, 0)
    rng = random.Random(seed)
    now = now or timezone.now()
    shift = timezone.localdate(now) - timedelta(days=1) - last_day
    visits: dict[tuple[str, str], list[int]] = defaultdict(list)
    days: dict[tuple[str, str], object] = {}
    for customer, invoice, day, product_id in (
            PastPurchase.objects.filter(marketplace=marketplace, day__gt=last_day - timedelta(days=HISTORY_DAYS))
            .order_by("day", "order_key", "id").values_list("customer_key", "order_key", "day", "product_id")):
        if product_id not in visits[(customer, invoice)]:
            visits[(customer, invoice)].append(product_id)
        days[(customer, invoice)] = day
    results_for = _results_by_word(marketplace)
    title_words = {pid: _WORD.findall(title) for pid, title in
                   Product.objects.filter(id__in={pid for ids in visits.values() for pid in ids})
                   .values_list("id", "title")}

    searches, clicks, views = [], [], []
    for (customer, invoice), product_ids in visits.items():
        visitor = f"uci-{customer}"[:32]
        started = timezone.make_aware(datetime.combine(days[(customer, invoice)] + shift,
                                                       time(rng.randrange(8, 23), rng.randrange(60))))
        if len(product_ids) > MAX_VIEWS_PER_VISIT:
            product_ids = rng.sample(product_ids, MAX_VIEWS_PER_VISIT)
        target = rng.choice(product_ids)
        words = title_words.get(target, [])
        key = query_key(rng.choice(words)) if words else ""
        shown = results_for(key)
        if shown:
            search = SearchLog(token=f"{rng.getrandbits(128):032x}", marketplace=marketplace, query_key=key,
                               visitor=visitor, page=1, result_count=len(shown), product_ids=shown[:PAGE_SIZE],
                               searched_at=started)
            searches.append(search)
            if target in search.product_ids:
                clicks.append(SearchClick(search=search, product_id=target,
                                          position=search.product_ids.index(target) + 1, visitor=visitor,
                                          clicked_at=started + timedelta(seconds=20)))
        ordered = [target] + [pid for pid in product_ids if pid != target]
        views += [ProductView(marketplace_id=marketplace.id, product_id=pid, visitor=visitor,
                              viewed_at=started + timedelta(seconds=30 + 90 * number))
                  for number, pid in enumerate(ordered)]
    SearchLog.objects.bulk_create(searches, batch_size=BATCH)
    if not connection.features.can_return_rows_from_bulk_insert:
        ids = dict(SearchLog.objects.filter(marketplace=marketplace).values_list("token", "id"))
        for search in searches:
            search.pk = search.id = ids[search.token]
    for click in clicks:
        click.search_id = click.search.pk
    SearchClick.objects.bulk_create(clicks, batch_size=BATCH)
    ProductView.objects.bulk_create(views, batch_size=BATCH)
    return SimulatedBehaviour(len(visits), len(searches), len(clicks), len(views))


def _results_by_word(marketplace: Marketplace):
    """`results(key)`: the ids of the products on sale whose titles hold every term of `key`, best sellers
    first (a stand-in for the search engine, which is not built yet while the demo loads)."""
    on_sale = BuyBox.objects.filter(marketplace=marketplace, landed_price_minor__isnull=False).values("product_id")
    by_term: dict[str, list[int]] = defaultdict(list)
    for product_id, title in (Product.objects.filter(id__in=on_sale).order_by("-units_sold", "id")
                              .values_list("id", "title")):
        for term in query_terms(title):
            by_term[term].append(product_id)
    cache: dict[str, list[int]] = {}

    def results(key: str) -> list[int]:
        if key not in cache:
            terms = key.split()
            if not terms or any(term not in by_term for term in terms):
                cache[key] = []
            else:
                rest = [set(by_term[term]) for term in terms[1:]]
                cache[key] = [pid for pid in by_term[terms[0]] if all(pid in found for found in rest)]
        return cache[key]

    return results
