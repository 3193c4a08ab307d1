"""Seller Central's Fulfillment section: inventory per center, fees, who ships an offer, and inbound shipments;
bad input comes back with the message and writes nothing, and a seller only ever sees its own."""
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from mercato.fulfillment import fees, services, shipping
from mercato.fulfillment.models import InboundShipment
from mercato.offers.models import FulfillmentChannel
from tests.factories import buy, make_offer, make_product, make_seller, make_shopper, make_user
from tests.fulfillment.network import make_center, make_network_offer, receive
from tests.sellercentral.pages import field_errors, text

SMALL_PARCEL_CUBIC_MM = 350 * 250 * 120  # a product without dimensions is stored as a small parcel


def inbound_form(offers_and_units: dict, destination) -> dict:
    data = {f"units_{offer.id}": str(units) for offer, units in offers_and_units.items()}
    data["destination"] = str(destination)
    return data


def test_the_fulfillment_section_is_in_the_navigation_next_to_webhooks(seller_client):
    page = seller_client.get(reverse("sellercentral:fulfillment")).content.decode()
    assert f'href="{reverse("sellercentral:fulfillment")}" aria-current="page"' in page
    assert reverse("sellercentral:webhooks") in page


def test_inventory_shows_units_per_center_sellable_and_on_their_way(seller_client, seller, marketplace):
    south, north = make_center(marketplace, "LTN1"), make_center(marketplace, "MAN1")
    offer = make_network_offer(marketplace, {}, seller=seller, product=make_product("Oak spice rack"))
    receive(offer, south, 10, damaged=2)
    receive(offer, north, 4)
    services.create_inbound_shipment(seller=seller, center_id=north.id, quantities={offer.id: 6})
    buy(make_shopper(), (offer, 3))  # three units allocated to the order in one center
    make_network_offer(marketplace, {south: 7}, product=make_product("Someone else's kettle"))

    page = seller_client.get(reverse("sellercentral:fulfillment"))

    rows = page.context["rows"]
    assert [row.offer.id for row in rows] == [offer.id]
    (row,) = rows
    assert (row.on_hand, row.allocated, row.damaged, row.sellable, row.inbound_units) == (12, 3, 2, 9, 6)
    table = text(page).split("Inventory per center")[1].split("Fees")[0]
    assert "Oak spice rack" in table and "LTN1 Dunstable 8" in table and "MAN1 Warrington 4" in table
    assert "kettle" not in text(page)


def test_inventory_shows_fulfillment_fees_of_the_last_30_days_and_the_storage_estimate(seller_client, seller,
                                                                                       marketplace):
    center = make_center(marketplace)
    offer = make_network_offer(marketplace, {center: 5}, seller=seller)
    seller_order = buy(make_shopper(), (offer, 2)).seller_orders.get()
    shipping.process_network(now=timezone.now() + timedelta(days=5))
    seller_order.refresh_from_db()

    page = seller_client.get(reverse("sellercentral:fulfillment"))

    summary = page.context["fees"]
    assert (summary.fulfillment_fees_minor, summary.shipped_seller_orders) == (560, 1)  # two small parcels
    assert summary.stored_cubic_mm == 3 * SMALL_PARCEL_CUBIC_MM
    monthly = fees.storage_fee_minor(cubic_mm=3 * SMALL_PARCEL_CUBIC_MM, month=timezone.localdate().month)
    assert monthly in (82, 113)  # 0.0315 m³ at 2,600 or, in the peak months, 3,600 a cubic metre
    assert summary.storage_fee_minor == monthly
    assert "£5.60" in text(page) and seller_order.public_id in text(page)
    assert f"£{monthly / 100:.2f}" in text(page)


def test_fees_older_than_30_days_are_left_out(seller_client, seller, marketplace):
    center = make_center(marketplace)
    offer = make_network_offer(marketplace, {center: 5}, seller=seller)
    seller_order = buy(make_shopper(), offer).seller_orders.get()
    shipping.process_network(now=timezone.now() + timedelta(days=5))
    type(seller_order).objects.filter(pk=seller_order.pk).update(shipped_at=timezone.now() - timedelta(days=31))
    assert seller_client.get(reverse("sellercentral:fulfillment")).context["fees"].fulfillment_fees_minor == 0


