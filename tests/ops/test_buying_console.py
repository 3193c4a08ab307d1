"""The ops console's buying pages: orders, revenue by stream and the books' health, payout runs and the
notifications log. Operators only."""
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from mercato.core.models import JournalLine
from mercato.orders.services import confirm_delivery, confirm_shipment
from mercato.sellers.models import Payout
from tests.factories import (buy, make_fee_rule, make_marketplace, make_offer, make_operator, make_seller,
                             make_shopper, make_user)
from tests.sellercentral.pages import text

PAGES = ["ops:orders", "ops:revenue", "ops:payouts", "ops:notifications"]


@pytest.fixture
def operator_client(client, db):
    client.force_login(make_operator())
    return client


@pytest.fixture
def shipped(marketplace):
    """A £20.00 + £3.00 shipping sale, shipped: 10 % referral (£2.30) and a 50p closing fee."""
    make_fee_rule(marketplace, referral_rate_bp=1000, minimum_referral_minor=0, closing_fee_minor=50)
    offer = make_offer(seller=make_seller("Acme"), marketplace=marketplace, price_minor=2000, shipping_minor=300)
    order = buy(make_shopper("ada@example.com"), (offer, 1))
    seller_order = order.seller_orders.get()
    confirm_shipment(seller=offer.seller, seller_order_id=seller_order.public_id, carrier="DPD", tracking_number="D1")
    return seller_order


@pytest.mark.parametrize("name", PAGES)
def test_visitor_is_sent_to_sign_in(client, db, name):
    response = client.get(reverse(name))
    assert response.status_code == 302 and "next=" in response.url


@pytest.mark.parametrize("name", PAGES)
def test_non_operator_is_refused_even_as_a_seller(client, marketplace, name):
    user = make_user()
    make_seller(user=user)
    client.force_login(user)
    assert client.get(reverse(name)).status_code == 403


def test_non_operator_cannot_run_payouts(client, shipped, settings):
    confirm_delivery(seller=shipped.seller, seller_order_id=shipped.public_id)
    client.force_login(make_user())
    assert client.post(reverse("ops:payouts")).status_code == 403
    assert not Payout.objects.exists()


def test_orders_page_lists_recent_orders_with_status(operator_client, shipped, marketplace):
    other = buy(make_shopper("bob@example.com"), (make_offer(marketplace=marketplace, price_minor=500), 1))
    page = operator_client.get(reverse("ops:orders"))
    rows = [order.public_id for order in page.context["page"].object_list]
    assert rows == [other.public_id, shipped.order.public_id]
    body = text(page)
    assert f"{shipped.order.public_id}" in body and "ada@example.com" in body and "£23.00 Shipped" in body
    placed = text(operator_client.get(reverse("ops:orders"), {"status": "placed"}))
    assert other.public_id in placed and shipped.order.public_id not in placed


def test_revenue_matches_the_sale_and_the_books_balance(operator_client, shipped):
    page = operator_client.get(reverse("ops:revenue"))
    body = text(page)
    assert "Referral fees (commission) £2.30" in body
    assert "Closing fees £0.50" in body
    assert "First-party sales £0.00" in body
    assert "Total £2.80" in body
    assert "Books balance." in body
    today = timezone.localdate()
    assert page.context["first_day"] == today.replace(day=1) and page.context["last_day"] == today


def test_revenue_for_a_period_before_the_sale_is_zero(operator_client, shipped):
    today = timezone.localdate()
    body = text(operator_client.get(reverse("ops:revenue"), {
        "first_day": (today - timedelta(days=60)).isoformat(), "last_day": (today - timedelta(days=31)).isoformat()}))
    assert "Total £0.00" in body and "£2.30" not in body


def test_revenue_is_shown_per_marketplace_currency(operator_client, shipped):
    make_marketplace("de", currency="EUR", name="Mercato DE", language="de-DE", country_code="DE")
    body = text(operator_client.get(reverse("ops:revenue")))
    assert "GBP (Mercato GB)" in body
    assert "EUR (Mercato DE)" in body and "Total €0.00" in body


def test_bad_period_is_refused_next_to_the_field(operator_client, shipped):
    response = operator_client.get(reverse("ops:revenue"), {"first_day": "2026-05-10", "last_day": "2026-05-01"})
    assert response.status_code == 400
    assert "The period must end on or after its first day." in text(response)
    nonsense = operator_client.get(reverse("ops:revenue"), {"first_day": "yesterday", "last_day": ""})
    assert nonsense.status_code == 400 and "Enter a valid date." in text(nonsense)


def test_edited_ledger_shows_up_in_the_health_line(operator_client, shipped):
    line = JournalLine.objects.filter(account__code__startswith="revenue:").first()
    JournalLine.objects.filter(pk=line.pk).update(amount_minor=line.amount_minor - 1)
    body = text(operator_client.get(reverse("ops:revenue")))
    assert "The books do not balance." in body
    assert f"#{line.entry_id}" in body and "Balances in GBP sum to -£0.01" in body


def test_run_payouts_now_pays_what_is_due_and_shows_it(operator_client, shipped, settings):
    settings.PAYOUT_RESERVE_DAYS = 0
    nothing = operator_client.post(reverse("ops:payouts"), follow=True)
    assert "no seller had an available balance" in text(nothing)
    confirm_delivery(seller=shipped.seller, seller_order_id=shipped.public_id)

    page = operator_client.post(reverse("ops:payouts"))
    payout = Payout.objects.get()
    assert payout.amount_minor == 2300 - 230 - 50
    body = text(page)
    assert f"This run paid Payout Seller Amount {payout.public_id} Acme £20.20" in body
    assert "1 payout (£20.20 to Acme)" in body
    again = text(operator_client.post(reverse("ops:payouts")))
    assert "no seller had an available balance" in again and Payout.objects.count() == 1
    assert f"{payout.public_id}" in text(operator_client.get(reverse("ops:payouts")))


def test_notifications_log_is_newest_first_and_filters_by_topic(operator_client, shipped):
    page = operator_client.get(reverse("ops:notifications"))
    topics = [event.topic for event in page.context["events"]]
    assert topics[0] == "seller_order.shipped" and "order.placed" in topics
    assert "Your order" in text(page) and "ada@example.com" in text(page)
    shipped_only = operator_client.get(reverse("ops:notifications"), {"topic": "seller_order.shipped"})
    assert {event.topic for event in shipped_only.context["events"]} == {"seller_order.shipped"}
    unknown = operator_client.get(reverse("ops:notifications"), {"topic": "nonsense"})
    assert unknown.status_code == 200 and len(unknown.context["events"]) == len(topics)


def test_far_future_period_is_refused_not_crashed_on(operator_client, shipped):
    response = operator_client.get(reverse("ops:revenue"), {"first_day": "9999-01-01", "last_day": "9999-12-31"})
    assert response.status_code == 400
    assert "between the years 2000 and 2999" in text(response)
