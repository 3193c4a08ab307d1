import json
import time
from datetime import timedelta

import pytest
from django.utils import timezone

from mercato.core import ledger
from mercato.fulfillment import shipping
from mercato.fulfillment.models import CenterStock, FulfillmentOrder
from mercato.fulfillment.services import network_stock_is_consistent
from mercato.webhooks.services import create_endpoint
from mercato.webhooks.signing import verify
from tests.api.helpers import key_for
from tests.factories import make_offer
from tests.fulfillment.network import make_center, make_network_offer
from tests.webhooks.receiver import Receiver

pytestmark = pytest.mark.django_db

ADDRESS = {"name": "Grace Hopper", "line1": "1 Castle Street", "city": "Edinburgh", "postal_code": "EH1 2NG",
           "country_code": "GB"}


@pytest.fixture
def receiver():
    running = Receiver().start()
    yield running
    running.stop()


@pytest.fixture
def stocked(marketplace):
    center = make_center(marketplace, "GLA1")
    offer = make_network_offer(marketplace, {center: 10})
    return offer, center


def send(client, headers, body, key="shop-order-1001"):
    return client.post("/api/v1/fulfillment-orders", data=json.dumps(body), content_type="application/json",
                       HTTP_IDEMPOTENCY_KEY=key, **headers)


def order_body(offer, quantity=2, **extra):
    return {"external_reference": "SHOP-1001", "address": ADDRESS,
            "lines": [{"seller_sku": offer.seller_sku, "quantity": quantity}], **extra}


def test_an_outside_order_ships_from_network_stock_and_reports_by_webhook(client, stocked, receiver,
                                                                            django_capture_on_commit_callbacks):
    offer, center = stocked
    headers = key_for(offer.seller, "fulfillment")
    endpoint = create_endpoint(seller=offer.seller, url=receiver.url, topics=["*"])

    with django_capture_on_commit_callbacks(execute=True):
        response = send(client, headers, order_body(offer))
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "received" and body["parcels"][0]["center"] == "GLA1"
    stock = CenterStock.objects.get(center=center, offer=offer)
    assert (stock.on_hand, stock.allocated) == (10, 2)
    assert network_stock_is_consistent(offer)

    with django_capture_on_commit_callbacks(execute=True):
        shipping.process_network(now=timezone.now() + timedelta(days=20))

    order = FulfillmentOrder.objects.get(public_id=body["id"])
    assert order.status in ("delivered", "exception")
    assert order.fee_minor == 2 * (280 + 100)  # small parcel + the multi-channel surcharge, per unit
    assert ledger.balance(ledger.revenue("multi_channel_fees"), "GBP") == -order.fee_minor
    topics = [r.headers["Mercato-Event"] for r in receiver.received]
    assert topics[:2] == ["fulfillment_order.created", "fulfillment_order.shipped"]
    first = receiver.received[0]
    assert verify(endpoint.secret, first.headers["Mercato-Signature"], first.body, now=time.time())
    detail = client.get(f"/api/v1/fulfillment-orders/{body['id']}", **headers).json()
    assert detail["parcels"][0]["tracking_number"] == body["parcels"][0]["tracking_number"]


def test_the_same_idempotency_key_never_ships_twice(client, stocked):
    offer, _ = stocked
    headers = key_for(offer.seller, "fulfillment")
    first = send(client, headers, order_body(offer))
    again = send(client, headers, order_body(offer))
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["id"] == again.json()["id"]
    offer.refresh_from_db()
    assert offer.quantity == 8


@pytest.mark.parametrize("body, field, status", [
    (lambda o: order_body(o, quantity=0), "lines.0.quantity", 422),
    (lambda o: order_body(o, quantity=11), "lines.0.quantity", 409),
    (lambda o: {**order_body(o), "lines": [{"seller_sku": "NOPE", "quantity": 1}]}, "lines.0.seller_sku", 404),
    (lambda o: {**order_body(o), "address": {**ADDRESS, "country_code": "FR"}}, "address.country_code", 409),
    (lambda o: {**order_body(o), "speed": "teleport"}, "speed", 422),
])
def test_bad_fulfillment_orders_are_refused_and_write_nothing(client, stocked, body, field, status):
    offer, _ = stocked
    response = send(client, key_for(offer.seller, "fulfillment"), body(offer))
    assert response.status_code == status, response.content
    assert response.json()["field"] == field
    assert not FulfillmentOrder.objects.exists()
    offer.refresh_from_db()
    assert offer.quantity == 10


def test_a_product_without_network_stock_is_refused(client, marketplace):
    merchant_offer = make_offer(marketplace=marketplace)
    response = send(client, key_for(merchant_offer.seller, "fulfillment"), order_body(merchant_offer, quantity=1))
    assert response.status_code == 409 and "in Mercato's network" in response.json()["detail"]


def test_cancel_gives_the_units_back_once(client, stocked):
    offer, center = stocked
    headers = key_for(offer.seller, "fulfillment")
    order_id = send(client, headers, order_body(offer)).json()["id"]

    assert client.post(f"/api/v1/fulfillment-orders/{order_id}/cancel", **headers).json()["status"] == "cancelled"
    assert client.post(f"/api/v1/fulfillment-orders/{order_id}/cancel", **headers).status_code == 409
    offer.refresh_from_db()
    assert offer.quantity == 10
    assert CenterStock.objects.get(center=center, offer=offer).allocated == 0


def test_another_sellers_order_is_not_found_and_the_scope_is_needed(client, stocked, marketplace):
    offer, _ = stocked
    order_id = send(client, key_for(offer.seller, "fulfillment"), order_body(offer)).json()["id"]
    stranger = make_network_offer(marketplace, {})
    assert client.get(f"/api/v1/fulfillment-orders/{order_id}",
                      **key_for(stranger.seller, "fulfillment")).status_code == 404
    assert send(client, key_for(offer.seller, "orders:read"), order_body(offer), key="other").status_code == 403


def test_seller_central_shows_the_multi_channel_fees(client, stocked):
    from datetime import timedelta

    from django.utils import timezone

    from tests.storefront.html import visible_text

    offer, _ = stocked
    send(client, key_for(offer.seller, "fulfillment"), order_body(offer))
    shipping.process_network(now=timezone.now() + timedelta(days=5))
    client.force_login(offer.seller.members.first().user)

    text = visible_text(client.get("/seller/fulfillment/"))

    assert "£7.60" in text and "multi-channel fees" in text
