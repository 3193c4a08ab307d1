"""A membership's life on an explicit clock: trial, renewals, cancel, refunds, failed payments, rejoining."""
from datetime import timedelta

import pytest

from mercato.core.errors import Conflict
from mercato.membership.models import Membership, MembershipCharge
from mercato.membership.renewals import renew_due_memberships
from mercato.membership.selectors import member_benefits
from mercato.membership.services import rejoin
from mercato.payments.models import TestAuthorisation, TestCard
from mercato.payments.testgateway import DECLINE
from tests.factories import make_shopper
from tests.membership.actions import cancel, start_trial, subscribe, topics
from tests.membership.conftest import JOINED

DAY = timedelta(days=1)


def test_trial_then_a_paid_month_then_cancel_keeps_benefits_to_the_period_end_then_ends(shopper, plan):
    membership = start_trial(shopper, plan, now=JOINED)
    trial_end = JOINED + 30 * DAY
    assert (membership.status, membership.current_period_end) == ("trial", trial_end)
    assert member_benefits(shopper, plan.marketplace, JOINED).free_fastest_delivery
    assert not MembershipCharge.objects.exists()

    assert renew_due_memberships(now=trial_end - timedelta(hours=1)).renewed == 0
    run = renew_due_memberships(now=trial_end + timedelta(hours=1))
    membership.refresh_from_db()
    assert (run.renewed, membership.status) == (1, "active")
    assert (membership.current_period_start, membership.current_period_end) == (trial_end, trial_end.replace(month=3))
    charge = membership.charges.get()
    assert (charge.amount_minor, charge.vat_minor, charge.currency) == (899, 150, "GBP")

    cancelled = cancel(shopper, plan, now=trial_end + 10 * DAY)
    assert cancelled.status == "cancelled" and cancelled.refund is None  # monthly: nothing back
    assert cancelled.current_period_end == trial_end.replace(month=3)
    assert member_benefits(shopper, plan.marketplace, trial_end.replace(month=3) - timedelta(minutes=1))

    period_end = cancelled.current_period_end
    assert renew_due_memberships(now=period_end + timedelta(minutes=30)).ended == 1
    membership.refresh_from_db()
    assert (membership.status, membership.ended_at, membership.end_reason) == ("ended", period_end, "cancelled")
    assert member_benefits(shopper, plan.marketplace, period_end + timedelta(minutes=30)) is None
    assert membership.charges.count() == 1  # never charged again
    assert topics(shopper.email) == ["membership.joined", "membership.renewed", "membership.cancelled",
                                     "membership.ended"]


def test_active_monthly_membership_renews_on_its_day_each_month(shopper, plan):
    subscribe(shopper, plan, now=JOINED)
    for month in (2, 3, 4):
        renew_due_memberships(now=JOINED.replace(month=month) + timedelta(hours=1))
    membership = Membership.objects.get()
    assert membership.current_period_end == JOINED.replace(month=5)
    assert [c.period_start.month for c in membership.charges.order_by("id")] == [1, 2, 3, 4]
    assert sum(membership.charges.values_list("amount_minor", flat=True)) == 4 * 899


def test_cancelling_an_annual_plan_refunds_the_unused_whole_months(shopper, plan):
    membership = subscribe(shopper, plan, now=JOINED, billing_period="annual")
    assert membership.current_period_end == JOINED.replace(year=2028)

    cancelled = cancel(shopper, plan, now=JOINED.replace(month=3, day=15))

    assert cancelled.status == "cancelled"
    assert cancelled.current_period_end == JOINED.replace(month=4)  # the month in progress is kept
    # 9,500 x 9/12; the VAT returned is that share of the £15.83 charged (1,583 x 9/12, rounded).
    assert (cancelled.refund.amount_minor, cancelled.refund.vat_minor) == (7125, 1187)
    assert cancelled.refund.refund_of == membership.charges.get(kind="charge")
    authorisation = TestAuthorisation.objects.get()
    assert (authorisation.captured_minor, authorisation.refunded_minor) == (9500, 7125)
    assert member_benefits(shopper, plan.marketplace, JOINED.replace(month=4) - timedelta(minutes=1))
    assert member_benefits(shopper, plan.marketplace, JOINED.replace(month=4)) is None


def test_under_a_no_refund_policy_an_annual_member_keeps_the_whole_year(shopper, plan):
    plan.annual_refund_policy = "none"
    plan.save()
    subscribe(shopper, plan, now=JOINED, billing_period="annual")

    cancelled = cancel(shopper, plan, now=JOINED.replace(month=3))

    assert cancelled.refund is None and cancelled.current_period_end == JOINED.replace(year=2028)
    assert not MembershipCharge.objects.filter(kind="refund").exists()


def test_a_cancelled_trial_ends_with_the_trial_and_is_never_charged(shopper, plan):
    start_trial(shopper, plan, now=JOINED)
    cancel(shopper, plan, now=JOINED + 3 * DAY)

    assert renew_due_memberships(now=JOINED + 31 * DAY).ended == 1
    assert Membership.objects.get().status == "ended"
    assert not TestAuthorisation.objects.exists()


