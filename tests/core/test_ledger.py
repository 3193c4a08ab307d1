from datetime import timedelta

import pytest
from django.utils import timezone

from mercato.core import ledger
from mercato.core.ledger import UnbalancedEntry, credit, debit

pytestmark = pytest.mark.django_db


def test_unbalanced_entry_is_refused_and_writes_nothing():
    with pytest.raises(UnbalancedEntry):
        ledger.post_entry(kind="test", lines=[debit(ledger.SHOPPER_PAYMENTS_CLEARING, 100, "GBP"),
                                              credit(ledger.ORDERS_AWAITING_SHIPMENT, 99, "GBP")])
    assert ledger.trial_balance() == {}


def test_entries_balance_per_currency():
    with pytest.raises(UnbalancedEntry):
        ledger.post_entry(kind="test", lines=[debit(ledger.SHOPPER_PAYMENTS_CLEARING, 100, "GBP"),
                                              credit(ledger.ORDERS_AWAITING_SHIPMENT, 100, "EUR")])


def test_balances_are_sums_and_revenue_is_read_by_stream():
    ledger.post_entry(kind="sale", reference="S1", lines=[debit(ledger.ORDERS_AWAITING_SHIPMENT, 1000, "GBP"),
                                                          credit(ledger.seller_pending(1), 850, "GBP"),
                                                          credit(ledger.revenue("referral_fees"), 150, "GBP")])
    ledger.post_entry(kind="refund", reference="S1", lines=[debit(ledger.revenue("referral_fees"), 15, "GBP"),
                                                            debit(ledger.seller_pending(1), 85, "GBP"),
                                                            credit(ledger.SHOPPER_PAYMENTS_CLEARING, 100, "GBP")])
    assert ledger.balance(ledger.seller_pending(1), "GBP") == -765
    assert ledger.balance(ledger.seller_pending(1), "GBP", reference="S1") == -765
    now = timezone.now()
    streams = ledger.revenue_by_stream(start=now - timedelta(hours=1), end=now + timedelta(hours=1), currency="GBP")
    assert streams["referral_fees"] == 135
    assert streams["first_party_sales"] == 0
    assert sum(ledger.trial_balance().values()) == 0


def test_money_is_whole_minor_units_only():
    with pytest.raises(UnbalancedEntry):
        ledger.post_entry(kind="test", lines=[debit("tax_payable", 1.5, "GBP"), credit("tax_payable", 1.5, "GBP")])
