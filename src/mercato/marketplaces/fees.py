"""Seller fees on a sale. Pure: no Django.

A marketplace charges third-party sellers, per order line:
- a referral fee: a percentage (in basis points) of what the shopper pays for the line, item price and
  shipping together, but at least a minimum per unit;
- a closing fee: a fixed amount per unit, in some categories (media, for example).

The rule for a product is the most specific one on its category path, falling back to the
marketplace's default. First-party sales pay no fees: the platform books their revenue and cost instead.
"""
from __future__ import annotations

from dataclasses import dataclass

BASIS_POINTS = 10_000


@dataclass(frozen=True)
class FeeRule:
    referral_rate_bp: int  # 1500 = 15 %
    minimum_referral_minor: int  # per unit
    closing_fee_minor: int = 0  # per unit


@dataclass(frozen=True)
class LineFees:
    referral_minor: int
    closing_minor: int

    @property
    def total_minor(self) -> int:
        return self.referral_minor + self.closing_minor


NO_FEES = LineFees(0, 0)


def line_fees(rule: FeeRule, *, line_total_minor: int, quantity: int) -> LineFees:
    """Fees on one order line whose shopper total (items and shipping) is `line_total_minor`.

    The referral fee rounds half up to whole minor units and never exceeds the line total."""
    if quantity <= 0 or line_total_minor < 0:
        raise ValueError("a line has a positive quantity and a non-negative total")
    percentage = (line_total_minor * rule.referral_rate_bp + BASIS_POINTS // 2) // BASIS_POINTS
    referral = min(line_total_minor, max(percentage, rule.minimum_referral_minor * quantity))
    closing = min(line_total_minor - referral, rule.closing_fee_minor * quantity)
    return LineFees(referral, closing)


def rule_for_path(rules: dict[str | None, FeeRule], category_path: str) -> FeeRule | None:
    """The rule of the deepest category on `category_path` ("home/kitchen/mugs") that has one, else the
    marketplace default (key None)."""
    parts = category_path.split("/") if category_path else []
    for depth in range(len(parts), 0, -1):
        rule = rules.get("/".join(parts[:depth]))
        if rule is not None:
            return rule
    return rules.get(None)


def proportional_share(amount_minor: int, part_minor: int, whole_minor: int) -> int:
    """`amount` scaled by part/whole, rounded half up: the fee refunded when part of a line is refunded."""
    if whole_minor <= 0:
        return 0
    return (amount_minor * part_minor * 2 + whole_minor) // (2 * whole_minor)
