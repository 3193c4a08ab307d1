"""What a seller reads about its own orders and earnings in Seller Central.

Every read is scoped to one seller: another seller's order or payout is simply not found. Orders still
being placed (pending payment) are not the seller's business yet and never appear.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db.models import Count, QuerySet, Sum
from django.utils import timezone

from mercato.core import ledger
from mercato.core.models import JournalLine
from mercato.orders import states
from mercato.orders.models import Order, OrderLine, Refund, SellerOrder
from mercato.sellers.models import Payout, Seller

TO_SHIP = states.TO_SHIP


def visible_seller_orders(seller: Seller) -> QuerySet[SellerOrder]:
    """The seller's own seller orders, without those of orders still being placed."""
    return SellerOrder.objects.filter(seller=seller).exclude(order__status=Order.Status.PENDING_PAYMENT)


def seller_orders(seller: Seller, *, status: str | None = None) -> QuerySet[SellerOrder]:
    """The seller's orders, newest first, with their item count; one query per page."""
    orders = (visible_seller_orders(seller).select_related("order").annotate(units=Sum("lines__quantity"))
              .order_by("-order__placed_at", "-id"))
    return orders.filter(status=status) if status else orders


def orders_to_ship_count(seller: Seller) -> int:
    """New and accepted orders waiting to be shipped."""
    return visible_seller_orders(seller).filter(status__in=TO_SHIP).count()


def postcode_area(postal_code: str, country_code: str) -> str:
    """The coarse part of a postcode: "YO1 7HH" -> "YO1"; a code without a space keeps its first characters."""
    code = postal_code.strip().upper()
    if " " in code:
        return code.split()[0]
    if country_code.upper() == "GB" and len(code) > 4:
        return code[:-3]
    return code[:3]


FULL, AREA, COUNTRY = "full", "area", "country"


def address_visibility(seller_order: SellerOrder) -> str:
    """How much of the shopper's address the seller needs: all of it while the order is to be shipped, the town
    and postcode area while a Buy Now order is held for free cancellation or once shipped, only the country once
    delivered or cancelled."""
    if seller_order.status in TO_SHIP:
        return AREA if seller_order.order.held_until() else FULL
    if seller_order.status == SellerOrder.Status.SHIPPED:
        return AREA
    return COUNTRY


def delivery_address_for_seller(seller_order: SellerOrder) -> list[str]:
    order = seller_order.order
    visibility = address_visibility(seller_order)
    if visibility == FULL:
        return order.ship_to_lines
    if visibility == AREA:
        return [f"{order.ship_to_city} {postcode_area(order.ship_to_postal_code, order.ship_to_country_code)}",
                order.ship_to_country_code]
    return [order.ship_to_country_code]


@dataclass(frozen=True)
class SellerOrderDetail:
    seller_order: SellerOrder
    order: Order
    lines: list[OrderLine]
    refunds: list[Refund]
    currency: str
    address_lines: list[str]
    address_is_full: bool
    net_minor: int           # what the seller earns on it (after fees and refunds); expected until it ships
    net_is_settled: bool     # True once the sale is booked (shipped), False while it is an estimate
    refundable_minor: int
    held_until: datetime | None  # a Buy Box order the shopper may still cancel for free
    can_accept: bool
    can_ship: bool
    can_deliver: bool
    can_cancel: bool
    can_refund: bool


def _net_minor(seller_order: SellerOrder, currency: str) -> tuple[int, bool]:
    status = seller_order.status
    if status == SellerOrder.Status.CANCELLED:
        return 0, True
    if status in TO_SHIP:
        return seller_order.total_minor - seller_order.fees_minor, False
    if seller_order.seller.is_first_party:
        return seller_order.total_minor - seller_order.refunded_minor, True
    reference = seller_order.public_id
    booked = (ledger.balance(ledger.seller_pending(seller_order.seller_id), currency, reference=reference)
              + ledger.balance(ledger.seller_payable(seller_order.seller_id), currency, reference=reference))
    return -booked, True


