"""`mercato run-jobs`: the scheduled jobs, once, with a line about each."""
from datetime import timedelta

import pytest
from django.utils import timezone

from mercato import cli
from mercato.inventory.models import StockReservation
from mercato.orders.models import Order
from mercato.orders.services import confirm_delivery, confirm_shipment
from mercato.sellers.models import Payout
from tests.factories import buy, make_offer, make_shopper

pytestmark = pytest.mark.django_db


def test_run_jobs_completes_orders_pays_sellers_and_undoes_abandoned_placements(marketplace, settings, capsys):
    settings.RETURN_WINDOW_DAYS = 0
    settings.PAYOUT_RESERVE_DAYS = 0
    offer = make_offer(marketplace=marketplace, price_minor=1500, quantity=5)
    seller_order = buy(make_shopper(), (offer, 1)).seller_orders.get()
    confirm_shipment(seller=offer.seller, seller_order_id=seller_order.public_id, carrier="DPD", tracking_number="1")
    confirm_delivery(seller=offer.seller, seller_order_id=seller_order.public_id)
    abandoned = buy(make_shopper(), (offer, 2))
    Order.objects.filter(pk=abandoned.pk).update(status=Order.Status.PENDING_PAYMENT)
    StockReservation.objects.filter(reference=abandoned.public_id).update(
        status=StockReservation.Status.RESERVED, expires_at=timezone.now() - timedelta(minutes=1))

    assert cli.main(["run-jobs", "--payouts"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines == [
        "release-abandoned-orders: undid 1 order whose payment never finished (their units are back on sale).",
        "complete-delivered-orders: 1 delivered order completed (return window over).",
        "renew-memberships: 0 renewed, 0 failed (to retry), 0 ended.",
        "process-network: 0 parcels shipped, 0 tracking events, 0 seller orders delivered.",
        # placed (shopper, seller), shipped, delivered, and the abandoned order's two before it was undone
        "deliver-notifications: 6 emails sent.",
        "deliver-webhooks: 0 webhook deliveries attempted.",
        "search-signals: 1 marketplace due (hourly) recomputed: 1 product, 0 query-product pairs.",
        "run-payouts: 1 payout sent (£15.00).",
    ]
    assert Order.objects.get(pk=seller_order.order_id).status == Order.Status.COMPLETED
    assert not Order.objects.filter(pk=abandoned.pk).exists()
    assert Payout.objects.get().amount_minor == 1500

    cli.main(["run-jobs", "--payouts"])
    assert "run-payouts: 0 payouts sent (nothing)." in capsys.readouterr().out


def test_frequent_run_leaves_payouts_to_the_daily_one(marketplace, settings, capsys):
    settings.PAYOUT_RESERVE_DAYS = 0
    offer = make_offer(marketplace=marketplace)
    seller_order = buy(make_shopper(), (offer, 1)).seller_orders.get()
    confirm_shipment(seller=offer.seller, seller_order_id=seller_order.public_id, carrier="DPD", tracking_number="1")
    confirm_delivery(seller=offer.seller, seller_order_id=seller_order.public_id)
    assert cli.main(["run-jobs"]) == 0
    assert "run-payouts" not in capsys.readouterr().out
    assert not Payout.objects.exists()


def test_run_jobs_help_explains_each_job(capsys):
    with pytest.raises(SystemExit):
        cli.main(["run-jobs", "--help"])
    out = capsys.readouterr().out
    assert "release-abandoned-orders" in out and "complete-delivered-orders" in out and "run-payouts" in out
    assert "deliver-webhooks" in out
