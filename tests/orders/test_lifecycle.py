from datetime import timedelta

import pytest
from django.utils import timezone

from mercato.core import ledger
from mercato.core.errors import Conflict, Invalid, NotAllowed, NotFound
from mercato.offers.models import Offer
from mercato.orders.models import Order, Payment, SellerOrder
from mercato.orders.services import (
    accept_seller_order,
    cancel_order,
    cancel_seller_order,
    complete_delivered_orders,
    confirm_delivery,
    confirm_shipment,
    refund_seller_order,
)
from mercato.payments.models import TestAuthorisation
from mercato.sellers.models import Payout, Seller
from mercato.sellers.payouts import run_payouts, statement_lines
from tests.factories import buy, make_fee_rule, make_offer, make_seller, make_shopper

pytestmark = pytest.mark.django_db


def ship(seller_order, carrier="Royal Mail", tracking="RM123456789GB"):
    return confirm_shipment(seller=seller_order.seller, seller_order_id=seller_order.public_id, carrier=carrier,
                            tracking_number=tracking)


def deliver(seller_order):
    return confirm_delivery(seller=seller_order.seller, seller_order_id=seller_order.public_id)


def test_shopper_cancels_before_acceptance_and_is_not_charged(marketplace, django_capture_on_commit_callbacks):
    offer = make_offer(quantity=3)
    shopper = make_shopper()
    order = buy(shopper, (offer, 2))

    with django_capture_on_commit_callbacks(execute=True):
        cancelled = cancel_order(customer=shopper, order_id=order.public_id)

    assert cancelled.status == Order.Status.CANCELLED
    offer.refresh_from_db()
    assert offer.quantity == 3
    assert TestAuthorisation.objects.get().status == "voided"
    assert Payment.objects.get(order=order).status == Payment.Status.VOIDED
    assert ledger.balance(ledger.SHOPPER_PAYMENTS_CLEARING, "GBP") == 0
    with pytest.raises(Conflict, match="already cancelled"):
        cancel_order(customer=shopper, order_id=order.public_id)


def test_accepted_part_cannot_be_cancelled_by_the_shopper(marketplace):
    offer = make_offer()
    shopper = make_shopper()
    order = buy(shopper, offer)
    seller_order = order.seller_orders.get()
    accept_seller_order(seller=seller_order.seller, seller_order_id=seller_order.public_id)
    with pytest.raises(NotAllowed):
        cancel_order(customer=shopper, order_id=order.public_id)


def test_another_shoppers_order_cannot_be_cancelled(marketplace):
    order = buy(make_shopper(), make_offer())
    with pytest.raises(NotFound):
        cancel_order(customer=make_shopper(), order_id=order.public_id)


def test_buy_now_order_is_held_for_free_cancellation(marketplace, settings):
    offer = make_offer()
    order = buy(make_shopper(), offer, channel="buy_now")
    assert order.free_cancel_until - order.placed_at == timedelta(minutes=settings.ONE_CLICK_FREE_CANCEL_MINUTES)
    seller_order = order.seller_orders.get()
    with pytest.raises(Conflict, match="cancel this Buy Now order for free"):
        accept_seller_order(seller=seller_order.seller, seller_order_id=seller_order.public_id)
    Order.objects.filter(pk=order.pk).update(free_cancel_until=timezone.now() - timedelta(seconds=1))
    assert accept_seller_order(seller=seller_order.seller, seller_order_id=seller_order.public_id).status == "accepted"


def test_shipping_captures_and_books_fees_and_seller_earnings(marketplace):
    make_fee_rule(marketplace, referral_rate_bp=1000, minimum_referral_minor=0, closing_fee_minor=50)
    offer = make_offer(price_minor=2000, shipping_minor=300)
    order = buy(make_shopper(), (offer, 2))
    seller_order = order.seller_orders.get()

    ship(seller_order)

    seller_order.refresh_from_db()
    order.refresh_from_db()
    assert order.status == Order.Status.SHIPPED
    assert seller_order.carrier == "Royal Mail"
    assert TestAuthorisation.objects.get().captured_minor == 4600
    assert ledger.balance(ledger.revenue("referral_fees"), "GBP") == -460
    assert ledger.balance(ledger.revenue("closing_fees"), "GBP") == -100
    assert ledger.balance(ledger.seller_pending(offer.seller_id), "GBP") == -(4600 - 560)
    assert ledger.balance(ledger.ORDERS_AWAITING_SHIPMENT, "GBP") == 0
    with pytest.raises(Conflict):
        ship(seller_order)


def test_order_follows_its_seller_orders(marketplace):
    shopper = make_shopper()
    first, second = make_offer(), make_offer()
    order = buy(shopper, first, second)
    one, two = order.seller_orders.order_by("pk")
    ship(one)
    order.refresh_from_db()
    assert order.status == Order.Status.PARTIALLY_SHIPPED
    cancel_seller_order(seller=two.seller, seller_order_id=two.public_id, reason="damaged in the warehouse")
    order.refresh_from_db()
    assert order.status == Order.Status.SHIPPED
    deliver(one)
    order.refresh_from_db()
    assert order.status == Order.Status.DELIVERED
    assert complete_delivered_orders(now=timezone.now() + timedelta(days=31)) == 1
    order.refresh_from_db()
    assert order.status == Order.Status.COMPLETED


