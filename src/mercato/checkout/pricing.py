"""Prices, delivery options and totals of a purchase. Pure: no Django.

Prices always come from live offers on the server; what a form sends is only the shopper's
confirmation of the total they saw, never a price.

Shipping is the offer's charge per unit. An order is split into parts: one per seller and per who ships
(the seller, or Mercato's network). Each part ships with one delivery option, the one the shopper chose for
that seller: standard or express (for a fixed surcharge per part). A seller ships after its handling days
plus the carrier's transit; the network ships from the center that promised the date (see
`fulfillment/transit.py`), so its date is that promise.

Members get free delivery at the fastest speed on eligible parts: network-fulfilled ones, and sellers who
dispatch within one working day.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from mercato.fulfillment import transit
from mercato.offers.delivery import TRANSIT_DAYS, add_working_days

STANDARD, EXPRESS = "standard", "express"
DELIVERY_OPTIONS = (STANDARD, EXPRESS)
EXPRESS_TRANSIT_DAYS = 1
NETWORK = "network"
MEMBER_MAX_HANDLING_DAYS = 1


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
    # Network-fulfilled: the day the promising center ships, and how far it is from the shopper.
    network_dispatch_date: date | None = None
    network_distance_km: float | None = None
    # Bought at a lightning deal's price (unit_price_minor is then the deal price for this buyer).
    deal_id: int | None = None

    @property
    def member_eligible(self) -> bool:
        return self.fulfillment_channel == NETWORK or self.handling_days <= MEMBER_MAX_HANDLING_DAYS

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
    fulfillment_channel: str = "merchant"
    member_free_delivery: bool = False

    @property
    def key(self) -> tuple[int, str]:
        return (self.seller_id, self.fulfillment_channel)

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


def line_delivery_date(line: LiveLine, option: str, today: date) -> date:
    if line.network_dispatch_date is not None:
        return transit.add_working_days(line.network_dispatch_date,
                                        transit.transit_days(line.network_distance_km or 0.0, option))
    transit_days = EXPRESS_TRANSIT_DAYS if option == EXPRESS else TRANSIT_DAYS.get(line.fulfillment_channel, 3)
    return add_working_days(today, line.handling_days + transit_days)


def delivery_date(lines: Sequence[LiveLine], option: str, today: date) -> date:
    return max(line_delivery_date(line, option, today) for line in lines)


def quote(lines: Sequence[LiveLine], *, options: dict[int, str], express_surcharge_minor: int, today: date,
          member: bool = False) -> Quote:
    """Group `lines` by seller and by who ships (in order of first appearance) and price each part with its
    delivery option (`options[seller_id]`; standard when absent, or express for a member's eligible part).
    A member's eligible part ships free, express surcharge included."""
    by_part: dict[tuple[int, str], list[LiveLine]] = defaultdict(list)
    for line in lines:
        by_part[(line.seller_id, NETWORK if line.fulfillment_channel == NETWORK else "merchant")].append(line)
    parts = []
    for (seller_id, channel), part_lines in by_part.items():
        free = member and all(line.member_eligible for line in part_lines)
        option = options.get(seller_id, EXPRESS if free else STANDARD)
        surcharge = express_surcharge_minor if option == EXPRESS else 0
        shipping = 0 if free else sum(line.shipping_minor for line in part_lines) + surcharge
        parts.append(SellerPart(seller_id, tuple(part_lines), option, sum(line.items_minor for line in part_lines),
                                shipping, delivery_date(part_lines, option, today), channel, free))
    return Quote(tuple(parts))
