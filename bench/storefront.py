"""Server time of the storefront pages and the product API on a generated catalogue; prints JSON.

    .venv/bin/python bench/storefront.py --products 100000
    .venv/bin/python bench/storefront.py --products 1000000

The catalogue is made once per size by `mercato generate-catalog` in var/bench/storefront-<N>
(SQLite, or the database in --database-url) and reused by later runs. Pages are requested
in-process through Django's test client, so the figures are server time (routing, queries,
search, templates) without the network. Search latency is measured on the full search
selector (index + product rows + prices) for 1- and 2-word queries drawn from product titles
(two words of one title, as shoppers search, and two unrelated words as a stress case).
"""
from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def summary(samples_ms: list[float]) -> dict:
    return {"requests": len(samples_ms), "median_ms": round(statistics.median(samples_ms), 2),
            "p95_ms": round(percentile(samples_ms, 0.95), 2), "p99_ms": round(percentile(samples_ms, 0.99), 2)}


def prepare(args) -> Path:
    home = Path(args.home or ROOT / "var" / "bench" / f"storefront-{args.products}")
    (home / "static").mkdir(parents=True, exist_ok=True)
    os.environ["MERCATO_HOME"] = str(home)
    if args.database_url:
        os.environ["DATABASE_URL"] = args.database_url
    else:
        os.environ.pop("DATABASE_URL", None)
    marker = home / f"generated-{args.products}-{args.seed}"
    if not marker.exists():
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "mercato.cli", "generate-catalog", "--products", str(args.products),
                        "--seed", str(args.seed)], check=True, stdout=sys.stderr)
        marker.write_text(f"{time.perf_counter() - started:.1f}\n")
    return home


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--products", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--requests", type=int, default=300, help="requests per page type")
    parser.add_argument("--queries", type=int, default=1000, help="search queries per query length")
    parser.add_argument("--home", help="MERCATO_HOME for the generated catalogue")
    parser.add_argument("--database-url", help="benchmark on this database instead of SQLite")
    args = parser.parse_args()
    home = prepare(args)

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mercato.settings")
    import django

    django.setup()
    from django.test import Client
    from django.test.utils import setup_test_environment

    from mercato.catalog.models import Product
    from mercato.catalog.selectors import leaf_categories
    from mercato.marketplaces.selectors import marketplace_for
    from mercato.search.selectors import search_products

    setup_test_environment()
    rng = random.Random(args.seed)
    client = Client()
    marketplace = marketplace_for(None)
    product_count = Product.objects.count()
    max_id = Product.objects.order_by("-id").values_list("id", flat=True).first()
    sample_ids = sorted({rng.randint(1, max_id) for _ in range(args.requests * 2)})
    products = list(Product.objects.filter(id__in=sample_ids).values_list("public_id", "title")[:args.requests])
    categories = [node.path for node in leaf_categories()]
    title_words = [[w for w in title.split()[1:5] if w.isalpha() and len(w) > 2] for _, title in products]
    title_words = [ws for ws in title_words if len(ws) >= 2]
    words = [w for ws in title_words for w in ws]

    def timed(url: str) -> float:
        started = time.perf_counter()
        response = client.get(url)
        elapsed = (time.perf_counter() - started) * 1000
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
        return elapsed

    def page_times(urls: list[str]) -> dict:
        for url in urls[:10]:
            timed(url)  # warm caches and the index reader
        return summary([timed(url) for url in urls])

    n = args.requests
    pages = {
        "home": page_times(["/"] * n),
        "category": page_times([f"/c/{rng.choice(categories)}/" for _ in range(n)]),
        "search": page_times([f"/search?q={rng.choice(words)}" for _ in range(n)]),
        "product": page_times([f"/p/{public_id}/" for public_id, _ in products]),
        "product_api": page_times([f"/api/v1/products/{public_id}" for public_id, _ in products]),
    }

    def search_times(pick_words) -> dict:
        samples = []
        for _ in range(args.queries):
            text = " ".join(pick_words())
            started = time.perf_counter()
            search_products(marketplace=marketplace, text=text)
            samples.append((time.perf_counter() - started) * 1000)
        ordered = summary(samples)
        return {"queries": len(samples), "p50_ms": ordered["median_ms"], "p95_ms": ordered["p95_ms"],
                "p99_ms": ordered["p99_ms"]}

    search_products(marketplace=marketplace, text="warm")
    result = {
        "products": product_count,
        "database": django.db.connection.vendor,
        "mercato_home": str(home),
        "pages": pages,
        # Two words a shopper would type for one product (both from its title), and, as a stress case,
        # two words from different titles, which seldom share a product and fall back to matching any word.
        "search_with_facets": {
            "one_word": search_times(lambda: [rng.choice(words)]),
            "two_words": search_times(lambda: rng.sample(rng.choice(title_words), 2)),
            "two_unrelated_words": search_times(lambda: rng.sample(words, 2)),
        },
        "targets": {"product_page_p95_ms": 25, "product_api_p95_ms": 25, "search_p99_ms": 15},
    }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
