"""Benchmark the product search engine on a synthetic catalog; prints JSON to stdout.

    .venv/bin/python bench/search_engine.py --products 1000000 --seed 7

The catalog is deterministic for a seed: a 4,000-word vocabulary whose word frequencies follow
Zipf's law (the head is English function words, as in real text), ~200 leaf categories in a
3-level tree, 500 brands of Zipf popularity, colours, log-normal prices. Query words are drawn
from product titles, so they are as common as the words shoppers see. An index built earlier
for the same products and seed is reused (pass --rebuild to build again).
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import os
import random
import statistics
import sys
import time
from pathlib import Path
from typing import Callable, Iterator

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from mercato.search.engine import (  # noqa: E402
    ProductDocument,
    ProductIndex,
    SearchFilters,
    SearchResult,
)

GENERATOR_VERSION = 1
MARKETPLACE = "gb"
FUNCTION_WORDS = (
    "the and with for a of in to is this your our from on it that as by be are or you all "
    "can an its at will has which more into so one up out them use when easy just also any "
    "each other great new perfect ideal most very these make keep than two both made well over"
).split()
COLOURS = (
    "Black White Grey Silver Red Blue Navy Green Yellow Orange Pink Purple Brown Beige Gold "
    "Multicolour"
).split()
MATERIALS = (
    "Cotton Polyester Wood Steel Aluminium Glass Ceramic Plastic Leather Bamboo Wool Stone".split()
)
CONDITIONS = ("used_like_new", "used_very_good", "used_good", "used_acceptable")


class Catalog:
    """The synthetic catalog's vocabulary and a deterministic document generator."""

    def __init__(self, seed: int):
        rng = random.Random(seed)
        words = _invented_words(rng, 4_000 + 600 + 400 + 500)
        self.content_words = words[:4_000]
        leaf_nouns = words[4_000:4_600]
        category_words = words[4_600:5_000]
        brand_words = words[5_000:]
        # Zipf over the whole vocabulary, function words first: they are the head of real text.
        self.text_words = FUNCTION_WORDS + self.content_words
        self.text_weights = list(
            itertools.accumulate(1 / rank for rank in range(1, len(self.text_words) + 1))
        )
        self.content_weights = list(itertools.accumulate(1 / rank for rank in range(1, 4_001)))
        self.leaves: list[tuple[tuple[str, ...], list[str]]] = []
        category_word = iter(category_words)
        for _ in range(10):
            root = next(category_word)
            for _ in range(5):
                middle = f"{next(category_word)}-{next(category_word)}"
                for _ in range(4):
                    leaf = (
                        next(category_word)
                        if rng.random() < 0.5
                        else f"{next(category_word)}-{rng.choice(category_words)}"
                    )
                    nouns = [leaf_nouns.pop() for _ in range(3)]
                    self.leaves.append(((root, middle, leaf), nouns))
        self.leaf_weights = list(
            itertools.accumulate(1 / (rank**0.8) for rank in range(1, len(self.leaves) + 1))
        )
        self.brands = [
            word.capitalize()
            if index % 3
            else f"{word.capitalize()} {rng.choice(brand_words).capitalize()}"
            for index, word in enumerate(brand_words)
        ]
        self.brand_weights = list(
            itertools.accumulate(1 / rank for rank in range(1, len(self.brands) + 1))
        )

    def documents(self, count: int, seed: int) -> Iterator[ProductDocument]:
        rng = random.Random(seed * 1_000_003 + 1)
        for product_id in range(1, count + 1):
            yield self.document(rng, product_id)

    def document(self, rng: random.Random, product_id: int) -> ProductDocument:
        category_path, nouns = rng.choices(self.leaves, cum_weights=self.leaf_weights)[0]
        brand = (
            rng.choices(self.brands, cum_weights=self.brand_weights)[0]
            if rng.random() < 0.95
            else None
        )
        colour = rng.choice(COLOURS)
        title_words = rng.choices(
            self.content_words, cum_weights=self.content_weights, k=rng.randint(2, 4)
        )
        title_words.append(rng.choice(nouns))
        if rng.random() < 0.4:
            title_words.insert(0, colour)
        description = " ".join(
            rng.choices(self.text_words, cum_weights=self.text_weights, k=rng.randint(30, 60))
        )
        priced = rng.random() < 0.96
        conditions = ["new"] if rng.random() < 0.9 else []
        if not conditions or rng.random() < 0.1:
            conditions.append(rng.choice(CONDITIONS))
        channels = [
            channel
            for channel, share in (("merchant", 0.7), ("network", 0.45))
            if rng.random() < share
        ]
        return ProductDocument(
            product_id=product_id,
            marketplace=MARKETPLACE,
            public_id=f"B{product_id:09d}",
            title=" ".join(title_words),
            brand=brand,
            category_path=category_path,
            description=description,
            attributes={"colour": colour, "material": rng.choice(MATERIALS)},
            price_minor=max(99, int(rng.lognormvariate(math.log(2_500), 1.0))) if priced else None,
            conditions=tuple(conditions),
            fulfillment_channels=tuple(channels or ["merchant"]),
            seller_ids=tuple(rng.sample(range(1, 20_001), rng.randint(1, 3))),
            in_stock=priced and rng.random() < 0.9,
            units_sold=int(rng.paretovariate(1.2)) - 1,
            listed_at=1_700_000_000 - rng.randint(0, 5 * 365 * 86_400),
        )


