"""Order keys reach only their holder's orders: a seller its own seller orders, a shopper their own
orders, each with the kind of key and the scope the operation needs."""
import pytest
from django.db import IntegrityError, transaction

from mercato.api.keys import create_api_key, create_customer_api_key, revoke_customer_api_key
from mercato.api.models import ApiKey
from mercato.core.errors import Invalid
from mercato.orders.models import Order, Payment, Refund, SellerOrder
from mercato.orders.services import confirm_shipment
from tests.api.helpers import ORDERS_READ, ORDERS_WRITE, READ, WRITE, bearer, idempotency, key_for, send, \
    shopper_key_for
from tests.factories import buy, make_offer, make_seller, make_shopper


@pytest.fixture
def offer(marketplace, seller):
    return make_offer(seller=seller, marketplace=marketplace, price_minor=1000, quantity=9)


@pytest.fixture
def rival(db):
    return make_seller("Rival Goods")


@pytest.fixture
def rivals_part(marketplace, rival):
    """A seller order of `rival`, shipped, so that every action (even a refund) would otherwise apply."""
    offer = make_offer(seller=rival, marketplace=marketplace, price_minor=2000)
    part = buy(make_shopper(), offer).seller_orders.get()
    confirm_shipment(seller=rival, seller_order_id=part.public_id, carrier="DPD", tracking_number="D1")
    return SellerOrder.objects.get(pk=part.pk)


def seller_order_requests(public_id):
    """Every operation that takes a seller order id, as (method, url, JSON body, extra headers)."""
    base = f"/api/v1/seller-orders/{public_id}"
    return [
        ("get", base, None, {}),
        ("post", f"{base}/accept", None, {}),
        ("post", f"{base}/shipment", {"carrier": "DPD", "tracking_number": "X"}, {}),
        ("post", f"{base}/delivery", None, {}),
        ("post", f"{base}/cancel", {"reason": "cannot send"}, {}),
        ("post", f"{base}/refunds", {"amount_minor": 100, "reason": "sorry"}, idempotency("r-1")),
    ]


def shopper_requests(order_id, offer_id):
    return [
        ("post", "/api/v1/orders", {"items": [{"offer_id": offer_id, "quantity": 1}]}, idempotency("k-1")),
        ("get", "/api/v1/orders", None, {}),
        ("get", f"/api/v1/orders/{order_id}", None, {}),
        ("post", f"/api/v1/orders/{order_id}/cancel", None, {}),
    ]


def seller_requests(public_id):
    return [("get", "/api/v1/seller-orders", None, {})] + seller_order_requests(public_id)


def state(part):
    fresh = SellerOrder.objects.get(pk=part.pk)
    payment = Payment.objects.get(order_id=part.order_id)
    return (fresh.status, fresh.tracking_number, fresh.refunded_minor, payment.captured_minor,
            Refund.objects.filter(seller_order=part).count())


def test_another_sellers_order_looks_exactly_like_a_missing_one(client, seller, rivals_part):
    auth = key_for(seller, ORDERS_READ, ORDERS_WRITE)
    before = state(rivals_part)
    for (method, url, body, extra), (_, missing_url, _, _) in zip(seller_order_requests(rivals_part.public_id),
                                                                  seller_order_requests("S000000000")):
        theirs = send(client, method, url, body, {**auth, **extra})
        missing = send(client, method, missing_url, body, {**auth, **extra})

        assert theirs.status_code == 404, (method, url)
        assert theirs.json() == missing.json() == {"error": "not_found", "detail": "no such order",
                                                   "field": "seller_order"}
    assert state(rivals_part) == before


def test_shipment_for_someone_elses_order_is_404(client, seller, marketplace, rival):
    pending = buy(make_shopper(), make_offer(seller=rival, marketplace=marketplace)).seller_orders.get()

    response = send(client, "post", f"/api/v1/seller-orders/{pending.public_id}/shipment",
                    {"carrier": "DPD", "tracking_number": "X"}, key_for(seller, ORDERS_WRITE))

    assert response.status_code == 404
    assert SellerOrder.objects.get(pk=pending.pk).status == SellerOrder.Status.PENDING
    assert Payment.objects.get(order_id=pending.order_id).captured_minor == 0


def test_list_never_shows_another_sellers_orders(client, seller, offer, rivals_part):
    mine = buy(make_shopper(), offer).seller_orders.get()

    listing = client.get("/api/v1/seller-orders", **key_for(seller, ORDERS_READ)).json()

    assert [row["id"] for row in listing["items"]] == [mine.public_id]


def test_a_sellers_order_of_a_shared_shopper_order_shows_only_its_own_part(client, seller, offer, rivals_part):
    rival_offer = make_offer(seller=rivals_part.seller, marketplace=offer.marketplace, price_minor=700)
    order = buy(make_shopper(), offer, rival_offer)
    mine = order.seller_orders.get(seller=seller)

    body = client.get(f"/api/v1/seller-orders/{mine.public_id}", **key_for(seller, ORDERS_READ)).json()

    assert body["total_minor"] == 1000 and [line["offer_id"] for line in body["lines"]] == [offer.id]


