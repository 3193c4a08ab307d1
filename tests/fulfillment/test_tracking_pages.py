from datetime import timedelta

import pytest
from django.utils import timezone

from mercato.fulfillment import shipping
from tests.factories import buy, make_shopper
from tests.fulfillment.network import make_center, make_network_offer
from tests.storefront.html import elements, visible_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def parcel(marketplace):
    offer = make_network_offer(marketplace, {make_center(marketplace, "MAN1"): 5})
    shopper = make_shopper()
    order = buy(shopper, offer)
    return shopper, order, order.shipments.get()


def test_the_order_page_lists_its_parcels_with_a_tracking_link(client, parcel):
    shopper, order, shipment = parcel
    client.force_login(shopper)
    response = client.get(f"/account/orders/{order.public_id}/")
    assert "Parcels from Mercato's fulfillment centers" in visible_text(response)
    assert f"/account/orders/{order.public_id}/parcels/{shipment.public_id}/" in response.content.decode()


def test_the_tracking_page_shows_the_journey_so_far(client, parcel):
    shopper, order, shipment = parcel
    shipping.process_network(now=timezone.now() + timedelta(days=30))
    client.force_login(shopper)

    response = client.get(f"/account/orders/{order.public_id}/parcels/{shipment.public_id}/")

    assert response.status_code == 200
    text = visible_text(response)
    assert shipment.tracking_number in text and "Warrington" in text
    events = elements(response, "timeline__event")
    assert len(events) == shipment.events.count() >= 4
    assert "Being picked" in text and "Shipped" in text


def test_another_shoppers_parcel_is_not_found(client, parcel):
    _, order, shipment = parcel
    client.force_login(make_shopper())
    assert client.get(f"/account/orders/{order.public_id}/parcels/{shipment.public_id}/").status_code == 404


def test_the_product_page_promises_a_date_and_offers_membership(client, marketplace):
    offer = make_network_offer(marketplace, {make_center(marketplace, "MAN1"): 5})
    client.force_login(make_shopper())

    text = visible_text(client.get(f"/p/{offer.product.public_id}/"))

    assert "Arrives" in text
    assert "Members get it free by" in text
