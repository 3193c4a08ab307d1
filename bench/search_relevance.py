"""Offline search relevance: NDCG@10 and recall@100 of each ranker on a judged query set; prints JSON.

    .venv/bin/python bench/search_relevance.py                      # ESCI development split
    .venv/bin/python bench/search_relevance.py --fixture ../shared/data/esci_smoke_fixture
    .venv/bin/python bench/search_relevance.py --qrels q.trec.gz --queries q.tsv --products p.jsonl

The catalogue is indexed with Mercato's own search engine in a temporary directory, each product
as the ESCI demo catalogue lists it in the shop (title, brand, colour, category, description or
bullet points). Each ranker answers every query with its top 100 product ids. Formats, gains and
metrics: see mercato.search.evaluation and docs/search-relevance.md.
"""

from __future__ import annotations

import argparse
import html
import json
import random
import re
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from mercato.demo.esci_catalog import base_colour, build_catalog, entry_for  # noqa: E402
from mercato.search import evaluation, understanding  # noqa: E402
from mercato.search.engine import ProductDocument, ProductIndex, SearchFilters  # noqa: E402

DEFAULT_DATA = ROOT.parent / "shared" / "data" / "esci_relevance_dev"
FIXTURE_EXAMPLES = "esci_examples_fixture.csv"
FIXTURE_PRODUCTS = "esci_products_fixture.jsonl"
MARKETPLACE = "us"
DEPTH = 100  # results asked of each ranker: recall@100 needs them all

Ranker = Callable[[str], list[str]]  # query text -> document ids, best first


@dataclass
class Catalogue:
    """What a ranker may use: the index and what was indexed."""

    index: ProductIndex
    doc_ids: list[str]  # product_id - 1 -> the document id the judgments use (ASIN)
    documents: list[ProductDocument]
    colour_words: dict[str, str]  # words of the sellers' colour names -> shop colour
    understanding_kinds: tuple[str, ...] = understanding.KINDS
    queries: dict[str, str] = field(default_factory=dict)  # the judged queries, for simulated shoppers
    qrels: evaluation.Qrels = field(default_factory=dict)
    built: dict[str, object] = field(default_factory=dict)  # what one ranker built and another reuses


def bm25(catalogue: Catalogue) -> Ranker:
    """The engine as the storefront runs it: BM25 over weighted fields, every word required when
    some product has them all, else any word."""

    def rank(text: str) -> list[str]:
        result = catalogue.index.search(
            marketplace=MARKETPLACE, text=text, limit=DEPTH, with_facets=False
        )
        return [catalogue.doc_ids[hit.product_id - 1] for hit in result.hits]

    return rank


def bm25_understood(catalogue: Catalogue) -> Ranker:
    """BM25 on the words left once the brand, colour, category and price named in the query are
    applied as filters (mercato.search.understanding; --understanding-kinds picks which)."""
    vocabulary = understanding.build_vocabulary(
        brands=sorted({doc.brand for doc in catalogue.documents if doc.brand}),
        colours=catalogue.colour_words,
        categories=sorted({
            (doc.category_path[: depth + 1], doc.category_names[depth])
            for doc in catalogue.documents
            for depth in range(len(doc.category_path))
        }),
    )
    ignore = set(understanding.KINDS) - set(catalogue.understanding_kinds)

    def rank(text: str) -> list[str]:
        understood = understanding.understand(text, vocabulary, ignore=ignore)
        result = catalogue.index.search(
            marketplace=MARKETPLACE, text=understood.text, filters=understood.apply_to(SearchFilters()),
            limit=DEPTH, with_facets=False,
        )
        return [catalogue.doc_ids[hit.product_id - 1] for hit in result.hits]

    return rank


