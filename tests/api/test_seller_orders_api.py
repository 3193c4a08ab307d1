"""A seller works their orders with an API key: list, read, accept, ship, deliver, cancel, refund."""
import pytest

from mercato.core import ledger
from mercato.core.models import OutboxEvent
from mercato.offers.models import Offer
from mercato.orders.models import Order, Payment, Refund, SellerOrder
from tests.api.helpers import ORDERS_READ, ORDERS_WRITE, idempotency, key_for, send
from tests.factories import buy, make_offer, make_seller, make_shopper


@pytest.fixture
def orders_auth(seller):
    return key_for(seller, ORDERS_READ, ORDERS_WRITE)


@pytest.fixture
def offer(marketplace, seller):
    return make_offer(seller=seller, marketplace=marketplace, price_minor=1250, shipping_minor=199, quantity=9)


@pytest.fixture
def part(offer):
    """The seller's part of a shopper's order for two units of `offer`."""
    return buy(make_shopper(), (offer, 2)).seller_orders.get()


def url(part, action=""):
    return f"/api/v1/seller-orders/{part.public_id}" + (f"/{action}" if action else "")


def ship(client, part, headers, carrier="Royal Mail", tracking_number="RM123456789GB"):
    return send(client, "post", url(part, "shipment"), {"carrier": carrier, "tracking_number": tracking_number},
                headers)


def refund(client, part, headers, amount_minor, key="refund-1", reason="Arrived scratched"):
    return send(client, "post", url(part, "refunds"), {"amount_minor": amount_minor, "reason": reason},
                {**headers, **idempotency(key)})


def test_detail_shows_what_to_send_and_where(client, orders_auth, part, offer):
    response = client.get(url(part), **orders_auth)

    assert response.status_code == 200
    body = response.json()
    assert (body["id"], body["status"], body["marketplace"], body["currency"]) == (part.public_id, "pending",
                                                                                    "gb", "GBP")
    assert (body["items_minor"], body["shipping_minor"], body["total_minor"]) == (2500, 398, 2898)
    assert body["ship_to"] == {"name": "Ada Shopper", "line1": "2 Market Street", "line2": "", "city": "York",
                               "postal_code": "YO1 7HH", "country_code": "GB", "phone": "+44 1904 000000"}
    [line] = body["lines"]
    assert (line["offer_id"], line["seller_sku"], line["quantity"], line["unit_price_minor"]) == (
        offer.id, offer.seller_sku, 2, 1250)
    assert body["refunds"] == [] and body["cancelled_by"] is None


def test_order_goes_from_accepted_to_shipped_to_delivered(client, orders_auth, part):
    accepted = send(client, "post", url(part, "accept"), headers=orders_auth)
    assert (accepted.status_code, accepted.json()["status"]) == (200, "accepted")
    assert accepted.json()["ship_to"]["line1"] == "2 Market Street"

    shipped = ship(client, part, orders_auth)
    assert shipped.status_code == 200
    assert (shipped.json()["status"], shipped.json()["carrier"], shipped.json()["tracking_number"]) == (
        "shipped", "Royal Mail", "RM123456789GB")
    assert Payment.objects.get(order=part.order).captured_minor == 2898
    assert OutboxEvent.objects.filter(topic="seller_order.shipped").count() == 1

    delivered = send(client, "post", url(part, "delivery"), headers=orders_auth)
    assert (delivered.status_code, delivered.json()["status"]) == (200, "delivered")
    assert Order.objects.get(pk=part.order_id).status == Order.Status.DELIVERED
    assert ledger.unbalanced_entries() == []


def test_address_is_reduced_to_town_and_postcode_area_once_shipped_then_country(client, orders_auth, part):
    ship(client, part, orders_auth)
    shipped = client.get(url(part), **orders_auth).json()["ship_to"]
    send(client, "post", url(part, "delivery"), headers=orders_auth)
    delivered = client.get(url(part), **orders_auth).json()["ship_to"]

    assert shipped == {"name": None, "line1": None, "line2": None, "city": "York", "postal_code": "YO1",
                       "country_code": "GB", "phone": None}
    assert delivered == {"name": None, "line1": None, "line2": None, "city": None, "postal_code": None,
                         "country_code": "GB", "phone": None}


def test_illegal_moves_are_409(client, orders_auth, part):
    early_delivery = send(client, "post", url(part, "delivery"), headers=orders_auth)
    ship(client, part, orders_auth)
    second_shipment = ship(client, part, orders_auth, tracking_number="OTHER")
    late_cancel = send(client, "post", url(part, "cancel"), {"reason": "changed my mind"}, orders_auth)
    late_accept = send(client, "post", url(part, "accept"), headers=orders_auth)

    for response in (early_delivery, second_shipment, late_cancel, late_accept):
        assert response.status_code == 409
        assert response.json()["error"] == "conflict"
    assert SellerOrder.objects.get(pk=part.pk).tracking_number == "RM123456789GB"
    assert Payment.objects.get(order=part.order).captured_minor == 2898