def test_the_inventory_page_needs_the_same_queries_for_one_offer_or_many(seller_client, seller, marketplace):
    south, north = make_center(marketplace, "LTN1"), make_center(marketplace, "MAN1")

    def count_queries():
        with CaptureQueriesContext(connection) as queries:
            assert seller_client.get(reverse("sellercentral:fulfillment")).status_code == 200
        return len(queries)

    offer = make_network_offer(marketplace, {south: 3}, seller=seller)
    services.create_inbound_shipment(seller=seller, center_id=north.id, quantities={offer.id: 2})
    count_queries()  # the first visit also stores the session
    one = count_queries()
    for _ in range(6):
        more = make_network_offer(marketplace, {south: 3, north: 2}, seller=seller)
        services.create_inbound_shipment(seller=seller, center_id=north.id, quantities={more.id: 2})
    assert count_queries() == one


def test_switching_an_offer_to_fulfilled_by_mercato(seller_client, seller, marketplace):
    offer = make_offer(seller=seller, marketplace=marketplace, quantity=8)
    edit = reverse("sellercentral:offer_edit", args=[offer.id])
    assert "Ship it yourself" in text(seller_client.get(edit))

    response = seller_client.post(reverse("sellercentral:offer_fulfillment", args=[offer.id]),
                                  {"channel": "network"}, follow=True)

    assert "is now Fulfilled by Mercato" in text(response)
    offer.refresh_from_db()
    assert (offer.fulfillment_channel, offer.quantity) == (FulfillmentChannel.NETWORK, 0)
    page = response.content.decode()
    assert 'value="network" required id="id_channel_0" checked' in page
    assert 'name="quantity"' in page and "disabled" in page.split('name="quantity"')[1].split(">")[0]


def test_switching_back_with_units_in_the_network_is_refused_next_to_the_switch(seller_client, seller,
                                                                                marketplace):
    offer = make_network_offer(marketplace, {make_center(marketplace): 3}, seller=seller)

    response = seller_client.post(reverse("sellercentral:offer_fulfillment", args=[offer.id]),
                                  {"channel": "merchant"})

    assert response.status_code == 400
    assert field_errors(response, "channel")[0].startswith("3 units of this offer are in Mercato's centers")
    offer.refresh_from_db()
    assert (offer.fulfillment_channel, offer.quantity) == (FulfillmentChannel.NETWORK, 3)


def test_another_sellers_offer_cannot_be_switched(seller_client, marketplace):
    offer = make_offer(marketplace=marketplace)
    response = seller_client.post(reverse("sellercentral:offer_fulfillment", args=[offer.id]), {"channel": "network"})
    assert response.status_code == 404
    offer.refresh_from_db()
    assert offer.fulfillment_channel == FulfillmentChannel.MERCHANT


def test_creating_an_inbound_shipment_to_one_center(seller_client, seller, marketplace):
    center = make_center(marketplace, capacity_units=500)
    offer = make_network_offer(marketplace, {}, seller=seller, product=make_product("Linen apron"))
    make_offer(seller=seller, marketplace=marketplace, product=make_product("Shipped by me"))
    form = seller_client.get(reverse("sellercentral:inbound_new"))
    assert "Linen apron" in text(form) and "Shipped by me" not in text(form)
    assert "Mercato Dunstable (LTN1), Dunstable: room for 500 units" in text(form)

    response = seller_client.post(reverse("sellercentral:inbound_new"), inbound_form({offer: 40}, center.id),
                                  follow=True)

    inbound = InboundShipment.objects.get()
    assert (inbound.seller, inbound.center, inbound.status) == (seller, center, InboundShipment.Status.CREATED)
    assert inbound.lines.get().expected_units == 40
    assert f"Inbound shipment {inbound.public_id}" in text(response)
    detail = text(response).split("Units")[1]
    assert "Linen apron" in detail and "40" in detail
    assert "room for 460 units" in text(seller_client.get(reverse("sellercentral:inbound_new")))


def test_letting_mercato_split_an_inbound_shipment_across_centers(seller_client, seller, marketplace):
    make_center(marketplace, "LTN1", capacity_orders_per_day=3_000)
    make_center(marketplace, "MAN1", capacity_orders_per_day=1_000)
    offer = make_network_offer(marketplace, {}, seller=seller)

    response = seller_client.post(reverse("sellercentral:inbound_new"), inbound_form({offer: 100}, "split"))

    assert response.status_code == 302 and response.url == reverse("sellercentral:inbound_list")
    units = sorted(InboundShipment.objects.values_list("center__code", "lines__expected_units"))
    assert units == [("LTN1", 75), ("MAN1", 25)]


@pytest.mark.parametrize("units, message", [("0", "Units must be between 1 and 100000"),
                                            ("-3", "Units must be between 1 and 100000"),
                                            ("two", "Units must be a whole number"),
                                            ("2.5", "Units must be a whole number")])
