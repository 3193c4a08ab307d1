"""Reads of a shopper's own account data. Every read is scoped to the user who asks."""
from __future__ import annotations

from django.db.models import QuerySet

from mercato.customers.models import Address, PaymentMethod, User


def addresses_for_user(user: User) -> QuerySet[Address]:
    """The user's addresses, default first."""
    return Address.objects.filter(user=user).order_by("-is_default", "id")


def address_for_user(user: User, address_id) -> Address | None:
    """One of the user's own addresses, or None (also for another user's address)."""
    if not str(address_id).isdigit() or int(address_id) >= 2**63:
        return None
    return Address.objects.filter(user=user, pk=int(address_id)).first()


def default_address(user: User) -> Address | None:
    return Address.objects.filter(user=user, is_default=True).first()


def payment_methods_for_user(user: User) -> QuerySet[PaymentMethod]:
    return PaymentMethod.objects.filter(user=user).order_by("-is_default", "id")


def payment_method_for_user(user: User, payment_method_id) -> PaymentMethod | None:
    if not str(payment_method_id).isdigit() or int(payment_method_id) >= 2**63:
        return None
    return PaymentMethod.objects.filter(user=user, pk=int(payment_method_id)).first()


def default_payment_method(user: User) -> PaymentMethod | None:
    return PaymentMethod.objects.filter(user=user, is_default=True).first()