def seller_order_detail(seller: Seller, public_id: str, *, now: datetime | None = None) -> SellerOrderDetail | None:
    """One of the seller's orders with everything its page shows, or None (also for another seller's order)."""
    seller_order = (visible_seller_orders(seller).select_related("order__marketplace", "seller")
                    .filter(public_id=str(public_id)[:12]).first())
    if seller_order is None:
        return None
    order = seller_order.order
    now = now or timezone.now()
    held_until = order.held_until(now)
    status = seller_order.status
    net_minor, settled = _net_minor(seller_order, order.currency)
    refundable = seller_order.total_minor - seller_order.refunded_minor
    shipped = status in (SellerOrder.Status.SHIPPED, SellerOrder.Status.DELIVERED)
    return SellerOrderDetail(
        seller_order=seller_order, order=order, lines=list(seller_order.lines.all()),
        refunds=list(seller_order.refunds.all()), currency=order.currency,
        address_lines=delivery_address_for_seller(seller_order),
        address_is_full=address_visibility(seller_order) == FULL,
        net_minor=net_minor, net_is_settled=settled, refundable_minor=refundable, held_until=held_until,
        can_accept=status == SellerOrder.Status.PENDING and held_until is None,
        can_ship=status in TO_SHIP and held_until is None,
        can_deliver=status == SellerOrder.Status.SHIPPED,
        can_cancel=status in TO_SHIP,
        can_refund=shipped and refundable > 0)


# Earnings and payouts


@dataclass(frozen=True)
class Balance:
    currency: str
    available_minor: int   # paid out on the next payout run
    reserve_minor: int     # earned on shipped orders, held until the reserve period after delivery ends


@dataclass(frozen=True)
class ReservedOrder:
    seller_order: SellerOrder
    amount_minor: int
    available_on: date | None  # None while not yet delivered


def seller_balances(seller: Seller, *, default_currency: str | None = None) -> list[Balance]:
    """The available and reserved balance in each currency the seller has earned in (one query)."""
    accounts = {ledger.seller_payable(seller.pk): "available", ledger.seller_pending(seller.pk): "reserve"}
    totals: dict[str, dict[str, int]] = {}
    rows = (JournalLine.objects.filter(account__code__in=accounts).values_list("account__code", "currency")
            .order_by().annotate(total=Sum("amount_minor")))
    for code, currency, total in rows:
        totals.setdefault(currency, {"available": 0, "reserve": 0})[accounts[code]] = -(total or 0)
    if not totals and default_currency:
        totals[default_currency] = {"available": 0, "reserve": 0}
    return [Balance(currency, amounts["available"], amounts["reserve"]) for currency, amounts in sorted(totals.items())]


def orders_in_reserve(seller: Seller) -> list[ReservedOrder]:
    """Shipped and delivered orders whose earnings are still held, with the day each becomes available."""
    reserve_days = timedelta(days=settings.PAYOUT_RESERVE_DAYS)
    held = list(visible_seller_orders(seller).filter(status__in=(SellerOrder.Status.SHIPPED, SellerOrder.Status.DELIVERED),
                                        funds_released_at__isnull=True)
                .select_related("order").order_by("delivered_at", "shipped_at", "id"))
    amounts: dict[str, int] = {}
    for currency in {so.order.currency for so in held}:
        references = [so.public_id for so in held if so.order.currency == currency]
        amounts.update(ledger.balances_by_reference(ledger.seller_pending(seller.pk), currency, references))
    return [ReservedOrder(so, -amounts.get(so.public_id, 0),
                          timezone.localdate(so.delivered_at + reserve_days) if so.delivered_at else None)
            for so in held]


def seller_payouts(seller: Seller) -> QuerySet[Payout]:
    return Payout.objects.filter(seller=seller).order_by("-id")


def seller_payout(seller: Seller, public_id: str) -> Payout | None:
    return Payout.objects.filter(seller=seller, public_id=str(public_id)[:12]).first()


def order_status_counts(seller: Seller) -> list[tuple[str, str, int]]:
    """(status, label, how many of the seller's orders have it) for every status, in one query."""
    counts = dict(visible_seller_orders(seller).values_list("status").annotate(count=Count("id")).order_by())
    return [(value, label, counts.get(value, 0)) for value, label in SellerOrder.Status.choices]
