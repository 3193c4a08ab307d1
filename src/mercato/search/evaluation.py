"""Offline relevance evaluation: judgment files in, NDCG and recall out.

Pure module (standard library only). Judgments are graded: a higher grade is a better answer,
0 is a judged miss, and a document nobody judged counts as grade 0.

Formats read (each file plain or gzip, told apart by a ".gz" name):
- TREC qrels, one judgment a line: `query_id 0 doc_id grade` (whitespace-separated). The grade
  is an integer, or an ESCI label: E (Exact) = 3, S (Substitute) = 2, C (Complement) = 1,
  I (Irrelevant) = 0.
- Queries: `query_id<TAB>text` a line; a first line `query_id<TAB>query` is a header.
- ESCI examples CSV (the original data set's shape): columns `query_id`, `query`, `product_id`,
  `esci_label`; it carries the queries and the judgments in one file.

Metrics, per query, averaged over the queries with at least one relevant document:
- NDCG@k: gain = grade (linear, as trec_eval's ndcg_cut), discount 1 / log2(rank + 1); the ideal
  ranking sorts every judged document of the query by grade.
- recall@k: share of the query's relevant documents (grade >= relevant_grade) in the top k.
"""

from __future__ import annotations

import csv
import gzip
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Mapping, Sequence, TextIO

ESCI_LABEL_GRADES = {"E": 3, "S": 2, "C": 1, "I": 0}

Qrels = dict[str, dict[str, int]]  # query id -> document id -> grade


def open_text(path: str | Path) -> TextIO:
    if str(path).endswith(".gz"):
        return gzip.open(path, "rt", encoding="utf-8", newline="")
    return open(path, encoding="utf-8", newline="")


def parse_grade(value: str) -> int:
    label = value.strip().upper()
    if label in ESCI_LABEL_GRADES:
        return ESCI_LABEL_GRADES[label]
    return int(label)


def parse_qrels(lines: Iterable[str]) -> Qrels:
    qrels: Qrels = {}
    for line_number, line in enumerate(lines, start=1):
        parts = line.split()
        if not parts:
            continue
        if len(parts) != 4:
            raise ValueError(f"qrels line {line_number}: expected 4 fields, got {len(parts)}")
        query_id, _iteration, doc_id, grade = parts
        qrels.setdefault(query_id, {})[doc_id] = parse_grade(grade)
    return qrels


def parse_queries(lines: Iterable[str]) -> dict[str, str]:
    queries: dict[str, str] = {}
    for line_number, line in enumerate(lines, start=1):
        line = line.rstrip("\r\n")
        if not line.strip():
            continue
        query_id, tab, text = line.partition("\t")
        if not tab:
            raise ValueError(f"queries line {line_number}: expected query_id<TAB>text")
        if line_number == 1 and query_id.strip().lower() in {"query_id", "qid", "id"}:
            continue  # header
        queries[query_id.strip()] = text.strip()
    return queries


def parse_esci_examples(source: TextIO) -> tuple[dict[str, str], Qrels]:
    queries: dict[str, str] = {}
    qrels: Qrels = {}
    for row in csv.DictReader(source):
        query_id = row["query_id"].strip()
        queries[query_id] = row["query"].strip()
        qrels.setdefault(query_id, {})[row["product_id"].strip()] = parse_grade(row["esci_label"])
    return queries, qrels


def read_qrels(path: str | Path) -> Qrels:
    with open_text(path) as source:
        return parse_qrels(source)


def read_queries(path: str | Path) -> dict[str, str]:
    with open_text(path) as source:
        return parse_queries(source)


def read_esci_examples(path: str | Path) -> tuple[dict[str, str], Qrels]:
    with open_text(path) as source:
        return parse_esci_examples(source)


def dcg(grades: Sequence[int]) -> float:
    return sum(grade / math.log2(rank + 2) for rank, grade in enumerate(grades))


def ndcg_at(ranked: Sequence[str], judged: Mapping[str, int], k: int) -> float:
    ideal = dcg(sorted(judged.values(), reverse=True)[:k])
    if ideal == 0:
        return 0.0
    return dcg([judged.get(doc_id, 0) for doc_id in ranked[:k]]) / ideal


def recall_at(ranked: Sequence[str], judged: Mapping[str, int], k: int, *, relevant_grade: int = 1) -> float:
    relevant = {doc_id for doc_id, grade in judged.items() if grade >= relevant_grade}
    if not relevant:
        return 0.0
    return len(relevant.intersection(ranked[:k])) / len(relevant)


@dataclass(frozen=True)
class Scores:
    queries: int  # queries averaged over: judged, with at least one relevant document
    ndcg_at_10: float
    recall_at_100: float
    # NDCG@10 of the ranking with unjudged documents removed (Sakai's condensed list): how well
    # the judged documents are ordered, without counting unjudged ones as misses.
    ndcg_at_10_condensed: float


def evaluate(run: Mapping[str, Sequence[str]], qrels: Qrels, *, relevant_grade: int = 1) -> Scores:
    """Average scores of `run` (query id -> ranked document ids) over the judged queries it answers."""
    ndcgs, recalls, condensed = [], [], []
    for query_id, ranked in run.items():
        judged = qrels.get(query_id, {})
        if not any(grade >= relevant_grade for grade in judged.values()):
            continue
        ndcgs.append(ndcg_at(ranked, judged, 10))
        recalls.append(recall_at(ranked, judged, 100, relevant_grade=relevant_grade))
        condensed.append(ndcg_at([doc_id for doc_id in ranked if doc_id in judged], judged, 10))
    count = len(ndcgs)

    def mean(values: list[float]) -> float:
        return round(sum(values) / count, 4) if count else 0.0

    return Scores(count, mean(ndcgs), mean(recalls), mean(condensed))
