"""Recommended for you from a latent-factor model: implicit-feedback ALS. Pure (NumPy, SciPy, `implicit`).

The model of Hu, Koren and Volinsky (Collaborative Filtering for Implicit Feedback Datasets, ICDM 2008): every
customer and item gets a vector of `factors` numbers, fitted by alternating least squares so that their dot
product approaches 1 where the customer bought the item and 0 elsewhere, with bought cells weighted by a
confidence of `alpha` x (1 + ln(orders)). Training uses the `implicit` library on the CPU (conjugate-gradient
solver, seeded); serving is one matrix-vector product over the stored factors, with no `implicit` call.
"""
from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from mercato.recommendations.purchases import (
    Index, Purchase, ScoredItems, Weighting, as_purchases, customer_item_matrix, top_scored)


@dataclass(frozen=True)
class AlsModel:
    customers: Index
    items: Index
    customer_factors: np.ndarray  # customers x factors, float32
    item_factors: np.ndarray  # items x factors, float32
    bought: sp.csr_matrix  # customers x items, the training purchases

    def recommended_for(self, customer_id: Hashable, *, k: int = 10, exclude_bought: bool = True,
                        exclude: Iterable[Hashable] = ()) -> ScoredItems:
        """The items with the highest predicted preference; an unknown customer gets an empty list."""
        row = self.customers.position.get(customer_id)
        if row is None:
            return []
        scores = self.item_factors @ self.customer_factors[row]
        keep = np.ones(len(scores), dtype=bool)
        if exclude_bought:
            keep[self.bought.indices[self.bought.indptr[row]:self.bought.indptr[row + 1]]] = False
        keep[self.items.positions(exclude)] = False
        candidates = np.flatnonzero(keep)
        return top_scored(candidates, scores[candidates], k=k, ids=self.items.ids, positive_only=False)

    def similar_items(self, item_id: Hashable, *, k: int = 10) -> ScoredItems:
        """Items whose factor vectors point the same way (cosine), the item itself left out."""
        position = self.items.position.get(item_id)
        if position is None:
            return []
        norms = np.linalg.norm(self.item_factors, axis=1)
        norms[norms == 0] = 1.0
        scores = (self.item_factors @ self.item_factors[position]) / (norms * norms[position])
        scores[position] = 0.0
        return top_scored(np.arange(len(scores)), scores, k=k, ids=self.items.ids)


def fit_als(purchases: Sequence[Purchase] | Sequence[tuple], *, factors: int = 64, regularization: float = 1.0,
            alpha: float = 5.0, iterations: int = 15, weighting: Weighting = "log_orders",
            random_state: int = 7, threads: int = 1) -> AlsModel:
    """Fit the factors. With the same data, seed and `threads` the result is the same on every run. The
    defaults were chosen on a validation month (docs/recommendations.md)."""
    # Imported here: only the training job needs them, not the processes that serve the stored factors.
    from implicit.cpu.als import AlternatingLeastSquares
    from threadpoolctl import threadpool_limits

    purchases = as_purchases(purchases)
    matrix, customers, items = customer_item_matrix(purchases, weighting=weighting)
    with threadpool_limits(1, "blas"):  # implicit parallelises itself; a threaded BLAS underneath only slows it
        model = AlternatingLeastSquares(factors=factors, regularization=regularization, alpha=alpha,
                                        iterations=iterations, random_state=random_state, num_threads=threads)
        model.fit(matrix.astype(np.float32), show_progress=False)
    return AlsModel(customers=customers, items=items, customer_factors=np.asarray(model.user_factors),
                    item_factors=np.asarray(model.item_factors), bought=matrix)
