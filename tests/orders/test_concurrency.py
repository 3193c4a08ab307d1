"""Many shoppers at once, on PostgreSQL with one real connection per thread."""
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection, connections

from mercato.core import ledger
from mercato.core.errors import Conflict, Invalid
from mercato.offers.models import Offer
from mercato.orders.models import Order
from tests.factories import buy, make_offer, make_shopper

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]



def connection_budget() -> int:
    """Threads that may hold a connection at once: up to 100, within what the server has free (its default
    limit is 100 in all; CI raises it to 200 so that 100 shoppers really race)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('max_connections')::int - count(*) FROM pg_stat_activity")
        free = cursor.fetchone()[0]
    return max(10, min(100, free - 10))


def race(count: int, attempt) -> list:
    """Run `attempt(i)` from `count` threads released together, as many at once as connections allow."""
    budget = connection_budget()
    start = threading.Barrier(min(count, budget))

    def run(i):
        try:
            if i < budget:
                start.wait(timeout=30)
            return attempt(i)
        except (Conflict, Invalid) as error:
            return error
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=min(count, budget)) as pool:
        return list(pool.map(run, range(count)))


def test_hundred_shoppers_race_for_the_last_twenty_units():
    assert connection.vendor == "postgresql"
    offer = make_offer(quantity=20, price_minor=1500)
    shoppers = [make_shopper() for _ in range(100)]

    outcomes = race(100, lambda i: buy(shoppers[i], (offer, 1)))

    placed = [o for o in outcomes if isinstance(o, Order)]
    refused = [o for o in outcomes if isinstance(o, Conflict)]
    assert len(placed) == 20
    assert len(refused) == 80 and all(error.code == "out_of_stock" for error in refused)
    assert Offer.objects.get(pk=offer.pk).quantity == 0
    assert Order.objects.filter(status=Order.Status.PLACED).count() == 20
    assert ledger.unbalanced_entries() == []
    assert ledger.balance(ledger.SHOPPER_PAYMENTS_CLEARING, "GBP") == 20 * 1500
    assert sum(ledger.trial_balance().values()) == 0


def test_same_request_five_times_places_one_order():
    offer = make_offer(quantity=10)
    shopper = make_shopper()

    outcomes = race(5, lambda i: buy(shopper, (offer, 2), key="one-click-7"))

    assert {o.pk for o in outcomes} == {Order.objects.get().pk}
    assert sum(not o.is_repeat for o in outcomes) == 1  # one request placed it; the others were told it was theirs
    assert Offer.objects.get(pk=offer.pk).quantity == 8
    assert ledger.balance(ledger.SHOPPER_PAYMENTS_CLEARING, "GBP") == Order.objects.get().total_minor


def test_two_refunds_at_once_never_pay_back_more_than_was_paid():
    from mercato.orders.services import confirm_shipment, refund_seller_order
    from mercato.payments.models import TestAuthorisation

    offer = make_offer(price_minor=2000)
    seller_order = buy(make_shopper(), (offer, 1)).seller_orders.get()
    confirm_shipment(seller=offer.seller, seller_order_id=seller_order.public_id, carrier="DPD", tracking_number="1")

    outcomes = race(2, lambda i: refund_seller_order(seller=offer.seller, seller_order_id=seller_order.public_id,
                                                     amount_minor=2000, reason="both", idempotency_key=f"r{i}"))

    assert sum(1 for o in outcomes if not isinstance(o, Exception)) == 1
    assert TestAuthorisation.objects.get().refunded_minor == 2000
    assert ledger.balance(ledger.SHOPPER_PAYMENTS_CLEARING, "GBP") == 0
