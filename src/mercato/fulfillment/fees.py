"""What the network charges sellers: a fulfillment fee per unit shipped, by size and weight tier, a monthly
storage fee per cubic metre held, and a higher per-unit fee for multi-channel orders. Pure.

Amounts are minor units of the marketplace currency (pence in the demo's GBP marketplace):

| tier           | fits within (cm)   | weight up to | fee per unit              |
|----------------|--------------------|--------------|---------------------------|
| small envelope | 33 x 23 x 2.5      | 100 g        | 175                       |
| envelope       | 33 x 23 x 2.5      | 460 g        | 205                       |
| small parcel   | 35 x 25 x 12       | 1 kg         | 280                       |
| standard       | 45 x 34 x 26       | 12 kg        | 320 + 15 per 500 g over 1 kg |
| oversize       | anything larger    | -            | 650 + 20 per kg over 1 kg |

A product without dimensions is taken as a small parcel; without a weight, as 500 g. Multi-channel orders pay
the tier fee plus 100 per unit. Storage costs 2,600 per cubic metre per month (3,600 from October to December,
when shelves are scarce), on units on hand at the end of the month.
"""
from __future__ import annotations

from dataclasses import dataclass

DEFAULT_WEIGHT_GRAMS = 500
MULTI_CHANNEL_SURCHARGE_MINOR = 100
STORAGE_MINOR_PER_CUBIC_METRE = 2_600
PEAK_STORAGE_MINOR_PER_CUBIC_METRE = 3_600
PEAK_MONTHS = (10, 11, 12)


@dataclass(frozen=True)
class Tier:
    name: str
    max_dimensions_mm: tuple[int, int, int] | None  # sorted longest first; None: no limit
    max_weight_grams: int | None
    base_minor: int
    step_grams: int = 0  # above 1 kg, each started step adds step_minor
    step_minor: int = 0


TIERS = (
    Tier("small envelope", (330, 230, 25), 100, 175),
    Tier("envelope", (330, 230, 25), 460, 205),
    Tier("small parcel", (350, 250, 120), 1_000, 280),
    Tier("standard", (450, 340, 260), 12_000, 320, 500, 15),
    Tier("oversize", None, None, 650, 1_000, 20),
)


def size_tier(*, length_mm: int | None, width_mm: int | None, height_mm: int | None,
              weight_grams: int | None) -> Tier:
    weight = weight_grams or DEFAULT_WEIGHT_GRAMS
    if not (length_mm and width_mm and height_mm):
        dimensions = TIERS[2].max_dimensions_mm
    else:
        dimensions = tuple(sorted((length_mm, width_mm, height_mm), reverse=True))
    for tier in TIERS:
        fits = tier.max_dimensions_mm is None or all(d <= limit for d, limit in zip(dimensions, tier.max_dimensions_mm))
        if fits and (tier.max_weight_grams is None or weight <= tier.max_weight_grams):
            return tier
    return TIERS[-1]


def fulfillment_fee_minor(tier: Tier, weight_grams: int | None) -> int:
    """The fee for picking, packing and shipping one unit."""
    weight = weight_grams or DEFAULT_WEIGHT_GRAMS
    over = max(0, weight - 1_000)
    steps = -(-over // tier.step_grams) if tier.step_grams else 0
    return tier.base_minor + steps * tier.step_minor


def unit_fee_minor(*, length_mm, width_mm, height_mm, weight_grams, multi_channel: bool = False) -> int:
    tier = size_tier(length_mm=length_mm, width_mm=width_mm, height_mm=height_mm, weight_grams=weight_grams)
    return fulfillment_fee_minor(tier, weight_grams) + (MULTI_CHANNEL_SURCHARGE_MINOR if multi_channel else 0)


def unit_volume_cubic_mm(*, length_mm, width_mm, height_mm) -> int:
    if not (length_mm and width_mm and height_mm):
        length_mm, width_mm, height_mm = TIERS[2].max_dimensions_mm
    return length_mm * width_mm * height_mm


def storage_fee_minor(*, cubic_mm: int, month: int) -> int:
    """A month's storage for `cubic_mm` of stock, rounded half up to a whole minor unit."""
    rate = PEAK_STORAGE_MINOR_PER_CUBIC_METRE if month in PEAK_MONTHS else STORAGE_MINOR_PER_CUBIC_METRE
    return (cubic_mm * rate * 2 + 10**9) // (2 * 10**9)