def test_seller_cancels_once_and_the_units_go_back_on_sale(client, orders_auth, part, offer):
    cancelled = send(client, "post", url(part, "cancel"), {"reason": "Damaged in the warehouse"}, orders_auth)
    again = send(client, "post", url(part, "cancel"), {"reason": "Damaged in the warehouse"}, orders_auth)

    assert cancelled.status_code == 200
    body = cancelled.json()
    assert (body["status"], body["cancelled_by"], body["cancel_reason"]) == ("cancelled", "seller",
                                                                           "Damaged in the warehouse")
    assert body["ship_to"]["line1"] is None
    assert Offer.objects.get(pk=offer.pk).quantity == 9
    assert Order.objects.get(pk=part.order_id).status == Order.Status.CANCELLED
    assert again.status_code == 409


@pytest.mark.parametrize("body, field", [
    ({"carrier": "", "tracking_number": "X1"}, "carrier"),
    ({"carrier": "   ", "tracking_number": "X1"}, "carrier"),
    ({"carrier": "DPD", "tracking_number": "x" * 61}, "tracking_number"),
    ({"carrier": "DPD"}, "tracking_number"),
    ({"carrier": "DPD", "tracking_number": "X1", "note": "fragile"}, "note"),
], ids=["empty", "blank", "too long", "missing", "unknown field"])
def test_shipment_input_is_checked(client, orders_auth, part, body, field):
    response = send(client, "post", url(part, "shipment"), body, orders_auth)

    assert (response.status_code, response.json()["field"]) == (422, field)
    assert SellerOrder.objects.get(pk=part.pk).status == SellerOrder.Status.PENDING
    assert Payment.objects.get(order=part.order).captured_minor == 0


def test_refund_is_made_once_per_key(client, orders_auth, part):
    ship(client, part, orders_auth)

    first = refund(client, part, orders_auth, 500, key="r-1")
    again = refund(client, part, orders_auth, 500, key="r-1")
    second = refund(client, part, orders_auth, 300, key="r-2")

    assert (first.status_code, again.status_code, second.status_code) == (201, 200, 201)
    assert first.json() == again.json()
    assert (first.json()["amount_minor"], first.json()["currency"], first.json()["seller_order_id"]) == (
        500, "GBP", part.public_id)
    assert Refund.objects.count() == 2
    assert SellerOrder.objects.get(pk=part.pk).refunded_minor == 800
    assert Payment.objects.get(order=part.order).refunded_minor == 800
    detail = client.get(url(part), **orders_auth).json()
    assert [r["amount_minor"] for r in detail["refunds"]] == [500, 300]
    assert ledger.unbalanced_entries() == []


def test_refund_above_what_was_paid_is_422(client, orders_auth, part):
    ship(client, part, orders_auth)
    refund(client, part, orders_auth, 2000, key="r-1")

    response = refund(client, part, orders_auth, 899, key="r-2")

    assert response.status_code == 422
    assert response.json()["field"] == "amount_minor"
    assert "at most £8.98" in response.json()["detail"]
    assert SellerOrder.objects.get(pk=part.pk).refunded_minor == 2000


def test_refund_before_shipping_is_409_and_needs_a_key(client, orders_auth, part):
    unshipped = refund(client, part, orders_auth, 100)
    no_key = send(client, "post", url(part, "refunds"), {"amount_minor": 100, "reason": "x"}, orders_auth)
    zero = refund(client, part, orders_auth, 0)

    assert unshipped.status_code == 409
    assert (no_key.status_code, no_key.json()["field"]) == (422, "Idempotency-Key")
    assert (zero.status_code, zero.json()["field"]) == (422, "amount_minor")
    assert not Refund.objects.exists()


def test_a_refund_key_used_on_another_order_is_409(client, orders_auth, offer, part):
    other_part = buy(make_shopper(), offer).seller_orders.get()
    ship(client, part, orders_auth)
    ship(client, other_part, orders_auth)
    refund(client, part, orders_auth, 100, key="same")

    response = refund(client, other_part, orders_auth, 100, key="same")

    assert (response.status_code, response.json()["field"]) == (409, "Idempotency-Key")
    assert SellerOrder.objects.get(pk=other_part.pk).refunded_minor == 0


def test_list_filters_by_status_and_pages(client, orders_auth, offer, seller):
    parts = [buy(make_shopper(), offer).seller_orders.get() for _ in range(3)]
    send(client, "post", url(parts[0], "accept"), headers=orders_auth)
    buy(make_shopper(), make_offer(seller=make_seller("Rival"), marketplace=offer.marketplace))

    everything = client.get("/api/v1/seller-orders", **orders_auth).json()
    pending = client.get("/api/v1/seller-orders?status=pending&page_size=1", **orders_auth).json()
    accepted = client.get("/api/v1/seller-orders?status=accepted", **orders_auth).json()

    assert [row["id"] for row in everything["items"]] == [p.public_id for p in reversed(parts)]
    assert (pending["total"], pending["page_count"], len(pending["items"])) == (2, 2, 1)
    assert [row["id"] for row in accepted["items"]] == [parts[0].public_id]
    bad = client.get("/api/v1/seller-orders?status=lost", **orders_auth)
    assert (bad.status_code, bad.json()["field"]) == (422, "status")


def test_order_still_being_placed_is_not_shown(client, orders_auth, part):
    Order.objects.filter(pk=part.order_id).update(status=Order.Status.PENDING_PAYMENT)

    assert client.get("/api/v1/seller-orders", **orders_auth).json()["total"] == 0
    assert client.get(url(part), **orders_auth).status_code == 404
    assert send(client, "post", url(part, "accept"), headers=orders_auth).status_code == 404
