"""The ops console's network pages: centers, receiving inbound shipments, shipments with the on-time rate and the
carrier's clock. Operators only; bad input comes back with the message and writes nothing."""
from datetime import datetime, timedelta, timezone as dt_timezone

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from mercato.fulfillment import services
from mercato.fulfillment.models import CenterStock, FulfillmentCenter, InboundShipment, Shipment, SimulatedClock
from tests.factories import buy, make_operator, make_product, make_seller, make_shopper, make_user
from tests.fulfillment.network import make_center, make_network_offer
from tests.sellercentral.pages import field_errors, text

PAGES = ["ops:centers", "ops:inbound", "ops:shipments"]


@pytest.fixture
def operator_client(client, db):
    client.force_login(make_operator())
    return client


@pytest.fixture
def announced(marketplace):
    """An inbound shipment of 10 units announced to Dunstable and not yet received."""
    center = make_center(marketplace)
    offer = make_network_offer(marketplace, {}, product=make_product("Copper kettle"), seller_sku="KETTLE-1")
    return services.create_inbound_shipment(seller=offer.seller, center_id=center.id, quantities={offer.id: 10})


def center_form(**changes) -> dict:
    data = {"marketplace": "", "code": "BHX1", "name": "Mercato Coventry", "city": "Coventry", "latitude": "52.408",
            "longitude": "-1.510", "capacity_units": "250000", "capacity_orders_per_day": "20000",
            "cutoff_time": "17:30", "speeds": ["standard", "express"]}
    data.update(changes)
    return data


@pytest.mark.parametrize("name", PAGES)
def test_visitors_sign_in_and_sellers_are_refused(client, marketplace, name):
    response = client.get(reverse(name))
    assert response.status_code == 302 and "next=" in response.url
    user = make_user()
    make_seller(user=user)
    client.force_login(user)
    assert client.get(reverse(name)).status_code == 403
    assert client.post(reverse(name), center_form(marketplace=marketplace.id)).status_code in (403, 405)


def test_a_non_operator_cannot_receive_or_move_the_clock(client, announced):
    client.force_login(make_user())
    line = announced.lines.get()
    response = client.post(reverse("ops:inbound_receive", args=[announced.public_id]),
                           {f"good_{line.id}": "10", f"damaged_{line.id}": "0"})
    assert response.status_code == 403
    assert client.post(reverse("ops:shipments"), {"hours": "24"}).status_code == 403
    announced.refresh_from_db()
    assert announced.status == InboundShipment.Status.CREATED and not SimulatedClock.objects.exists()


def test_centers_page_shows_space_used_and_free_and_todays_orders(operator_client, marketplace, announced):
    center = announced.center
    offer = make_network_offer(marketplace, {center: 30})
    buy(make_shopper(), offer)

    page = operator_client.get(reverse("ops:centers"))

    (load,) = page.context["loads"]
    assert (load.stored_units, load.incoming_units, load.free_units, load.orders_today) == (30, 10, 9_960, 1)
    row = text(page).split("LTN1 Mercato Dunstable")[1].split("Add a center")[0]
    assert "30 10 9,960 of 10,000 1 / 1,000 23:59 standard, express" in row


def test_adding_a_center(operator_client, marketplace):
    response = operator_client.post(reverse("ops:centers"), center_form(marketplace=marketplace.id), follow=True)
    assert "Mercato Coventry (BHX1) is open for inbound shipments." in text(response)
    center = FulfillmentCenter.objects.get(code="BHX1")
    assert (center.city, center.capacity_units, center.cutoff_time.strftime("%H:%M"), center.speeds) == (
        "Coventry", 250_000, "17:30", ["standard", "express"])


@pytest.mark.parametrize("changes, field, message", [
    ({"latitude": "95"}, "latitude", "Latitude must be between -90 and 90"),
    ({"capacity_units": "0"}, "capacity_units", "Capacity units must be between 1 and 1000000000"),
    ({"speeds": []}, "speeds", "Speeds must be some of standard, express"),
    ({"code": "LTN1"}, "code", "A center with code LTN1 exists"),
    ({"cutoff_time": "25:00"}, "cutoff_time", "Enter a valid time."),
])
def test_a_bad_center_is_refused_next_to_the_field(operator_client, marketplace, changes, field, message):
    make_center(marketplace, "LTN1")
    response = operator_client.post(reverse("ops:centers"), center_form(marketplace=marketplace.id, **changes))
    assert response.status_code == 400
    assert field_errors(response, field) == [message]
    assert list(FulfillmentCenter.objects.values_list("code", flat=True)) == ["LTN1"]


def test_receiving_puts_good_units_on_sale_and_records_damaged_and_missing(operator_client, announced):
    line = announced.lines.get()
    waiting = text(operator_client.get(reverse("ops:inbound")))
    assert announced.public_id in waiting.split("Waiting to be received (1)")[1].split("Recently received")[0]

    form = operator_client.get(reverse("ops:inbound_receive", args=[announced.public_id]))
    assert f'name="good_{line.id}" value="10"' in form.content.decode()
    response = operator_client.post(reverse("ops:inbound_receive", args=[announced.public_id]),
                                    {f"good_{line.id}": "7", f"damaged_{line.id}": "2"}, follow=True)

    assert f"{announced.public_id} received: 7 units are on sale" in text(response)
    assert "Waiting to be received (0)" in text(response)
    line.refresh_from_db()
    assert (line.received_units, line.damaged_units, line.missing_units) == (7, 2, 1)
    line.offer.refresh_from_db()
    assert line.offer.quantity == 7
    receipt = text(operator_client.get(reverse("ops:inbound_receive", args=[announced.public_id])))
    assert "KETTLE-1 10 7 2 1" in receipt


