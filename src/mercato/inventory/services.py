"""Stock reservations: the path every purchase takes, flash sales included.

A reservation is decided by one short conditional UPDATE (`quantity = quantity - n WHERE quantity >= n`):
the database row lock lasts only for that statement's transaction, never across a payment call, so
thousands of shoppers racing for a few hundred units are served one statement at a time and a unit
can never be sold twice. Units come back when placement fails or a reservation expires unclaimed.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from django.db import transaction
from django.db.models import F, Sum
from django.utils import timezone

from mercato.core import ledger
from mercato.core.errors import Conflict, Invalid, NotFound
from mercato.core.money import check_amount_minor
from mercato.core.text import parse_whole_number
from mercato.fulfillment.models import CenterStock
from mercato.inventory.models import StockReservation
from mercato.offers.models import FulfillmentChannel, Offer
from mercato.offers.services import MAX_QUANTITY, refresh_buyboxes
from mercato.sellers.models import Seller


def reserve_units(*, offer_id: int, quantity: int, reference: str, expires_at: datetime,
                  center_stock_ids: Sequence[int] = ()) -> StockReservation | None:
    """Take `quantity` units of an active offer, or None when fewer are left. Call inside a transaction.

    A network-fulfilled offer's units also come from one center: the first of `center_stock_ids` (the router's
    choice first) that still holds them all; None when none does."""
    # The channel is part of the condition: an offer that moved into the network while its order was being priced
    # is not sold from its quantity alone (the units are in a center, and only a center can give them).
    channel = FulfillmentChannel.NETWORK if center_stock_ids else FulfillmentChannel.MERCHANT
    taken = (Offer.objects.filter(pk=offer_id, status=Offer.Status.ACTIVE, fulfillment_channel=channel,
                                  quantity__gte=quantity)
             .update(quantity=F("quantity") - quantity))
    if not taken:
        return None
    center_stock_id = None
    for candidate in center_stock_ids:
        # The offer row is locked by the UPDATE above, and every change to its center stock locks it first.
        if CenterStock.objects.filter(pk=candidate, on_hand__gte=F("allocated") + quantity).update(
                allocated=F("allocated") + quantity):
            center_stock_id = candidate
            break
    if center_stock_ids and center_stock_id is None:
        Offer.objects.filter(pk=offer_id).update(quantity=F("quantity") + quantity)
        return None
    return StockReservation.objects.create(offer_id=offer_id, quantity=quantity, reference=reference,
                                           expires_at=expires_at, center_stock_id=center_stock_id)


def consume_reservations(*, reference: str) -> int:
    return StockReservation.objects.filter(reference=reference, status=StockReservation.Status.RESERVED).update(
        status=StockReservation.Status.CONSUMED)


def release_reservations(*, reference: str) -> list[int]:
    """Give back every open reservation of `reference`; the offer ids whose stock came back."""
    return _release(StockReservation.objects.filter(reference=reference, status=StockReservation.Status.RESERVED))


def return_units(*, offer_id: int, quantity: int) -> None:
    """Put units of a cancelled merchant-fulfilled order back on sale. They are at the seller's own site: if the
    offer has moved into the network since, they are not in a center and not added to what it sells."""
    Offer.objects.filter(pk=offer_id, fulfillment_channel=FulfillmentChannel.MERCHANT).update(
        quantity=F("quantity") + quantity)


def _release(reservations: Iterable[StockReservation]) -> list[int]:
    offer_ids = []
    for reservation in reservations:
        # The status flip is itself conditional, so two releasers (a failing placement and the expiry sweep)
        # can never both add the units back.
        with transaction.atomic():
            flipped = StockReservation.objects.filter(pk=reservation.pk, status=StockReservation.Status.RESERVED
                                                      ).update(status=StockReservation.Status.RELEASED)
            if flipped:
                Offer.objects.filter(pk=reservation.offer_id).update(quantity=F("quantity") + reservation.quantity)
                if reservation.center_stock_id:
                    CenterStock.objects.filter(pk=reservation.center_stock_id).update(
                        allocated=F("allocated") - reservation.quantity)
                offer_ids.append(reservation.offer_id)
    return offer_ids


def expired_reservation_references(*, now: datetime | None = None) -> list[str]:
    now = now or timezone.now()
    return sorted(set(StockReservation.objects.filter(status=StockReservation.Status.RESERVED, expires_at__lt=now)
                      .values_list("reference", flat=True)))


@transaction.atomic
def receive_first_party_stock(*, seller: Seller, offer_id: int, quantity, unit_cost_minor) -> Offer:
    """The retail arm received `quantity` units from a supplier at `unit_cost_minor` each: they go on sale, and
    the inventory is booked at cost (the offer's unit cost becomes the average of old and new stock)."""
    offer = Offer.objects.select_for_update().select_related("seller").filter(pk=offer_id, seller=seller).first()
    if offer is None or not seller.is_first_party:
        raise NotFound("no such first-party offer", field="offer")
    if offer.fulfillment_channel == FulfillmentChannel.NETWORK:
        raise Conflict("this offer is fulfilled by Mercato: its units go on sale when a fulfillment center receives "
                       "them; send them with an inbound shipment", field="quantity")
    quantity = parse_whole_number(quantity, field="quantity", minimum=1, maximum=MAX_QUANTITY - offer.quantity)
    if isinstance(unit_cost_minor, bool) or not isinstance(unit_cost_minor, int):
        raise Invalid("unit cost must be a whole number of minor units", field="unit_cost_minor")
    unit_cost_minor = check_amount_minor(unit_cost_minor, offer.currency, field="unit_cost_minor")
    on_hand_cost = (offer.unit_cost_minor or unit_cost_minor) * offer.quantity
    offer.unit_cost_minor = (on_hand_cost + unit_cost_minor * quantity) // (offer.quantity + quantity)
    was_out_of_stock = offer.quantity == 0
    offer.quantity += quantity
    offer.save(update_fields=["quantity", "unit_cost_minor", "updated_at"])
    value = unit_cost_minor * quantity
    ledger.post_entry(kind="stock_received", reference=offer.seller_sku[:40],
                      memo=f"{quantity} units of {offer.seller_sku} received",
                      lines=[ledger.debit(ledger.FIRST_PARTY_INVENTORY, value, offer.currency),
                             ledger.credit(ledger.SUPPLIER_PAYABLES, value, offer.currency)])
    if was_out_of_stock:
        transaction.on_commit(lambda: refresh_buyboxes([(offer.product_id, offer.marketplace_id)]))
    return offer


def book_first_party_opening_stock(*, currency: str) -> int:
    """One entry for the stock the retail arm already holds (a new installation, the demo): its value at cost."""
    value = (Offer.objects.filter(seller__kind=Seller.Kind.FIRST_PARTY, currency=currency,
                                  unit_cost_minor__isnull=False)
             .aggregate(value=Sum(F("quantity") * F("unit_cost_minor")))["value"] or 0)
    ledger.post_entry(kind="opening_stock", memo="First-party stock on hand at cost",
                      lines=[ledger.debit(ledger.FIRST_PARTY_INVENTORY, value, currency),
                             ledger.credit(ledger.SUPPLIER_PAYABLES, value, currency)])
    return value
