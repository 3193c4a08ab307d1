"""The ops console's reads about buying: recent orders, revenue by stream from the ledger, the books'
health, payouts and the notifications log."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Count, QuerySet
from django.utils import timezone

from mercato.core import ledger
from mercato.core.models import OutboxEvent
from mercato.core.outbox import recent_events
from mercato.marketplaces.models import Marketplace
from mercato.orders.models import Order
from mercato.sellers.models import Payout

EVENTS_SHOWN = 200


@dataclass(frozen=True)
class RevenueTable:
    currency: str
    marketplaces: list[str]
    rows: list[tuple[str, int]]  # (stream name, amount in minor units)
    total_minor: int


@dataclass(frozen=True)
class BooksHealth:
    totals_by_currency: dict[str, int]  # the sum of every account's balance; zero when the books balance
    unbalanced_entry_ids: list[int]

    @property
    def ok(self) -> bool:
        return not self.unbalanced_entry_ids and not any(self.totals_by_currency.values())


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def revenue_report(*, first_day: date, last_day: date) -> list[RevenueTable]:
    """Revenue per stream earned from the start of `first_day` to the end of `last_day`, one table per
    marketplace currency."""
    names_by_currency = defaultdict(list)
    for marketplace in Marketplace.objects.order_by("code"):
        names_by_currency[marketplace.currency].append(marketplace.name)
    start, end = _start_of(first_day), _start_of(last_day + timedelta(days=1))
    tables = []
    for currency, names in sorted(names_by_currency.items()):
        streams = ledger.revenue_by_stream(start=start, end=end, currency=currency)
        rows = [(ledger.stream_name(stream), amount) for stream, amount in streams.items()]
        tables.append(RevenueTable(currency, names, rows, sum(streams.values())))
    return tables


def books_health() -> BooksHealth:
    totals = defaultdict(int)
    for (_account, currency), amount in ledger.trial_balance().items():
        totals[currency] += amount
    return BooksHealth(dict(sorted(totals.items())), ledger.unbalanced_entries())


def recent_orders(status: str | None = None) -> QuerySet[Order]:
    orders = (Order.objects.select_related("customer", "marketplace").annotate(sellers=Count("seller_orders"))
              .order_by("-id"))
    return orders.filter(status=status) if status else orders


def recent_payouts() -> QuerySet[Payout]:
    return Payout.objects.select_related("seller").order_by("-id")


def event_topics() -> list[str]:
    return list(OutboxEvent.objects.order_by("topic").values_list("topic", flat=True).distinct())


def notifications(topic: str = "") -> list[OutboxEvent]:
    return list(recent_events(topic=topic, limit=EVENTS_SHOWN))