def test_a_failed_renewal_is_retried_after_one_then_three_days_then_the_membership_ends(plan):
    shopper = make_shopper("bo@example.com", card_number=DECLINE)
    start_trial(shopper, plan, now=JOINED)
    due = JOINED + 30 * DAY

    assert renew_due_memberships(now=due).failed == 1
    membership = Membership.objects.get()
    assert (membership.status, membership.renewal_attempts, membership.next_attempt_at) == ("past_due", 1, due + DAY)
    assert member_benefits(shopper, plan.marketplace, due + timedelta(hours=1)) is None  # paused while unpaid

    assert renew_due_memberships(now=due + 12 * timedelta(hours=1)).failed == 0  # not yet time to retry
    assert renew_due_memberships(now=due + DAY).failed == 1
    membership.refresh_from_db()
    assert (membership.status, membership.next_attempt_at) == ("past_due", due + 4 * DAY)

    assert renew_due_memberships(now=due + 4 * DAY).ended == 1
    membership.refresh_from_db()
    assert (membership.status, membership.end_reason, membership.renewal_attempts) == ("ended", "payment_failed", 3)
    assert not MembershipCharge.objects.exists()
    assert topics("bo@example.com") == ["membership.joined", "membership.renewal_failed",
                                        "membership.renewal_failed", "membership.ended"]


def test_a_scheduled_retry_that_succeeds_starts_a_new_period_from_the_payment(shopper, plan):
    start_trial(shopper, plan, now=JOINED)
    card = TestCard.objects.get()
    TestCard.objects.filter(pk=card.pk).update(behaviour="insufficient_funds")
    due = JOINED + 30 * DAY
    renew_due_memberships(now=due)
    TestCard.objects.filter(pk=card.pk).update(behaviour="approve")  # the shopper topped up their account

    assert renew_due_memberships(now=due + DAY).renewed == 1

    membership = Membership.objects.get()
    assert (membership.status, membership.renewal_attempts, membership.next_attempt_at) == ("active", 0, None)
    assert membership.current_period_start == due + DAY  # no paying for the days without benefits
    assert membership.charges.get().amount_minor == 899


def test_an_overdue_member_pays_at_once_with_another_card(shopper, plan):
    from mercato.customers.services import add_payment_card

    bad = make_shopper("cy@example.com", card_number=DECLINE)
    start_trial(bad, plan, now=JOINED)
    renew_due_memberships(now=JOINED + 30 * DAY)
    good = add_payment_card(user=bad, card_number="5555555555554444", exp_month=1, exp_year=2040, cvc="123")

    membership = rejoin(customer=bad, marketplace=plan.marketplace, payment_method=good, now=JOINED + 31 * DAY)

    assert membership.status == "active" and membership.payment_method == good
    assert membership.current_period_start == JOINED + 31 * DAY
    assert membership.charges.get().amount_minor == 899


def test_rejoining_before_the_period_ends_carries_on_without_a_new_charge(shopper, plan):
    subscribe(shopper, plan, now=JOINED)
    cancel(shopper, plan, now=JOINED + 5 * DAY)

    membership = rejoin(customer=shopper, marketplace=plan.marketplace, now=JOINED + 6 * DAY)

    assert membership.status == "active" and membership.cancelled_at is None
    assert membership.charges.count() == 1
    assert renew_due_memberships(now=JOINED.replace(month=2)).renewed == 1  # it renews again


def test_a_rejoined_trial_is_a_trial_again(shopper, plan):
    start_trial(shopper, plan, now=JOINED)
    cancel(shopper, plan, now=JOINED + DAY)
    assert rejoin(customer=shopper, marketplace=plan.marketplace, now=JOINED + 2 * DAY).status == "trial"


def test_after_the_end_rejoining_is_joining_again_and_paid_with_no_second_trial(shopper, plan):
    start_trial(shopper, plan, now=JOINED)
    cancel(shopper, plan, now=JOINED + DAY)
    later = JOINED + 60 * DAY
    renew_due_memberships(now=later)

    with pytest.raises(Conflict) as refused:
        start_trial(shopper, plan, now=later)
    assert refused.value.code == "trial_used"

    again = rejoin(customer=shopper, marketplace=plan.marketplace, idempotency_key="back-again", now=later)
    assert again.status == "active" and again.charges.get().amount_minor == 899
    assert Membership.objects.filter(customer=shopper).count() == 2


def test_rejoining_a_cancelled_membership_whose_period_ran_out_starts_a_new_one(shopper, plan):
    subscribe(shopper, plan, now=JOINED)
    cancel(shopper, plan, now=JOINED + DAY)
    lapsed = JOINED + 40 * DAY  # the job has not yet ended it

    again = rejoin(customer=shopper, marketplace=plan.marketplace, idempotency_key="k", now=lapsed)

    first = Membership.objects.exclude(pk=again.pk).get()
    assert (first.status, first.ended_at) == ("ended", JOINED.replace(month=2))
    assert again.status == "active" and again.current_period_start == lapsed


def test_a_withdrawn_plan_ends_its_memberships_at_renewal_without_charging(shopper, plan):
    subscribe(shopper, plan, now=JOINED)
    plan.is_active = False
    plan.save()

    assert renew_due_memberships(now=JOINED.replace(month=2)).ended == 1
    membership = Membership.objects.get()
    assert (membership.status, membership.end_reason) == ("ended", "plan_withdrawn")
    assert membership.charges.count() == 1


def test_the_renewal_run_is_safe_to_repeat(shopper, plan):
    subscribe(shopper, plan, now=JOINED)
    due = JOINED.replace(month=2)
    renew_due_memberships(now=due)
    renew_due_memberships(now=due)
    assert MembershipCharge.objects.count() == 2
    assert TestAuthorisation.objects.count() == 2
