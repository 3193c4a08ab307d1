"""A shopper places, reads and cancels their own orders with a shopper API key."""
import pytest

from mercato.core.models import JournalEntry, OutboxEvent
from mercato.customers.services import add_address, add_payment_card
from mercato.inventory.models import StockReservation
from mercato.offers.models import Offer
from mercato.orders.models import Order
from mercato.orders.services import accept_seller_order
from mercato.payments import testgateway
from mercato.sellers.services import suspend_seller
from tests.api.helpers import idempotency, send, shopper_key_for
from tests.factories import buy, make_offer, make_seller, make_shopper


@pytest.fixture
def shopper(db):
    return make_shopper()


@pytest.fixture
def shopper_auth(shopper):
    return shopper_key_for(shopper)


@pytest.fixture
def offer(marketplace, seller):
    return make_offer(seller=seller, marketplace=marketplace, price_minor=1250, shipping_minor=199, quantity=5)


def place(client, headers, body, key="order-1"):
    extra = idempotency(key) if key is not None else {}
    return send(client, "post", "/api/v1/orders", body, {**headers, **extra})


def stock(offer) -> int:
    return Offer.objects.get(pk=offer.pk).quantity


def nothing_written(offer, quantity_before):
    held = StockReservation.objects.filter(status=StockReservation.Status.RESERVED)
    announced = OutboxEvent.objects.filter(topic__startswith="order")
    return (Order.objects.count() == 0 and stock(offer) == quantity_before and not held.exists()
            and not JournalEntry.objects.exists() and not announced.exists())


def test_shopper_places_an_order_and_sees_what_they_bought(client, shopper_auth, offer, seller):
    response = place(client, shopper_auth, {"items": [{"offer_id": offer.id, "quantity": 2}]})

    assert response.status_code == 201
    body = response.json()
    assert body["id"].startswith("O") and body["status"] == "placed" and body["channel"] == "api"
    assert (body["marketplace"], body["currency"]) == ("gb", "GBP")
    assert (body["items_minor"], body["shipping_minor"], body["total_minor"]) == (2500, 398, 2898)
    assert body["payment"]["card_brand"] == "Visa"
    assert body["payment"]["card_last4"] == "4242"
    assert body["payment"]["authorised_minor"] == 2898
    assert body["ship_to"]["city"] == "York"
    [part] = body["seller_orders"]
    assert part["seller"] == {"id": seller.id, "name": "Acme Trading"}
    assert (part["status"], part["delivery_option"], part["total_minor"]) == ("pending", "standard", 2898)
    assert part["lines"] == [{"offer_id": offer.id, "product_id": offer.product.public_id,
                              "title": offer.product.title, "condition": "new", "quantity": 2,
                              "unit_price_minor": 1250, "shipping_minor": 398}]
    assert stock(offer) == 3
    order = Order.objects.get()
    assert (order.public_id, order.channel) == (body["id"], "api")


def test_repeat_with_the_same_key_answers_the_same_order_and_takes_stock_once(client, shopper_auth, offer):
    first = place(client, shopper_auth, {"items": [{"offer_id": offer.id, "quantity": 2}]}, key="cart-42")
    again = place(client, shopper_auth, {"items": [{"offer_id": offer.id, "quantity": 2}]}, key="cart-42")
    different_body = place(client, shopper_auth, {"items": [{"offer_id": offer.id, "quantity": 1}]}, key="cart-42")

    assert (first.status_code, again.status_code, different_body.status_code) == (201, 200, 200)
    assert first.json() == again.json() == different_body.json()
    assert Order.objects.count() == 1
    assert stock(offer) == 3
    assert JournalEntry.objects.count() == 1


def test_a_new_key_places_a_new_order(client, shopper_auth, offer):
    place(client, shopper_auth, {"items": [{"offer_id": offer.id, "quantity": 1}]}, key="a")
    second = place(client, shopper_auth, {"items": [{"offer_id": offer.id, "quantity": 1}]}, key="b")

    assert second.status_code == 201
    assert Order.objects.count() == 2 and stock(offer) == 3


def test_the_same_key_from_two_shoppers_places_two_orders(client, shopper_auth, offer):
    other = shopper_key_for(make_shopper())
    mine = place(client, shopper_auth, {"items": [{"offer_id": offer.id, "quantity": 1}]}, key="k")
    theirs = place(client, other, {"items": [{"offer_id": offer.id, "quantity": 1}]}, key="k")

    assert (mine.status_code, theirs.status_code) == (201, 201)
    assert mine.json()["id"] != theirs.json()["id"]


def test_missing_idempotency_key_is_refused_naming_the_header(client, shopper_auth, offer):
    response = place(client, shopper_auth, {"items": [{"offer_id": offer.id, "quantity": 1}]}, key=None)

    assert response.status_code == 422
    assert response.json() == {"error": "invalid", "detail": "Idempotency-Key is required",
                               "field": "Idempotency-Key"}
    assert nothing_written(offer, 5)