def hybrid_scores(catalogue: Catalogue) -> Callable[[str], list[tuple[int, float]]]:
    """Query text -> (product id, fused score), best first: the engine's top 100 and the 100 nearest products by
    cosine (all-MiniLM-L6-v2), each scored by both and fused (mercato.search.hybrid.fuse). Built once per run."""
    if "hybrid" in catalogue.built:
        return catalogue.built["hybrid"]  # type: ignore[return-value]
    from mercato.search import hybrid as fusion
    from mercato.search import sentence_encoder
    from mercato.search.product_text import embedding_text, text_hash
    from mercato.search.vectors import VectorStore

    texts = [embedding_text(doc) for doc in catalogue.documents]
    store = VectorStore.build([doc.product_id for doc in catalogue.documents], sentence_encoder.encode(texts),
                              [text_hash(text) for text in texts])

    def scored(text: str) -> list[tuple[int, float]]:
        keyword = catalogue.index.search(marketplace=MARKETPLACE, text=text, limit=DEPTH, with_facets=False)
        bm25_hits = [(hit.product_id, hit.score) for hit in keyword.hits]
        query_vector = sentence_encoder.encode([text])[0]
        vector_hits = store.nearest(query_vector, DEPTH)
        vector_hits += store.similarities(query_vector, [product_id for product_id, _ in bm25_hits]).items()
        return fusion.fuse(bm25_hits, vector_hits)

    scored.costs = {"vector_bytes_per_1000_products": round(store.nbytes / max(1, len(store)) * 1000)}
    catalogue.built["hybrid"] = scored
    return scored


def hybrid(catalogue: Catalogue) -> Ranker:
    """BM25 and all-MiniLM-L6-v2 vectors fused (see hybrid_scores); the time to embed the catalogue is the
    ranker's build_seconds, and each query's time includes embedding the query."""
    scored = hybrid_scores(catalogue)

    def rank(text: str) -> list[str]:
        return [catalogue.doc_ids[product_id - 1] for product_id, _ in scored(text)[:DEPTH]]

    rank.costs = scored.costs
    return rank


# Simulated shoppers, for the full ranker: the judged sets hold no clicks or sales.
SIMULATED_SESSIONS = 50  # past searches of each query
SHOWN = 24  # the first page
EXAMINATION_DECAY = 0.6  # a shopper looks at position p with probability 1 / p ** 0.6
CLICK_BY_GRADE = {3: 0.5, 2: 0.2, 1: 0.1, 0: 0.02}
PURCHASE_BY_GRADE = {3: 0.3, 2: 0.08, 1: 0.04, 0: 0.0}
RERANK_WINDOW = 96  # as mercato.search.reranking


def simulated_signals(shown: list[int], grades: dict[int, int], rng: random.Random) -> dict[int, dict[str, int]]:
    """Impressions, clicks and purchases per product after SIMULATED_SESSIONS shoppers each saw `shown` (best
    first): a shopper looks at a position with a probability falling with its rank, clicks what they look at
    with the probability of its grade, and buys some of what they click."""
    signals = {product_id: {"impressions": 0, "clicks": 0, "purchases": 0} for product_id in shown}
    for _ in range(SIMULATED_SESSIONS):
        for position, product_id in enumerate(shown, start=1):
            counts = signals[product_id]
            counts["impressions"] += 1
            grade = min(3, max(0, grades.get(product_id, 0)))
            if rng.random() < position ** -EXAMINATION_DECAY and rng.random() < CLICK_BY_GRADE[grade]:
                counts["clicks"] += 1
                counts["purchases"] += rng.random() < PURCHASE_BY_GRADE[grade]
    return signals


def full(catalogue: Catalogue) -> Ranker:
    """The storefront's ranker: the hybrid's scores re-ordered over the first RERANK_WINDOW by
    mercato.search.ranking with its default weights, from the search-conversion signals that simulated past
    shoppers left (simulated_signals, seeded). The judged sets have no sales, stock, delivery or ratings, so
    those features are the same for every product, and nobody is signed in."""
    from mercato.search import ranking

    scored = hybrid_scores(catalogue)
    product_of = {doc_id: product_id for product_id, doc_id in enumerate(catalogue.doc_ids, start=1)}
    rng = random.Random(7)
    signals: dict[str, dict[int, dict[str, int]]] = {}
    for query_id, text in sorted(catalogue.queries.items()):
        grades = {product_of[doc]: grade for doc, grade in catalogue.qrels.get(query_id, {}).items()
                  if doc in product_of}
        signals[text] = simulated_signals([product_id for product_id, _ in scored(text)[:SHOWN]], grades, rng)
    weights = ranking.RankingWeights()

    def rank(text: str) -> list[str]:
        found = scored(text)
        known = signals.get(text, {})
        window = [ranking.Candidate(product_id, score, **known.get(product_id, {}))
                  for product_id, score in found[:RERANK_WINDOW]]
        order = [ranked.product_id for ranked in ranking.rank(window, weights)]
        order += [product_id for product_id, _ in found[RERANK_WINDOW:]]
        return [catalogue.doc_ids[product_id - 1] for product_id in order[:DEPTH]]

    rank.costs = {"simulated_sessions_per_query": SIMULATED_SESSIONS}
    return rank


