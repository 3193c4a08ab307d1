"""Ranking signals: what the behaviour logs, the orders and the offers say about each product, recomputed
every hour for each marketplace and read by the ranking formula.

Each run reads everything in a few bulk queries (no query per product or per search), then replaces the
marketplace's QueryProductSignal and ProductSignal rows in one transaction, so the ranking never reads
half of one run and half of another. How each number is computed: docs/search-signals.md.
"""
from __future__ import annotations

import time
from bisect import bisect_left
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta
from statistics import median

from django.db import connection, transaction
from django.db.models import Max, Sum
from django.utils import timezone

from mercato.marketplaces.models import Marketplace
from mercato.offers.models import BuyBox, FulfillmentChannel, Offer
from mercato.orders.models import Order, OrderLine, SellerOrder
from mercato.recommendations.models import PastPurchase
from mercato.search.models import ProductSignal, ProductView, QueryProductSignal, SearchClick, SearchLog
from mercato.sellers.models import Seller

QUERY_WINDOW = timedelta(days=90)  # searches (and their clicks) that count
ATTRIBUTION_WINDOW = timedelta(hours=24)  # a purchase this soon after a click is credited to the search
VELOCITY_DAYS = 30
RECOMPUTE_AFTER = timedelta(hours=1)
BATCH = 5_000
# The columns of the rows built below, after marketplace_id and before computed_at.
QUERY_SIGNAL_FIELDS = ("query_key", "product_id", "impressions", "clicks", "purchases")
PRODUCT_SIGNAL_FIELDS = ("product_id", "units_per_day", "in_stock", "delivery_days", "price_ratio", "rating_mean",
                         "rating_count")


@dataclass(frozen=True)
class SignalsSummary:
    marketplace: str
    searches: int  # results pages logged in the window
    clicks: int  # distinct (results page, product) clicks
    query_signals: int  # rows written
    product_signals: int  # rows written
    velocity_source: str  # "orders", "past purchases" or "none"
    seconds: float


def compute_search_signals(*, marketplace: Marketplace, now: datetime | None = None) -> SignalsSummary:
    """Recompute and replace the marketplace's query-product and product signals as of `now`."""
    started = time.perf_counter()
    now = now or timezone.now()
    query_rows, searches, clicks = _query_product_signals(marketplace, now)
    units, velocity_source = _units_sold(marketplace, now)
    product_rows = _product_signals(marketplace, units)
    with transaction.atomic():
        # Runs from several hosts take turns here instead of colliding on the unique rows. NO KEY UPDATE does
        # not block orders and offers that only reference the marketplace.
        list(Marketplace.objects.select_for_update(no_key=True).filter(pk=marketplace.pk).values_list("pk"))
        QueryProductSignal.objects.filter(marketplace=marketplace).delete()
        ProductSignal.objects.filter(marketplace=marketplace).delete()
        _insert_rows(QueryProductSignal, QUERY_SIGNAL_FIELDS, marketplace, now, query_rows)
        _insert_rows(ProductSignal, PRODUCT_SIGNAL_FIELDS, marketplace, now, product_rows)
    return SignalsSummary(marketplace.code, searches, clicks, len(query_rows), len(product_rows), velocity_source,
                          round(time.perf_counter() - started, 2))


def compute_all_search_signals(*, older_than: timedelta | None = None) -> list[SignalsSummary]:
    """Every active marketplace's signals; with `older_than`, only those last computed longer ago than that
    (so a job runner calling this every few minutes still recomputes about once an hour)."""
    now = timezone.now()
    return [compute_search_signals(marketplace=marketplace, now=now)
            for marketplace in Marketplace.objects.filter(is_active=True).order_by("pk")
            if older_than is None or not _computed_since(marketplace, now - older_than)]


def _computed_since(marketplace: Marketplace, moment: datetime) -> bool:
    """Every row of a run carries the run's time, so one row of either table tells when the last run was."""
    for model in (ProductSignal, QueryProductSignal):
        last = model.objects.filter(marketplace=marketplace).order_by().values_list("computed_at", flat=True)[:1]
        if last:
            return last[0] >= moment
    return False


def _purchases(marketplace: Marketplace):
    """Order lines of orders placed here, leaving out cancelled orders and cancelled seller orders."""
    return (OrderLine.objects.filter(seller_order__order__marketplace=marketplace,
                                     seller_order__order__placed_at__isnull=False)
            .exclude(seller_order__order__status=Order.Status.CANCELLED)
            .exclude(seller_order__status=SellerOrder.Status.CANCELLED))