def test_seller_key_cannot_reach_shopper_orders(client, seller, offer):
    order = buy(make_shopper(), offer)
    every_scope = key_for(seller, READ, WRITE, ORDERS_READ, ORDERS_WRITE)

    for method, url, body, extra in shopper_requests(order.public_id, offer.id):
        response = send(client, method, url, body, {**every_scope, **extra})

        assert response.status_code == 403, (method, url)
        assert response.json()["error"] == "insufficient_scope"
        assert response.json()["detail"] == "this operation needs a shopper API key"
    assert Order.objects.count() == 1
    assert Order.objects.get().status == Order.Status.PLACED


def test_shopper_key_cannot_reach_seller_operations(client, seller, offer):
    shopper = make_shopper()
    part = buy(shopper, offer).seller_orders.get()
    auth = shopper_key_for(shopper)
    requests = seller_requests(part.public_id) + [("get", "/api/v1/offers", None, {}),
                                                  ("post", f"/api/v1/offers/{offer.id}/pause", None, {})]

    for method, url, body, extra in requests:
        response = send(client, method, url, body, {**auth, **extra})

        assert response.status_code == 403, (method, url)
        assert response.json()["detail"] == "this operation needs a seller API key"
    assert SellerOrder.objects.get(pk=part.pk).status == SellerOrder.Status.PENDING


@pytest.mark.parametrize("headers", [
    {},
    bearer("mk_not-a-real-key"),
    {"HTTP_AUTHORIZATION": "Basic dXNlcjpwYXNz"},
], ids=["no key", "unknown key", "basic auth"])
def test_without_a_valid_key_every_order_operation_is_401(client, offer, headers):
    order = buy(make_shopper(), offer)
    part = order.seller_orders.get()
    for method, url, body, extra in shopper_requests(order.public_id, offer.id) + seller_requests(part.public_id):
        response = send(client, method, url, body, {**headers, **extra})

        assert response.status_code == 401, (method, url)
        assert response.json()["error"] == "unauthorized"
    assert Order.objects.count() == 1 and state(part)[0] == SellerOrder.Status.PENDING


def test_read_only_and_offer_keys_cannot_work_orders(client, seller, offer):
    part = buy(make_shopper(), offer).seller_orders.get()
    read_only = key_for(seller, ORDERS_READ)
    offers_only = key_for(seller, READ, WRITE)

    for method, url, body, extra in seller_order_requests(part.public_id)[1:]:
        response = send(client, method, url, body, {**read_only, **extra})
        assert (response.status_code, response.json()["error"]) == (403, "insufficient_scope"), url
    for method, url, body, extra in seller_requests(part.public_id)[:2]:
        assert send(client, method, url, body, {**offers_only, **extra}).status_code == 403, url
    assert client.get(f"/api/v1/seller-orders/{part.public_id}", **read_only).status_code == 200
    assert state(part)[0] == SellerOrder.Status.PENDING


def test_shopper_cannot_read_or_cancel_another_shoppers_order(client, offer):
    theirs = buy(make_shopper(), offer)
    auth = shopper_key_for(make_shopper())

    assert client.get(f"/api/v1/orders/{theirs.public_id}", **auth).status_code == 404
    assert send(client, "post", f"/api/v1/orders/{theirs.public_id}/cancel", headers=auth).status_code == 404
    assert client.get("/api/v1/orders", **auth).json()["total"] == 0
    assert Order.objects.get(pk=theirs.pk).status == Order.Status.PLACED


def test_revoked_shopper_key_and_closed_account_are_401(client, offer):
    shopper = make_shopper()
    key, secret = create_customer_api_key(customer=shopper, name="script")
    assert client.get("/api/v1/orders", **bearer(secret)).status_code == 200

    revoke_customer_api_key(customer=shopper, key_id=key.id)
    assert client.get("/api/v1/orders", **bearer(secret)).status_code == 401

    other = make_shopper()
    _, other_secret = create_customer_api_key(customer=other, name="script")
    other.is_active = False
    other.save(update_fields=["is_active"])
    assert client.get("/api/v1/orders", **bearer(other_secret)).status_code == 401


def test_shopper_cannot_revoke_someone_elses_key(db):
    from mercato.core.errors import NotFound

    owner, intruder = make_shopper(), make_shopper()
    key, _ = create_customer_api_key(customer=owner, name="mine")

    with pytest.raises(NotFound):
        revoke_customer_api_key(customer=intruder, key_id=key.id)
    assert ApiKey.objects.get(pk=key.pk).is_active


def test_seller_keys_never_carry_the_shopper_scope(seller):
    with pytest.raises(Invalid):
        create_api_key(seller=seller, name="sneaky", scopes=["shopper:orders"])
    key, _ = create_customer_api_key(customer=make_shopper(), name="mine")
    assert key.scopes == ["shopper:orders"] and key.seller is None


def test_a_key_belongs_to_exactly_one_seller_or_shopper(seller):
    shopper = make_shopper()
    for holders in ({"seller": seller, "customer": shopper}, {}):
        with pytest.raises(IntegrityError), transaction.atomic():
            ApiKey.objects.create(name="x", prefix=f"mk_{len(holders)}", secret_hash=f"h{len(holders)}",
                                  scopes=["orders:read"], **holders)
