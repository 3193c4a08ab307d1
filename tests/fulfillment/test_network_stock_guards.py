"""Ways units could appear in, or leave, a network offer's quantity without its centers knowing, and the guards
that stop them."""
import pytest

from mercato.core.errors import Conflict
from mercato.fulfillment import allocation, services
from mercato.fulfillment.models import CenterDay, Shipment
from mercato.fulfillment.multichannel import RequestedLine, create_fulfillment_order
from mercato.inventory.services import receive_first_party_stock
from mercato.offers.models import Offer
from mercato.offers.services import OfferTerms, update_offer
from mercato.orders.models import Order
from mercato.orders.services import cancel_order
from mercato.sellers.models import Seller
from tests.factories import buy, make_offer, make_seller, make_shopper
from tests.fulfillment.network import make_center, make_network_offer, receive
from tests.fulfillment.stock_checks import check_network

pytestmark = pytest.mark.django_db


def meanwhile(monkeypatch, action):
    """Run `action` once, just after the next order is routed and before its units are reserved: what another
    request committing at that moment would do."""
    route = allocation.route_network_lines
    pending = [action]

    def routed_then_interrupted(**arguments):
        routing = route(**arguments)
        while pending:
            pending.pop()()
        return routing

    monkeypatch.setattr(allocation, "route_network_lines", routed_then_interrupted)


def test_the_retail_arm_cannot_book_supplier_stock_onto_a_network_offer(marketplace):
    retail = make_seller("Mercato Retail", kind=Seller.Kind.FIRST_PARTY)
    offer = make_network_offer(marketplace, {make_center(marketplace, "MAN1"): 4}, seller=retail)

    with pytest.raises(Conflict) as error:
        receive_first_party_stock(seller=retail, offer_id=offer.id, quantity=10, unit_cost_minor=500)

    assert error.value.field == "quantity"
    assert Offer.objects.get(pk=offer.pk).quantity == 4
    check_network(offer)


def test_cancelling_an_order_placed_before_the_offer_moved_into_the_network_adds_no_network_units(marketplace):
    offer = make_offer(marketplace=marketplace, quantity=2)  # shipped by the seller
    shopper = make_shopper()
    order = buy(shopper, (offer, 1))
    services.set_fulfillment_channel(seller=offer.seller, offer_id=offer.id, channel="network")
    receive(offer, make_center(marketplace, "MAN1"), 3)

    cancel_order(customer=shopper, order_id=order.public_id)  # the unit is at the seller's, not in a center

    assert Offer.objects.get(pk=offer.pk).quantity == 3
    check_network(offer)


def test_an_offer_moving_into_the_network_while_an_order_is_placed_is_not_sold_without_a_center(marketplace,
                                                                                                monkeypatch):
    center = make_center(marketplace, "MAN1")
    offer = make_network_offer(marketplace, {})
    inbound = services.create_inbound_shipment(seller=offer.seller, center_id=center.id, quantities={offer.id: 4})
    services.set_fulfillment_channel(seller=offer.seller, offer_id=offer.id, channel="merchant")
    update_offer(seller=offer.seller, offer_id=offer.id, terms=OfferTerms(quantity=3))
    services.receive_inbound_shipment(inbound_id=inbound.public_id, counts={inbound.lines.get().id: (4, 0)})
    meanwhile(monkeypatch, lambda: services.set_fulfillment_channel(seller=offer.seller, offer_id=offer.id,
                                                                    channel="network"))

    with pytest.raises(Conflict) as error:
        buy(make_shopper(), offer)  # priced as the seller's own stock; its units are now only in the center

    assert error.value.code == "out_of_stock"
    assert not Order.objects.exists()


def test_the_center_that_gives_the_units_counts_the_order_against_its_day(marketplace, monkeypatch):
    north, south = make_center(marketplace, "MAN1"), make_center(marketplace, "LTN1")
    offer = make_network_offer(marketplace, {north: 1, south: 5})
    # An outside shop takes the last unit in Warrington just after the shopper's order was routed there.
    meanwhile(monkeypatch, lambda: create_fulfillment_order(
        seller=offer.seller, marketplace=marketplace, idempotency_key="shop-1",
        lines=[RequestedLine(offer.seller_sku, 1)],
        address={"name": "G H", "line1": "1 Castle St", "city": "Edinburgh", "postal_code": "EH1 2NG",
                 "country_code": "GB"}))

    order = buy(make_shopper(), offer)

    assert order.shipments.get().center == south
    days = dict(CenterDay.objects.values_list("center_id", "orders"))
    parcels = {center.id: Shipment.objects.filter(center=center).count() for center in (north, south)}
    assert days == parcels == {north.id: 1, south.id: 1}
    check_network(offer)
