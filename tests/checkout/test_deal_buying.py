"""Buying on a lightning deal through the real placement: the deal price for the buyer, the member price, early
access, the per-order limit, the cap, and units given back when a placement fails, expires or is cancelled."""
from datetime import timedelta

import pytest
from django.utils import timezone

from mercato.checkout.deal_models import Deal, DealClaim
from mercato.checkout.selectors import buyer_for
from mercato.core import ledger
from mercato.core.errors import Conflict, Invalid
from mercato.customers.selectors import default_address
from mercato.offers.models import Offer
from mercato.orders import placement
from mercato.orders.errors import PaymentFailed
from mercato.orders.models import Order, OrderLine
from mercato.orders.services import cancel_order, cancel_seller_order
from tests.checkout.deal_world import make_deal, make_member
from tests.factories import buy, make_offer, make_shopper

pytestmark = pytest.mark.django_db


@pytest.fixture
def offer(marketplace):
    return make_offer(marketplace=marketplace, price_minor=1000, quantity=50, shipping_minor=0)


def claimed(deal) -> int:
    return Deal.objects.get(pk=deal.pk).units_claimed


def unit_price(order) -> int:
    return OrderLine.objects.get(seller_order__order=order).unit_price_minor


def test_a_shopper_buys_at_the_deal_price_and_the_deal_counts_it(offer):
    deal = make_deal(offer, price_minor=700, cap=10)

    order = buy(make_shopper(), (offer, 2), expected_total_minor=1400)

    assert order.status == Order.Status.PLACED
    assert unit_price(order) == 700 and order.items_minor == 1400
    assert claimed(deal) == 2
    assert DealClaim.objects.get().reference == order.public_id
    assert Offer.objects.get(pk=offer.pk).quantity == 48
    assert ledger.balance(ledger.SHOPPER_PAYMENTS_CLEARING, "GBP") == order.total_minor
    assert ledger.unbalanced_entries() == []


def test_members_pay_the_member_price_and_others_the_deal_price(offer, marketplace):
    make_deal(offer, price_minor=700, member_price_minor=600)

    assert unit_price(buy(make_member(marketplace), (offer, 1))) == 600
    assert unit_price(buy(make_shopper(), (offer, 1))) == 700


def test_early_access_lets_members_buy_and_tells_others_when_it_opens(offer, marketplace):
    deal = make_deal(offer, starts_in=timedelta(minutes=20), price_minor=700, member_price_minor=650)

    member_order = buy(make_member(marketplace), (offer, 1))
    assert unit_price(member_order) == 650

    shopper = make_shopper()
    with pytest.raises(Conflict) as refused:
        buy(shopper, (offer, 1), expected_total_minor=700)  # the deal price the shopper hoped for
    assert refused.value.code == "deal_not_started"
    assert "starts at" in refused.value.detail and "members get early access from" in refused.value.detail
    assert not Order.objects.filter(customer=shopper).exists()
    assert claimed(deal) == 1

    # Without a price to hold to, the offer is simply on sale at its own price.
    assert unit_price(buy(shopper, (offer, 1))) == 1000
    assert claimed(deal) == 1


def test_a_shopper_may_buy_only_a_few_units_of_one_deal_per_order(offer, settings):
    settings.DEAL_MAX_UNITS_PER_ORDER = 2
    deal = make_deal(offer)

    with pytest.raises(Invalid) as refused:
        buy(make_shopper(), (offer, 3))

    assert refused.value.code == "deal_limit" and refused.value.field == "items.0.quantity"
    assert "limited to 2 per order" in refused.value.detail
    assert not Order.objects.exists() and claimed(deal) == 0
    assert Offer.objects.get(pk=offer.pk).quantity == 50


def test_the_last_units_of_a_deal_go_to_the_first_buyers(offer):
    deal = make_deal(offer, price_minor=700, cap=3)
    buy(make_shopper(), (offer, 2))

    with pytest.raises(Conflict) as too_many:
        buy(make_shopper(), (offer, 2), expected_total_minor=1400)
    assert too_many.value.code == "deal_sold_out" and "only 1 left" in too_many.value.detail

    buy(make_shopper(), (offer, 1), expected_total_minor=700)
    with pytest.raises(Conflict) as sold_out:
        buy(make_shopper(), (offer, 1), expected_total_minor=700)
    assert sold_out.value.code == "deal_sold_out"

    assert claimed(deal) == 3
    assert Order.objects.filter(status=Order.Status.PLACED).count() == 2
    assert Offer.objects.get(pk=offer.pk).quantity == 47
    # Once the deal is sold out the offer sells at its own price again.
    assert unit_price(buy(make_shopper(), (offer, 1))) == 1000


