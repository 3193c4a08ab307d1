"""Reads of orders for the shopper's pages. Every read is scoped to the customer who asks; an order still
being placed is not shown."""
from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet

from mercato.orders.models import Order, Payment, Refund, SellerOrder


def placed_orders(customer) -> QuerySet[Order]:
    """The customer's own orders, newest first, without any still being placed."""
    return (Order.objects.filter(customer=customer).exclude(status=Order.Status.PENDING_PAYMENT)
            .order_by("-placed_at", "-id"))


def customer_orders(customer) -> QuerySet[Order]:
    """The customer's orders, newest first, each with its seller orders and lines (three queries a page)."""
    seller_orders = SellerOrder.objects.select_related("seller").prefetch_related("lines")
    return placed_orders(customer).prefetch_related(Prefetch("seller_orders", queryset=seller_orders))


@dataclass(frozen=True)
class CustomerOrder:
    order: Order
    seller_orders: list[SellerOrder]
    payment: Payment | None

    @property
    def can_cancel(self) -> bool:
        return any(seller_order.shopper_can_cancel for seller_order in self.seller_orders)


def customer_order(customer, public_id) -> CustomerOrder | None:
    """One of the customer's own orders with what its page shows (seller orders, lines, refunds, payment) in
    four queries; None for a missing order and for another customer's."""
    public_id = str(public_id or "")
    if not public_id.isalnum() or len(public_id) > 12:
        return None
    refunds = Refund.objects.order_by("id")
    seller_orders = (SellerOrder.objects.select_related("seller").order_by("id")
                     .prefetch_related("lines", Prefetch("refunds", queryset=refunds)))
    order = (placed_orders(customer).filter(public_id=public_id).select_related("payment", "marketplace")
             .prefetch_related(Prefetch("seller_orders", queryset=seller_orders)).first())
    if order is None:
        return None
    return CustomerOrder(order, list(order.seller_orders.all()), getattr(order, "payment", None))


def customer_has_order_with_key(customer, idempotency_key: str) -> bool:
    """Whether a purchase form was already sent (a double submit lands on the order it placed)."""
    key = str(idempotency_key or "").strip()
    if not key or len(key) > 80 or not key.isprintable():
        return False
    return Order.objects.filter(customer=customer, idempotency_key=key).exists()