def _query_product_signals(marketplace: Marketplace, now: datetime) -> tuple[list[tuple], int, int]:
    """Rows of QUERY_SIGNAL_FIELDS, the number of results pages and the number of distinct clicks."""
    since = now - QUERY_WINDOW
    searches = SearchLog.objects.filter(marketplace=marketplace, searched_at__gte=since, searched_at__lte=now)
    impressions: Counter[tuple[str, int]] = Counter()
    search_count = 0
    for query_key, product_ids in searches.values_list("query_key", "product_ids").iterator(chunk_size=BATCH):
        search_count += 1
        shown = product_ids if isinstance(product_ids, list) else []
        impressions.update((query_key, product_id) for product_id in set(shown) if isinstance(product_id, int))

    # A reload or a second tab is not a second click: one per results page and product, the first one.
    first_clicks: dict[tuple[int, int], tuple[str, str, int | None, datetime]] = {}
    for search_id, query_key, product_id, visitor, shopper_id, clicked_at in (
            SearchClick.objects.filter(search__marketplace=marketplace, search__searched_at__gte=since,
                                       search__searched_at__lte=now, clicked_at__lte=now)
            .order_by("clicked_at", "id")
            .values_list("search_id", "search__query_key", "product_id", "visitor", "shopper_id", "clicked_at")
            .iterator(chunk_size=BATCH)):
        first_clicks.setdefault((search_id, product_id), (query_key, visitor, shopper_id, clicked_at))

    clicks: Counter[tuple[str, int]] = Counter()
    purchases: Counter[tuple[str, int]] = Counter()
    if first_clicks:
        shoppers_of = _shoppers_by_visitor(marketplace, since)
        bought_at = _purchase_times(marketplace, first_clicks, shoppers_of, now)
        for (_, product_id), (query_key, visitor, shopper_id, clicked_at) in first_clicks.items():
            clicks[(query_key, product_id)] += 1
            shoppers = shoppers_of.get(visitor, set()) | ({shopper_id} if shopper_id else set())
            if any(_bought_within(bought_at.get((shopper, product_id), ()), clicked_at) for shopper in shoppers):
                purchases[(query_key, product_id)] += 1

    rows = [(query_key, product_id, count, clicks.get((query_key, product_id), 0),
             purchases.get((query_key, product_id), 0)) for (query_key, product_id), count in impressions.items()]
    return rows, search_count, len(first_clicks)


def _shoppers_by_visitor(marketplace: Marketplace, since: datetime) -> dict[str, set[int]]:
    """A visitor token belongs to a shopper when any of its log rows was written while they were signed in."""
    shoppers_of: dict[str, set[int]] = defaultdict(set)
    for rows in (SearchLog.objects.filter(marketplace=marketplace, searched_at__gte=since),
                 SearchClick.objects.filter(search__marketplace=marketplace, clicked_at__gte=since),
                 ProductView.objects.filter(marketplace=marketplace, viewed_at__gte=since)):
        for visitor, shopper_id in (rows.filter(shopper__isnull=False).order_by()
                                    .values_list("visitor", "shopper_id").distinct().iterator(chunk_size=BATCH)):
            shoppers_of[visitor].add(shopper_id)
    return shoppers_of


def _purchase_times(marketplace: Marketplace, first_clicks: dict, shoppers_of: dict[str, set[int]],
                    now: datetime) -> dict[tuple[int, int], list[datetime]]:
    """When each clicking shopper bought each clicked product, sorted; only the pairs a click could credit."""
    wanted = set()
    for (_, product_id), (_, visitor, shopper_id, _) in first_clicks.items():
        for shopper in shoppers_of.get(visitor, set()) | ({shopper_id} if shopper_id else set()):
            wanted.add((shopper, product_id))
    earliest = min(clicked_at for _, _, _, clicked_at in first_clicks.values())
    bought_at: dict[tuple[int, int], list[datetime]] = defaultdict(list)
    lines = _purchases(marketplace).filter(seller_order__order__placed_at__gte=earliest,
                                           seller_order__order__placed_at__lte=now)
    for customer_id, product_id, placed_at in (lines.values_list("seller_order__order__customer_id", "product_id",
                                                                 "seller_order__order__placed_at")
                                               .iterator(chunk_size=BATCH)):
        if (customer_id, product_id) in wanted:
            bought_at[(customer_id, product_id)].append(placed_at)
    for times in bought_at.values():
        times.sort()
    return bought_at


def _bought_within(times: list[datetime], clicked_at: datetime) -> bool:
    after = bisect_left(times, clicked_at)
    return after < len(times) and times[after] <= clicked_at + ATTRIBUTION_WINDOW


