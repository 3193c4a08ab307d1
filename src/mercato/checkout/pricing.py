"""Prices, delivery options and totals of a purchase. Pure: no Django.

Prices always come from live offers on the server; what a form sends is only the shopper's
confirmation of the total they saw, never a price.

Shipping is the offer's charge per unit. Each seller's part of an order ships with one delivery
option: standard (the offer's handling days plus the carrier's standard transit) or express (one
working day in transit, for a fixed surcharge per seller order).
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from mercato.offers.delivery import TRANSIT_DAYS, add_working_days

STANDARD, EXPRESS = "standard", "express"
DELIVERY_OPTIONS = (STANDARD, EXPRESS)
EXPRESS_TRANSIT_DAYS = 1


@dataclass(frozen=True)
class LiveLine:
    """One offer to buy, as it is now."""

    offer_id: int
    seller_id: int
    quantity: int
    unit_price_minor: int
    unit_shipping_minor: int
    handling_days: int
    fulfillment_channel: str

    @property
    def items_minor(self) -> int:
        return self.unit_price_minor * self.quantity

    @property
    def shipping_minor(self) -> int:
        return self.unit_shipping_minor * self.quantity


@dataclass(frozen=True)
class SellerPart:
    seller_id: int
    lines: tuple[LiveLine, ...]
    delivery_option: str
    items_minor: int
    shipping_minor: int
    delivery_date: date

    @property
    def total_minor(self) -> int:
        return self.items_minor + self.shipping_minor


@dataclass(frozen=True)
class Quote:
    parts: tuple[SellerPart, ...]
    items_minor: int = field(init=False)
    shipping_minor: int = field(init=False)

    def __post_init__(self):
        object.__setattr__(self, "items_minor", sum(p.items_minor for p in self.parts))
        object.__setattr__(self, "shipping_minor", sum(p.shipping_minor for p in self.parts))

    @property
    def total_minor(self) -> int:
        return self.items_minor + self.shipping_minor


def delivery_date(lines: Sequence[LiveLine], option: str, today: date) -> date:
    days = max(line.handling_days + (EXPRESS_TRANSIT_DAYS if option == EXPRESS
                                     else TRANSIT_DAYS.get(line.fulfillment_channel, 3)) for line in lines)
    return add_working_days(today, days)


def quote(lines: Sequence[LiveLine], *, options: dict[int, str], express_surcharge_minor: int, today: date) -> Quote:
    """Group `lines` by seller (in order of first appearance) and price each part with its delivery option
    (`options[seller_id]`, standard when absent)."""
    by_seller: dict[int, list[LiveLine]] = defaultdict(list)
    for line in lines:
        by_seller[line.seller_id].append(line)
    parts = []
    for seller_id, seller_lines in by_seller.items():
        option = options.get(seller_id, STANDARD)
        surcharge = express_surcharge_minor if option == EXPRESS else 0
        parts.append(SellerPart(seller_id, tuple(seller_lines), option,
                                sum(line.items_minor for line in seller_lines),
                                sum(line.shipping_minor for line in seller_lines) + surcharge,
                                delivery_date(seller_lines, option, today)))
    return Quote(tuple(parts))
