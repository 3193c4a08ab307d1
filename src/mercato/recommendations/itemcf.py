"""Customers who bought this also bought, and recommended for you: item-to-item collaborative filtering.

The method of Linden, Smith and York (Amazon.com recommendations, IEEE Internet Computing, 2003): each item is
a vector over customers (1 if the customer bought it, or 1 + ln(orders) with `weighting="log_orders"`), two
items are as similar as the cosine of their vectors, and only each item's `neighbours_per_item` most similar
items are kept. The similar-items table is the whole model; serving reads it.

Recommended for you adds up, for every candidate item, its similarity to each item in the shopper's history
(one vote per distinct item bought, whatever the quantity), and leaves out what the shopper already bought.
Summing rather than taking the best single similarity rewards items related to several things the shopper
likes; leaving bought items out keeps this list for discovery, since `popularity.buy_it_again` serves repeats.
"""
from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from mercato.recommendations.purchases import (
    Index, Purchase, ScoredItems, Weighting, as_purchases, customer_item_matrix, top_k_per_row, top_scored)


@dataclass(frozen=True)
class ItemToItemModel:
    items: Index
    similarity: sp.csr_matrix  # items x items; row i holds item i's neighbours and their cosine

    def also_bought(self, item_id: Hashable, *, k: int = 10) -> ScoredItems:
        """Customers who bought `item_id` also bought: its nearest neighbours, most similar first."""
        position = self.items.position.get(item_id)
        if position is None:
            return []
        start, end = self.similarity.indptr[position], self.similarity.indptr[position + 1]
        return top_scored(self.similarity.indices[start:end], self.similarity.data[start:end],
                          k=k, ids=self.items.ids)

    def recommended_for(self, history: Iterable[Hashable], *, k: int = 10, exclude_bought: bool = True,
                        exclude: Iterable[Hashable] = ()) -> ScoredItems:
        """Items similar to what the shopper bought (`history`: item ids), strongest summed similarity first.
        An empty or unknown history gives an empty list: the caller falls back to popularity."""
        bought = self.items.positions(history)
        if len(bought) == 0:
            return []
        scores = np.asarray(self.similarity[bought].sum(axis=0)).ravel()
        if exclude_bought:
            scores[bought] = 0.0
        scores[self.items.positions(exclude)] = 0.0
        candidates = np.flatnonzero(scores)
        return top_scored(candidates, scores[candidates], k=k, ids=self.items.ids)


def fit_item_to_item(purchases: Sequence[Purchase] | Sequence[tuple], *, neighbours_per_item: int = 20,
                     weighting: Weighting = "binary", min_common_customers: int = 2,
                     chunk_items: int = 2048) -> ItemToItemModel:
    """Build the similar-items table. Pairs bought by fewer than `min_common_customers` shared customers are
    dropped (one shared customer is often a coincidence). The defaults were chosen on a validation month
    (docs/recommendations.md): more neighbours let a few broadly similar best-sellers dominate the summed
    scores of recommended for you. Similarities are computed `chunk_items` rows at a
    time so memory stays bounded on large catalogues."""
    purchases = as_purchases(purchases)
    matrix, _, items = customer_item_matrix(purchases, weighting=weighting)
    matrix = matrix.tocsc()
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=0)).ravel())
    normalised = (matrix @ sp.diags(1.0 / np.where(norms > 0, norms, 1.0))).tocsc()
    by_item = normalised.T.tocsr()
    bought = (matrix > 0).astype(np.float64).tocsc()
    bought_by_item = bought.T.tocsr()
    blocks = []
    for start in range(0, len(items), chunk_items):
        end = min(start + chunk_items, len(items))
        block = (by_item[start:end] @ normalised).tocsr()
        if min_common_customers > 1:
            common = (bought_by_item[start:end] @ bought).tocsr()
            block = block.multiply(common >= min_common_customers).tocsr()
        block_rows = np.repeat(np.arange(start, end), np.diff(block.indptr))
        block.data[block.indices == block_rows] = 0.0  # an item is not its own neighbour
        blocks.append(top_k_per_row(block, neighbours_per_item))
    similarity = sp.vstack(blocks).tocsr() if blocks else sp.csr_matrix((0, 0))
    similarity.sort_indices()
    return ItemToItemModel(items=items, similarity=similarity)
