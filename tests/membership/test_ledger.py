"""Every membership charge and refund is a balanced journal entry; membership revenue is charges less
refunds, net of VAT, and reads as its own stream."""
from datetime import timedelta

from django.db.models import Sum
from django.utils import timezone

from mercato.core import ledger
from mercato.core.models import JournalEntry
from mercato.membership.models import MembershipCharge
from mercato.membership.renewals import renew_due_memberships
from tests.factories import make_shopper
from tests.membership.actions import cancel, start_trial, subscribe
from tests.membership.conftest import JOINED


def total(kind: str, field: str) -> int:
    return MembershipCharge.objects.filter(kind=kind).aggregate(total=Sum(field))["total"] or 0


def test_membership_money_is_booked_balanced_as_revenue_net_of_vat(plan):
    annual, monthly, trial = (make_shopper(f"{name}@example.com") for name in ("ann", "mo", "tri"))
    subscribe(annual, plan, now=JOINED, billing_period="annual")
    subscribe(monthly, plan, now=JOINED)
    start_trial(trial, plan, now=JOINED)
    for month in (2, 3):
        renew_due_memberships(now=JOINED.replace(month=month) + timedelta(hours=1))
    cancel(annual, plan, now=JOINED.replace(month=5, day=20))

    charged, refunded = total("charge", "amount_minor"), total("refund", "amount_minor")
    vat_charged, vat_refunded = total("charge", "vat_minor"), total("refund", "vat_minor")
    assert (charged, refunded) == (9500 + 3 * 899 + 2 * 899, 9500 * 7 // 12)
    assert ledger.unbalanced_entries() == []
    assert ledger.balance(ledger.SHOPPER_PAYMENTS_CLEARING, "GBP") == charged - refunded
    assert ledger.balance(ledger.TAX_PAYABLE, "GBP") == -(vat_charged - vat_refunded)
    net_revenue = (charged - vat_charged) - (refunded - vat_refunded)
    assert ledger.balance(ledger.revenue("membership"), "GBP") == -net_revenue
    now = timezone.now()
    streams = ledger.revenue_by_stream(start=now - timedelta(hours=1), end=now + timedelta(hours=1), currency="GBP")
    assert streams["membership"] == net_revenue
    assert ledger.stream_name("membership") == "Membership fees"
    assert sum(amount for (_, currency), amount in ledger.trial_balance().items() if currency == "GBP") == 0


def test_each_entry_names_its_membership(shopper, plan):
    membership = subscribe(shopper, plan, now=JOINED, billing_period="annual")
    cancel(shopper, plan, now=JOINED + timedelta(days=3))

    entries = list(JournalEntry.objects.order_by("id").values_list("kind", "reference"))
    assert entries == [("membership_charge", membership.public_id), ("membership_refund", membership.public_id)]
