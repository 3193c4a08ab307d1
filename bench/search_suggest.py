"""Benchmark the search-box suggestions (mercato.search.suggest) on a synthetic catalogue; prints JSON.

    .venv/bin/python bench/search_suggest.py --products 100000 --seed 7

Products are the synthetic catalogue of bench/search_engine.py (Zipf words, brands, categories),
each title led by its brand and padded to 6-14 words as real titles are; 5,000 past searches are
two- and three-word runs of titles. Prefixes are what shoppers type on the way to a title word:
its first 1, 2 or 3 letters, a whole word and the start of the next, and a whole first word and a
space. Latency is one `SuggestionIndex.suggest` call (6 queries, 4 products).
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from search_engine import Catalog  # noqa: E402

from mercato.search.suggest import SuggestionIndex  # noqa: E402


def products(count: int, seed: int) -> list[tuple[str, str, int]]:
    catalog = Catalog(seed)
    rng = random.Random(seed + 5)
    rows = []
    for document in catalog.documents(count, seed):
        words = document.title.split()
        words += rng.choices(catalog.content_words[:400], k=max(0, rng.randint(6, 14) - len(words) - 1))
        title = " ".join([document.brand or "Generic", *words])
        rows.append((document.public_id, title, document.units_sold))
    return rows


def past_searches(rows: list[tuple[str, str, int]], count: int, seed: int) -> list[tuple[str, int]]:
    rng = random.Random(seed + 11)
    searches = []
    for _ in range(count):
        words = rng.choice(rows)[1].lower().split()
        start = rng.randrange(max(1, len(words) - 2))
        searches.append((" ".join(words[start:start + rng.choice((2, 3))]), int(rng.paretovariate(1.1))))
    return searches


def prefixes(rows: list[tuple[str, str, int]], count: int, seed: int) -> dict[str, list[str]]:
    rng = random.Random(seed + 17)
    sets: dict[str, list[str]] = {"1 letter": [], "2 letters": [], "3 letters": [], "word + 2 letters": [],
                                  "word + space": []}
    for _ in range(count):
        words = rng.choice(rows)[1].lower().split()
        position = rng.randrange(min(len(words) - 1, 5))
        word, following = words[position], words[position + 1]
        sets["1 letter"].append(word[:1])
        sets["2 letters"].append(word[:2])
        sets["3 letters"].append(word[:3])
        sets["word + 2 letters"].append(f"{word} {following[:2]}")
        sets["word + space"].append(f"{word} ")
    return sets


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--products", type=int, default=100_000)
    parser.add_argument("--searches", type=int, default=5_000)
    parser.add_argument("--lookups", type=int, default=2_000, help="per prefix kind")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)

    rows = products(args.products, args.seed)
    brands = {title.split()[0]: 0 for _, title, _ in rows}
    queries = past_searches(rows, args.searches, args.seed) + [(brand, 1) for brand in brands]
    started, started_cpu = time.perf_counter(), time.process_time()
    index = SuggestionIndex(queries=queries, products=rows)
    build_seconds, build_cpu_seconds = time.perf_counter() - started, time.process_time() - started_cpu
    # Memory kept by a second build, traced (tracing slows a build down several times).
    del index
    tracemalloc.start()
    index = SuggestionIndex(queries=queries, products=rows)
    memory_bytes = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()

    report = {
        "products": len(rows),
        "query_phrases": len(queries),
        "keys": dict(zip(("queries", "products"), index.size)),
        "build_seconds": round(build_seconds, 2),
        "build_cpu_seconds": round(build_cpu_seconds, 2),
        "memory_mb": round(memory_bytes / 1e6, 1),
        "lookup_ms": {},
    }
    # Wall time, and the process's CPU time, which a busy machine does not inflate by descheduling us.
    for kind, typed in prefixes(rows, args.lookups, args.seed).items():
        wall, cpu = [], []
        for text in typed:
            begun, begun_cpu = time.perf_counter(), time.process_time()
            index.suggest(text)
            cpu.append((time.process_time() - begun_cpu) * 1000)
            wall.append((time.perf_counter() - begun) * 1000)
        report["lookup_ms"][kind] = {
            "p50": round(statistics.median(wall), 3), "p99": round(percentile(wall, 0.99), 3),
            "max": round(max(wall), 3), "cpu_p50": round(statistics.median(cpu), 3),
            "cpu_p99": round(percentile(cpu, 0.99), 3)}
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
