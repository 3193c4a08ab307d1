"""Time of the hourly search-signals job on a generated catalogue with generated behaviour logs; prints JSON.

    .venv/bin/python bench/search_signals.py --products 20000
    .venv/bin/python bench/search_signals.py --products 100000 --searches 200000

The catalogue is made once per size by `mercato generate-catalog` in var/bench/signals-<N> (SQLite, or the
database in --database-url). Each run then replaces the generated logs: `--searches` results pages of 24
products over the last 90 days for `--queries` distinct queries of Zipf popularity, each with its own fixed 48
results (a third of the pages with a click, half of them by a signed-in shopper), ten
product views per search, `--orders` orders of two lines placed within a day of a click by the clicking
shopper (so attribution has work to do), and nothing else. The figure is the wall and CPU time of
`compute_search_signals` for the marketplace, run `--runs` times.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BATCH = 5_000


def prepare(args) -> Path:
    home = Path(args.home or ROOT / "var" / "bench" / f"signals-{args.products}")
    (home / "static").mkdir(parents=True, exist_ok=True)
    os.environ["MERCATO_HOME"] = str(home)
    if args.database_url:
        os.environ["DATABASE_URL"] = args.database_url
    else:
        os.environ.pop("DATABASE_URL", None)
    marker = home / f"generated-{args.products}-{args.seed}"
    if not marker.exists():
        subprocess.run([sys.executable, "-m", "mercato.cli", "generate-catalog", "--products", str(args.products),
                        "--seed", str(args.seed), "--no-index"], check=True, stdout=sys.stderr)
        marker.write_text("done\n")
    return home


def generate_logs(marketplace, *, searches: int, distinct_queries: int, orders: int, seed: int) -> dict:
    from django.db import transaction
    from django.utils import timezone

    from mercato.customers.models import User
    from mercato.offers.models import BuyBox
    from mercato.orders.models import Order, OrderLine, SellerOrder
    from mercato.search.models import ProductView, SearchClick, SearchLog

    rng = random.Random(seed)
    now = timezone.now()
    on_sale = list(BuyBox.objects.filter(marketplace=marketplace, offer__isnull=False)
                   .values_list("product_id", "offer__seller_id", "landed_price_minor"))
    product_ids = [row[0] for row in on_sale]
    # Shoppers repeat queries (a few are very popular) and a query shows much the same products each time:
    # each query has a fixed list of 48 results, page 1 (four searches in five) or page 2.
    queries = [" ".join(f"word{rng.randrange(3_000)}" for _ in range(rng.choice((1, 1, 2, 3))))
               for _ in range(distinct_queries)]
    results = {query: rng.sample(product_ids, 48) for query in queries}
    popularity = [1 / (rank + 1) for rank in range(len(queries))]
    with transaction.atomic():
        for model in (OrderLine, SellerOrder, Order, SearchClick, SearchLog, ProductView):
            model.objects.all().delete()
        User.objects.filter(email__startswith="bench-shopper-").delete()
        User.objects.bulk_create([User(email=f"bench-shopper-{number}@example.com", password="!")
                                  for number in range(1_000)], batch_size=BATCH)
        shoppers = list(User.objects.filter(email__startswith="bench-shopper-").values_list("id", flat=True))
        logs, views = [], []
        for number in range(searches):
            searched_at = now - timedelta(seconds=rng.randrange(90 * 86400))
            query = rng.choices(queries, weights=popularity)[0]
            page = 1 if rng.random() < 0.8 else 2
            logs.append(SearchLog(token=f"{rng.getrandbits(128):032x}", marketplace_id=marketplace.id,
                                  query_key=query, visitor=f"visitor-{number // 3}",
                                  shopper_id=rng.choice(shoppers) if number % 2 else None, page=page,
                                  result_count=48, product_ids=results[query][(page - 1) * 24:page * 24],
                                  searched_at=searched_at))
            views += [ProductView(marketplace_id=marketplace.id, product_id=rng.choice(product_ids),
                                  visitor=f"visitor-{number // 3}", viewed_at=searched_at + timedelta(minutes=1))
                      for _ in range(10)]
        SearchLog.objects.bulk_create(logs, batch_size=BATCH)
        ProductView.objects.bulk_create(views, batch_size=BATCH)
        clicked = [log for log in SearchLog.objects.filter(marketplace=marketplace)
                   .only("id", "visitor", "shopper_id", "product_ids", "searched_at") if rng.random() < 1 / 3]
        clicks = []
        for log in clicked:
            position = rng.randrange(24)
            clicks.append(SearchClick(search_id=log.id, product_id=log.product_ids[position], position=position + 1,
                                      visitor=log.visitor, shopper_id=log.shopper_id,
                                      clicked_at=log.searched_at + timedelta(seconds=20)))
        SearchClick.objects.bulk_create(clicks, batch_size=BATCH)
        seller_of = {product_id: (seller_id, price) for product_id, seller_id, price in on_sale}
        signed_in = [click for click in clicks if click.shopper_id]
        placed = []
        for number in range(orders):
            click = rng.choice(signed_in)
            placed.append((click, click.clicked_at + timedelta(hours=rng.choice((1, 5, 30)))))
        Order.objects.bulk_create([
            Order(public_id=f"B{number:010d}", customer_id=click.shopper_id, marketplace_id=marketplace.id,
                  currency=marketplace.currency, status=Order.Status.PLACED, idempotency_key=f"bench-{number}",
                  ship_to_name="Bench", ship_to_line1="1 Bench Street", ship_to_city="Leeds",
                  ship_to_postal_code="LS1 1AA", ship_to_country_code="GB", placed_at=placed_at)
            for number, (click, placed_at) in enumerate(placed)], batch_size=BATCH)
        order_ids = dict(Order.objects.filter(public_id__startswith="B").values_list("public_id", "id"))
        SellerOrder.objects.bulk_create([
            SellerOrder(public_id=f"S{number:010d}", order_id=order_ids[f"B{number:010d}"],
                        seller_id=seller_of[click.product_id][0], promised_delivery_date=placed_at.date())
            for number, (click, placed_at) in enumerate(placed)], batch_size=BATCH)
        seller_order_ids = dict(SellerOrder.objects.filter(public_id__startswith="S").values_list("public_id", "id"))
        lines = []
        for number, (click, _) in enumerate(placed):
            for product_id in (click.product_id, rng.choice(product_ids)):
                lines.append(OrderLine(seller_order_id=seller_order_ids[f"S{number:010d}"], product_id=product_id,
                                       title="Bench item", seller_sku="BENCH", condition="new",
                                       quantity=rng.randint(1, 3), unit_price_minor=seller_of[click.product_id][1]))
        OrderLine.objects.bulk_create(lines, batch_size=BATCH)
    return {"products_on_sale": len(product_ids), "searches": searches, "distinct_queries": len(set(queries)),
            "clicks": len(clicks),
            "product_views": len(views), "orders": orders, "order_lines": len(lines)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--products", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--searches", type=int, default=50_000, help="results pages logged over 90 days")
    parser.add_argument("--queries", type=int, default=5_000, help="distinct queries (Zipf-popular)")
    parser.add_argument("--orders", type=int, default=5_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--home", help="MERCATO_HOME for the generated catalogue")
    parser.add_argument("--database-url", help="benchmark on this database instead of SQLite")
    args = parser.parse_args()
    prepare(args)

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mercato.settings")
    import django

    django.setup()
    from mercato.marketplaces.models import Marketplace
    from mercato.search.signals import compute_search_signals

    marketplace = Marketplace.objects.get(code="gb")
    data = generate_logs(marketplace, searches=args.searches, distinct_queries=args.queries, orders=args.orders,
                         seed=args.seed)
    runs = []
    for _ in range(args.runs):
        wall, cpu = time.perf_counter(), time.process_time()
        summary = compute_search_signals(marketplace=marketplace)
        runs.append({"wall_seconds": round(time.perf_counter() - wall, 2),
                     "cpu_seconds": round(time.process_time() - cpu, 2)})
    print(json.dumps({"data": data, "written": {"query_signals": summary.query_signals,
                                                "product_signals": summary.product_signals,
                                                "velocity_source": summary.velocity_source},
                      "runs": runs}, indent=2))


if __name__ == "__main__":
    main()