# Name -> factory. A factory builds its ranker once (models, vectors) before the queries run.
RANKERS: dict[str, Callable[[Catalogue], Ranker]] = {
    "bm25": bm25,
    "bm25+understanding": bm25_understood,
    "hybrid": hybrid,
    "full": full,
}


# Reading the catalogue.

_TAG = re.compile(r"<[^>]+>")


def _plain(text: object) -> str:
    """Text from the fixture's HTML descriptions: tags become spaces, entities characters."""
    return html.unescape(_TAG.sub(" ", str(text or "")))


def read_products(path: Path) -> Iterator[dict]:
    """Product rows in the ESCI source shape (`product_id`, `bullet_points`, ...) from JSON lines in
    that shape or in the fixture's (`id`, `bullets`, HTML description)."""
    with evaluation.open_text(path) as source:
        for line in source:
            if not line.strip():
                continue
            row = json.loads(line)
            if "product_id" not in row:
                row["product_id"] = row.pop("id")
                row["bullet_points"] = _plain(row.pop("bullets", ""))
                row["description"] = _plain(row.get("description"))
            yield row


def colour_words(records: Iterable) -> dict[str, str]:
    """Each word of the sellers' colour names that names a shop colour ("navy" -> "Blue")."""
    words = {word for record in records for word in re.findall(r"[a-z]+", (record.colour or "").casefold())}
    return {word: colour for word in sorted(words) if (colour := base_colour(word))}


def documents(rows: Iterable[dict]) -> tuple[list[ProductDocument], list[str], dict[str, str]]:
    """One search document per product, as the shop lists it; the ids in product_id order; the
    colour words."""
    docs, doc_ids = [], []
    records = build_catalog(rows)
    for product_id, record in enumerate(records, start=1):
        entry = entry_for(record)
        doc_ids.append(entry.asin)
        docs.append(
            ProductDocument(
                product_id=product_id,
                marketplace=MARKETPLACE,
                public_id=entry.asin,
                title=entry.title,
                brand=entry.brand,
                category_path=entry.category_path,
                category_names=entry.category_names,
                description=entry.description,
                attributes=entry.attributes,
                price_minor=entry.price_minor,
                conditions=("new",),
                fulfillment_channels=("merchant",),
                seller_ids=(1,),
                in_stock=True,
                units_sold=0,
                listed_at=0,
            )
        )
    return docs, doc_ids, colour_words(records)


# Running.


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def run_ranker(ranker: Ranker, queries: dict[str, str]) -> tuple[dict[str, list[str]], dict]:
    run, latencies_ms = {}, []
    for query_id, text in queries.items():
        started = time.perf_counter()
        run[query_id] = ranker(text)[:DEPTH]
        latencies_ms.append((time.perf_counter() - started) * 1000)
    timing = {
        "seconds": round(sum(latencies_ms) / 1000, 3),
        "latency_ms": {
            "p50": round(statistics.median(latencies_ms), 2),
            "p99": round(percentile(latencies_ms, 0.99), 2),
            "max": round(max(latencies_ms), 2),
        },
    }
    return run, timing


