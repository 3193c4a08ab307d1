"""Serving time of the stored recommendation lists on the demo marketplace; prints JSON.

    .venv/bin/python bench/recommendation_serving.py

The demo is loaded once into var/bench/recommendations-demo (its recommendations are computed at load from the
retailer's 386k real invoice lines). For products that have lists, it times the read of one stored list (what
"served from the stored lists" costs) and the whole product-page selector (the lists, then the products on sale
and their Buy Box prices).
"""
from __future__ import annotations

import json
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def summary(samples_ms: list[float]) -> dict:
    ordered = sorted(samples_ms)
    return {"requests": len(ordered), "median_ms": round(statistics.median(ordered), 3),
            "p99_ms": round(ordered[min(len(ordered) - 1, int(0.99 * len(ordered)))], 3)}


def main() -> None:
    home = ROOT / "var" / "bench" / "recommendations-demo"
    (home / "static").mkdir(parents=True, exist_ok=True)
    os.environ["MERCATO_HOME"] = str(home)
    os.environ.pop("DATABASE_URL", None)
    marker = home / "demo-loaded"
    if not marker.exists():
        for command in (["migrate"], ["load-demo"]):
            subprocess.run([sys.executable, "-m", "mercato.cli", *command], check=True, stdout=sys.stderr)
        marker.touch()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mercato.settings")
    import django

    django.setup()
    from mercato.catalog.models import Product
    from mercato.marketplaces.selectors import marketplace_for
    from mercato.recommendations.models import RecommendationList
    from mercato.recommendations.selectors import product_recommendations

    marketplace = marketplace_for(None)
    with_lists = list(RecommendationList.objects.filter(marketplace=marketplace, kind="also_bought")
                      .values_list("product_id", flat=True))
    products = Product.objects.in_bulk(random.Random(1).sample(with_lists, min(500, len(with_lists))))

    def timed(call) -> list[float]:
        samples = []
        for product in products.values():
            started = time.perf_counter()
            call(product)
            samples.append((time.perf_counter() - started) * 1000)
        return samples

    def stored_list(product):
        return list(RecommendationList.objects.filter(marketplace=marketplace, kind="also_bought", product=product)
                    .values_list("product_ids", flat=True))

    timed(stored_list)  # warm the connection and the page cache
    result = {
        "products_with_lists": len(with_lists),
        "stored_list_read": summary(timed(stored_list)),
        "product_page_selector": summary(timed(lambda product: product_recommendations(product, marketplace))),
        "target": {"stored_list_read_ms": 1},
    }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
