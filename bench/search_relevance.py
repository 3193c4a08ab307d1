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
import re
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
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


def hybrid(catalogue: Catalogue) -> Ranker:
    """BM25 and all-MiniLM-L6-v2 vectors, fused by reciprocal rank (mercato.search.hybrid.fuse): the
    engine's top 100 and the 100 products nearest in meaning. build_seconds is the time to embed the
    catalogue; each query's time includes embedding the query (no cache)."""
    from mercato.search import hybrid as fusion
    from mercato.search import sentence_encoder
    from mercato.search.product_text import embedding_text, text_hash
    from mercato.search.vectors import VectorStore

    texts = [embedding_text(doc) for doc in catalogue.documents]
    store = VectorStore.build([doc.product_id for doc in catalogue.documents], sentence_encoder.encode(texts),
                              [text_hash(text) for text in texts])

    def rank(text: str) -> list[str]:
        keyword = catalogue.index.search(marketplace=MARKETPLACE, text=text, limit=DEPTH, with_facets=False)
        neighbours = store.nearest(sentence_encoder.encode([text])[0], DEPTH)
        fused = fusion.fuse([(hit.product_id, hit.score) for hit in keyword.hits], neighbours)
        return [catalogue.doc_ids[product_id - 1] for product_id, _ in fused[:DEPTH]]

    rank.costs = {"vector_store_bytes_per_1000_products": round(store.nbytes / max(1, len(store)) * 1000)}
    return rank


# Name -> factory. A factory builds its ranker once (models, vectors) before the queries run.
RANKERS: dict[str, Callable[[Catalogue], Ranker]] = {
    "bm25": bm25,
    "bm25+understanding": bm25_understood,
    "hybrid": hybrid,
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
        catalogue = Catalogue(index, doc_ids, docs, colours, tuple(args.understanding_kinds))
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
    parser.add_argument("--rankers", default="bm25", type=lambda text: text.split(","),
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