def test_seller_cancellation_counts_against_performance(marketplace):
    seller = make_seller(performance_score=0.9)
    order = buy(make_shopper(), make_offer(seller=seller))
    seller_order = order.seller_orders.get()
    cancel_seller_order(seller=seller, seller_order_id=seller_order.public_id, reason="out of stock")
    seller.refresh_from_db()
    assert seller.performance_score < 0.9
    with pytest.raises(Conflict):
        cancel_seller_order(seller=seller, seller_order_id=seller_order.public_id, reason="again")


def test_seller_cannot_touch_another_sellers_order(marketplace):
    order = buy(make_shopper(), make_offer())
    seller_order = order.seller_orders.get()
    stranger = make_seller()
    with pytest.raises(NotFound):
        confirm_shipment(seller=stranger, seller_order_id=seller_order.public_id, carrier="DPD", tracking_number="1")
    with pytest.raises(NotFound):
        cancel_seller_order(seller=stranger, seller_order_id=seller_order.public_id, reason="no")
    assert SellerOrder.objects.get().status == "pending"


def test_blank_tracking_number_is_refused(marketplace):
    order = buy(make_shopper(), make_offer())
    seller_order = order.seller_orders.get()
    with pytest.raises(Invalid) as error:
        ship(seller_order, tracking="  ")
    assert error.value.field == "tracking_number"


def test_refund_goes_back_to_the_card_and_is_limited_to_what_was_paid(marketplace):
    make_fee_rule(marketplace, referral_rate_bp=1500, minimum_referral_minor=0)
    offer = make_offer(price_minor=1000)
    order = buy(make_shopper(), offer)
    seller_order = order.seller_orders.get()
    ship(seller_order)

    refund = refund_seller_order(seller=offer.seller, seller_order_id=seller_order.public_id, amount_minor=400,
                                 reason="scratched", idempotency_key="r1")
    again = refund_seller_order(seller=offer.seller, seller_order_id=seller_order.public_id, amount_minor=400,
                                reason="scratched", idempotency_key="r1")

    assert again.pk == refund.pk
    assert TestAuthorisation.objects.get().refunded_minor == 400
    assert ledger.balance(ledger.SHOPPER_PAYMENTS_CLEARING, "GBP") == 600
    assert ledger.balance(ledger.revenue("referral_fees"), "GBP") == -(150 - 60)
    with pytest.raises(Invalid, match="at most £6.00") as error:
        refund_seller_order(seller=offer.seller, seller_order_id=seller_order.public_id, amount_minor=601,
                            reason="more", idempotency_key="r2")
    assert error.value.field == "amount_minor"
    assert ledger.unbalanced_entries() == []


def test_unshipped_order_is_cancelled_not_refunded(marketplace):
    offer = make_offer()
    order = buy(make_shopper(), offer)
    with pytest.raises(Conflict, match="only shipped orders"):
        refund_seller_order(seller=offer.seller, seller_order_id=order.seller_orders.get().public_id, amount_minor=100,
                            reason="x", idempotency_key="r")


def test_first_party_sale_books_sales_vat_and_cost_of_goods(marketplace):
    marketplace.vat_rate_bp = 2000
    marketplace.save()
    make_fee_rule(marketplace)
    retail = make_seller("Mercato Retail", kind=Seller.Kind.FIRST_PARTY)
    offer = make_offer(seller=retail, price_minor=1200)
    Offer.objects.filter(pk=offer.pk).update(unit_cost_minor=700)
    order = buy(make_shopper(), offer)
    seller_order = order.seller_orders.get()
    assert seller_order.fees_minor == 0
    ship(seller_order)
    assert ledger.balance(ledger.revenue("first_party_sales"), "GBP") == -1000
    assert ledger.balance(ledger.TAX_PAYABLE, "GBP") == -200
    assert ledger.balance(ledger.COST_OF_GOODS, "GBP") == 700
    assert ledger.balance(ledger.seller_pending(retail.pk), "GBP") == 0


def test_payout_pays_delivered_orders_after_the_reserve(marketplace, settings):
    make_fee_rule(marketplace, referral_rate_bp=1000, minimum_referral_minor=0)
    seller = make_seller()
    delivered = buy(make_shopper(), make_offer(seller=seller, price_minor=5000)).seller_orders.get()
    shipped_only = buy(make_shopper(), make_offer(seller=seller, price_minor=3000)).seller_orders.get()
    ship(delivered)
    deliver(delivered)
    ship(shipped_only)

    assert run_payouts() == []  # still inside the reserve period
    later = timezone.now() + timedelta(days=settings.PAYOUT_RESERVE_DAYS, minutes=1)
    payouts = run_payouts(now=later)

    assert [(p.seller_id, p.amount_minor) for p in payouts] == [(seller.pk, 4500)]
    assert ledger.balance(ledger.seller_payable(seller.pk), "GBP") == 0
    assert ledger.balance(ledger.seller_pending(seller.pk), "GBP") == -2700
    assert ledger.balance(ledger.PAYOUTS_CLEARING, "GBP") == -4500
    statement = statement_lines(payouts[0])
    assert [(row["kind"], row["reference"], row["amount_minor"]) for row in statement] == [
        ("earnings_released", delivered.public_id, 4500), ("payout", payouts[0].public_id, -4500)]
    assert run_payouts(now=later) == []
    assert Payout.objects.count() == 1


