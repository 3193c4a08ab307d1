import pytest

from mercato.core import ledger
from mercato.core.errors import Invalid, NotFound
from mercato.inventory.services import receive_first_party_stock
from mercato.offers.models import Offer
from mercato.orders.services import confirm_shipment
from mercato.sellers.models import Seller
from tests.factories import buy, make_offer, make_seller, make_shopper

pytestmark = pytest.mark.django_db


@pytest.fixture
def retail_offer(marketplace):
    retail = make_seller("Mercato Retail", kind=Seller.Kind.FIRST_PARTY)
    return make_offer(seller=retail, price_minor=1500, quantity=0)


def test_received_stock_goes_on_sale_and_is_booked_at_cost(retail_offer):
    receive_first_party_stock(seller=retail_offer.seller, offer_id=retail_offer.id, quantity=10, unit_cost_minor=800)
    receive_first_party_stock(seller=retail_offer.seller, offer_id=retail_offer.id, quantity=10, unit_cost_minor=1000)
    offer = Offer.objects.get(pk=retail_offer.pk)
    assert (offer.quantity, offer.unit_cost_minor) == (20, 900)
    assert ledger.balance(ledger.FIRST_PARTY_INVENTORY, "GBP") == 18000
    assert ledger.balance(ledger.SUPPLIER_PAYABLES, "GBP") == -18000


def test_a_sale_moves_its_cost_from_inventory_to_cost_of_goods(retail_offer):
    receive_first_party_stock(seller=retail_offer.seller, offer_id=retail_offer.id, quantity=4, unit_cost_minor=700)
    seller_order = buy(make_shopper(), (Offer.objects.get(pk=retail_offer.pk), 3)).seller_orders.get()
    confirm_shipment(seller=retail_offer.seller, seller_order_id=seller_order.public_id, carrier="DPD",
                     tracking_number="1")
    assert ledger.balance(ledger.FIRST_PARTY_INVENTORY, "GBP") == 700
    assert ledger.balance(ledger.COST_OF_GOODS, "GBP") == 2100


@pytest.mark.parametrize("quantity, cost, field", [(0, 500, "quantity"), (-3, 500, "quantity"), (5, 0, "unit_cost_minor"),
                                                   (5, 4.5, "unit_cost_minor")])
def test_bad_receipts_are_refused_and_write_nothing(retail_offer, quantity, cost, field):
    with pytest.raises(Invalid) as error:
        receive_first_party_stock(seller=retail_offer.seller, offer_id=retail_offer.id, quantity=quantity, unit_cost_minor=cost)
    assert error.value.field == field
    assert Offer.objects.get(pk=retail_offer.pk).quantity == 0
    assert ledger.trial_balance() == {}


def test_third_party_offers_are_not_first_party_stock(marketplace):
    with pytest.raises(NotFound):
        offer = make_offer()
        receive_first_party_stock(seller=offer.seller, offer_id=offer.id, quantity=1, unit_cost_minor=100)
