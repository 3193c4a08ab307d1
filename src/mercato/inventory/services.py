"""Stock reservations: the path every purchase takes, flash sales included.

A reservation is decided by one short conditional UPDATE (`quantity = quantity - n WHERE quantity >= n`):
the database row lock lasts only for that statement's transaction, never across a payment call, so
thousands of shoppers racing for a few hundred units are served one statement at a time and a unit
can never be sold twice. Units come back when placement fails or a reservation expires unclaimed.
"""
from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from mercato.inventory.models import StockReservation
from mercato.offers.models import Offer


def reserve_units(*, offer_id: int, quantity: int, reference: str, expires_at: datetime) -> StockReservation | None:
    """Take `quantity` units of an active offer, or None when fewer are left. Call inside a transaction."""
    taken = (Offer.objects.filter(pk=offer_id, status=Offer.Status.ACTIVE, quantity__gte=quantity)
             .update(quantity=F("quantity") - quantity))
    if not taken:
        return None
    return StockReservation.objects.create(offer_id=offer_id, quantity=quantity, reference=reference,
                                           expires_at=expires_at)


def consume_reservations(*, reference: str) -> int:
    return StockReservation.objects.filter(reference=reference, status=StockReservation.Status.RESERVED).update(
        status=StockReservation.Status.CONSUMED)


def release_reservations(*, reference: str) -> list[int]:
    """Give back every open reservation of `reference`; the offer ids whose stock came back."""
    return _release(StockReservation.objects.filter(reference=reference, status=StockReservation.Status.RESERVED))


def return_units(*, offer_id: int, quantity: int) -> None:
    """Put units of a cancelled order back on sale."""
    Offer.objects.filter(pk=offer_id).update(quantity=F("quantity") + quantity)


def _release(reservations: Iterable[StockReservation]) -> list[int]:
    offer_ids = []
    for reservation in reservations:
        # The status flip is itself conditional, so two releasers (a failing placement and the expiry sweep)
        # can never both add the units back.
        with transaction.atomic():
            flipped = StockReservation.objects.filter(pk=reservation.pk, status=StockReservation.Status.RESERVED
                                                      ).update(status=StockReservation.Status.RELEASED)
            if flipped:
                return_units(offer_id=reservation.offer_id, quantity=reservation.quantity)
                offer_ids.append(reservation.offer_id)
    return offer_ids


def expired_reservation_references(*, now: datetime | None = None) -> list[str]:
    now = now or timezone.now()
    return sorted(set(StockReservation.objects.filter(status=StockReservation.Status.RESERVED, expires_at__lt=now)
                      .values_list("reference", flat=True)))