def test_refund_after_payout_is_carried_to_the_next_one(marketplace, settings):
    seller = make_seller()
    first = buy(make_shopper(), make_offer(seller=seller, price_minor=5000)).seller_orders.get()
    ship(first)
    deliver(first)
    later = timezone.now() + timedelta(days=settings.PAYOUT_RESERVE_DAYS, minutes=1)
    run_payouts(now=later)
    refund_seller_order(seller=seller, seller_order_id=first.public_id, amount_minor=1000, reason="late",
                        idempotency_key="late")
    assert ledger.balance(ledger.seller_payable(seller.pk), "GBP") == 1000  # the seller owes it
    assert run_payouts(now=later) == []
    second = buy(make_shopper(), make_offer(seller=seller, price_minor=3000)).seller_orders.get()
    ship(second)
    deliver(second)
    payouts = run_payouts(now=later + timedelta(days=settings.PAYOUT_RESERVE_DAYS + 1))
    assert [p.amount_minor for p in payouts] == [2000]
    assert ledger.unbalanced_entries() == []
    assert sum(ledger.trial_balance().values()) == 0


def test_refunding_in_pieces_returns_exactly_the_fee_and_vat_of_a_whole_refund(marketplace):
    marketplace.vat_rate_bp = 2000
    marketplace.save()
    make_fee_rule(marketplace, referral_rate_bp=1500, minimum_referral_minor=0)
    third_party = buy(make_shopper(), make_offer(price_minor=1000)).seller_orders.get()
    retail = make_seller("Mercato Retail", kind=Seller.Kind.FIRST_PARTY)
    first_party = buy(make_shopper(), make_offer(seller=retail, price_minor=1000)).seller_orders.get()
    for seller_order in (third_party, first_party):
        ship(seller_order)
        for piece in range(5):
            refund_seller_order(seller=seller_order.seller, seller_order_id=seller_order.public_id, amount_minor=200,
                                reason="piece", idempotency_key=f"{seller_order.public_id}-{piece}")
    assert ledger.balance(ledger.revenue("referral_fees"), "GBP") == 0
    assert ledger.balance(ledger.revenue("first_party_sales"), "GBP") == 0
    assert ledger.balance(ledger.TAX_PAYABLE, "GBP") == 0
    assert ledger.balance(ledger.seller_pending(third_party.seller_id), "GBP") == 0


def test_refund_key_of_another_order_is_refused(marketplace):
    seller = make_seller()
    first = buy(make_shopper(), make_offer(seller=seller)).seller_orders.get()
    second = buy(make_shopper(), make_offer(seller=seller)).seller_orders.get()
    ship(first)
    ship(second)
    refund_seller_order(seller=seller, seller_order_id=first.public_id, amount_minor=100, reason="x",
                        idempotency_key="same")
    with pytest.raises(Conflict, match="another order"):
        refund_seller_order(seller=seller, seller_order_id=second.public_id, amount_minor=100, reason="x",
                            idempotency_key="same")
    second.refresh_from_db()
    assert second.refunded_minor == 0


def test_refused_capture_leaves_the_order_unshipped_and_cancellable(marketplace):
    offer = make_offer()
    shopper = make_shopper()
    order = buy(shopper, offer)
    seller_order = order.seller_orders.get()
    TestAuthorisation.objects.update(status="voided")  # the provider no longer honours the authorisation

    with pytest.raises(Conflict) as error:
        ship(seller_order)

    assert error.value.code == "capture_failed"
    seller_order.refresh_from_db()
    assert (seller_order.status, seller_order.capture_started_at) == ("pending", None)
    assert cancel_order(customer=shopper, order_id=order.public_id).status == Order.Status.CANCELLED


def test_order_being_shipped_can_no_longer_be_cancelled(marketplace):
    offer = make_offer()
    shopper = make_shopper()
    order = buy(shopper, offer)
    seller_order = order.seller_orders.get()
    # The seller's shipment confirmation has started capturing the payment (its answer not yet recorded).
    SellerOrder.objects.filter(pk=seller_order.pk).update(capture_started_at=timezone.now())

    with pytest.raises(NotAllowed):
        cancel_order(customer=shopper, order_id=order.public_id)
    with pytest.raises(Conflict, match="being shipped"):
        cancel_seller_order(seller=offer.seller, seller_order_id=seller_order.public_id, reason="oops")
    assert ship(seller_order).status == "shipped"
