"""The journal entries membership writes. Prices include VAT, as first-party prices do.

- charged: Dr shopper payments clearing (the card payment), Cr membership revenue net of VAT, Cr tax payable.
- refunded: the reverse for the refunded amount and the VAT inside it.
Membership revenue is booked when it is charged.
"""
from __future__ import annotations

from mercato.core import ledger
from mercato.core.ledger import credit, debit
from mercato.membership.models import MembershipCharge

STREAM = "membership"


def book_charge(charge: MembershipCharge, *, reference: str) -> None:
    c = charge.currency
    ledger.post_entry(kind="membership_charge", reference=reference, memo=f"Membership {reference} charged",
                      lines=[debit(ledger.SHOPPER_PAYMENTS_CLEARING, charge.amount_minor, c),
                             credit(ledger.revenue(STREAM), charge.amount_minor - charge.vat_minor, c),
                             credit(ledger.TAX_PAYABLE, charge.vat_minor, c)])


def book_refund(refund: MembershipCharge, *, reference: str) -> None:
    c = refund.currency
    ledger.post_entry(kind="membership_refund", reference=reference, memo=f"Membership {reference} refunded",
                      lines=[credit(ledger.SHOPPER_PAYMENTS_CLEARING, refund.amount_minor, c),
                             debit(ledger.revenue(STREAM), refund.amount_minor - refund.vat_minor, c),
                             debit(ledger.TAX_PAYABLE, refund.vat_minor, c)])
