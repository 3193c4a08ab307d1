"""Seller Central payments: the available balance, the reserve and when it is released, past payouts and
their statements; a seller sees only its own."""
from datetime import timedelta

import pytest
from django.urls import reverse

from mercato.orders.services import confirm_delivery, confirm_shipment, refund_seller_order
from mercato.sellers.payouts import run_payouts
from tests.factories import buy, make_fee_rule, make_offer, make_seller, make_shopper
from tests.sellercentral.pages import text


@pytest.fixture
def sold(seller, marketplace):
    """A £20.00 sale with £2.50 of fees (10 % referral, 50p closing): £17.50 for the seller."""
    make_fee_rule(marketplace, referral_rate_bp=1000, minimum_referral_minor=0, closing_fee_minor=50)
    offer = make_offer(seller=seller, marketplace=marketplace, price_minor=2000, quantity=5)
    return buy(make_shopper(), (offer, 1)).seller_orders.get()


def figures(client):
    page = client.get(reverse("sellercentral:payments"))
    balance = page.context["balances"][0]
    return balance.available_minor, balance.reserve_minor, text(page)


def test_no_sales_shows_zero_balances_and_no_payouts(seller_client):
    available, reserve, page = figures(seller_client)
    assert (available, reserve) == (0, 0)
    assert "No payouts yet." in page and "No earnings are in reserve." in page


def test_shipped_order_is_in_reserve_until_delivered_plus_the_reserve_period(seller_client, seller, sold, settings):
    assert figures(seller_client)[:2] == (0, 0)  # nothing is earned before it ships
    confirm_shipment(seller=seller, seller_order_id=sold.public_id, carrier="DPD", tracking_number="D1")
    available, reserve, page = figures(seller_client)
    assert (available, reserve) == (0, 1750)
    assert f"{sold.public_id} Shipped £17.50 {settings.PAYOUT_RESERVE_DAYS} days after delivery" in page
    assert "next payout run" in page

    delivered = confirm_delivery(seller=seller, seller_order_id=sold.public_id)
    day = (delivered.delivered_at + timedelta(days=settings.PAYOUT_RESERVE_DAYS)).date()
    page = figures(seller_client)[2]
    assert f"{sold.public_id} Delivered £17.50 {day.day} {day:%b %Y}" in page


def test_payout_run_after_the_reserve_pays_the_seller_and_lists_a_statement(seller_client, seller, sold, settings):
    confirm_shipment(seller=seller, seller_order_id=sold.public_id, carrier="DPD", tracking_number="D1")
    delivered = confirm_delivery(seller=seller, seller_order_id=sold.public_id)
    assert run_payouts(now=delivered.delivered_at + timedelta(days=1)) == []  # still in reserve

    [payout] = run_payouts(now=delivered.delivered_at + timedelta(days=settings.PAYOUT_RESERVE_DAYS, minutes=1))
    assert payout.amount_minor == 1750
    available, reserve, page = figures(seller_client)
    assert (available, reserve) == (0, 0)
    assert f"{payout.public_id}" in page and "£17.50 Statement" in page

    statement = text(seller_client.get(reverse("sellercentral:payout_statement", args=[payout.public_id])))
    assert "£17.50 sent to your bank account" in statement
    assert f"Order released from reserve {sold.public_id} £20.00 £2.50 £17.50" in statement
    assert "Payout to your bank account -£17.50" in statement


def test_refund_after_the_payout_is_taken_from_the_available_balance(seller_client, seller, sold, settings):
    confirm_shipment(seller=seller, seller_order_id=sold.public_id, carrier="DPD", tracking_number="D1")
    delivered = confirm_delivery(seller=seller, seller_order_id=sold.public_id)
    run_payouts(now=delivered.delivered_at + timedelta(days=settings.PAYOUT_RESERVE_DAYS + 1))
    refund_seller_order(seller=seller, seller_order_id=sold.public_id, amount_minor=500, reason="Scratch",
                        idempotency_key="r1")
    # £5.00 back to the shopper, less the 50p referral fee returned to the seller.
    assert figures(seller_client)[:2] == (-450, 0)


def test_refund_in_reserve_lowers_the_reserve(seller_client, seller, sold):
    confirm_shipment(seller=seller, seller_order_id=sold.public_id, carrier="DPD", tracking_number="D1")
    refund_seller_order(seller=seller, seller_order_id=sold.public_id, amount_minor=1000, reason="Late",
                        idempotency_key="r1")
    assert figures(seller_client)[:2] == (0, 1750 - 900)
    assert "Net to you £8.50" in text(seller_client.get(reverse("sellercentral:order_detail",
                                                                args=[sold.public_id])))


def test_seller_cannot_see_another_sellers_payout(seller_client, seller, marketplace, settings):
    rival = make_seller("Rival")
    offer = make_offer(seller=rival, marketplace=marketplace, price_minor=1000)
    theirs = buy(make_shopper(), (offer, 1)).seller_orders.get()
    confirm_shipment(seller=rival, seller_order_id=theirs.public_id, carrier="DPD", tracking_number="D1")
    delivered = confirm_delivery(seller=rival, seller_order_id=theirs.public_id)
    [payout] = run_payouts(now=delivered.delivered_at + timedelta(days=settings.PAYOUT_RESERVE_DAYS + 1))
    assert seller_client.get(reverse("sellercentral:payout_statement", args=[payout.public_id])).status_code == 404
    available, reserve, page = figures(seller_client)
    assert (available, reserve) == (0, 0) and payout.public_id not in page
