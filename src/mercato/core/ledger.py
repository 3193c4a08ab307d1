"""The double-entry ledger: post balanced journal entries, read balances as sums.

Amounts are signed minor units: a debit is positive, a credit negative, so an entry balances when
its lines sum to zero per currency and the sum of every account's balance is always zero.

Chart of accounts (codes; `<id>` is a seller id):
- `shopper_payments_clearing` (asset): shoppers' card payments held at the payment provider.
- `orders_awaiting_shipment` (liability): paid orders not yet shipped; moves to sellers and revenue on capture.
- `seller_pending:<id>` (liability): a seller's earnings from shipped orders inside the reserve period.
- `seller_payable:<id>` (liability): a seller's earnings available for the next payout.
- `revenue:<stream>` (revenue): `referral_fees`, `closing_fees`, `first_party_sales`, later fulfillment,
  membership and advertising.
- `tax_payable` (liability): VAT collected on first-party sales.
- `payouts_clearing` (asset): money sent to sellers' bank accounts.
- `first_party_inventory` (asset) and `cost_of_goods` (expense): the retail arm's stock at cost, bought on
  credit from suppliers (`supplier_payables`, liability).
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.db.models import Sum

from mercato.core.models import JournalEntry, JournalLine, LedgerAccount

SHOPPER_PAYMENTS_CLEARING = "shopper_payments_clearing"
ORDERS_AWAITING_SHIPMENT = "orders_awaiting_shipment"
TAX_PAYABLE = "tax_payable"
PAYOUTS_CLEARING = "payouts_clearing"
FIRST_PARTY_INVENTORY = "first_party_inventory"
COST_OF_GOODS = "cost_of_goods"
SUPPLIER_PAYABLES = "supplier_payables"
REVENUE_PREFIX = "revenue:"

REVENUE_STREAMS = {
    "referral_fees": "Referral fees (commission)",
    "closing_fees": "Closing fees",
    "first_party_sales": "First-party sales",
    "membership": "Membership fees",
    "fulfillment_fees": "Fulfillment fees",
    "storage_fees": "Storage fees",
    "multi_channel_fees": "Multi-channel fulfillment fees",
}

_FIXED_ACCOUNTS = {
    SHOPPER_PAYMENTS_CLEARING: ("Shopper payments clearing", LedgerAccount.Kind.ASSET),
    ORDERS_AWAITING_SHIPMENT: ("Orders awaiting shipment", LedgerAccount.Kind.LIABILITY),
    TAX_PAYABLE: ("Tax payable", LedgerAccount.Kind.LIABILITY),
    PAYOUTS_CLEARING: ("Payouts clearing", LedgerAccount.Kind.ASSET),
    FIRST_PARTY_INVENTORY: ("First-party inventory", LedgerAccount.Kind.ASSET),
    COST_OF_GOODS: ("Cost of goods sold", LedgerAccount.Kind.EXPENSE),
    SUPPLIER_PAYABLES: ("Payables to suppliers", LedgerAccount.Kind.LIABILITY),
}


class UnbalancedEntry(ValueError):
    """A bug, never bad input: the code tried to post lines that do not sum to zero."""


@dataclass(frozen=True)
class Line:
    account: str
    amount_minor: int  # debit positive, credit negative
    currency: str


def debit(account: str, amount_minor: int, currency: str) -> Line:
    return Line(account, amount_minor, currency)


def credit(account: str, amount_minor: int, currency: str) -> Line:
    return Line(account, -amount_minor, currency)


def seller_pending(seller_id: int) -> str:
    return f"seller_pending:{seller_id}"


def seller_payable(seller_id: int) -> str:
    return f"seller_payable:{seller_id}"


def revenue(stream: str) -> str:
    return REVENUE_PREFIX + stream


def stream_name(stream: str) -> str:
    """What people call a revenue stream ("referral_fees" -> "Referral fees (commission)")."""
    return REVENUE_STREAMS.get(stream, stream.replace("_", " ").capitalize())


def _account_details(code: str) -> tuple[str, str]:
    if code in _FIXED_ACCOUNTS:
        return _FIXED_ACCOUNTS[code]
    prefix, _, rest = code.partition(":")
    if prefix == "seller_pending":
        return f"Seller {rest} earnings in reserve", LedgerAccount.Kind.LIABILITY
    if prefix == "seller_payable":
        return f"Seller {rest} payable", LedgerAccount.Kind.LIABILITY
    if prefix == "revenue":
        return stream_name(rest), LedgerAccount.Kind.REVENUE
    raise ValueError(f"unknown ledger account {code!r}")


def _accounts(codes: set[str]) -> dict[str, LedgerAccount]:
    found = {a.code: a for a in LedgerAccount.objects.filter(code__in=codes)}
    for code in codes - found.keys():
        name, kind = _account_details(code)
        found[code], _ = LedgerAccount.objects.get_or_create(code=code, defaults={"name": name, "kind": kind})
    return found


def check_balanced(lines: Iterable[Line]) -> None:
    totals = defaultdict(int)
    for line in lines:
        if not isinstance(line.amount_minor, int) or isinstance(line.amount_minor, bool):
            raise UnbalancedEntry(f"amount for {line.account} is not whole minor units")
        totals[line.currency] += line.amount_minor
    unbalanced = {currency: total for currency, total in totals.items() if total}
    if unbalanced:
        raise UnbalancedEntry(f"journal entry does not balance: {unbalanced}")


@transaction.atomic
def post_entry(*, kind: str, lines: Iterable[Line], reference: str = "", memo: str = "") -> JournalEntry | None:
    """Write one balanced entry. Zero lines are dropped; an entry with nothing left is not written."""
    lines = [line for line in lines if line.amount_minor]
    check_balanced(lines)
    if not lines:
        return None
    accounts = _accounts({line.account for line in lines})
    entry = JournalEntry.objects.create(kind=kind, reference=reference, memo=memo[:200])
    JournalLine.objects.bulk_create(JournalLine(entry=entry, account=accounts[line.account],
                                                amount_minor=line.amount_minor, currency=line.currency)
                                    for line in lines)
    return entry


def balance(account: str, currency: str, *, reference: str | None = None) -> int:
    """Debit-positive balance of an account (a liability's balance is negative), optionally for one reference."""
    lines = JournalLine.objects.filter(account__code=account, currency=currency)
    if reference is not None:
        lines = lines.filter(entry__reference=reference)
    return lines.aggregate(total=Sum("amount_minor"))["total"] or 0


def balances_by_reference(account: str, currency: str, references: Iterable[str]) -> dict[str, int]:
    rows = (JournalLine.objects.filter(account__code=account, currency=currency, entry__reference__in=list(references))
            .values("entry__reference").annotate(total=Sum("amount_minor")))
    return {row["entry__reference"]: row["total"] for row in rows}


def trial_balance() -> dict[tuple[str, str], int]:
    """Every account's balance per currency."""
    rows = JournalLine.objects.values("account__code", "currency").annotate(total=Sum("amount_minor"))
    return {(row["account__code"], row["currency"]): row["total"] for row in rows}


def revenue_by_stream(*, start: datetime, end: datetime, currency: str) -> dict[str, int]:
    """Revenue earned in [start, end) per stream, as positive amounts (credits to revenue accounts)."""
    rows = (JournalLine.objects.filter(account__code__startswith=REVENUE_PREFIX, currency=currency,
                                       entry__created_at__gte=start, entry__created_at__lt=end)
            .values("account__code").annotate(total=Sum("amount_minor")))
    found = {row["account__code"].removeprefix(REVENUE_PREFIX): -row["total"] for row in rows}
    return {stream: found.get(stream, 0) for stream in sorted(set(REVENUE_STREAMS) | set(found))}


def unbalanced_entries() -> list[int]:
    """Ids of entries whose lines do not sum to zero per currency; always empty unless the data was edited."""
    rows = (JournalLine.objects.values("entry_id", "currency").annotate(total=Sum("amount_minor"))
            .exclude(total=0))
    return sorted({row["entry_id"] for row in rows})
