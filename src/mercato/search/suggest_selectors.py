"""Search-box suggestions per marketplace, built from what is on sale and what shoppers searched.

Each process keeps one `SuggestionIndex` per marketplace in memory and rebuilds it in a thread
once it is `REFRESH_SECONDS` old (two queries, and a few seconds for 100,000 products), while
requests keep using the old one; only the first request of a process waits for a build.
"""
from __future__ import annotations

import logging
import threading
import time
from collections import defaultdict
from datetime import timedelta

from django.conf import settings
from django.db import connection
from django.db.models import Count, Subquery
from django.utils import timezone

from mercato.catalog.models import Product
from mercato.catalog.selectors import category_names_by_path
from mercato.marketplaces.models import Marketplace
from mercato.offers.models import Offer
from mercato.search.models import SearchLog
from mercato.search.query import query_terms
from mercato.search.suggest import NO_SUGGESTIONS, Suggestions, SuggestionIndex, catalogue_words, readable_queries
from mercato.sellers.models import Seller

REFRESH_SECONDS = 300
MAX_TEXT_CHARS = 100
# Past searches count over this window, and only once this many different visitors made them
# (so one visitor cannot put words in front of every shopper).
QUERY_WINDOW = timedelta(days=90)
MIN_SEARCHERS = 3

_built: dict[tuple[str, int], tuple[float, SuggestionIndex]] = {}
_building: dict[tuple[str, int], threading.Lock] = defaultdict(threading.Lock)
_locks_lock = threading.Lock()
log = logging.getLogger(__name__)


def search_suggestions(*, marketplace: Marketplace, text: str, queries: int = 6, products: int = 4) -> Suggestions:
    """Queries and products for what the shopper has typed so far, most popular first."""
    if not text.strip() or len(text) > MAX_TEXT_CHARS:
        return NO_SUGGESTIONS
    return suggestion_index(marketplace).suggest(text, queries=queries, products=products)


def suggestion_index(marketplace: Marketplace) -> SuggestionIndex:
    """The marketplace's suggestions. Once they are `REFRESH_SECONDS` old a thread builds them again,
    and requests use the old ones until it is done; only a process's first request waits."""
    key = (str(settings.SEARCH_INDEX_DIR), marketplace.pk)
    built = _built.get(key)
    if built is not None:
        if time.monotonic() - built[0] >= REFRESH_SECONDS and _lock_for(key).acquire(blocking=False):
            threading.Thread(target=_rebuild_in_background, args=(key, marketplace, built[1]), daemon=True,
                             name="search-suggestions").start()
        return built[1]
    with _lock_for(key):
        built = _built.get(key)
        if built is None:
            built = _built[key] = (time.monotonic(), build_suggestion_index(marketplace))
        return built[1]


def _lock_for(key: tuple[str, int]) -> threading.Lock:
    with _locks_lock:
        return _building[key]


def _rebuild_in_background(key: tuple[str, int], marketplace: Marketplace, old: SuggestionIndex) -> None:
    try:
        _built[key] = (time.monotonic(), build_suggestion_index(marketplace))
    except Exception:
        _built[key] = (time.monotonic(), old)  # try again after another REFRESH_SECONDS
        log.exception("rebuilding the search suggestions of %s failed; the old ones stay", marketplace.code)
    finally:
        connection.close()  # this thread's own database connection
        _lock_for(key).release()


def forget_suggestions() -> None:
    """Drop every built index; the next request of each marketplace builds it again."""
    _built.clear()


def build_suggestion_index(marketplace: Marketplace) -> SuggestionIndex:
    on_sale = Offer.objects.filter(marketplace=marketplace, status=Offer.Status.ACTIVE,
                                   seller__status=Seller.Status.ACTIVE).values("product_id")
    rows = list(Product.objects.filter(id__in=Subquery(on_sale))
                .values_list("public_id", "title", "units_sold", "brand__name", "category__path"))
    units_by_brand: dict[str, int] = defaultdict(int)
    units_by_category: dict[str, int] = defaultdict(int)
    for _, _, units, brand, category_path in rows:
        if brand:
            units_by_brand[brand] += units
        slugs = category_path.split("/")
        for depth in range(1, len(slugs) + 1):
            units_by_category["/".join(slugs[:depth])] += units
    names = category_names_by_path()
    phrases = [*units_by_brand.items(),
               *((names[path], units) for path, units in units_by_category.items() if path in names)]
    past = _past_searches(marketplace)
    if past:
        words = catalogue_words([*(title for _, title, *_ in rows), *(text for text, _ in phrases)])
        phrases += readable_queries(past, words, query_terms)
    return SuggestionIndex(queries=phrases, products=((public_id, title, units)
                                                      for public_id, title, units, *_ in rows))


def _past_searches(marketplace: Marketplace) -> dict[str, int]:
    """Query key -> how many different visitors searched it recently and found something."""
    since = timezone.now() - QUERY_WINDOW
    return dict(SearchLog.objects.filter(marketplace=marketplace, searched_at__gte=since, result_count__gt=0)
                .values("query_key").annotate(searchers=Count("visitor", distinct=True))
                .filter(searchers__gte=MIN_SEARCHERS).values_list("query_key", "searchers"))
