"""The webhook endpoints of the API: a seller key with the `webhooks` scope, the seller's own data only."""
import json

import pytest

from mercato.webhooks.models import WebhookDelivery, WebhookEndpoint
from mercato.webhooks.services import create_endpoint, enqueue
from mercato.webhooks.signing import verify
from tests.api.helpers import key_for, send, shopper_key_for
from tests.factories import make_seller, make_user

SHIPPED = "fulfillment_order.shipped"


@pytest.fixture
def auth(seller):
    return key_for(seller, "webhooks")


def create(client, auth, url, topics=("*",)):
    return send(client, "post", "/api/v1/webhooks", {"url": url, "topics": list(topics)}, auth)


def test_create_shows_the_secret_once_then_lists_without_it(client, auth, receiver):
    created = create(client, auth, receiver.url, [SHIPPED, "fulfillment_order.delivered"])

    assert created.status_code == 201
    body = created.json()
    assert body["secret"].startswith("whsec_")
    assert body["url"] == receiver.url and body["active"] is True
    assert body["topics"] == ["fulfillment_order.delivered", SHIPPED]
    listing = client.get("/api/v1/webhooks", **auth)
    assert listing.status_code == 200
    [item] = listing.json()["items"]
    assert item["id"] == body["id"] and "secret" not in item
    assert body["secret"] not in listing.content.decode()
    assert client.get(f"/api/v1/webhooks/{body['id']}", **auth).json() == item


@pytest.mark.parametrize("url", ["ftp://files.example.com/in", "javascript:alert(1)", "file:///etc/passwd",
                                 "http://", "https:///no-host", "not a url"])
def test_url_that_is_not_http_is_a_422_naming_url_and_writes_nothing(client, auth, url):
    response = create(client, auth, url)

    assert response.status_code == 422
    assert response.json()["field"] == "url" and response.json()["error"] == "invalid"
    assert not WebhookEndpoint.objects.exists()


def test_unknown_topic_is_a_422_naming_it(client, auth):
    response = create(client, auth, "https://shop.example.com/hooks", ["order.placed"])

    assert response.status_code == 422 and response.json()["field"] == "topics.0"
    assert not WebhookEndpoint.objects.exists()


def test_scope_and_kind_of_key_are_checked(client, seller):
    body = {"url": "https://shop.example.com/hooks", "topics": ["*"]}
    assert send(client, "post", "/api/v1/webhooks", body).status_code == 401
    without_scope = send(client, "post", "/api/v1/webhooks", body, key_for(seller, "orders:read", "orders:write"))
    assert without_scope.status_code == 403 and without_scope.json()["error"] == "insufficient_scope"
    shopper = send(client, "get", "/api/v1/webhooks", None, shopper_key_for(make_user()))
    assert shopper.status_code == 403
    assert not WebhookEndpoint.objects.exists()


def test_another_sellers_endpoint_and_delivery_look_exactly_like_missing_ones(client, auth, receiver, commits):
    other = make_seller("Other Shop")
    theirs = create_endpoint(seller=other, url=receiver.url, topics=["*"])
    with commits():
        [their_delivery] = enqueue(seller_id=other.id, topic=SHIPPED, payload={"n": 1})
    missing_endpoint, missing_delivery = theirs.id + 1000, their_delivery.id + 1000
    requests = [("get", "/api/v1/webhooks/{}", None), ("patch", "/api/v1/webhooks/{}", {"active": False}),
                ("delete", "/api/v1/webhooks/{}", None), ("post", "/api/v1/webhooks/{}/secret", None),
                ("get", "/api/v1/webhooks/{}/deliveries", None)]

    for method, url, body in requests:
        mine = send(client, method, url.format(theirs.id), body, auth)
        missing = send(client, method, url.format(missing_endpoint), body, auth)
        assert mine.status_code == missing.status_code == 404, (method, url)
        assert mine.json() == missing.json() == {"error": "not_found", "detail": "no such webhook endpoint",
                                                 "field": "endpoint"}
    redelivered = client.post(f"/api/v1/webhooks/deliveries/{their_delivery.id}/redeliver", **auth)
    missing = client.post(f"/api/v1/webhooks/deliveries/{missing_delivery}/redeliver", **auth)
    assert redelivered.status_code == missing.status_code == 404 and redelivered.json() == missing.json()
    assert client.get("/api/v1/webhooks", **auth).json() == {"items": []}
    unchanged = WebhookEndpoint.objects.get()
    assert unchanged.active and unchanged.secret == theirs.secret
    assert len(receiver.received) == 1


def test_delivery_log_lists_newest_first_with_attempts(client, seller, auth, receiver, commits):
    receiver.fail_first = 1
    endpoint_id = create(client, auth, receiver.url).json()["id"]
    with commits():
        enqueue(seller_id=seller.id, topic="fulfillment_order.created", payload={"n": 1})
    with commits():
        enqueue(seller_id=seller.id, topic=SHIPPED, payload={"n": 2})

    log = client.get(f"/api/v1/webhooks/{endpoint_id}/deliveries", **auth)

    assert log.status_code == 200
    body = log.json()
    assert body["total"] == 2 and body["page_count"] == 1
    newest, oldest = body["items"]
    assert (newest["topic"], newest["payload"], newest["status"]) == (SHIPPED, {"n": 2}, "delivered")
    assert (oldest["topic"], oldest["status"], oldest["attempts"]) == ("fulfillment_order.created", "pending", 1)
    assert oldest["last_status_code"] == 500 and oldest["next_attempt_at"]
    assert [(a["status_code"], a["error"]) for a in oldest["attempt_log"]] == [(500, "HTTP 500")]
    assert [a["status_code"] for a in newest["attempt_log"]] == [200]
    failed_only = client.get(f"/api/v1/webhooks/{endpoint_id}/deliveries?status=pending", **auth).json()
    assert [item["id"] for item in failed_only["items"]] == [oldest["id"]]