def test_an_ended_deal_explains_the_higher_price(offer):
    deal = make_deal(offer, price_minor=700)
    Deal.objects.filter(pk=deal.pk).update(starts_at=timezone.now() - timedelta(hours=3),
                                           ends_at=timezone.now() - timedelta(minutes=1))
    with pytest.raises(Conflict) as refused:
        buy(make_shopper(), (offer, 1), expected_total_minor=700)
    assert refused.value.code == "deal_ended"


def test_a_declined_card_gives_the_deal_units_back(offer):
    deal = make_deal(offer, cap=5)

    with pytest.raises(PaymentFailed):
        buy(make_shopper(card_number="4000000000000002"), (offer, 2))

    assert claimed(deal) == 0
    assert DealClaim.objects.get().status == DealClaim.Status.RELEASED
    assert not Order.objects.exists()
    assert Offer.objects.get(pk=offer.pk).quantity == 50


def test_an_expired_placement_gives_its_deal_units_back_once(offer, marketplace):
    deal = make_deal(offer, cap=5)
    shopper = make_shopper()
    # A process that crashed after reserving: the order is still being placed and holds deal units.
    order = placement._reserve(shopper, marketplace, [placement.PurchaseItem(offer.id, 2)], default_address(shopper),
                               "crashed", {}, None, Order.Channel.CHECKOUT)
    assert claimed(deal) == 2 and order.status == Order.Status.PENDING_PAYMENT

    later = timezone.now() + timedelta(hours=1)
    assert placement.release_abandoned_orders(now=later) == 1
    assert placement.release_abandoned_orders(now=later) == 0

    assert claimed(deal) == 0
    assert DealClaim.objects.get().status == DealClaim.Status.RELEASED
    assert Offer.objects.get(pk=offer.pk).quantity == 50


def test_cancelling_an_order_gives_the_deal_units_back(offer):
    deal = make_deal(offer, cap=5)
    shopper = make_shopper()
    order = buy(shopper, (offer, 2))

    cancel_order(customer=shopper, order_id=order.public_id)

    assert claimed(deal) == 0
    assert DealClaim.objects.get().status == DealClaim.Status.RELEASED


def test_a_seller_cancelling_their_part_gives_back_only_its_deal_units(offer, marketplace):
    deal = make_deal(offer, cap=5)
    other = make_offer(marketplace=marketplace, price_minor=2000, quantity=10)
    other_deal = make_deal(other, cap=5)
    order = buy(make_shopper(), (offer, 1), (other, 2))
    seller_order = order.seller_orders.get(seller=other.seller)

    cancel_seller_order(seller=other.seller, seller_order_id=seller_order.public_id, reason="damaged in store")

    assert (claimed(deal), claimed(other_deal)) == (1, 0)


def test_checkout_prices_the_deal_for_the_buyer(offer, marketplace):
    make_deal(offer, price_minor=700, member_price_minor=600)
    from mercato.checkout.selectors import live_lines_for

    member = make_member(marketplace)
    [member_line] = live_lines_for([(offer, 1)], buyer_for(member, marketplace))
    [visitor_line] = live_lines_for([(offer, 1)], None)
    assert (member_line.unit_price_minor, visitor_line.unit_price_minor) == (600, 700)
    assert member_line.deal_id == visitor_line.deal_id is not None


def test_one_query_prices_deals_for_every_offer(offer, marketplace, django_assert_num_queries):
    from mercato.checkout.selectors import live_lines_for

    offers = [offer] + [make_offer(marketplace=marketplace, price_minor=1500) for _ in range(4)]
    for each in offers:
        make_deal(each)
    with django_assert_num_queries(1):
        lines = live_lines_for([(each, 1) for each in offers], None, fresh_deals=True)
    assert all(line.deal_id for line in lines)


def test_pages_ask_for_deals_only_when_an_offer_has_one(offer, marketplace, django_assert_num_queries):
    from mercato.checkout.selectors import live_lines_for

    plain = make_offer(marketplace=marketplace, price_minor=1500)
    make_deal(offer)
    live_lines_for([(plain, 1)], None)  # learns which offers have deals
    with django_assert_num_queries(0):
        [line] = live_lines_for([(plain, 1)], None)
    assert line.deal_id is None
    with django_assert_num_queries(1):
        [line] = live_lines_for([(offer, 1)], None)
    assert line.deal_id is not None


def test_a_deal_never_charges_more_than_the_offer(offer):
    deal = make_deal(offer, price_minor=700)
    Offer.objects.filter(pk=offer.pk).update(price_minor=650)  # the seller went lower than the deal

    order = buy(make_shopper(), (Offer.objects.get(pk=offer.pk), 1))

    assert unit_price(order) == 650 and claimed(deal) == 0

