"""Shoppers racing for a lightning deal, on PostgreSQL with one real connection per thread."""
import pytest
from django.db import connection

from mercato.checkout.deal_models import Deal, DealClaim
from mercato.core import ledger
from mercato.core.errors import Conflict
from mercato.offers.models import Offer
from mercato.orders.errors import PaymentFailed
from mercato.orders.models import Order, OrderLine
from tests.checkout.deal_world import make_deal
from tests.factories import buy, make_offer, make_shopper
from tests.orders.test_concurrency import race

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

DECLINED_CARD = "4000000000000002"


def test_sixty_shoppers_race_for_a_deal_of_ten_units():
    assert connection.vendor == "postgresql"
    offer = make_offer(quantity=500, price_minor=2000, shipping_minor=0)
    deal = make_deal(offer, price_minor=1200, cap=10)
    shoppers = [make_shopper() for _ in range(60)]

    # Each shopper clicked Buy Now on the deal: they hold the order to the deal price.
    outcomes = race(60, lambda i: buy(shoppers[i], (offer, 1), expected_total_minor=1200))

    placed = [o for o in outcomes if isinstance(o, Order)]
    refused = [o for o in outcomes if isinstance(o, Conflict)]
    assert len(placed) == 10
    assert len(refused) == 50 and {error.code for error in refused} == {"deal_sold_out"}
    assert Deal.objects.get(pk=deal.pk).units_claimed == 10
    assert set(OrderLine.objects.values_list("unit_price_minor", flat=True)) == {1200}
    assert sum(OrderLine.objects.values_list("quantity", flat=True)) == 10
    assert Offer.objects.get(pk=offer.pk).quantity == 490
    assert DealClaim.objects.filter(status=DealClaim.Status.CLAIMED).count() == 10
    assert ledger.unbalanced_entries() == []
    assert ledger.balance(ledger.SHOPPER_PAYMENTS_CLEARING, "GBP") == 10 * 1200
    assert sum(ledger.trial_balance().values()) == 0


def test_declined_cards_give_their_units_back_while_others_buy():
    offer = make_offer(quantity=200, price_minor=2000, shipping_minor=0)
    deal = make_deal(offer, price_minor=1200, cap=10)
    # Every third shopper's card is declined: their claims come back while the others are claiming.
    shoppers = [make_shopper(card_number=DECLINED_CARD if i % 3 == 0 else None) for i in range(45)]
    from mercato.customers.services import add_payment_card

    for i, shopper in enumerate(shoppers):
        if i % 3:
            add_payment_card(user=shopper, card_number="4242424242424242", exp_month=12, exp_year=2040, cvc="123")

    def attempt(i):
        try:
            return buy(shoppers[i], (offer, 1), expected_total_minor=1200)
        except PaymentFailed as error:
            return error

    outcomes = race(45, attempt)

    placed = [o for o in outcomes if isinstance(o, Order)]
    assert all(isinstance(o, (Order, Conflict, PaymentFailed)) for o in outcomes)
    assert 1 <= len(placed) <= 10
    assert Deal.objects.get(pk=deal.pk).units_claimed == len(placed)
    assert DealClaim.objects.filter(status=DealClaim.Status.CLAIMED).count() == len(placed)
    assert Offer.objects.get(pk=offer.pk).quantity == 200 - len(placed)
    assert ledger.unbalanced_entries() == []
