"""Membership under concurrency, on PostgreSQL with one real connection per thread: workers renewing at
once charge each membership once, and a shopper's repeated or parallel requests make one membership."""
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connections

from mercato.core import ledger
from mercato.core.errors import DomainError
from mercato.membership.models import Membership, MembershipCharge
from mercato.membership.renewals import renew_due_memberships
from mercato.payments.models import TestAuthorisation
from tests.factories import make_shopper
from tests.membership.actions import start_trial, subscribe
from tests.membership.conftest import JOINED

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def race(count: int, attempt) -> list:
    start = threading.Barrier(count)

    def run(i):
        try:
            start.wait(timeout=30)
            return attempt(i)
        except DomainError as error:
            return error
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=count) as pool:
        return list(pool.map(run, range(count)))


def money_kept() -> int:
    """What the test gateway holds from shoppers: captured less refunded."""
    return sum(a.captured_minor - a.refunded_minor for a in TestAuthorisation.objects.all())


def test_four_workers_renewing_at_once_charge_each_membership_once(plan):
    shoppers = [make_shopper(f"s{i}@example.com") for i in range(6)]
    for shopper in shoppers:
        start_trial(shopper, plan, now=JOINED)
    due = JOINED.replace(month=2, day=9, hour=13)

    runs = race(4, lambda i: renew_due_memberships(now=due))

    assert sum(run.renewed for run in runs) == 6
    assert MembershipCharge.objects.count() == 6
    assert money_kept() == 6 * 899
    assert set(Membership.objects.values_list("status", flat=True)) == {"active"}
    assert ledger.unbalanced_entries() == []
    assert ledger.balance(ledger.SHOPPER_PAYMENTS_CLEARING, "GBP") == 6 * 899


def test_the_same_subscription_sent_five_times_at_once_makes_one_membership(plan):
    shopper = make_shopper("ada@example.com")

    outcomes = race(5, lambda i: subscribe(shopper, plan, now=JOINED, key="double-click"))

    assert {o.pk for o in outcomes if isinstance(o, Membership)} == {Membership.objects.get().pk}
    assert MembershipCharge.objects.count() == 1 and money_kept() == 899


def test_subscriptions_from_two_tabs_at_once_make_one_membership_and_charge_once(plan):
    shopper = make_shopper("ada@example.com")

    outcomes = race(3, lambda i: subscribe(shopper, plan, now=JOINED, key=f"tab-{i}"))

    joined = [o for o in outcomes if isinstance(o, Membership)]
    refused = [o for o in outcomes if isinstance(o, DomainError)]
    assert len(joined) == 1 and all(error.code == "already_member" for error in refused)
    assert Membership.objects.count() == 1 and MembershipCharge.objects.count() == 1
    assert money_kept() == 899  # a tab that was charged before losing the race got its money back