def evaluate(args: argparse.Namespace) -> dict:
    if args.fixture:
        queries, qrels = evaluation.read_esci_examples(args.fixture / FIXTURE_EXAMPLES)
        products_path = args.products or args.fixture / FIXTURE_PRODUCTS
        sources = {"examples": str(args.fixture / FIXTURE_EXAMPLES), "products": str(products_path)}
    else:
        qrels = evaluation.read_qrels(args.qrels)
        queries = evaluation.read_queries(args.queries)
        products_path = args.products
        sources = {"qrels": str(args.qrels), "queries": str(args.queries), "products": str(products_path)}
    judged_queries = {qid: text for qid, text in queries.items() if qid in qrels}
    if args.limit_queries:
        judged_queries = dict(sorted(judged_queries.items())[: args.limit_queries])
    unknown = [name for name in args.rankers if name not in RANKERS]
    if unknown:
        raise SystemExit(f"unknown ranker {unknown[0]!r}; known: {', '.join(RANKERS)}")
    unknown = [kind for kind in args.understanding_kinds if kind not in understanding.KINDS]
    if unknown:
        raise SystemExit(f"unknown filter kind {unknown[0]!r}; known: {', '.join(understanding.KINDS)}")

    started = time.perf_counter()
    docs, doc_ids, colours = documents(read_products(products_path))
    with tempfile.TemporaryDirectory(prefix="search-relevance-") as directory:
        index = ProductIndex.open_or_create(Path(directory))
        # One writer thread: documents get the same addresses on every run, so equal scores
        # (many products share a title) break ties the same way and the numbers repeat.
        index.upsert(docs)
        index_seconds = time.perf_counter() - started
        catalogue = Catalogue(index, doc_ids, docs, colours, tuple(args.understanding_kinds),
                              queries=judged_queries, qrels=qrels)
        in_catalogue = set(doc_ids)
        judgments = [(qid, doc) for qid in judged_queries for doc in qrels[qid]]
        report = {
            "data": sources,
            "queries": len(judged_queries),
            "judged_documents": len(judgments),
            "judged_documents_in_catalogue": sum(doc in in_catalogue for _, doc in judgments),
            "catalogue_products": len(docs),
            "gain": "grade as in the judgments (ESCI labels: E=3, S=2, C=1, I=0); unjudged = 0",
            "relevant_grade": args.relevant_grade,
            "index_seconds": round(index_seconds, 2),
            "rankers": {},
        }
        if "bm25+understanding" in args.rankers:
            report["understanding_kinds"] = list(args.understanding_kinds)
        for name in args.rankers:
            built = time.perf_counter()
            ranker = RANKERS[name](catalogue)
            build_seconds = time.perf_counter() - built
            run, timing = run_ranker(ranker, judged_queries)
            scores = evaluation.evaluate(run, qrels, relevant_grade=args.relevant_grade)
            result = {
                "ndcg@10": scores.ndcg_at_10,
                "recall@100": scores.recall_at_100,
                "ndcg@10_condensed": scores.ndcg_at_10_condensed,
                "queries_scored": scores.queries,
                "build_seconds": round(build_seconds, 2),
                **timing,
                **getattr(ranker, "costs", {}),
            }
            if args.per_query:
                result["per_query_ndcg@10"] = {
                    judged_queries[qid]: round(evaluation.ndcg_at(ranked, qrels[qid], 10), 4)
                    for qid, ranked in run.items()
                }
            report["rankers"][name] = result
    return report


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--qrels", type=Path, default=DEFAULT_DATA / "qrels.trec.gz")
    parser.add_argument("--queries", type=Path, default=DEFAULT_DATA / "queries.tsv.gz")
    parser.add_argument("--products", type=Path, default=None,
                        help="JSON lines, ESCI or fixture shape (default: the data set's products)")
    parser.add_argument("--fixture", type=Path, default=None,
                        help="a folder with the ESCI examples CSV and products JSONL of the smoke fixture")
    parser.add_argument("--rankers", default="bm25,hybrid,full", type=lambda text: text.split(","),
                        help=f"comma-separated, of: {', '.join(RANKERS)}")
    parser.add_argument("--understanding-kinds", default=",".join(understanding.KINDS),
                        type=lambda text: text.split(","),
                        help="filters bm25+understanding applies (default: brand,colour,category,price)")
    parser.add_argument("--relevant-grade", type=int, default=1,
                        help="lowest grade counted relevant for recall (default 1: E, S and C)")
    parser.add_argument("--limit-queries", type=int, default=0, help="evaluate the first N queries only")
    parser.add_argument("--per-query", action="store_true", help="add each query's NDCG@10")
    args = parser.parse_args(argv)
    if args.products is None and not args.fixture:
        args.products = DEFAULT_DATA / "products.jsonl.gz"
    return args


def main(argv: list[str] | None = None) -> None:
    print(json.dumps(evaluate(parse_args(argv)), indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
