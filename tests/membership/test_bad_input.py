"""Refused membership actions say why, name the field, and write nothing; the database holds the rules too."""
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from mercato.core.errors import Conflict, Invalid, NotFound
from mercato.core.models import JournalEntry, OutboxEvent
from mercato.membership.models import Membership, MembershipCharge, MembershipPlan
from mercato.membership.demo import ensure_demo_plan
from mercato.orders.errors import PaymentFailed
from mercato.payments.models import TestAuthorisation
from mercato.payments.testgateway import DECLINE, NETWORK_ERROR, UNREACHABLE
from tests.factories import make_marketplace, make_shopper
from tests.membership.actions import cancel, card_of, start_trial, subscribe
from tests.membership.conftest import JOINED


def nothing_written():
    return (Membership.objects.count(), MembershipCharge.objects.count(), JournalEntry.objects.count(),
            OutboxEvent.objects.filter(topic__startswith="membership.").count()) == (0, 0, 0, 0)


@pytest.mark.parametrize("card, code", [(DECLINE, "payment_declined"), (UNREACHABLE, "payment_unavailable")])
def test_a_refused_card_on_subscribe_writes_nothing_and_keeps_no_money(plan, card, code):
    shopper = make_shopper("bo@example.com", card_number=card)

    with pytest.raises(PaymentFailed) as refused:
        subscribe(shopper, plan, now=JOINED, billing_period="annual")

    assert (refused.value.code, refused.value.field) == (code, "payment_method")
    assert nothing_written()
    assert not TestAuthorisation.objects.filter(status="authorised").exists()


def test_a_lost_answer_from_the_payment_service_is_retried_safely(plan):
    shopper = make_shopper("bo@example.com", card_number=NETWORK_ERROR)

    membership = subscribe(shopper, plan, now=JOINED)

    assert membership.status == "active"
    assert TestAuthorisation.objects.get().captured_minor == 899  # one authorisation, captured once


def test_subscribing_twice_with_one_key_charges_once(shopper, plan):
    first = subscribe(shopper, plan, now=JOINED, key="double-click")
    second = subscribe(shopper, plan, now=JOINED, key="double-click")

    assert first == second
    assert MembershipCharge.objects.count() == 1 and TestAuthorisation.objects.count() == 1


def test_a_member_cannot_join_again_and_is_not_charged(shopper, plan):
    subscribe(shopper, plan, now=JOINED)
    with pytest.raises(Conflict) as refused:
        subscribe(shopper, plan, now=JOINED + timedelta(days=1))
    assert refused.value.code == "already_member"
    with pytest.raises(Conflict):
        start_trial(shopper, plan, now=JOINED + timedelta(days=1))
    assert TestAuthorisation.objects.count() == 1


@pytest.mark.parametrize("change, error, field", [
    ({"billing_period": "weekly"}, Invalid, "billing_period"),
    ({"plan": "other_marketplace"}, NotFound, "plan"),
    ({"plan": None}, NotFound, "plan"),
    ({"payment_method": "someone_elses"}, NotFound, "payment_method"),
    ({"payment_method": None}, NotFound, "payment_method"),
    ({"idempotency_key": " "}, Invalid, "idempotency_key"),
    ({"idempotency_key": "x" * 61}, Invalid, "idempotency_key"),
])
def test_bad_subscription_requests_are_refused_naming_the_field(shopper, plan, change, error, field):
    from mercato.membership import services

    arguments = {"customer": shopper, "marketplace": plan.marketplace, "plan": plan, "billing_period": "monthly",
                 "payment_method": card_of(shopper), "idempotency_key": "k1", "now": JOINED, **change}
    if change.get("plan") == "other_marketplace":
        arguments["plan"] = ensure_demo_plan(make_marketplace("us", currency="USD"))
    if change.get("payment_method") == "someone_elses":
        arguments["payment_method"] = card_of(make_shopper("eve@example.com"))

    with pytest.raises(error) as refused:
        services.subscribe(**arguments)

    assert refused.value.field == field
    assert nothing_written() and not TestAuthorisation.objects.exists()


def test_a_withdrawn_plan_or_one_without_a_trial_is_refused(shopper, plan):
    plan.trial_days = 0
    plan.save()
    with pytest.raises(Invalid, match="no free trial"):
        start_trial(shopper, plan, now=JOINED)
    plan.is_active = False
    plan.save()
    with pytest.raises(Conflict, match="no longer offered"):
        subscribe(shopper, plan, now=JOINED)
    assert nothing_written()


def test_a_double_cancel_is_refused_and_changes_nothing(shopper, plan):
    subscribe(shopper, plan, now=JOINED, billing_period="annual")
    cancel(shopper, plan, now=JOINED + timedelta(days=40))
    before = (MembershipCharge.objects.count(), JournalEntry.objects.count(), OutboxEvent.objects.count())

    with pytest.raises(Conflict) as refused:
        cancel(shopper, plan, now=JOINED + timedelta(days=41))

    assert refused.value.code == "already_cancelled" and "already cancelled" in refused.value.detail
    assert (MembershipCharge.objects.count(), JournalEntry.objects.count(), OutboxEvent.objects.count()) == before
    assert TestAuthorisation.objects.get().refunded_minor == 9500 * 10 // 12  # ten unused months, refunded once


def test_an_expired_membership_cannot_be_cancelled(shopper, plan):
    from mercato.membership.renewals import renew_due_memberships

    start_trial(shopper, plan, now=JOINED)
    cancel(shopper, plan, now=JOINED + timedelta(days=1))
    renew_due_memberships(now=JOINED + timedelta(days=31))

    with pytest.raises(Conflict) as refused:
        cancel(shopper, plan, now=JOINED + timedelta(days=32))
    assert refused.value.code == "membership_ended" and "ended on 09 February 2027" in refused.value.detail


def test_cancelling_without_a_membership_is_not_found(shopper, plan):
    with pytest.raises(NotFound):
        cancel(shopper, plan, now=JOINED)


def test_the_database_allows_one_live_membership_and_one_trial_per_marketplace(shopper, plan):
    first = start_trial(shopper, plan, now=JOINED)
    fields = {field.name: getattr(first, field.name) for field in Membership._meta.concrete_fields
              if field.name not in ("id", "public_id", "created_at")}
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(**{**fields, "public_id": "MBTWIN", "trial_used": False})
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(**{**fields, "public_id": "MBTWIN", "status": "ended", "ended_at": JOINED})
    Membership.objects.create(**{**fields, "public_id": "MBOLD", "status": "ended", "ended_at": JOINED,
                                 "trial_used": False})  # an ended one beside the live one is fine


@pytest.mark.parametrize("change", [{"monthly_price_minor": 0}, {"trial_days": 400}, {"currency": "gbp"},
                                    {"annual_refund_policy": "half"}])
def test_the_database_refuses_a_nonsense_plan(plan, change):
    with pytest.raises(IntegrityError), transaction.atomic():
        MembershipPlan.objects.filter(pk=plan.pk).update(**change)


def test_one_active_plan_per_marketplace_in_its_currency(plan):
    second = MembershipPlan(marketplace=plan.marketplace, name="Plus Two", currency="USD", monthly_price_minor=1,
                            annual_price_minor=1)
    with pytest.raises(ValidationError) as refused:
        second.full_clean()  # what the admin form runs
    assert "currency" in refused.value.message_dict and "__all__" in refused.value.message_dict
