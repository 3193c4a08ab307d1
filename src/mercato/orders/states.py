"""The order and seller-order state machines. Pure: no Django.

A seller order is one seller's part of a shopper's order and moves on its own:

    pending ──accept──▶ accepted ──ship──▶ shipped ──deliver──▶ delivered
       │                   │
       └──────cancel───────┴──▶ cancelled

The order's state follows its seller orders (`order_status_for`): cancelled when all are cancelled;
otherwise, over the ones not cancelled, delivered when all are delivered, shipped when all have shipped,
partially shipped when some have, placed when none has. An operator's job marks a delivered order
completed once the return window has passed; nothing moves it after that.
"""
from __future__ import annotations

from collections.abc import Iterable

PENDING, ACCEPTED, SHIPPED, DELIVERED, CANCELLED = "pending", "accepted", "shipped", "delivered", "cancelled"
TO_SHIP = (PENDING, ACCEPTED)  # open: still to be shipped, or cancelled

SELLER_ORDER_TRANSITIONS: dict[str, set[str]] = {
    PENDING: {ACCEPTED, SHIPPED, CANCELLED},
    ACCEPTED: {SHIPPED, CANCELLED},
    SHIPPED: {DELIVERED},
    DELIVERED: set(),
    CANCELLED: set(),
}

PLACED, PARTIALLY_SHIPPED, ORDER_SHIPPED, ORDER_DELIVERED, COMPLETED, ORDER_CANCELLED = (
    "placed", "partially_shipped", "shipped", "delivered", "completed", "cancelled")

ORDER_TRANSITIONS: dict[str, set[str]] = {
    PLACED: {PARTIALLY_SHIPPED, ORDER_SHIPPED, ORDER_DELIVERED, ORDER_CANCELLED},
    PARTIALLY_SHIPPED: {ORDER_SHIPPED, ORDER_DELIVERED},
    ORDER_SHIPPED: {ORDER_DELIVERED},
    ORDER_DELIVERED: {COMPLETED},
    COMPLETED: set(),
    ORDER_CANCELLED: set(),
}


class IllegalTransition(ValueError):
    def __init__(self, current: str, target: str):
        super().__init__(f"cannot go from {current} to {target}")
        self.current = current
        self.target = target


def check_seller_order_transition(current: str, target: str) -> None:
    if target not in SELLER_ORDER_TRANSITIONS.get(current, set()):
        raise IllegalTransition(current, target)


def order_status_for(seller_order_statuses: Iterable[str]) -> str:
    statuses = list(seller_order_statuses)
    live = [status for status in statuses if status != CANCELLED]
    if not live:
        return ORDER_CANCELLED
    if all(status == DELIVERED for status in live):
        return ORDER_DELIVERED
    if all(status in (SHIPPED, DELIVERED) for status in live):
        return ORDER_SHIPPED
    if any(status in (SHIPPED, DELIVERED) for status in live):
        return PARTIALLY_SHIPPED
    return PLACED
