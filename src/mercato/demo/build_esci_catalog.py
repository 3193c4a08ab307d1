"""Build the shipped ESCI demo catalogue from the ESCI product file.

    python -m mercato.demo.build_esci_catalog products.jsonl.gz OUT.jsonl.gz

Prints a JSON summary: product count, listed and estimated prices, departments, brands.
"""

from __future__ import annotations

import argparse
import gzip
import json
import statistics
import sys
from collections import Counter
from pathlib import Path
from typing import Sequence

from mercato.demo.esci_catalog import CatalogRecord, build_catalog, category_tree, entry_for, write_catalog


def summarise(records: Sequence[CatalogRecord]) -> dict[str, object]:
    entries = [entry_for(record) for record in records]
    listed = [record.price_minor for record in records if not record.price_estimated]
    prices = [record.price_minor for record in records]
    tree = category_tree(entries)
    return {
        "products": len(records),
        "listed_prices": len(listed),
        "estimated_prices": len(records) - len(listed),
        "price_minor": {
            "min": min(prices, default=0),
            "median": statistics.median_low(prices) if prices else 0,
            "max": max(prices, default=0),
        },
        "with_description": sum(bool(record.description) for record in records),
        "branded": sum(record.brand is not None for record in records),
        "brands": len({record.brand for record in records if record.brand}),
        "with_colour": sum(record.colour is not None for record in records),
        "categories": len(tree),
        "products_per_department": dict(Counter(record.category[0] for record in records).most_common()),
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path, help="products.jsonl.gz (ESCI products, one JSON object a line)")
    parser.add_argument("out", type=Path, help="where to write the catalogue (.jsonl.gz)")
    arguments = parser.parse_args(argv)

    with gzip.open(arguments.source, "rt", encoding="utf-8") as source:
        records = build_catalog(json.loads(line) for line in source if line.strip())
    arguments.out.parent.mkdir(parents=True, exist_ok=True)
    write_catalog(records, arguments.out)

    summary = summarise(records)
    summary["file_bytes"] = arguments.out.stat().st_size
    json.dump(summary, sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
