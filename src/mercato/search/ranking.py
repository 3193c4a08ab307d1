"""Search ranking: how well a product matches the words, combined with what shoppers do with it.

Pure module: no Django. The engine finds the products that match a query and scores their text
(BM25, or BM25 fused with semantic similarity); this module re-orders the best of them:

    score = Σ weight × feature        every feature lies between 0 and 1

| feature               | 1.0 means                                   | 0.0 means / when unknown             |
|-----------------------|---------------------------------------------|--------------------------------------|
| text_relevance        | the best text match among the candidates    | no text match (a semantic-only find) |
| sales_velocity        | selling fast (1 unit a day gives 0.5)       | no sales in the last 30 days         |
| search_conversion     | clicked and bought far above the norm when  | shown often, never chosen; 0.5 when  |
|                       | shown for this very query                   | nothing is known yet                 |
| availability          | in stock                                    | out of stock                         |
| delivery_speed        | dispatched today (1 day gives 0.5)          | unknown                              |
| price_competitiveness | Buy Box at half its category's median price | 1.5× the median or more; 0.5 unknown |
| rating                | 5 stars, many ratings (few are pulled to 4) | 1 star; no ratings count as 4 stars  |
| personal              | the shopper buys this category and brand    | anonymous, or nothing in common      |

Text relevance carries the largest weight by default, so behaviour re-orders good matches
rather than lifting a best-seller that barely matches. Anonymous shoppers have no personal
feature, so the same query gives everyone the same order. Smoothing (the priors below) keeps a
product with two lucky clicks from jumping above one with a long record.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, fields
from typing import Iterable, Sequence


@dataclass(frozen=True)
class RankingWeights:
    text_relevance: float = 1.0
    sales_velocity: float = 0.15
    search_conversion: float = 0.3
    availability: float = 0.2
    delivery_speed: float = 0.05
    price_competitiveness: float = 0.05
    rating: float = 0.05
    personal: float = 0.1

    def as_dict(self) -> dict[str, float]:
        return asdict(self)


FEATURES: tuple[str, ...] = tuple(field.name for field in fields(RankingWeights))
MAX_WEIGHT = 10.0

VELOCITY_HALF_UNITS_PER_DAY = 1.0  # sales velocity at which the feature is 0.5
# Search conversion: a purchase says more than a click; the prior is a typical click rate, given
# the weight of this many impressions, so a product needs a record before it moves far from 0.5.
PURCHASE_CLICKS = 5.0
PRIOR_CHOICE_RATE = 0.05
PRIOR_IMPRESSIONS = 40.0
# Ratings: a Bayesian average towards PRIOR_STARS worth this many ratings.
PRIOR_STARS = 4.0
PRIOR_RATINGS = 10.0


@dataclass(frozen=True)
class Candidate:
    """One product the engine found for the query, with the signals known about it."""

    product_id: int
    text_score: float  # the engine's relevance score (BM25 or fused); higher is better, ≥ 0
    units_per_day: float = 0.0
    impressions: int = 0  # for this query, over the signal window
    clicks: int = 0
    purchases: int = 0
    in_stock: bool = True
    delivery_days: int | None = None
    price_ratio: float | None = None  # Buy Box landed price / the category's median
    rating_mean: float | None = None  # 1.0 .. 5.0
    rating_count: int = 0
    personal_affinity: float = 0.0  # 0..1, see `personal_affinity`


@dataclass(frozen=True)
class RankedProduct:
    product_id: int
    score: float
    features: dict[str, float]
    contributions: dict[str, float]  # weight × feature, summing to the score


def validate_weights(weights: RankingWeights) -> dict[str, str]:
    """Problems with the weights, by feature name (empty when they are usable)."""
    problems = {}
    for name, value in weights.as_dict().items():
        if not math.isfinite(value) or value < 0 or value > MAX_WEIGHT:
            problems[name] = f"must be between 0 and {MAX_WEIGHT:g}"
    if not problems and weights.text_relevance <= 0:
        problems["text_relevance"] = "must be above 0: without it the words of the query would not count"
    return problems


def features(candidate: Candidate, *, best_text_score: float) -> dict[str, float]:
    """Each signal of `candidate` as a number from 0 to 1 (see the table in the module docstring)."""
    return dict(zip(FEATURES, _feature_values(candidate, best_text_score)))


def _feature_values(candidate: Candidate, best_text_score: float) -> tuple[float, ...]:
    """The features in the order of FEATURES."""
    return (
        _ratio(candidate.text_score, best_text_score),
        _saturating(candidate.units_per_day, VELOCITY_HALF_UNITS_PER_DAY),
        _conversion(candidate),
        1.0 if candidate.in_stock else 0.0,
        0.0 if candidate.delivery_days is None else 1.0 / (1.0 + max(0, candidate.delivery_days)),
        0.5 if candidate.price_ratio is None else _clamp(1.5 - candidate.price_ratio),
        _rating(candidate),
        _clamp(candidate.personal_affinity),
    )


def rank(candidates: Sequence[Candidate], weights: RankingWeights) -> list[RankedProduct]:
    """`candidates` best first by the weighted sum, each with its features and their contributions (for the
    explain view); ties keep the engine's order."""
    best_text_score = max((candidate.text_score for candidate in candidates), default=0.0)
    ranked = []
    for candidate in candidates:
        values = dict(zip(FEATURES, _feature_values(candidate, best_text_score)))
        contributions = {name: getattr(weights, name) * value for name, value in values.items()}
        ranked.append(RankedProduct(candidate.product_id, sum(contributions.values()), values, contributions))
    order = sorted(range(len(ranked)), key=lambda position: (-ranked[position].score, position))
    return [ranked[position] for position in order]


