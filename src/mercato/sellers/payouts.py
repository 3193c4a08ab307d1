"""Seller payouts.

A shipped third-party sale credits the seller's reserve (`seller_pending`). Once the seller order has
been delivered for longer than the reserve period (PAYOUT_RESERVE_DAYS), a payout run moves what is
left of it (after any refund) to the seller's available balance (`seller_payable`), then pays each
seller's whole available balance out as one payout with a statement. A balance below zero (refunds
after a payout) is carried to the next run.
"""
from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from mercato.core import ledger
from mercato.core.ids import new_public_id
from mercato.core.models import JournalLine
from mercato.core.outbox import record_event
from mercato.core.money import format_money
from mercato.orders.models import SellerOrder
from mercato.sellers.models import Payout, PayoutLine, Seller


def release_reserved_earnings(*, now=None) -> int:
    """Move the earnings of seller orders delivered before the reserve cut-off to available balances."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.PAYOUT_RESERVE_DAYS)
    released = 0
    ready = (SellerOrder.objects.filter(status=SellerOrder.Status.DELIVERED, delivered_at__lte=cutoff,
                                        funds_released_at__isnull=True)
             .exclude(seller__kind=Seller.Kind.FIRST_PARTY).values_list("pk", flat=True))
    for seller_order_id in list(ready):
        with transaction.atomic():
            seller_order = (SellerOrder.objects.select_for_update().select_related("order")
                            .filter(pk=seller_order_id, funds_released_at__isnull=True).first())
            if seller_order is None:
                continue
            currency = seller_order.order.currency
            pending = -ledger.balance(ledger.seller_pending(seller_order.seller_id), currency,
                                      reference=seller_order.public_id)
            if pending:
                ledger.post_entry(kind="earnings_released", reference=seller_order.public_id,
                                  memo=f"Reserve period over for {seller_order.public_id}",
                                  lines=[ledger.debit(ledger.seller_pending(seller_order.seller_id), pending, currency),
                                         ledger.credit(ledger.seller_payable(seller_order.seller_id), pending,
                                                       currency)])
            seller_order.funds_released_at = now
            seller_order.save(update_fields=["funds_released_at"])
            released += 1
    return released


def run_payouts(*, now=None) -> list[Payout]:
    """Release reserved earnings, then pay every seller with a positive available balance."""
    release_reserved_earnings(now=now)
    payouts = []
    accounts = (JournalLine.objects.filter(account__code__startswith="seller_payable:")
                .values_list("account__code", "currency").distinct())
    for account, currency in sorted(set(accounts)):
        seller_id = int(account.split(":")[1])
        payout = _pay_out(seller_id, currency)
        if payout is not None:
            payouts.append(payout)
    return payouts


@transaction.atomic
def _pay_out(seller_id: int, currency: str) -> Payout | None:
    """Settle every payable line no payout has settled yet; their sum, when the seller is owed money, is paid.
    Lines are claimed under the seller's lock, so a line committed meanwhile waits for the next run."""
    seller = Seller.objects.select_for_update().get(pk=seller_id)
    account = ledger.seller_payable(seller_id)
    open_lines = list(JournalLine.objects.filter(account__code=account, currency=currency)
                      .exclude(id__in=PayoutLine.objects.values("journal_line_id"))
                      .values_list("id", "amount_minor"))
    owed = -sum(amount for _, amount in open_lines)
    if owed <= 0:
        return None  # nothing owed, or the seller owes refunds: carried to the next run
    public_id = new_public_id("P")
    entry = ledger.post_entry(kind="payout", reference=public_id, memo=f"Payout to {seller.display_name}",
                              lines=[ledger.debit(account, owed, currency),
                                     ledger.credit(ledger.PAYOUTS_CLEARING, owed, currency)])
    payout = Payout.objects.create(public_id=public_id, seller=seller, currency=currency, amount_minor=owed)
    settled = [line_id for line_id, _ in open_lines]
    settled += list(entry.lines.filter(account__code=account).values_list("id", flat=True))
    PayoutLine.objects.bulk_create(PayoutLine(payout=payout, journal_line_id=line_id) for line_id in settled)
    record_event("payout.sent", recipient=seller.contact_email, subject=f"Payout {public_id}",
                 body=f"{format_money(owed, currency)} is on its way to your bank account.",
                 payload={"payout": public_id, "seller": seller.pk, "amount_minor": owed})
    return payout


def statement_lines(payout: Payout) -> list[dict]:
    """What a payout settled: each released order, refund and the payout itself, oldest first."""
    lines = (JournalLine.objects.filter(id__in=payout.settled_lines.values("journal_line_id"))
             .select_related("entry").order_by("id"))
    rows = [{"kind": line.entry.kind, "reference": line.entry.reference, "memo": line.entry.memo,
             "date": line.entry.created_at, "amount_minor": -line.amount_minor} for line in lines]
    return _with_order_details(rows)


def _with_order_details(rows: list[dict]) -> list[dict]:
    by_reference = {so.public_id: so for so in SellerOrder.objects.filter(
        public_id__in=[row["reference"] for row in rows])}
    for row in rows:
        seller_order = by_reference.get(row["reference"])
        row["order_total_minor"] = seller_order.total_minor if seller_order else None
        row["fees_minor"] = seller_order.fees_minor if seller_order else None
        row["refunded_minor"] = seller_order.refunded_minor if seller_order else None
    return rows