@pytest.mark.parametrize("key", ["x" * 81, "tab\there", "ключ"], ids=["too long", "control", "not ascii"])
def test_malformed_idempotency_key_is_refused(client, shopper_auth, offer, key):
    headers = {**shopper_auth, "HTTP_IDEMPOTENCY_KEY": key}
    response = send(client, "post", "/api/v1/orders", {"items": [{"offer_id": offer.id, "quantity": 1}]}, headers)

    assert response.status_code == 422
    assert response.json()["field"] == "Idempotency-Key"
    assert nothing_written(offer, 5)


@pytest.mark.parametrize("quantity", [0, -1, 11, "2", 1.5, None], ids=["zero", "negative", "above limit", "text",
                                                                         "fraction", "null"])
def test_bad_quantities_are_refused_naming_the_item(client, shopper_auth, offer, quantity):
    response = place(client, shopper_auth, {"items": [{"offer_id": offer.id, "quantity": 1},
                                                      {"offer_id": offer.id + 1, "quantity": quantity}]})

    assert response.status_code == 422
    assert response.json()["error"] == "invalid"
    assert response.json()["field"] == "items.1.quantity"
    assert nothing_written(offer, 5)


def test_request_body_is_checked(client, shopper_auth, offer):
    empty = place(client, shopper_auth, {"items": []})
    typo = place(client, shopper_auth, {"items": [{"offer_id": offer.id, "quantity": 1}], "adress_id": 1})
    twice = place(client, shopper_auth, {"items": [{"offer_id": offer.id, "quantity": 1},
                                                   {"offer_id": offer.id, "quantity": 2}]})
    option = place(client, shopper_auth, {"items": [{"offer_id": offer.id, "quantity": 1}],
                                          "delivery_options": {str(offer.seller_id): "teleport"}})

    assert [r.status_code for r in (empty, typo, twice, option)] == [422, 422, 422, 422]
    assert [r.json()["field"] for r in (empty, typo, twice, option)] == [
        "items", "adress_id", "items.1.offer_id", f"delivery_options.{offer.seller_id}"]
    assert nothing_written(offer, 5)


def test_suspended_sellers_offer_is_refused(client, shopper_auth, offer, seller):
    suspend_seller(seller=seller, operator=None, reason="late shipments")

    response = place(client, shopper_auth, {"items": [{"offer_id": offer.id, "quantity": 1}]})

    assert response.status_code == 403
    assert response.json()["field"] == "items.0.offer_id"
    assert "is not selling" in response.json()["detail"]
    assert nothing_written(offer, 5)


def test_declined_card_is_402_and_writes_nothing(client, marketplace, offer):
    shopper = make_shopper(card_number=testgateway.DECLINE)

    response = place(client, shopper_key_for(shopper), {"items": [{"offer_id": offer.id, "quantity": 2}]})

    assert response.status_code == 402
    assert response.json() == {"error": "payment_declined", "detail": "your card was declined",
                               "field": "payment_method_id"}
    assert nothing_written(offer, 5)


def test_more_than_is_left_is_409_naming_the_quantity(client, shopper_auth, offer):
    response = place(client, shopper_auth, {"items": [{"offer_id": offer.id, "quantity": 6}]})

    assert response.status_code == 409
    assert response.json()["error"] == "out_of_stock"
    assert response.json()["field"] == "items.0.quantity"
    assert "only 5 left" in response.json()["detail"]
    assert nothing_written(offer, 5)


def test_total_above_the_expected_one_is_409_price_changed(client, shopper_auth, offer):
    response = place(client, shopper_auth, {"items": [{"offer_id": offer.id, "quantity": 1}],
                                            "expected_total_minor": 1448})
    accepted = place(client, shopper_auth, {"items": [{"offer_id": offer.id, "quantity": 1}],
                                            "expected_total_minor": 1449}, key="order-2")

    assert response.status_code == 409
    assert (response.json()["error"], response.json()["field"]) == ("price_changed", "expected_total_minor")
    assert accepted.status_code == 201 and accepted.json()["total_minor"] == 1449


def test_unknown_offer_and_marketplace_are_404(client, shopper_auth, offer):
    missing_offer = place(client, shopper_auth, {"items": [{"offer_id": offer.id + 99, "quantity": 1}]})
    missing_marketplace = place(client, shopper_auth, {"marketplace": "zz", "items": [{"offer_id": offer.id,
                                                                                       "quantity": 1}]})

    assert (missing_offer.status_code, missing_offer.json()["field"]) == (404, "items.0.offer_id")
    assert (missing_marketplace.status_code, missing_marketplace.json()["field"]) == (404, "marketplace")
    assert nothing_written(offer, 5)