def ranked_ids(candidates: Sequence[Candidate], weights: RankingWeights) -> list[int]:
    """The product ids of `rank(candidates, weights)`, computed without keeping the explanation (the
    storefront's hot path)."""
    best_text_score = max((candidate.text_score for candidate in candidates), default=0.0)
    weight_values = tuple(getattr(weights, name) for name in FEATURES)
    scores = [sum(weight * value for weight, value in zip(weight_values, _feature_values(candidate, best_text_score)))
              for candidate in candidates]
    order = sorted(range(len(candidates)), key=lambda position: (-scores[position], position))
    return [candidates[position].product_id for position in order]


def personal_affinity(*, category_share: float, brand_share: float) -> float:
    """How much a product is the shopper's kind of thing: the mean of the share of their purchases in
    its category and the share with its brand (each 0..1)."""
    return (_clamp(category_share) + _clamp(brand_share)) / 2


def affinity_shares(keys: Iterable[object]) -> dict[object, float]:
    """Each key's share of the most frequent one's count: the shopper's favourite category is 1.0."""
    counts: dict[object, int] = {}
    for key in keys:
        if key is not None:
            counts[key] = counts.get(key, 0) + 1
    top = max(counts.values(), default=0)
    return {key: count / top for key, count in counts.items()}


def _conversion(candidate: Candidate) -> float:
    chosen = candidate.clicks + PURCHASE_CLICKS * candidate.purchases
    rate = (chosen + PRIOR_CHOICE_RATE * PRIOR_IMPRESSIONS) / (max(0, candidate.impressions) + PRIOR_IMPRESSIONS)
    return rate / (rate + PRIOR_CHOICE_RATE)


def _rating(candidate: Candidate) -> float:
    count = max(0, candidate.rating_count) if candidate.rating_mean is not None else 0
    mean = candidate.rating_mean if candidate.rating_mean is not None else PRIOR_STARS
    stars = (mean * count + PRIOR_STARS * PRIOR_RATINGS) / (count + PRIOR_RATINGS)
    return _clamp((stars - 1.0) / 4.0)


def _saturating(value: float, half: float) -> float:
    value = max(0.0, value)
    return value / (value + half)


def _ratio(value: float, best: float) -> float:
    return _clamp(value / best) if best > 0 else 0.0


def _clamp(value: float) -> float:
    return min(1.0, max(0.0, value))
