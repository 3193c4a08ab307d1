"""Relevance evaluation: reading judgment files and scoring rankings against them."""

from __future__ import annotations

import gzip
import json
import math
import subprocess
import sys
from pathlib import Path

import pytest

from mercato.search import evaluation

ROOT = Path(__file__).resolve().parents[2]


def test_ndcg_with_graded_gains_and_log_discount():
    judged = {"a": 3, "b": 0, "c": 2, "d": 1}
    ideal = 3 + 2 / math.log2(3) + 1 / 2
    assert evaluation.ndcg_at(["a", "b", "c"], judged, 10) == pytest.approx((3 + 2 / 2) / ideal)
    assert evaluation.ndcg_at(["a", "c", "d"], judged, 10) == pytest.approx(1.0)
    assert evaluation.ndcg_at(["x", "y"], judged, 10) == 0.0
    # Only the top k count, for the ranking and for the ideal.
    assert evaluation.ndcg_at(["b", "a"], judged, 1) == 0.0
    assert evaluation.ndcg_at(["a", "b"], judged, 1) == 1.0


def test_recall_counts_relevant_documents_in_the_top_k():
    judged = {"a": 3, "b": 0, "c": 2, "d": 1}
    assert evaluation.recall_at(["a", "b", "c", "x"], judged, 100) == pytest.approx(2 / 3)
    assert evaluation.recall_at(["a", "b", "c", "x"], judged, 100, relevant_grade=2) == 1.0
    assert evaluation.recall_at(["x", "a"], judged, 1) == 0.0


def test_evaluate_averages_over_queries_with_a_relevant_document():
    qrels = {"1": {"a": 3, "b": 1}, "2": {"c": 2}, "3": {"d": 0}}
    scores = evaluation.evaluate({"1": ["a", "b"], "2": ["x", "c"], "3": ["d"]}, qrels)
    assert scores.queries == 2  # query 3 judged nothing relevant
    assert scores.ndcg_at_10 == pytest.approx(round((1.0 + (2 / math.log2(3)) / 2) / 2, 4))
    assert scores.recall_at_100 == 1.0
    assert scores.ndcg_at_10_condensed == 1.0  # unjudged "x" removed, "c" comes first


def test_qrels_take_numbers_or_esci_labels():
    qrels = evaluation.parse_qrels(["q1 0 A 3\n", "q1 0 B S\n", "\n", "q2 0 C i\n"])
    assert qrels == {"q1": {"A": 3, "B": 2}, "q2": {"C": 0}}
    with pytest.raises(ValueError, match="line 1"):
        evaluation.parse_qrels(["q1 A 3\n"])


def test_queries_skip_a_header_and_keep_the_text(tmp_path):
    path = tmp_path / "queries.tsv.gz"
    with gzip.open(path, "wt", encoding="utf-8") as out:
        out.write("query_id\tquery\n7\tred mug under 10\n8\t  tea\tpot \n")
    assert evaluation.read_queries(path) == {"7": "red mug under 10", "8": "tea\tpot"}


def test_esci_examples_csv_gives_queries_and_judgments(tmp_path):
    path = tmp_path / "examples.csv"
    path.write_text(
        "example_id,query,query_id,product_id,product_locale,esci_label\n"
        "1,red mug,5,A,us,E\n2,red mug,5,B,us,C\n"
    )
    assert evaluation.read_esci_examples(path) == ({"5": "red mug"}, {"5": {"A": 3, "B": 1}})


def test_the_relevance_bench_ranks_a_small_judged_catalogue(tmp_path):
    """The harness end to end on a judged sample in the ESCI fixture's shape: the exact product must rank first."""
    (tmp_path / "esci_examples_fixture.csv").write_text(
        "example_id,query,query_id,product_id,product_locale,esci_label,small_version,large_version,split\n"
        "1,red enamel mug,7,P1,us,E,1,1,test\n"
        "2,red enamel mug,7,P2,us,S,1,1,test\n"
        "3,red enamel mug,7,P3,us,I,1,1,test\n")
    products = [{"id": "P1", "title": "Red enamel camping mug", "description": "", "bullets": "", "brand": "Falcon",
                 "color": "red", "locale": "us"},
                {"id": "P2", "title": "Blue enamel mug", "description": "", "bullets": "", "brand": "Falcon",
                 "color": "blue", "locale": "us"},
                {"id": "P3", "title": "Red garden hose", "description": "", "bullets": "", "brand": "Hozelock",
                 "color": "red", "locale": "us"}]
    (tmp_path / "esci_products_fixture.jsonl").write_text("\n".join(json.dumps(p) for p in products) + "\n")

    completed = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "search_relevance.py"), "--fixture", str(tmp_path)],
        capture_output=True, text=True, timeout=120, check=True,
    )

    report = json.loads(completed.stdout)
    assert (report["queries"], report["judged_documents"], report["catalogue_products"]) == (1, 3, 3)
    # The exact product first, then the substitute: full marks.
    bm25 = report["rankers"]["bm25"]
    assert bm25["ndcg@10"] == pytest.approx(1.0)
    assert bm25["recall@100"] == pytest.approx(1.0)
    # By default it also scores the hybrid and the full ranker; each finds the exact product.
    assert set(report["rankers"]) == {"bm25", "hybrid", "full"}
    for name in ("hybrid", "full"):
        assert report["rankers"][name]["recall@100"] == pytest.approx(1.0)
        assert report["rankers"][name]["ndcg@10"] > 0.8