def _units_sold(marketplace: Marketplace, now: datetime) -> tuple[dict[int, int], str]:
    """Units sold per product over the last 30 days, and where they come from.

    Orders placed here count. A marketplace that imported its purchase history (recommendations.PastPurchase)
    and has taken fewer orders in the last 30 days than the history's own last 30 days holds, uses those
    instead, so a young marketplace's first few orders do not wipe out what its history says sells."""
    live = _purchases(marketplace).filter(seller_order__order__placed_at__gt=now - timedelta(days=VELOCITY_DAYS),
                                          seller_order__order__placed_at__lte=now)
    live_orders = live.order_by().values("seller_order__order_id").distinct().count()
    history = PastPurchase.objects.none()
    last_day = PastPurchase.objects.filter(marketplace=marketplace).aggregate(last=Max("day"))["last"]
    if last_day is not None:
        history = PastPurchase.objects.filter(marketplace=marketplace,
                                              day__gt=last_day - timedelta(days=VELOCITY_DAYS))
    history_orders = history.order_by().values("order_key").distinct().count() if last_day is not None else 0
    if live_orders and live_orders >= history_orders:
        rows, source = live, "orders"
    elif history_orders:
        rows, source = history, "past purchases"
    else:
        return {}, "none"
    return dict(rows.order_by().values("product_id").annotate(units=Sum("quantity"))
                .values_list("product_id", "units")), source


def _product_signals(marketplace: Marketplace, units: dict[int, int]) -> list[tuple]:
    """Rows of PRODUCT_SIGNAL_FIELDS, one per product on sale here (an active offer from an active seller)."""
    most_stock = dict(Offer.objects.filter(marketplace=marketplace, status=Offer.Status.ACTIVE,
                                           seller__status=Seller.Status.ACTIVE)
                      .order_by().values("product_id").annotate(most=Max("quantity"))
                      .values_list("product_id", "most"))
    buyboxes = {row[0]: row[1:] for row in BuyBox.objects.filter(
        marketplace=marketplace, offer__isnull=False, landed_price_minor__isnull=False)
        .values_list("product_id", "product__category_id", "landed_price_minor", "offer__handling_days",
                     "offer__fulfillment_channel", "offer__seller__rating_percent", "offer__seller__rating_count")
        .iterator(chunk_size=BATCH)}
    prices_by_category: dict[int, list[int]] = defaultdict(list)
    for product_id, (category_id, landed_price_minor, *_) in buyboxes.items():
        if product_id in most_stock:
            prices_by_category[category_id].append(landed_price_minor)
    category_median = {category_id: median(prices) for category_id, prices in prices_by_category.items()}

    rows = []
    for product_id in sorted(most_stock):
        delivery_days = price_ratio = rating_mean = None
        rating_count = 0
        buybox = buyboxes.get(product_id)
        if buybox is not None:
            category_id, landed_price_minor, handling_days, channel, seller_percent, seller_count = buybox
            delivery_days = 0 if channel == FulfillmentChannel.NETWORK else handling_days
            typical = category_median.get(category_id)
            price_ratio = landed_price_minor / typical if typical else None
            if seller_count:
                # No product reviews yet: the Buy Box seller's positive-feedback share stands in, mapped onto
                # 1 to 5 stars. Product reviews take over when they exist (docs/search-signals.md).
                rating_mean, rating_count = 1 + 4 * seller_percent / 100, seller_count
        rows.append((product_id, units.get(product_id, 0) / VELOCITY_DAYS, most_stock[product_id] > 0,
                     delivery_days, price_ratio, rating_mean, rating_count))
    return rows


def _insert_rows(model, fields: tuple[str, ...], marketplace: Marketplace, now: datetime, rows: list[tuple]) -> None:
    """Insert plain rows (of `fields`) for the marketplace, stamped `now`. A query-product table runs to
    millions of rows, and building a model instance per row costs more than the rest of the job (bulk_create:
    about 80 µs of CPU a row; this: a few), so the rows go straight to the database: COPY on PostgreSQL, a
    batched executemany elsewhere."""
    columns = ["marketplace_id", *(model._meta.get_field(name).column for name in fields), "computed_at"]
    stamp = connection.ops.adapt_datetimefield_value(now)
    table = connection.ops.quote_name(model._meta.db_table)
    column_list = ", ".join(connection.ops.quote_name(column) for column in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({column_list}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row((marketplace.id, *row, stamp))
            return
        sql = f"INSERT INTO {table} ({column_list}) VALUES ({', '.join(['%s'] * len(columns))})"
        for start in range(0, len(rows), BATCH):
            cursor.executemany(sql, [(marketplace.id, *row, stamp) for row in rows[start:start + BATCH]])
