"""The admin shows every buying model: the ledger, the outbox and orders read-only (with their lines),
fee rules editable."""
from datetime import timedelta

import pytest
from django.contrib import admin
from django.urls import reverse

from mercato.checkout.models import Cart, CartLine
from mercato.checkout.services import add_to_cart, new_cart
from mercato.core.models import JournalEntry, JournalLine, LedgerAccount, OutboxEvent
from mercato.customers.models import PaymentMethod
from mercato.inventory.models import StockReservation
from mercato.marketplaces.models import FeeRule
from mercato.orders.models import Order, OrderLine, Payment, Refund, SellerOrder
from mercato.orders.services import confirm_delivery, confirm_shipment, refund_seller_order
from mercato.payments.models import TestAuthorisation, TestCard, TestMovement
from mercato.sellers.models import Payout
from mercato.sellers.payouts import run_payouts
from tests.factories import buy, make_category, make_fee_rule, make_offer, make_shopper, make_user

READ_ONLY = [LedgerAccount, JournalEntry, JournalLine, OutboxEvent, Order, SellerOrder, OrderLine, Payment, Refund,
             TestCard, TestAuthorisation, TestMovement, StockReservation, Cart, CartLine, Payout, PaymentMethod]


@pytest.fixture
def admin_client(client, db):
    client.force_login(make_user("root@example.com", is_staff=True, is_superuser=True))
    return client


@pytest.fixture
def sale(marketplace, settings):
    """A sale shipped, partly refunded, delivered and paid out, and a cart left behind."""
    make_fee_rule(marketplace, referral_rate_bp=1000, closing_fee_minor=50)
    offer = make_offer(marketplace=marketplace, price_minor=2000)
    shopper = make_shopper("ada@example.com")
    seller_order = buy(shopper, (offer, 1)).seller_orders.get()
    seller, public_id = offer.seller, seller_order.public_id
    confirm_shipment(seller=seller, seller_order_id=public_id, carrier="DPD", tracking_number="D1")
    refund_seller_order(seller=seller, seller_order_id=public_id, amount_minor=300, reason="Dent",
                        idempotency_key="r1")
    delivered = confirm_delivery(seller=seller, seller_order_id=public_id)
    run_payouts(now=delivered.delivered_at + timedelta(days=settings.PAYOUT_RESERVE_DAYS + 1))
    add_to_cart(cart=new_cart(marketplace=marketplace, user=shopper), offer_id=offer.id, quantity=1)
    return seller_order


def url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


@pytest.mark.parametrize("model", READ_ONLY, ids=lambda model: model.__name__)
def test_buying_records_are_readable_but_not_addable_changeable_or_deletable(admin_client, sale, model):
    instance = model.objects.first()
    assert instance is not None
    assert admin_client.get(url(model, "changelist")).status_code == 200
    change = admin_client.get(url(model, "change", instance.pk))
    assert change.status_code == 200
    assert 'name="_save"' not in change.content.decode()
    assert admin_client.get(url(model, "add")).status_code == 403
    assert admin_client.get(url(model, "delete", instance.pk)).status_code == 403


def test_journal_entry_shows_its_lines_and_they_cannot_be_edited(admin_client, sale):
    entry = JournalEntry.objects.get(kind="seller_order_shipped")
    page = admin_client.get(url(JournalEntry, "change", entry.pk)).content.decode()
    for line in entry.lines.select_related("account"):
        assert line.account.code in page
    assert 'name="lines-0-amount_minor"' not in page and 'value="0" id="id_lines-MAX_NUM_FORMS"' in page
    before = list(JournalLine.objects.values_list("id", "amount_minor"))
    refused = admin_client.post(url(JournalEntry, "change", entry.pk), {"kind": "edited", "lines-0-amount_minor": "1"})
    assert refused.status_code == 403
    assert list(JournalLine.objects.values_list("id", "amount_minor")) == before
    assert JournalEntry.objects.get(pk=entry.pk).kind == "seller_order_shipped"


def test_order_page_shows_its_seller_orders_and_payment(admin_client, sale):
    page = admin_client.get(url(Order, "change", sale.order_id)).content.decode()
    assert sale.public_id in page and "D1" in page and "4242" in page


def test_seller_order_page_shows_lines_and_refunds(admin_client, sale):
    page = admin_client.get(url(SellerOrder, "change", sale.pk)).content.decode()
    line = sale.lines.get()
    assert line.seller_sku in page and "Dent" in page


def test_payout_page_shows_its_statement(admin_client, sale):
    payout = Payout.objects.get()
    page = admin_client.get(url(Payout, "change", payout.pk)).content.decode()
    assert "earnings_released" in page and sale.public_id in page and "£14.80" in page


def test_saved_card_token_is_not_shown(admin_client, sale):
    card = PaymentMethod.objects.get()
    page = admin_client.get(url(PaymentMethod, "change", card.pk)).content.decode()
    assert card.token not in page and card.last4 in page


def test_operator_edits_and_adds_fee_rules(admin_client, sale, marketplace):
    rule = FeeRule.objects.get()
    data = {"marketplace": marketplace.pk, "category": "", "referral_rate_bp": "1200",
            "minimum_referral_minor": "30", "closing_fee_minor": "0"}
    assert admin_client.post(url(FeeRule, "change", rule.pk), data).status_code == 302
    rule.refresh_from_db()
    assert (rule.referral_rate_bp, rule.minimum_referral_minor) == (1200, 30)
    assert admin_client.get(url(FeeRule, "add")).status_code == 200
    duplicate = admin_client.post(url(FeeRule, "add"), data)
    assert duplicate.status_code == 200 and FeeRule.objects.count() == 1
    category = make_category("garden/tools")
    added = admin_client.post(url(FeeRule, "add"), data | {"category": category.pk, "referral_rate_bp": "800"})
    assert added.status_code == 302 and FeeRule.objects.get(category=category).referral_rate_bp == 800
    too_high = admin_client.post(url(FeeRule, "change", rule.pk), data | {"referral_rate_bp": "10001"})
    assert too_high.status_code == 200
    rule.refresh_from_db()
    assert rule.referral_rate_bp == 1200


def test_order_lists_do_not_query_per_row(admin_client, marketplace, django_assert_max_num_queries):
    offer = make_offer(marketplace=marketplace, quantity=50)
    shopper = make_shopper()
    for _ in range(15):
        buy(shopper, (offer, 1))
    for model in (Order, SellerOrder, OrderLine, Payment, JournalEntry, JournalLine, OutboxEvent):
        with django_assert_max_num_queries(15):
            assert admin_client.get(url(model, "changelist")).status_code == 200, model.__name__


def test_every_buying_model_is_registered():
    for model in READ_ONLY + [FeeRule]:
        assert model in admin.site._registry, model.__name__
