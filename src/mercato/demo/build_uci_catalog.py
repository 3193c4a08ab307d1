"""Build the shipped demo catalogue from the raw UCI Online Retail file.

    python -m mercato.demo.build_uci_catalog SOURCE.csv.gz OUT.csv.gz

Prints a JSON summary: product count, category coverage, branded share, price range.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import statistics
import sys
from collections import Counter
from pathlib import Path
from typing import Sequence

from mercato.demo.uci_catalog import (
    CATCH_ALL_CATEGORY,
    CatalogEntry,
    build_catalog,
    category_tree,
    write_catalog,
)


def summarise(entries: Sequence[CatalogEntry]) -> dict[str, object]:
    product_count = len(entries)
    placed = sum(entry.category_slug != CATCH_ALL_CATEGORY for entry in entries)
    branded = sum(entry.brand is not None for entry in entries)
    prices_minor = [entry.price_minor for entry in entries]
    leaf_names = {node.slug: node.name for node in category_tree() if node.parent_slug}
    per_category = Counter(entry.category_slug for entry in entries)
    per_brand = Counter(entry.brand for entry in entries if entry.brand)
    return {
        "products": product_count,
        "category_coverage": round(placed / product_count, 4) if product_count else 0.0,
        "in_everything_else": product_count - placed,
        "branded_share": round(branded / product_count, 4) if product_count else 0.0,
        "price_minor": {
            "min": min(prices_minor, default=0),
            "median": statistics.median_low(prices_minor) if prices_minor else 0,
            "max": max(prices_minor, default=0),
        },
        "units_sold": sum(entry.units_sold for entry in entries),
        "products_per_category": {
            leaf_names[slug]: count for slug, count in per_category.most_common()
        },
        "top_brands": dict(per_brand.most_common(15)),
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path, help="online_retail.csv.gz (UCI Online Retail)")
    parser.add_argument("out", type=Path, help="where to write the catalogue (.csv.gz)")
    arguments = parser.parse_args(argv)

    with gzip.open(arguments.source, "rt", encoding="utf-8", newline="") as source:
        entries = build_catalog(csv.DictReader(source))
    arguments.out.parent.mkdir(parents=True, exist_ok=True)
    write_catalog(entries, arguments.out)

    summary = summarise(entries)
    summary["file_bytes"] = arguments.out.stat().st_size
    json.dump(summary, sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