def test_bad_units_are_shown_next_to_the_offer_and_write_nothing(seller_client, seller, marketplace, units, message):
    center = make_center(marketplace)
    offer = make_network_offer(marketplace, {}, seller=seller)
    response = seller_client.post(reverse("sellercentral:inbound_new"), inbound_form({offer: units}, center.id))
    assert response.status_code == 400
    assert field_errors(response, f"units_{offer.id}") == [message]
    assert f'value="{units}"' in response.content.decode()
    assert not InboundShipment.objects.exists()


def test_units_beyond_the_centers_free_space_are_refused(seller_client, seller, marketplace):
    center = make_center(marketplace, capacity_units=50)
    offer = make_network_offer(marketplace, {center: 30}, seller=seller)
    response = seller_client.post(reverse("sellercentral:inbound_new"), inbound_form({offer: 21}, center.id))
    assert response.status_code == 400
    assert "Mercato Dunstable has room for 20 more units, not 21" in text(response)
    assert not InboundShipment.objects.filter(status=InboundShipment.Status.CREATED).exists()


def test_an_empty_shipment_is_refused(seller_client, seller, marketplace):
    center = make_center(marketplace)
    make_network_offer(marketplace, {}, seller=seller)
    response = seller_client.post(reverse("sellercentral:inbound_new"), {"destination": str(center.id)})
    assert response.status_code == 400 and "Add at least one offer with a quantity" in text(response)


def test_another_sellers_offer_slipped_into_the_form_is_refused(seller_client, seller, marketplace):
    center = make_center(marketplace)
    mine = make_network_offer(marketplace, {}, seller=seller)
    theirs = make_network_offer(marketplace, {})
    response = seller_client.post(reverse("sellercentral:inbound_new"),
                                  inbound_form({mine: 5, theirs: 5}, center.id))
    assert response.status_code == 400
    assert "not one of your offers fulfilled by Mercato" in text(response)
    assert not InboundShipment.objects.exists()


def test_inbound_list_and_detail_show_what_was_counted(seller_client, seller, marketplace):
    center = make_center(marketplace)
    offer = make_network_offer(marketplace, {}, seller=seller)
    inbound = services.create_inbound_shipment(seller=seller, center_id=center.id, quantities={offer.id: 10})
    services.receive_inbound_shipment(inbound_id=inbound.public_id, counts={inbound.lines.get().id: (7, 2)})

    listing = text(seller_client.get(reverse("sellercentral:inbound_list")))
    assert f"{inbound.public_id} Mercato Dunstable (LTN1)" in listing and "10 7 2 Received" in listing
    detail = seller_client.get(reverse("sellercentral:inbound_detail", args=[inbound.public_id]))
    assert f"{offer.seller_sku} 10 7 2 1" in text(detail)  # expected, received, damaged, missing
    assert "Cancel this shipment" not in text(detail)


def test_cancelling_an_inbound_shipment_while_it_is_on_its_way(seller_client, seller, marketplace):
    center = make_center(marketplace, capacity_units=100)
    offer = make_network_offer(marketplace, {}, seller=seller)
    inbound = services.create_inbound_shipment(seller=seller, center_id=center.id, quantities={offer.id: 60})
    cancel = reverse("sellercentral:inbound_cancel", args=[inbound.public_id])

    response = seller_client.post(cancel, follow=True)

    assert f"Inbound shipment {inbound.public_id} is cancelled." in text(response)
    inbound.refresh_from_db()
    assert inbound.status == InboundShipment.Status.CANCELLED
    assert services.space_left(center) == 100
    again = seller_client.post(cancel, follow=True)
    assert "it can no longer be cancelled" in text(again)


def test_another_sellers_inbound_shipment_is_not_found(seller_client, seller, marketplace):
    center = make_center(marketplace)
    other = make_network_offer(marketplace, {})
    inbound = services.create_inbound_shipment(seller=other.seller, center_id=center.id, quantities={other.id: 5})

    assert seller_client.get(reverse("sellercentral:inbound_detail", args=[inbound.public_id])).status_code == 404
    assert seller_client.post(reverse("sellercentral:inbound_cancel", args=[inbound.public_id])).status_code == 404
    inbound.refresh_from_db()
    assert inbound.status == InboundShipment.Status.CREATED
    assert inbound.public_id not in text(seller_client.get(reverse("sellercentral:inbound_list")))


def test_a_seller_not_yet_approved_cannot_create_inbound_shipments(client, marketplace):
    user = make_user()
    make_seller(user=user, active=False)
    client.force_login(user)
    assert client.get(reverse("sellercentral:inbound_new")).status_code == 403
    assert client.get(reverse("sellercentral:fulfillment")).status_code == 200
