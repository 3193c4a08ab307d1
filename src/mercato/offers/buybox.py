"""Which offer a shopper buys with one click, and why. Pure: plain data in, plain data out.

The rule, in two sentences: an offer can win only if it is in stock, its seller is active and the
seller's performance score is at least MIN_SELLER_SCORE (and, when any such offer is for a new
item, only new items compete: a shopper clicking "Buy now" expects a new one); among those, the offer with the lowest
*effective price* wins, where the landed price (price + shipping) is raised by 2 % per day of
delivery and by up to 25 % for a weaker seller. Ties go to the lower landed price, then the faster
delivery, then the better seller, then the older offer (lower id), so the choice is deterministic.

So a slightly dearer offer from an excellent, fast seller beats a marginally cheaper one from a
poor, slow seller, yet a clearly cheaper offer still wins: price matters most.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

MIN_SELLER_SCORE = 0.6
DELIVERY_DAY_PENALTY = 0.02
SELLER_SCORE_PENALTY = 0.25


@dataclass(frozen=True)
class Candidate:
    offer_id: int
    landed_price_minor: int
    delivery_days: int
    seller_score: float  # 0.0 (poor) .. 1.0 (excellent)
    in_stock: bool
    seller_active: bool = True
    is_new: bool = True


@dataclass(frozen=True)
class Decision:
    winner: Candidate | None
    reason: str
    eligible: tuple[Candidate, ...]


def ineligibility(candidate: Candidate) -> str | None:
    """Why `candidate` cannot win the Buy Box, or None if it can."""
    if not candidate.seller_active:
        return "seller is not active"
    if not candidate.in_stock:
        return "out of stock"
    if candidate.seller_score < MIN_SELLER_SCORE:
        return f"seller performance below {MIN_SELLER_SCORE:.0%}"
    return None


def effective_price(candidate: Candidate) -> float:
    """Landed price adjusted for delivery speed and seller quality (a ranking score, never a charged price)."""
    speed_factor = 1 + DELIVERY_DAY_PENALTY * max(candidate.delivery_days, 0)
    quality_factor = 1 + SELLER_SCORE_PENALTY * (1 - min(max(candidate.seller_score, 0.0), 1.0))
    return candidate.landed_price_minor * speed_factor * quality_factor


def _ranking_key(candidate: Candidate):
    return (effective_price(candidate), candidate.landed_price_minor, candidate.delivery_days,
            -candidate.seller_score, candidate.offer_id)


def choose_featured_offer(candidates: Sequence[Candidate]) -> Decision:
    """The Buy Box decision for one product in one marketplace."""
    eligible = [c for c in candidates if ineligibility(c) is None]
    if any(c.is_new for c in eligible):
        eligible = [c for c in eligible if c.is_new]
    eligible = tuple(sorted(eligible, key=_ranking_key))
    if not eligible:
        if not candidates:
            return Decision(None, "no offers", ())
        reasons = sorted({ineligibility(c) for c in candidates})
        return Decision(None, "no eligible offer: " + "; ".join(reasons), ())
    winner = eligible[0]
    if len(eligible) == 1:
        reason = "only eligible offer"
    elif winner.landed_price_minor == min(c.landed_price_minor for c in eligible):
        reason = "lowest landed price"
    else:
        reason = "best value for price, delivery speed and seller performance"
    return Decision(winner, reason, eligible)


def offers_by_landed_price(candidates: Sequence[Candidate]) -> list[Candidate]:
    """All offers for the "other sellers" list: cheapest landed price first, then fastest, then oldest."""
    return sorted(candidates, key=lambda c: (c.landed_price_minor, c.delivery_days, c.offer_id))
