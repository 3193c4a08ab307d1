"""What pages read: a shopper's benefits (one cheap query), the account page's facts, the ops summary."""
from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser

from mercato.membership import billing
from mercato.membership.models import Membership
from mercato.membership.selectors import MemberBenefits, member_benefits, membership_account, plans_for_ops
from tests.membership.actions import cancel, start_trial, subscribe
from tests.membership.conftest import JOINED


def test_a_members_benefits_come_from_their_plan_in_one_query(shopper, plan, django_assert_num_queries):
    plan.early_access_minutes = 45
    plan.save()
    start_trial(shopper, plan, now=JOINED)

    with django_assert_num_queries(1):
        benefits = member_benefits(shopper, plan.marketplace, JOINED + timedelta(days=1))

    assert benefits == MemberBenefits(free_fastest_delivery=True, member_deals=True, early_access_minutes=45)


def test_visitors_and_non_members_have_no_benefits(shopper, plan, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert member_benefits(AnonymousUser(), plan.marketplace) is None
    assert member_benefits(shopper, plan.marketplace) is None


def test_benefits_are_per_marketplace(shopper, plan):
    from mercato.membership.demo import ensure_demo_plan
    from tests.factories import make_marketplace

    subscribe(shopper, plan, now=JOINED)
    other = ensure_demo_plan(make_marketplace("us", currency="USD")).marketplace
    assert member_benefits(shopper, other, JOINED) is None


@pytest.mark.parametrize("status", ["trial", "active", "cancelled", "past_due", "ended"])
@pytest.mark.parametrize("hours_from_period_end", [-2, 0, 3, 7])
def test_the_benefits_query_follows_the_benefits_rule(shopper, plan, status, hours_from_period_end):
    membership = start_trial(shopper, plan, now=JOINED)
    Membership.objects.filter(pk=membership.pk).update(status=status, next_attempt_at=JOINED, ended_at=JOINED)
    now = membership.current_period_end + timedelta(hours=hours_from_period_end)

    has_them = member_benefits(shopper, plan.marketplace, now) is not None

    assert has_them is billing.has_benefits(status, membership.current_period_end, now)


def test_the_account_page_shows_the_next_payment_and_what_a_cancel_would_do(shopper, plan, django_assert_max_num_queries):
    subscribe(shopper, plan, now=JOINED, billing_period="annual")

    with django_assert_max_num_queries(6):
        page = membership_account(shopper, plan.marketplace, JOINED.replace(month=6, day=1))

    assert (page.next_charge_at, page.next_charge_minor) == (JOINED.replace(year=2028), 9500)
    assert (page.cancellation.refund_minor, page.cancellation.unused_months) == (9500 * 7 // 12, 7)
    assert page.cancellation.benefits_until == JOINED.replace(month=6)
    assert page.has_benefits and not page.can_rejoin and len(page.charges) == 1


def test_a_cancelled_member_may_rejoin_until_the_period_ends(shopper, plan):
    subscribe(shopper, plan, now=JOINED)
    cancel(shopper, plan, now=JOINED + timedelta(days=2))

    page = membership_account(shopper, plan.marketplace, JOINED + timedelta(days=3))
    assert page.can_rejoin and page.cancellation is None and page.next_charge_at is None
    assert not membership_account(shopper, plan.marketplace, JOINED.replace(month=2)).can_rejoin


def test_operators_see_members_counted_by_status(shopper, plan):
    from tests.factories import make_shopper

    start_trial(shopper, plan, now=JOINED)
    subscribe(make_shopper("bo@example.com"), plan, now=JOINED)
    cancel(shopper, plan, now=JOINED + timedelta(days=1))

    [summary] = plans_for_ops()
    assert summary.plan == plan
    assert summary.members_by_status == {"trial": 0, "active": 1, "cancelled": 1, "past_due": 0, "ended": 0}