@pytest.mark.parametrize("good, damaged, field, message", [
    ("9", "2", "good", "11 units counted but 10 were sent"),
    ("-1", "0", "good", "Good units must be between 0 and 10"),
    ("7", "lots", "damaged", "Damaged units must be a whole number"),
    ("", "0", "good", "This field is required."),
])
def test_bad_counts_are_refused_next_to_the_line_and_write_nothing(operator_client, announced, good, damaged, field,
                                                                   message):
    line = announced.lines.get()
    response = operator_client.post(reverse("ops:inbound_receive", args=[announced.public_id]),
                                    {f"good_{line.id}": good, f"damaged_{line.id}": damaged})
    assert response.status_code == 400
    assert field_errors(response, f"{field}_{line.id}") == [message]
    announced.refresh_from_db()
    assert announced.status == InboundShipment.Status.CREATED and not CenterStock.objects.exists()


def test_a_count_for_a_line_of_another_shipment_is_refused(operator_client, announced):
    other = services.create_inbound_shipment(seller=announced.seller, center_id=announced.center_id,
                                             quantities={announced.lines.get().offer_id: 3})
    line, stranger = announced.lines.get(), other.lines.get()
    response = operator_client.post(reverse("ops:inbound_receive", args=[announced.public_id]),
                                    {f"good_{line.id}": "10", f"damaged_{line.id}": "0",
                                     f"good_{stranger.id}": "3", f"damaged_{stranger.id}": "0"})
    assert response.status_code == 400 and "A count names a line of another shipment" in text(response)
    assert not CenterStock.objects.exists()


def test_a_shipment_is_received_once(operator_client, announced):
    line = announced.lines.get()
    counts = {f"good_{line.id}": "10", f"damaged_{line.id}": "0"}
    operator_client.post(reverse("ops:inbound_receive", args=[announced.public_id]), counts)
    again = operator_client.post(reverse("ops:inbound_receive", args=[announced.public_id]), counts)
    assert again.status_code == 400 and "is already received" in text(again)
    assert CenterStock.objects.get().on_hand == 10
    assert operator_client.get(reverse("ops:inbound_receive", args=["NOSUCH1"])).status_code == 404


def test_shipments_page_measures_the_on_time_rate_over_the_last_30_days(operator_client, marketplace):
    offer = make_network_offer(marketplace, {make_center(marketplace): 10})
    orders = [buy(make_shopper(), offer) for _ in range(5)]
    promised = datetime(2030, 6, 14, tzinfo=dt_timezone.utc)
    delivered_at = [promised, promised - timedelta(days=1), promised + timedelta(days=1), None,
                    promised - timedelta(days=40)]  # on time, early, late, on its way, long ago
    for order, at in zip(orders, delivered_at):
        order.shipments.update(status=Shipment.Status.DELIVERED if at else Shipment.Status.IN_TRANSIT, delivered_at=at,
                               promised_delivery_date=promised.date())
    SimulatedClock.objects.create(pk=1, offset_seconds=int((promised + timedelta(days=2) - timezone.now())
                                                           .total_seconds()))

    page = operator_client.get(reverse("ops:shipments"))

    summary = page.context["on_time"]
    assert (summary.delivered, summary.on_time) == (3, 2)
    assert "67 % on time: 2 of 3 parcels delivered in the last 30 days" in text(page)
    late = text(page).split(orders[2].shipments.get().public_id)[1].split("Late")[0]
    assert "Fri 14 Jun 2030" in late and "Sat 15 Jun 2030" in late


def test_moving_the_carriers_clock_ships_what_is_due(operator_client, marketplace):
    offer = make_network_offer(marketplace, {make_center(marketplace): 10})
    order = buy(make_shopper(), offer)

    response = operator_client.post(reverse("ops:shipments"), {"hours": "120"}, follow=True)

    assert "The carrier's clock moved forward 120 hours" in text(response)
    assert "1 parcels shipped from centers, 1 payments captured" in text(response)
    assert SimulatedClock.objects.get().offset_seconds == 120 * 3600
    assert order.shipments.get().status != Shipment.Status.PICKING


@pytest.mark.parametrize("hours", ["0", "-5", "soon", "2161", ""])
def test_a_bad_number_of_hours_is_refused_and_the_clock_stays(operator_client, db, hours):
    response = operator_client.post(reverse("ops:shipments"), {"hours": hours})
    assert response.status_code == 400 and field_errors(response, "hours")
    assert not SimulatedClock.objects.exists()


def test_the_network_pages_need_the_same_queries_for_one_row_or_many(operator_client, marketplace):
    def count_queries():
        counts = []
        for name in PAGES:
            with CaptureQueriesContext(connection) as queries:
                assert operator_client.get(reverse(name)).status_code == 200
            counts.append(len(queries))
        return counts

    south = make_center(marketplace, "LTN1")
    offer = make_network_offer(marketplace, {south: 20})
    services.create_inbound_shipment(seller=offer.seller, center_id=south.id, quantities={offer.id: 5})
    buy(make_shopper(), offer)
    count_queries()  # the first visit also stores the session
    one = count_queries()
    north = make_center(marketplace, "MAN1")
    for _ in range(3):
        more = make_network_offer(marketplace, {south: 5, north: 5})
        services.create_inbound_shipment(seller=more.seller, center_id=north.id, quantities={more.id: 5})
        buy(make_shopper(), more)
    assert count_queries() == one