def _invented_words(rng: random.Random, count: int) -> list[str]:
    onsets = "b c d f g h j k l m n p r s t v w z br cr dr fl gr pl pr st tr sh ch".split()
    vowels = "a e i o u ai ea oo io".split()
    codas = ["", "", "n", "r", "s", "l", "m", "x", "th"]
    words: dict[str, None] = {}
    while len(words) < count:
        syllables = rng.choice((2, 2, 3))
        word = "".join(
            rng.choice(onsets) + rng.choice(vowels) for _ in range(syllables)
        ) + rng.choice(codas)
        words.setdefault(word)
    return list(words)


def _title_words(documents: list[ProductDocument]) -> list[list[str]]:
    return [
        [word.lower() for word in document.title.split() if word not in COLOURS]
        for document in documents
    ]


def _query_sets(
    catalog: Catalog, seed: int, products: int, queries: int
) -> dict[str, list[Callable]]:
    rng = random.Random(seed + 99)
    # Titles of random products stand in for what shoppers have seen and type.
    sample = [catalog.document(rng, product_id) for product_id in range(1, 2 * queries + 1)]
    titles = _title_words(sample)
    one_word = [rng.choice(words) for words in titles[:queries]]
    two_words = [" ".join(rng.sample(words, 2)) for words in titles[queries:]]
    categories = []
    for _ in range(queries):
        path, _nouns = rng.choices(catalog.leaves, cum_weights=catalog.leaf_weights)[0]
        categories.append(path[: rng.choice((1, 2, 2, 3))])
    filtered = []
    for words in titles[:queries]:
        brand = rng.choices(catalog.brands[:100], cum_weights=catalog.brand_weights[:100])[0]
        low = rng.choice((0, 1_000, 2_500, 5_000))
        filtered.append(
            (
                rng.choice(words),
                SearchFilters(brands=(brand,), price_min_minor=low, price_max_minor=low * 4 + 999),
            )
        )

    def text_search(
        text: str, filters: SearchFilters = SearchFilters()
    ) -> Callable[[ProductIndex], SearchResult]:
        return lambda index: index.search(marketplace=MARKETPLACE, text=text, filters=filters)

    return {
        "one_word_with_facets": [text_search(text) for text in one_word],
        "two_words_with_facets": [text_search(text) for text in two_words],
        "category_browse_with_facets": [
            text_search("", SearchFilters(category_path=path)) for path in categories
        ],
        "one_word_brand_and_price_filter": [
            text_search(text, filters) for text, filters in filtered
        ],
    }


def _percentile(sorted_values: list[float], fraction: float) -> float:
    return sorted_values[
        min(len(sorted_values) - 1, int(round(fraction * (len(sorted_values) - 1))))
    ]


def _measure(index: ProductIndex, searches: list[Callable]) -> dict[str, float]:
    for search in searches:
        search(index)  # a served index is hot: warm the page cache and the search threads
    latencies_ms, totals = [], []
    for search in searches:
        started = time.perf_counter()
        result = search(index)
        latencies_ms.append((time.perf_counter() - started) * 1_000)
        totals.append(result.total)
    latencies_ms.sort()
    return {
        "queries": len(searches),
        "p50_ms": round(_percentile(latencies_ms, 0.50), 2),
        "p95_ms": round(_percentile(latencies_ms, 0.95), 2),
        "p99_ms": round(_percentile(latencies_ms, 0.99), 2),
        "max_ms": round(latencies_ms[-1], 2),
        "median_total": statistics.median(totals),
        "max_total": max(totals),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--products", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--queries", type=int, default=500)
    parser.add_argument("--index-dir", type=Path)
    parser.add_argument(
        "--rebuild", action="store_true", help="build even if a matching index exists"
    )
    args = parser.parse_args()
    index_dir = args.index_dir or Path("var/bench") / f"search-engine-{args.products}"
    marker = index_dir / "bench-catalog.json"
    catalog_id = {"products": args.products, "seed": args.seed, "generator": GENERATOR_VERSION}

    catalog = Catalog(args.seed)
    index = ProductIndex.open_or_create(index_dir)
    build_seconds = None
    reused = not args.rebuild and marker.exists() and json.loads(marker.read_text()) == catalog_id
    if not reused or index.count(MARKETPLACE) != args.products:
        reused = False
        marker.unlink(missing_ok=True)
        started = time.perf_counter()
        index.rebuild(catalog.documents(args.products, args.seed))
        build_seconds = round(time.perf_counter() - started, 1)
        marker.write_text(json.dumps(catalog_id))

    report = {
        "products": index.count(MARKETPLACE),
        "seed": args.seed,
        "index_dir": str(index_dir),
        "index_reused": reused,
        "build_seconds": build_seconds,
        "index_size_mb": round(
            sum(f.stat().st_size for f in index_dir.rglob("*") if f.is_file()) / 1e6, 1
        ),
        "cpus": os.cpu_count(),
        "query_model": "words from titles of random catalog products (frequency-weighted)",
    }
    for name, searches in _query_sets(catalog, args.seed, args.products, args.queries).items():
        report[name] = _measure(index, searches)
    json.dump(report, sys.stdout, indent=2)
    print()


if __name__ == "__main__":
    main()