def test_named_address_card_and_express_delivery_are_used(client, shopper, shopper_auth, offer):
    address = add_address(user=shopper, details={"full_name": "Ada at Work", "line1": "9 Office Road",
                                                 "city": "Leeds", "postal_code": "LS2 2BB", "country_code": "GB"})
    card = add_payment_card(user=shopper, card_number="5555555555554444", exp_month=1, exp_year=2041, cvc="321")

    response = place(client, shopper_auth, {"items": [{"offer_id": offer.id, "quantity": 1}],
                                            "address_id": address.id, "payment_method_id": card.id,
                                            "delivery_options": {str(offer.seller_id): "express"}})

    assert response.status_code == 201
    body = response.json()
    assert (body["ship_to"]["name"], body["ship_to"]["city"]) == ("Ada at Work", "Leeds")
    assert (body["payment"]["card_brand"], body["payment"]["card_last4"]) == ("Mastercard", "4444")
    assert body["seller_orders"][0]["delivery_option"] == "express"
    assert body["shipping_minor"] > 199


def test_another_shoppers_address_or_card_is_404(client, shopper_auth, offer):
    other = make_shopper()
    their_address = other.addresses.get()
    their_card = other.payment_methods.get()

    address = place(client, shopper_auth, {"items": [{"offer_id": offer.id, "quantity": 1}],
                                           "address_id": their_address.id})
    card = place(client, shopper_auth, {"items": [{"offer_id": offer.id, "quantity": 1}],
                                        "payment_method_id": their_card.id})

    assert (address.status_code, address.json()["field"]) == (404, "address_id")
    assert (card.status_code, card.json()["field"]) == (404, "payment_method_id")
    assert nothing_written(offer, 5)


def test_shopper_without_a_saved_address_is_told_to_add_one(client, marketplace, offer):
    shopper = make_shopper(address=False)

    response = place(client, shopper_key_for(shopper), {"items": [{"offer_id": offer.id, "quantity": 1}]})

    assert (response.status_code, response.json()["field"]) == (404, "address_id")


def test_list_shows_own_placed_orders_newest_first_by_page(client, shopper, shopper_auth, offer):
    orders = [buy(shopper, offer) for _ in range(3)]
    buy(make_shopper(), offer)
    Order.objects.filter(pk=orders[0].pk).update(status=Order.Status.PENDING_PAYMENT)

    first_page = client.get("/api/v1/orders?page_size=1", **shopper_auth).json()
    second_page = client.get("/api/v1/orders?page_size=1&page=2", **shopper_auth).json()

    assert (first_page["total"], first_page["page_count"]) == (2, 2)
    assert [o["id"] for o in first_page["items"] + second_page["items"]] == [orders[2].public_id,
                                                                           orders[1].public_id]
    assert client.get("/api/v1/orders?page_size=101", **shopper_auth).json()["field"] == "page_size"


def test_detail_shows_own_order_and_hides_anyone_elses(client, shopper, shopper_auth, offer):
    mine = buy(shopper, offer)
    theirs = buy(make_shopper(), offer)

    assert client.get(f"/api/v1/orders/{mine.public_id}", **shopper_auth).json()["id"] == mine.public_id
    assert client.get(f"/api/v1/orders/{mine.public_id.lower()}", **shopper_auth).status_code == 200
    other = client.get(f"/api/v1/orders/{theirs.public_id}", **shopper_auth)
    missing = client.get("/api/v1/orders/O000000000", **shopper_auth)
    assert other.status_code == missing.status_code == 404
    assert other.json() == missing.json() == {"error": "not_found", "detail": "no such order", "field": "order"}


def test_shopper_cancels_an_order_once(client, shopper, shopper_auth, offer):
    order = buy(shopper, (offer, 2))

    cancelled = send(client, "post", f"/api/v1/orders/{order.public_id}/cancel", headers=shopper_auth)
    again = send(client, "post", f"/api/v1/orders/{order.public_id}/cancel", headers=shopper_auth)

    assert cancelled.status_code == 200
    assert cancelled.json()["status"] == "cancelled"
    assert cancelled.json()["seller_orders"][0]["status"] == "cancelled"
    assert cancelled.json()["payment"]["status"] == "voided"
    assert stock(offer) == 5
    assert again.status_code == 409
    assert again.json() == {"error": "conflict", "detail": "this order is already cancelled", "field": "order"}


def test_order_the_seller_accepted_cannot_be_cancelled(client, shopper, shopper_auth, offer, seller):
    order = buy(shopper, offer)
    accept_seller_order(seller=seller, seller_order_id=order.seller_orders.get().public_id)

    response = send(client, "post", f"/api/v1/orders/{order.public_id}/cancel", headers=shopper_auth)

    assert response.status_code == 403
    assert Order.objects.get(pk=order.pk).status == Order.Status.PLACED


def test_orders_from_several_sellers_come_back_in_one_order(client, shopper_auth, offer, marketplace):
    other = make_offer(seller=make_seller("Kettle Co"), marketplace=marketplace, price_minor=3000)

    response = place(client, shopper_auth, {"items": [{"offer_id": offer.id, "quantity": 1},
                                                      {"offer_id": other.id, "quantity": 1}]})

    parts = response.json()["seller_orders"]
    assert sorted(part["seller"]["name"] for part in parts) == ["Acme Trading", "Kettle Co"]
    assert response.json()["total_minor"] == sum(part["total_minor"] for part in parts) == 1449 + 3000
