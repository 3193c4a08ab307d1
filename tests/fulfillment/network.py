"""Arranging a small network for tests: centers in real cities, and network-fulfilled offers with stock."""
from datetime import time

from mercato.fulfillment import services
from mercato.fulfillment.models import FulfillmentCenter
from tests.factories import make_offer

CITIES = {
    "LTN1": ("Dunstable", 51.886, -0.521),
    "MAN1": ("Warrington", 53.390, -2.597),
    "GLA1": ("Bellshill", 55.816, -4.026),
}


def make_center(marketplace, code="LTN1", *, capacity_units=10_000, capacity_orders_per_day=1_000,
                cutoff=time(23, 59)) -> FulfillmentCenter:
    city, latitude, longitude = CITIES[code]
    return services.create_center(marketplace=marketplace, code=code, name=f"Mercato {city}", city=city,
                                  latitude=latitude, longitude=longitude, capacity_units=capacity_units,
                                  capacity_orders_per_day=capacity_orders_per_day, cutoff_time=cutoff)


def make_network_offer(marketplace, stock: dict, **offer_fields):
    """An offer fulfilled by the network, with `stock` ({center: units}) received in its centers."""
    offer = make_offer(marketplace=marketplace, quantity=0, **offer_fields)
    services.set_fulfillment_channel(seller=offer.seller, offer_id=offer.id, channel="network")
    for center, units in stock.items():
        receive(offer, center, units)
    offer.refresh_from_db()
    return offer


def receive(offer, center, units, damaged=0):
    inbound = services.create_inbound_shipment(seller=offer.seller, center_id=center.id, quantities={offer.id: units})
    line = inbound.lines.get()
    return services.receive_inbound_shipment(inbound_id=inbound.public_id, counts={line.id: (units - damaged,
                                                                                          damaged)})
