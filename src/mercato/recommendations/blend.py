"""Combine ranked lists from several recommenders into one. Pure.

Reciprocal rank fusion (Cormack, Clarke and Buettcher, SIGIR 2009): an item scores the sum over lists of
weight / (constant + rank), rank counted from 1. It needs no score calibration between recommenders whose
scores are on different scales (summed cosines, ALS dot products, order counts).
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Sequence

from mercato.recommendations.purchases import ScoredItems


def reciprocal_rank_fusion(ranked_lists: Sequence[ScoredItems], *, k: int = 10,
                           weights: Sequence[float] | None = None, constant: float = 60.0) -> ScoredItems:
    """The fused top `k`, highest fused score first, ties to the lower item id."""
    weights = weights if weights is not None else [1.0] * len(ranked_lists)
    if len(weights) != len(ranked_lists):
        raise ValueError("one weight per ranked list")
    fused: dict[Hashable, float] = defaultdict(float)
    for weight, ranked in zip(weights, ranked_lists):
        for rank, (item, _score) in enumerate(ranked, start=1):
            fused[item] += weight / (constant + rank)
    return sorted(fused.items(), key=lambda pair: (-pair[1], pair[0]))[:k]
