"""Operators set plans in the admin and see them, with members by status, in the ops console."""
from datetime import timedelta

import pytest

from mercato.membership.models import Membership, MembershipPlan
from tests.factories import make_shopper, make_user
from tests.membership.actions import cancel, start_trial, subscribe
from tests.membership.conftest import JOINED
from tests.storefront.html import elements


@pytest.fixture
def operator(client, db):
    client.force_login(make_user("root@example.com", is_staff=True, is_superuser=True))
    return client


def test_the_ops_page_lists_plans_with_members_by_status(operator, shopper, plan):
    start_trial(shopper, plan, now=JOINED)
    subscribe(make_shopper("bo@example.com"), plan, now=JOINED)
    cancel(shopper, plan, now=JOINED + timedelta(days=1))

    response = operator.get("/ops/membership/")

    assert response.status_code == 200
    [row] = [e.text for e in elements(response, "membership-plan-row")]
    assert row == "Mercato Plus Mercato GB £8.99 £95.00 30 days prorated 0 1 1 0 0"


def test_shoppers_cannot_open_the_ops_page(client, shopper, plan):
    client.force_login(shopper)
    assert client.get("/ops/membership/").status_code == 403


def test_an_operator_adds_a_plan_in_the_admin_in_the_marketplace_currency(operator, marketplace):
    form = {"marketplace": marketplace.pk, "name": "Mercato Plus", "currency": "EUR", "monthly_price_minor": 899,
            "annual_price_minor": 9500, "trial_days": 30, "free_fastest_delivery": "on", "member_deals": "on",
            "early_access_minutes": 30, "annual_refund_policy": "prorated", "is_active": "on"}

    refused = operator.post("/admin/membership/membershipplan/add/", form)
    assert refused.status_code == 200 and "must be the marketplace&#x27;s currency, GBP" in refused.content.decode()

    added = operator.post("/admin/membership/membershipplan/add/", {**form, "currency": "GBP"})
    assert added.status_code == 302 and MembershipPlan.objects.get().monthly_price_minor == 899


def test_memberships_are_read_only_in_the_admin(operator, shopper, plan):
    membership = start_trial(shopper, plan, now=JOINED)
    assert operator.get(f"/admin/membership/membership/{membership.pk}/change/").status_code == 200
    assert operator.get("/admin/membership/membershipcharge/").status_code == 200
    operator.post(f"/admin/membership/membership/{membership.pk}/change/", {"status": "ended"})
    assert Membership.objects.get().status == "trial"
