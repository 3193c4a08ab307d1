"""Reads of a shopper's own account data. Every read is scoped to the user who asks."""
from __future__ import annotations

from django.db.models import QuerySet

from mercato.core.text import parse_id
from mercato.customers.models import Address, PaymentMethod, User


def addresses_for_user(user: User) -> QuerySet[Address]:
    """The user's addresses, default first."""
    return Address.objects.filter(user=user).order_by("-is_default", "id")


def address_for_user(user: User, address_id) -> Address | None:
    """One of the user's own addresses, or None (also for another user's address)."""
    address_id = parse_id(address_id)
    if address_id is None:
        return None
    return Address.objects.filter(user=user, pk=address_id).first()


def default_address(user: User) -> Address | None:
    return Address.objects.filter(user=user, is_default=True).first()


def payment_methods_for_user(user: User) -> QuerySet[PaymentMethod]:
    return PaymentMethod.objects.filter(user=user).order_by("-is_default", "id")


def payment_method_for_user(user: User, payment_method_id) -> PaymentMethod | None:
    payment_method_id = parse_id(payment_method_id)
    if payment_method_id is None:
        return None
    return PaymentMethod.objects.filter(user=user, pk=payment_method_id).first()


def default_payment_method(user: User) -> PaymentMethod | None:
    return PaymentMethod.objects.filter(user=user, is_default=True).first()
