import pytest

from mercato.core import ledger
from mercato.core.errors import Conflict, Invalid, NotAllowed, NotFound
from mercato.core.models import OutboxEvent
from mercato.inventory.models import StockReservation
from mercato.offers.models import BuyBox, Offer
from mercato.orders.errors import PaymentFailed
from mercato.orders.models import Order
from mercato.payments.models import TestAuthorisation
from mercato.payments import testgateway
from mercato.sellers.services import suspend_seller
from tests.factories import buy, make_fee_rule, make_offer, make_seller, make_shopper

pytestmark = pytest.mark.django_db


def test_order_is_split_by_seller_and_priced_from_live_offers(marketplace):
    make_fee_rule(marketplace, referral_rate_bp=1500, minimum_referral_minor=30)
    first = make_offer(price_minor=1000, shipping_minor=200, quantity=5)
    second = make_offer(price_minor=2500, quantity=3)
    shopper = make_shopper()

    order = buy(shopper, (first, 2), (second, 1))

    assert order.status == Order.Status.PLACED
    assert order.total_minor == 2 * 1200 + 2500
    parts = {so.seller_id: so for so in order.seller_orders.all()}
    assert set(parts) == {first.seller_id, second.seller_id}
    assert parts[first.seller_id].total_minor == 2400
    assert parts[first.seller_id].referral_fee_minor == 360  # 15 % of 24.00
    assert parts[second.seller_id].referral_fee_minor == 375
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.quantity, second.quantity) == (3, 2)
    assert order.payment.card_last4 == "4242"
    assert ledger.balance(ledger.SHOPPER_PAYMENTS_CLEARING, "GBP") == order.total_minor
    assert ledger.unbalanced_entries() == []
    assert OutboxEvent.objects.filter(topic="seller_order.created").count() == 2


def test_same_idempotency_key_places_one_order(marketplace):
    offer = make_offer(quantity=5)
    shopper = make_shopper()
    first = buy(shopper, (offer, 1), key="checkout-1")
    again = buy(shopper, (offer, 1), key="checkout-1")
    assert again.pk == first.pk
    assert Order.objects.count() == 1
    offer.refresh_from_db()
    assert offer.quantity == 4


def test_declined_card_writes_nothing_and_gives_units_back(marketplace):
    offer = make_offer(quantity=2)
    shopper = make_shopper(card_number=testgateway.DECLINE)
    with pytest.raises(PaymentFailed, match="declined"):
        buy(shopper, (offer, 2))
    offer.refresh_from_db()
    assert offer.quantity == 2
    assert Order.objects.count() == 0
    assert StockReservation.objects.filter(status="reserved").count() == 0
    assert ledger.trial_balance() == {}


def test_lost_answer_is_recovered_by_retrying_with_the_same_key(marketplace):
    offer = make_offer(quantity=2)
    order = buy(make_shopper(card_number=testgateway.NETWORK_ERROR), (offer, 1))
    assert order.status == Order.Status.PLACED
    assert TestAuthorisation.objects.filter(status="authorised").count() == 1
    assert order.payment.authorisation_id == TestAuthorisation.objects.get().authorisation_id


def test_unreachable_provider_voids_the_lost_authorisation(marketplace):
    offer = make_offer(quantity=2)
    shopper = make_shopper(card_number=testgateway.UNREACHABLE)
    with pytest.raises(PaymentFailed, match="did not answer"):
        buy(shopper, (offer, 1))
    assert Order.objects.count() == 0
    assert not TestAuthorisation.objects.filter(status="authorised").exists()
    offer.refresh_from_db()
    assert offer.quantity == 2


def test_not_enough_stock_refuses_the_whole_order(marketplace):
    plenty = make_offer(quantity=10)
    scarce = make_offer(quantity=1)
    shopper = make_shopper()
    with pytest.raises(Conflict, match="only 1 left") as error:
        buy(shopper, (plenty, 3), (scarce, 2))
    assert error.value.field == "items.1.quantity"
    plenty.refresh_from_db()
    assert plenty.quantity == 10
    assert Order.objects.count() == 0


def test_price_rise_beyond_confirmation_is_refused(marketplace):
    offer = make_offer(price_minor=1000, quantity=3)
    shopper = make_shopper()
    Offer.objects.filter(pk=offer.pk).update(price_minor=1200)
    with pytest.raises(Conflict, match="prices changed") as error:
        buy(shopper, (offer, 1), expected_total_minor=1000)
    assert error.value.code == "price_changed"
    assert Order.objects.count() == 0


@pytest.mark.parametrize("quantity", [0, -1, 11])
def test_bad_quantities_are_refused(marketplace, quantity):
    offer = make_offer(quantity=50)
    with pytest.raises(Invalid) as error:
        buy(make_shopper(), (offer, quantity))
    assert error.value.field == "items.0.quantity"


def test_offer_of_suspended_seller_cannot_be_bought(marketplace):
    seller = make_seller()
    offer = make_offer(seller=seller)
    suspend_seller(seller=seller, operator=None, reason="checks")
    with pytest.raises(NotAllowed):
        buy(make_shopper(), (offer, 1))
    assert Order.objects.count() == 0


def test_last_unit_sold_takes_offer_out_of_buy_box(marketplace, django_capture_on_commit_callbacks):
    offer = make_offer(quantity=1)
    with django_capture_on_commit_callbacks(execute=True):
        buy(make_shopper(), (offer, 1))
    assert BuyBox.objects.get(product=offer.product).offer_id is None


def test_another_shoppers_address_is_refused(marketplace):
    from mercato.customers.selectors import default_address, default_payment_method
    from mercato.orders.placement import PurchaseItem, place_order

    offer = make_offer()
    shopper, stranger = make_shopper(), make_shopper()
    with pytest.raises(NotFound):
        place_order(customer=shopper, marketplace=marketplace, items=[PurchaseItem(offer.id, 1)],
                    address=default_address(stranger), payment_method=default_payment_method(shopper),
                    idempotency_key="k")


def test_abandoned_placement_is_undone_when_its_reservation_expires(marketplace):
    from datetime import timedelta

    from django.utils import timezone

    from mercato.inventory.services import reserve_units
    from mercato.orders.placement import release_abandoned_orders

    offer = make_offer(quantity=3)
    shopper = make_shopper()
    # A process that crashed after reserving: the order is still "being placed" and holds two units.
    order = Order.objects.create(public_id="OCRASHED01", customer=shopper, marketplace=marketplace, currency="GBP",
                                 idempotency_key="crash", ship_to_name="A", ship_to_line1="B", ship_to_city="C",
                                 ship_to_postal_code="D1 1AA", ship_to_country_code="GB")
    reserve_units(offer_id=offer.id, quantity=2, reference=order.public_id, expires_at=timezone.now())
    offer.refresh_from_db()
    assert offer.quantity == 1

    assert release_abandoned_orders(now=timezone.now() + timedelta(seconds=1)) == 1

    offer.refresh_from_db()
    assert offer.quantity == 3
    assert not Order.objects.filter(public_id="OCRASHED01").exists()
