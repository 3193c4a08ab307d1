"""Reads behind the order endpoints: a shopper's own orders and a seller's own seller orders, each with
what one response shows, in a fixed number of queries however many orders, parts and lines."""
from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet

from mercato.customers.models import User
from mercato.orders.models import Order, OrderLine, Refund, SellerOrder
from mercato.orders.selectors import placed_orders
from mercato.orders.seller_selectors import visible_seller_orders
from mercato.sellers.models import Seller


@dataclass(frozen=True)
class Page:
    rows: list
    total: int


def _page(queryset: QuerySet, page: int, page_size: int) -> Page:
    start = (page - 1) * page_size
    return Page(list(queryset[start:start + page_size]), queryset.count())


def _customer_orders(customer: User) -> QuerySet[Order]:
    parts = (SellerOrder.objects.select_related("seller").order_by("id")
             .prefetch_related(Prefetch("lines", queryset=OrderLine.objects.select_related("product"))))
    return (placed_orders(customer).select_related("marketplace", "payment")
            .prefetch_related(Prefetch("seller_orders", queryset=parts)))


def customer_order_page(customer: User, *, page: int, page_size: int) -> Page:
    """One page of the shopper's placed orders, newest first."""
    return _page(_customer_orders(customer), page, page_size)


def customer_order(customer: User, public_id: str) -> Order | None:
    """One of the shopper's own placed orders; None for a missing one and for another shopper's."""
    return _customer_orders(customer).filter(public_id=public_id).first()


def _seller_orders(seller: Seller) -> QuerySet[SellerOrder]:
    return (visible_seller_orders(seller).select_related("order__marketplace")
            .prefetch_related(Prefetch("lines", queryset=OrderLine.objects.select_related("product")), "refunds")
            .order_by("-order__placed_at", "-id"))


def seller_order_page(seller: Seller, *, status: str | None, page: int, page_size: int) -> Page:
    """One page of the seller's own seller orders (optionally in one status), newest first."""
    orders = _seller_orders(seller)
    if status:
        orders = orders.filter(status=status)
    return _page(orders, page, page_size)


def seller_order(seller: Seller, public_id: str) -> SellerOrder | None:
    """One of the seller's own seller orders; None for a missing one and for another seller's."""
    return _seller_orders(seller).filter(public_id=public_id).first()


def refund_ids(seller: Seller, public_id: str) -> set[int]:
    """The refunds already made on one of the seller's seller orders."""
    return set(Refund.objects.filter(seller_order__seller=seller, seller_order__public_id=public_id)
               .values_list("id", flat=True))
