"""A flash sale on PostgreSQL: thousands of shoppers, a few hundred units, many at once; prints JSON.

    .venv/bin/python bench/flash_sale.py --units 300 --shoppers 2000 --concurrency 60

Part 1 runs the real purchase path (orders.placement.place_order: reserve with one conditional UPDATE,
authorise with the test gateway outside any lock, confirm) and checks that exactly `units` orders were
placed, nothing was oversold and no buyer was refused while units were left.

Part 2 measures the reservation step alone, two ways, to choose between them:
- `conditional_update`: UPDATE offer SET quantity = quantity - 1 WHERE quantity >= 1, plus the
  reservation row, in one transaction (what Mercato ships);
- `redis_counter`: a Lua script decrements a Redis counter only while it stays >= 0, then the
  reservation row is written to the database (the offer row is no longer touched per purchase).

The benchmark makes its own database (`mercato_bench_flash` on the server in --database-url) and drops
it at the end. Figures are medians over --repeats runs.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

RESERVE_SCRIPT = """
local left = tonumber(redis.call('GET', KEYS[1]) or '0')
local wanted = tonumber(ARGV[1])
if left >= wanted then return redis.call('DECRBY', KEYS[1], wanted) end
return -1
"""


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def latency(samples_ms: list[float]) -> dict:
    return {"p50_ms": round(statistics.median(samples_ms), 2), "p95_ms": round(percentile(samples_ms, 0.95), 2),
            "p99_ms": round(percentile(samples_ms, 0.99), 2)}


def setup_database(server_url: str) -> None:
    import dj_database_url
    import psycopg

    cfg = dj_database_url.parse(server_url)
    with psycopg.connect(host=cfg["HOST"] or None, port=cfg["PORT"] or None, user=cfg["USER"] or None,
                         password=cfg["PASSWORD"] or None, dbname="postgres", autocommit=True) as admin:
        admin.execute("DROP DATABASE IF EXISTS mercato_bench_flash WITH (FORCE)")
        admin.execute("CREATE DATABASE mercato_bench_flash")
    base = server_url.rsplit("/", 1)[0]
    os.environ["DATABASE_URL"] = f"{base}/mercato_bench_flash"
    os.environ["DB_CONN_MAX_AGE"] = "600"  # each thread keeps its connection, as a web worker does
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mercato.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def drop_database(server_url: str) -> None:
    import dj_database_url
    import psycopg
    from django.db import connections

    connections.close_all()
    cfg = dj_database_url.parse(server_url)
    with psycopg.connect(host=cfg["HOST"] or None, port=cfg["PORT"] or None, user=cfg["USER"] or None,
                         password=cfg["PASSWORD"] or None, dbname="postgres", autocommit=True) as admin:
        admin.execute("DROP DATABASE IF EXISTS mercato_bench_flash WITH (FORCE)")


def race(count: int, concurrency: int, attempt) -> tuple[list, float]:
    """`count` attempts from `concurrency` threads released together. Each thread keeps one connection for
    all its attempts, as a web worker does, and closes it when done."""
    from django.db import connections

    gate = threading.Barrier(concurrency)
    results: list = [None] * count

    def worker(first: int) -> None:
        try:
            gate.wait(timeout=60)
            for i in range(first, count, concurrency):
                started = time.perf_counter()
                outcome = attempt(i)
                results[i] = (outcome, (time.perf_counter() - started) * 1000)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(first,)) for first in range(concurrency)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, time.perf_counter() - started


def purchase_run(units: int, shoppers: list, concurrency: int) -> dict:
    from mercato.core import ledger
    from mercato.core.errors import Conflict
    from mercato.offers.models import Offer
    from mercato.orders.models import Order
    from tests.factories import buy, make_offer

    offer = make_offer(quantity=units, price_minor=1999)
    sold_out_at = []

    def attempt(i):
        try:
            return buy(shoppers[i], (offer, 1), key=f"flash-{offer.pk}-{i}")
        except Conflict as error:
            left = Offer.objects.filter(pk=offer.pk).values_list("quantity", flat=True).get()
            sold_out_at.append(left)
            return error

    results, seconds = race(len(shoppers), concurrency, attempt)
    placed = [ms for outcome, ms in results if isinstance(outcome, Order)]
    refused = [ms for outcome, ms in results if not isinstance(outcome, Order)]
    left = Offer.objects.get(pk=offer.pk).quantity
    return {
        "shoppers": len(shoppers), "units": units, "orders_placed": len(placed), "refused": len(refused),
        "units_left": left, "oversold": max(0, len(placed) - units),
        "refused_while_units_left": sum(1 for q in sold_out_at if q > 0),
        "ledger_unbalanced_entries": len(ledger.unbalanced_entries()),
        "seconds": round(seconds, 3), "attempts_per_second": round(len(shoppers) / seconds, 1),
        "placed_latency": latency(placed), "refused_latency": latency(refused) if refused else None,
    }


def reservation_run(method: str, units: int, attempts: int, concurrency: int, redis_url: str) -> dict:
    from django.db import transaction
    from django.utils import timezone

    from mercato.inventory.models import StockReservation
    from mercato.inventory.services import reserve_units
    from tests.factories import make_offer

    offer = make_offer(quantity=units)
    expires = timezone.now() + timezone.timedelta(minutes=5)
    if method == "redis_counter":
        import redis

        client = redis.Redis.from_url(redis_url)
        key = f"mercato:stock:{offer.pk}"
        client.set(key, units)
        script = client.register_script(RESERVE_SCRIPT)

        def attempt(i):
            if script(keys=[key], args=[1]) < 0:
                return False
            with transaction.atomic():
                StockReservation.objects.create(offer_id=offer.pk, quantity=1, reference=f"r{i}", expires_at=expires)
            return True
    else:
        def attempt(i):
            with transaction.atomic():
                return reserve_units(offer_id=offer.pk, quantity=1, reference=f"r{i}", expires_at=expires) is not None

    results, seconds = race(attempts, concurrency, attempt)
    taken = sum(1 for ok, _ in results if ok)
    assert taken == units, f"{method}: {taken} reservations for {units} units"
    return {"attempts_per_second": round(attempts / seconds, 1), **latency([ms for _, ms in results])}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--units", type=int, default=300)
    parser.add_argument("--shoppers", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=60)
    parser.add_argument("--reservation-attempts", type=int, default=5000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL",
                                                                 "postgres://postgres@127.0.0.1:5432/mercato"))
    parser.add_argument("--redis-url", default=os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/15"))
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    setup_database(args.database_url)
    try:
        from django.conf import settings

        settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
        from tests.factories import make_marketplace, make_shopper

        make_marketplace()
        shoppers = [make_shopper() for _ in range(args.shoppers)]
        purchases = [purchase_run(args.units, shoppers, args.concurrency) for _ in range(args.repeats)]
        reservation = {}
        for method in ("conditional_update", "redis_counter"):
            runs = [reservation_run(method, args.units * 10, args.reservation_attempts, args.concurrency,
                                    args.redis_url) for _ in range(args.repeats)]
            reservation[method] = {name: statistics.median(run[name] for run in runs) for name in runs[0]}
        ratio = (reservation["redis_counter"]["attempts_per_second"]
                 / reservation["conditional_update"]["attempts_per_second"])
        print(json.dumps({
            "database": "postgresql", "concurrency": args.concurrency, "repeats": args.repeats,
            "purchase_path": {
                "runs": purchases,
                "median_attempts_per_second": statistics.median(p["attempts_per_second"] for p in purchases),
                "median_placed_p99_ms": statistics.median(p["placed_latency"]["p99_ms"] for p in purchases),
                "every_run_sold_exactly_the_units": all(p["orders_placed"] == p["units"] and p["units_left"] == 0
                                                        for p in purchases),
            },
            "reservation_step": reservation,
            "redis_over_conditional_update_throughput": round(ratio, 2),
        }, indent=2))
    finally:
        drop_database(args.database_url)


if __name__ == "__main__":
    main()
