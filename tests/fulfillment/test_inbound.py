import pytest

from mercato.core.errors import Conflict, Invalid, NotFound
from mercato.fulfillment import services
from mercato.fulfillment.models import CenterStock, InboundShipment
from mercato.offers.models import BuyBox
from tests.factories import make_marketplace, make_offer, make_seller
from tests.fulfillment.network import make_center, make_network_offer, receive

pytestmark = pytest.mark.django_db


def test_received_units_become_sellable_and_damaged_ones_do_not(marketplace, django_capture_on_commit_callbacks):
    center = make_center(marketplace)
    offer = make_network_offer(marketplace, {})
    inbound = services.create_inbound_shipment(seller=offer.seller, center_id=center.id, quantities={offer.id: 10})
    line = inbound.lines.get()

    with django_capture_on_commit_callbacks(execute=True):
        services.receive_inbound_shipment(inbound_id=inbound.public_id, counts={line.id: (7, 2)})

    offer.refresh_from_db()
    line.refresh_from_db()
    stock = CenterStock.objects.get(center=center, offer=offer)
    assert (stock.on_hand, stock.damaged, line.missing_units) == (7, 2, 1)
    assert offer.quantity == 7
    assert BuyBox.objects.get(product=offer.product).offer_id == offer.id
    assert services.network_stock_is_consistent(offer)


def test_a_products_sellable_quantity_is_the_sum_over_centers(marketplace):
    north, south = make_center(marketplace, "MAN1"), make_center(marketplace, "LTN1")
    offer = make_network_offer(marketplace, {north: 4, south: 6})
    assert offer.quantity == 10


@pytest.mark.parametrize("units", [0, -3, "two", 100_001])
def test_inbound_quantities_must_be_positive_whole_numbers(marketplace, units):
    center = make_center(marketplace)
    offer = make_network_offer(marketplace, {})
    with pytest.raises(Invalid) as error:
        services.create_inbound_shipment(seller=offer.seller, center_id=center.id, quantities={offer.id: units})
    assert error.value.field == f"lines.{offer.id}.quantity"
    assert not InboundShipment.objects.exists()


def test_an_inbound_beyond_the_centers_free_space_is_refused(marketplace):
    center = make_center(marketplace, capacity_units=50)
    offer = make_network_offer(marketplace, {center: 30})
    with pytest.raises(Invalid, match="room for 20 more units"):
        services.create_inbound_shipment(seller=offer.seller, center_id=center.id, quantities={offer.id: 21})
    services.create_inbound_shipment(seller=offer.seller, center_id=center.id, quantities={offer.id: 20})
    with pytest.raises(Invalid, match="room for 0 more units"):
        services.create_inbound_shipment(seller=offer.seller, center_id=center.id, quantities={offer.id: 1})


def test_an_offer_shipped_by_the_seller_cannot_be_sent_in(marketplace):
    center = make_center(marketplace)
    offer = make_offer(marketplace=marketplace)
    with pytest.raises(Invalid, match="Fulfilled by Mercato"):
        services.create_inbound_shipment(seller=offer.seller, center_id=center.id, quantities={offer.id: 5})


def test_a_seller_cannot_send_in_another_sellers_offer(marketplace):
    center = make_center(marketplace)
    offer = make_network_offer(marketplace, {})
    with pytest.raises(NotFound):
        services.create_inbound_shipment(seller=make_seller(), center_id=center.id, quantities={offer.id: 5})


def test_counts_above_what_was_sent_are_refused_and_write_nothing(marketplace):
    center = make_center(marketplace)
    offer = make_network_offer(marketplace, {})
    inbound = services.create_inbound_shipment(seller=offer.seller, center_id=center.id, quantities={offer.id: 5})
    line = inbound.lines.get()
    with pytest.raises(Invalid):
        services.receive_inbound_shipment(inbound_id=inbound.public_id, counts={line.id: (4, 2)})
    offer.refresh_from_db()
    assert offer.quantity == 0 and not CenterStock.objects.exists()
    inbound.refresh_from_db()
    assert inbound.status == InboundShipment.Status.CREATED


def test_an_inbound_is_received_once(marketplace):
    center = make_center(marketplace)
    offer = make_network_offer(marketplace, {})
    inbound = receive(offer, center, 5)
    with pytest.raises(Conflict):
        services.receive_inbound_shipment(inbound_id=inbound.public_id, counts={})
    offer.refresh_from_db()
    assert offer.quantity == 5


def test_a_split_inbound_follows_demand_within_free_space(marketplace):
    big = make_center(marketplace, "LTN1", capacity_orders_per_day=3_000)
    small = make_center(marketplace, "MAN1", capacity_orders_per_day=1_000, capacity_units=20)
    offer = make_network_offer(marketplace, {})

    shipments = services.create_split_inbound(seller=offer.seller, marketplace=marketplace,
                                              quantities={offer.id: 100})

    units = {inbound.center_id: inbound.lines.get().expected_units for inbound in shipments}
    assert units == {big.id: 80, small.id: 20}  # 75/25 by capacity, but the small center only has room for 20


def test_switching_back_to_shipping_yourself_needs_the_network_stock_gone(marketplace):
    center = make_center(marketplace)
    offer = make_network_offer(marketplace, {center: 3})
    with pytest.raises(Conflict, match="3 units"):
        services.set_fulfillment_channel(seller=offer.seller, offer_id=offer.id, channel="merchant")


def test_a_network_offers_quantity_cannot_be_typed_in(marketplace):
    from mercato.offers.services import OfferTerms, update_offer

    center = make_center(marketplace)
    offer = make_network_offer(marketplace, {center: 3})
    with pytest.raises(Invalid) as error:
        update_offer(seller=offer.seller, offer_id=offer.id, terms=OfferTerms(quantity=50))
    assert error.value.field == "quantity"


def test_centers_belong_to_one_marketplace(marketplace):
    elsewhere = make_center(make_marketplace("us", currency="USD", country_code="US"))
    offer = make_network_offer(marketplace, {})
    with pytest.raises(Invalid, match="another marketplace"):
        services.create_inbound_shipment(seller=offer.seller, center_id=elsewhere.id, quantities={offer.id: 1})


def test_the_retail_arms_units_received_in_the_network_are_booked_as_inventory_at_cost(marketplace):
    from mercato.core import ledger
    from mercato.demo.load import first_party_seller

    center = make_center(marketplace)
    offer = make_network_offer(marketplace, {}, seller=first_party_seller())
    offer.unit_cost_minor = 450
    offer.save()

    receive(offer, center, 10, damaged=2)

    assert ledger.balance(ledger.FIRST_PARTY_INVENTORY, "GBP") == 8 * 450
    assert ledger.balance(ledger.SUPPLIER_PAYABLES, "GBP") == -8 * 450