def test_delivery_log_takes_the_same_queries_however_long(client, seller, auth, receiver, commits,
                                                          django_assert_num_queries):
    endpoint_id = create(client, auth, receiver.url).json()["id"]
    for number in range(6):
        with commits():
            enqueue(seller_id=seller.id, topic=SHIPPED, payload={"n": number})
    # the key, the endpoint, the page of deliveries, their count, their attempts
    with django_assert_num_queries(5):
        assert len(client.get(f"/api/v1/webhooks/{endpoint_id}/deliveries", **auth).json()["items"]) == 6


def test_redeliver_sends_the_delivery_again(client, seller, auth, receiver, commits):
    create(client, auth, receiver.url)
    with commits():
        [delivery] = enqueue(seller_id=seller.id, topic=SHIPPED, payload={"n": 1})

    with commits():
        response = client.post(f"/api/v1/webhooks/deliveries/{delivery.id}/redeliver", **auth)

    assert response.status_code == 202
    assert response.json()["status"] == "pending" and response.json()["attempts"] == 0
    assert len(receiver.received) == 2 and receiver.received[0].body == receiver.received[1].body
    assert WebhookDelivery.objects.get().status == "delivered"


def test_redeliver_to_a_disabled_endpoint_is_a_conflict(client, seller, auth, receiver, commits):
    endpoint_id = create(client, auth, receiver.url).json()["id"]
    with commits():
        [delivery] = enqueue(seller_id=seller.id, topic=SHIPPED, payload={"n": 1})
    disabled = send(client, "patch", f"/api/v1/webhooks/{endpoint_id}", {"active": False}, auth)
    assert disabled.status_code == 200 and disabled.json()["active"] is False

    response = client.post(f"/api/v1/webhooks/deliveries/{delivery.id}/redeliver", **auth)

    assert response.status_code == 409 and response.json()["field"] == "delivery"
    assert len(receiver.received) == 1


def test_rotated_secret_signs_from_then_on(client, seller, auth, receiver, commits):
    created = create(client, auth, receiver.url).json()
    rotated = client.post(f"/api/v1/webhooks/{created['id']}/secret", **auth)
    assert rotated.status_code == 200
    new_secret = rotated.json()["secret"]
    assert new_secret != created["secret"]

    with commits():
        enqueue(seller_id=seller.id, topic=SHIPPED, payload={"n": 1})

    [request] = receiver.received
    header = request.headers["Mercato-Signature"]
    signed_at = int(header.split(",")[0][2:])
    assert verify(new_secret, header, request.body, now=signed_at)
    assert not verify(created["secret"], header, request.body, now=signed_at)


def test_delete_removes_the_endpoint_and_stops_deliveries(client, seller, auth, receiver, commits):
    endpoint_id = create(client, auth, receiver.url).json()["id"]

    response = client.delete(f"/api/v1/webhooks/{endpoint_id}", **auth)

    assert response.status_code == 204 and response.content == b""
    assert client.get(f"/api/v1/webhooks/{endpoint_id}", **auth).status_code == 404
    with commits():
        assert enqueue(seller_id=seller.id, topic=SHIPPED, payload={}) == []
    assert receiver.received == []


def test_bad_input_is_named(client, auth):
    cases = [({"url": "https://shop.example.com/h"}, "topics"), ({"topics": ["*"]}, "url"),
             ({"url": "https://shop.example.com/h", "topics": []}, "topics"),
             ({"url": "https://shop.example.com/h", "topics": ["*"], "secret": "mine"}, "secret")]
    for body, field in cases:
        response = send(client, "post", "/api/v1/webhooks", body, auth)
        assert response.status_code == 422 and response.json()["field"] == field, body
    assert client.get("/api/v1/webhooks/0", **auth).status_code == 422
    assert client.get("/api/v1/webhooks/1/deliveries?status=lost", **auth).json()["field"] == "status"


def test_schema_documents_the_webhook_operations(client, db):
    schema = client.get("/api/v1/openapi.json").json()
    operations = {op["operationId"]: op for path in schema["paths"].values() for op in path.values()}
    for operation_id in ("createWebhookEndpoint", "listWebhookEndpoints", "getWebhookEndpoint",
                         "updateWebhookEndpoint", "deleteWebhookEndpoint", "rotateWebhookSecret",
                         "listWebhookDeliveries", "redeliverWebhook"):
        assert operations[operation_id]["security"] == [{"SellerApiKey": []}], operation_id
        assert "webhooks" in operations[operation_id]["description"]
    topics = json.dumps(schema["components"]["schemas"]["WebhookEndpointIn"])
    assert "fulfillment_order.shipped" in topics



def test_active_must_be_a_json_boolean(client, auth):
    endpoint_id = create(client, auth, "https://shop.example.com/hooks").json()["id"]
    for value in (0, "false", None):
        response = send(client, "patch", f"/api/v1/webhooks/{endpoint_id}", {"active": value}, auth)
        assert response.status_code == 422 and response.json()["field"] == "active", value
    assert WebhookEndpoint.objects.get().active
