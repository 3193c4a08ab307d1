"""The membership pages as a shopper uses them: the plan and joining, their membership, cancel and rejoin."""
import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from mercato.membership.models import Membership, MembershipCharge
from mercato.payments.testgateway import DECLINE
from tests.factories import make_shopper
from tests.membership.actions import card_of, start_trial, subscribe
from tests.storefront.html import elements, visible_text


@pytest.fixture
def signed_in(client, shopper):
    client.force_login(shopper)
    return client


def join(client, **fields):
    data = {"action": "subscribe", "billing_period": "monthly", "idempotency_key": "form-key-1", **fields}
    return client.post("/membership/join/", data)


def test_visitors_see_the_plan_prices_benefits_and_are_asked_to_sign_in(client, plan):
    response = client.get("/membership/")

    assert response.status_code == 200
    text = visible_text(response)
    assert "Mercato Plus" in text and "£8.99 a month" in text and "£95.00 a year" in text
    assert "saves £12.88" in text and "30 days" in text and "Free fastest delivery" in text
    assert "Early access to lightning deals, 30 minutes before everyone else" in text
    assert "Sign in to join" in text
    assert "Membership" in [e.text.split()[-1] for e in elements(response, "header-link")]


def test_a_marketplace_without_a_plan_says_so(client, marketplace):
    response = client.get("/membership/")
    assert response.status_code == 404 and "Membership is not offered in Mercato GB yet" in visible_text(response)


def test_a_shopper_starts_the_free_trial_and_sees_the_first_payment_date(signed_in, shopper, plan):
    page = signed_in.get("/membership/")
    assert "Start your 30-day free trial" in visible_text(page)

    response = join(signed_in, action="trial", payment_method=card_of(shopper).pk)

    assert response.status_code == 302 and response["Location"] == "/account/membership/"
    membership = Membership.objects.get(customer=shopper)
    account = signed_in.get("/account/membership/")
    text = visible_text(account)
    assert "Welcome to Mercato Plus! Your free trial runs until" in text
    assert f"Free trial until {membership.current_period_end:%-d %B %Y}" in text
    assert f"Next payment £8.99 on {membership.current_period_end:%-d %B %Y}" in text
    assert "your free trial costs nothing" in text
    assert "Your membership" in elements(account, "sidebar-nav")[0].text


def test_after_the_trial_a_shopper_subscribes_yearly_and_sees_the_payment(signed_in, shopper, plan):
    Membership.objects.create(public_id="MBOLD", customer=shopper, marketplace=plan.marketplace, plan=plan,
                              billing_period="monthly", status="ended", trial_used=True, started_at=timezone.now(),
                              current_period_start=timezone.now() - timedelta(days=60),
                              current_period_end=timezone.now() - timedelta(days=30), billing_day=1,
                              ended_at=timezone.now() - timedelta(days=30))
    assert "Join and pay" in visible_text(signed_in.get("/membership/"))

    response = join(signed_in, billing_period="annual", payment_method=card_of(shopper).pk)

    assert response.status_code == 302
    text = visible_text(signed_in.get("/account/membership/"))
    assert "Active" in text and "Annual" in text and "Visa ending in 4242" in text
    assert re.search(r"Mercato Plus, \d+ \w+ \d{4} to \d+ \w+ \d{4} £95\.00", text)


def test_a_shopper_without_a_card_is_sent_to_add_one(client, plan):
    client.force_login(make_shopper("nocard@example.com", card_number=None))

    response = client.get("/membership/")

    assert "Add a payment card first" in visible_text(response)
    assert any(e.attrs.get("href") == "/account/cards/add/" for e in elements(response, "button-primary"))


def test_a_declined_card_shows_the_form_again_and_writes_nothing(client, plan):
    shopper = make_shopper("bo@example.com", card_number=DECLINE)
    client.force_login(shopper)

    response = join(client, payment_method=card_of(shopper).pk)

    assert response.status_code == 402
    assert "Your card was declined" in " ".join(e.text for e in elements(response, "field-error"))
    assert not Membership.objects.exists() and not MembershipCharge.objects.exists()


@pytest.mark.parametrize("fields, message", [
    ({"billing_period": "weekly"}, "Select a valid choice"),
    ({"payment_method": ""}, "Choose a payment card."),
    ({"payment_method": "someone_elses"}, "Choose one of your payment cards"),
    ({"idempotency_key": ""}, "This form has expired"),
])
def test_bad_join_requests_are_shown_again_with_the_message(signed_in, shopper, plan, fields, message):
    if fields.get("payment_method") == "someone_elses":
        fields = {"payment_method": card_of(make_shopper("eve@example.com")).pk}
    response = join(signed_in, **{"payment_method": card_of(shopper).pk, **fields})

    assert response.status_code == 400
    assert message in visible_text(response)
    assert not Membership.objects.exists()


def test_a_member_sees_the_cancel_terms_cancels_and_can_rejoin(signed_in, shopper, plan):
    subscribe(shopper, plan, now=timezone.now() - timedelta(days=40), billing_period="annual")

    before = visible_text(signed_in.get("/account/membership/"))
    assert "We refund £79.16 for the 10 unused months to your card." in before

    response = signed_in.post("/account/membership/cancel/")

    assert response.status_code == 302
    membership = Membership.objects.get()
    after = visible_text(signed_in.get("/account/membership/"))
    assert "Your membership is cancelled and will not renew" in after and "£79.16 is on its way back" in after
    assert f"Benefits until {membership.current_period_end:%-d %B %Y}" in after
    assert "-£79.16" in after and "Rejoin" in after

    again = signed_in.post("/account/membership/cancel/")
    assert again.status_code == 409 and "Your membership is already cancelled" in visible_text(again)

    assert signed_in.post("/account/membership/rejoin/").status_code == 302
    assert Membership.objects.get().status == "active"


def test_an_overdue_member_pays_now_from_the_account_page(client, plan):
    shopper = make_shopper("bo@example.com", card_number=DECLINE)
    client.force_login(shopper)
    start_trial(shopper, plan, now=timezone.now() - timedelta(days=31))
    from mercato.membership.renewals import renew_due_memberships

    renew_due_memberships()
    page = visible_text(client.get("/account/membership/"))
    assert "Payment overdue" in page and "Your benefits are paused" in page

    refused = client.post("/account/membership/rejoin/", {"idempotency_key": "pay-1"})
    assert refused.status_code == 402 and "Your card was declined" in visible_text(refused)
    someone_elses = card_of(make_shopper("eve@example.com")).pk
    wrong_card = client.post("/account/membership/rejoin/", {"payment_method": someone_elses})
    assert wrong_card.status_code == 400 and "Choose one of your payment cards" in visible_text(wrong_card)


def test_someone_who_never_joined_sees_an_invitation(signed_in, plan):
    text = visible_text(signed_in.get("/account/membership/"))
    assert "You are not a member of Mercato Plus" in text and "Start your free trial" in text
    refused = signed_in.post("/account/membership/cancel/")
    assert refused.status_code == 400 and "You are not a member" in visible_text(refused)


def test_the_membership_pages_need_a_signed_in_shopper_and_a_csrf_token(client, shopper, plan):
    assert client.get("/account/membership/")["Location"].startswith("/account/login/")
    assert client.post("/membership/join/", {})["Location"].startswith("/account/login/")
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(shopper)
    assert strict.post("/account/membership/cancel/").status_code == 403
    assert strict.post("/membership/join/", {"action": "trial"}).status_code == 403
