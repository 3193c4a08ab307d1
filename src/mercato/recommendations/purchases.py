"""Purchase records and the sparse matrices every recommender is built from. Pure: no Django.

A purchase is one order line: who bought which item in which order, when, and how many. Ids may be any
values that sort among themselves (ints or strings, not a mix). Items are numbered in sorted id order, so
"ties go to the lower item id" is the same as "ties go to the lower matrix column": every ranking here is
deterministic.
"""
from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, NamedTuple

import numpy as np
import scipy.sparse as sp

ScoredItems = list[tuple[Hashable, float]]  # (item id, score), best first
Weighting = Literal["binary", "log_orders"]


class Purchase(NamedTuple):
    customer_id: Hashable
    item_id: Hashable
    order_id: Hashable
    timestamp: Any = 0  # anything that orders: a datetime, epoch seconds
    quantity: int = 1


@dataclass(frozen=True)
class Index:
    """Sorted distinct ids and their positions (matrix rows or columns)."""

    ids: tuple
    position: dict = field(repr=False)

    @classmethod
    def of(cls, values: Iterable[Hashable]) -> Index:
        ids = tuple(sorted(set(values)))
        return cls(ids, {value: number for number, value in enumerate(ids)})

    def __len__(self) -> int:
        return len(self.ids)

    def positions(self, values: Iterable[Hashable]) -> np.ndarray:
        """Positions of the known `values`; unknown ones are skipped."""
        return np.array(sorted({self.position[v] for v in values if v in self.position}), dtype=np.int64)


def as_purchases(rows: Iterable[Sequence]) -> list[Purchase]:
    """Accept Purchase records or plain (customer, item, order[, timestamp[, quantity]]) tuples."""
    return [row if isinstance(row, Purchase) else Purchase(*row) for row in rows]


def customer_item_matrix(purchases: Sequence[Purchase] | Sequence[tuple], *, weighting: Weighting = "binary",
                         customers: Index | None = None, items: Index | None = None,
                         ) -> tuple[sp.csr_matrix, Index, Index]:
    """Customers x items. "binary": 1 if the customer ever bought the item; "log_orders": 1 + ln(number of
    distinct orders with the item), so a wholesaler reordering 40 times counts more than once but not 40 times.
    Quantities are ignored: one order of 1,000 units says no more about taste than one of 10."""
    purchases = as_purchases(purchases)
    customers = customers if customers is not None else Index.of(p.customer_id for p in purchases)
    items = items if items is not None else Index.of(p.item_id for p in purchases)
    cells = {(customers.position[p.customer_id], items.position[p.item_id], p.order_id) for p in purchases
             if p.customer_id in customers.position and p.item_id in items.position}
    rows = np.fromiter((c[0] for c in cells), dtype=np.int64, count=len(cells))
    cols = np.fromiter((c[1] for c in cells), dtype=np.int64, count=len(cells))
    orders = sp.coo_matrix((np.ones(len(cells)), (rows, cols)), shape=(len(customers), len(items))).tocsr()
    orders.sum_duplicates()
    if weighting == "binary":
        orders.data[:] = 1.0
    elif weighting == "log_orders":
        orders.data = 1.0 + np.log(orders.data)
    else:
        raise ValueError(f"unknown weighting {weighting!r}")
    return orders, customers, items


def order_item_matrix(purchases: Sequence[Purchase] | Sequence[tuple], *, items: Index | None = None,
                      ) -> tuple[sp.csr_matrix, Index]:
    """Orders x items, 1 where the order holds the item (however many lines or units)."""
    purchases = as_purchases(purchases)
    items = items if items is not None else Index.of(p.item_id for p in purchases)
    orders = Index.of(p.order_id for p in purchases)
    cells = {(orders.position[p.order_id], items.position[p.item_id]) for p in purchases
             if p.item_id in items.position}
    rows = np.fromiter((c[0] for c in cells), dtype=np.int64, count=len(cells))
    cols = np.fromiter((c[1] for c in cells), dtype=np.int64, count=len(cells))
    matrix = sp.csr_matrix((np.ones(len(cells)), (rows, cols)), shape=(len(orders), len(items)))
    return matrix, items


def top_scored(positions: np.ndarray, scores: np.ndarray, *, k: int, ids: Sequence,
               positive_only: bool = True) -> ScoredItems:
    """The `k` best (id, score) among candidates (with a positive score, unless `positive_only` is False):
    highest score first, ties to the lower position. Exact and deterministic; only candidates near the cut
    are sorted."""
    positions, scores = np.asarray(positions), np.asarray(scores)
    if positive_only:
        positions, scores = positions[scores > 0], scores[scores > 0]
    if k <= 0 or len(scores) == 0:
        return []
    if len(scores) > k:
        threshold = np.partition(scores, len(scores) - k)[len(scores) - k]
        near = scores >= threshold
        positions, scores = positions[near], scores[near]
    order = np.lexsort((positions, -scores))[:k]
    return [(ids[positions[i]], float(scores[i])) for i in order]


def top_k_per_row(matrix: sp.csr_matrix, k: int) -> sp.csr_matrix:
    """Keep each row's `k` largest positive entries (ties to the lower column); everything else is dropped."""
    matrix = matrix.tocsr()
    keep = np.zeros(len(matrix.data), dtype=bool)
    for row in range(matrix.shape[0]):
        start, end = matrix.indptr[row], matrix.indptr[row + 1]
        values = matrix.data[start:end]
        chosen = np.flatnonzero(values > 0)
        if len(chosen) > k:
            threshold = np.partition(values[chosen], len(chosen) - k)[len(chosen) - k]
            chosen = chosen[values[chosen] >= threshold]
            chosen = chosen[np.lexsort((matrix.indices[start:end][chosen], -values[chosen]))[:k]]
        keep[start + chosen] = True
    rows = np.repeat(np.arange(matrix.shape[0]), np.diff(matrix.indptr))
    return sp.csr_matrix((matrix.data[keep], (rows[keep], matrix.indices[keep])), shape=matrix.shape)
