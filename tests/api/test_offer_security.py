"""A key only ever reaches its own seller's offers, and only with the scope the operation needs."""
import json

import pytest

from mercato.api.keys import create_api_key, revoke_api_key
from mercato.offers.models import Offer
from tests.api.helpers import READ, WRITE, bearer, key_for
from tests.factories import make_offer, make_seller


@pytest.fixture
def other_sellers_offer(marketplace):
    return make_offer(seller=make_seller("Rival Goods"), marketplace=marketplace, price_minor=1000, quantity=4)


def offer_id_requests(offer_id):
    """Every operation that takes an offer id, as (method, url, JSON body)."""
    return [
        ("get", f"/api/v1/offers/{offer_id}", None),
        ("patch", f"/api/v1/offers/{offer_id}", {"price_minor": 1}),
        ("post", f"/api/v1/offers/{offer_id}/pause", None),
        ("post", f"/api/v1/offers/{offer_id}/resume", None),
    ]


def send(client, method, url, body, headers):
    if body is None:
        return getattr(client, method)(url, **headers)
    return getattr(client, method)(url, data=json.dumps(body), content_type="application/json", **headers)


def unchanged(offer):
    fresh = Offer.objects.get(pk=offer.pk)
    return (fresh.price_minor, fresh.quantity, fresh.status) == (offer.price_minor, offer.quantity, offer.status)


def test_another_sellers_offer_looks_exactly_like_a_missing_one(client, seller, auth, other_sellers_offer):
    missing_id = Offer.objects.order_by("-id").first().id + 1000
    for (method, url, body), (_, missing_url, _) in zip(offer_id_requests(other_sellers_offer.id),
                                                        offer_id_requests(missing_id)):
        theirs = send(client, method, url, body, auth)
        missing = send(client, method, missing_url, body, auth)

        assert theirs.status_code == 404, (method, url)
        assert theirs.json() == missing.json() == {"error": "not_found", "detail": "no such offer",
                                                   "field": "offer"}
    assert unchanged(other_sellers_offer)


def test_list_shows_only_the_keys_own_offers(client, seller, auth, marketplace, other_sellers_offer):
    mine = make_offer(seller=seller, marketplace=marketplace, product=other_sellers_offer.product)

    listing = client.get("/api/v1/offers", **auth).json()

    assert [offer["id"] for offer in listing["items"]] == [mine.id]
    assert listing["total"] == 1


def test_bulk_cannot_touch_another_sellers_offer(client, seller, auth, other_sellers_offer):
    row = {"product_id": other_sellers_offer.product.public_id, "price_minor": 1, "quantity": 0}

    response = client.post("/api/v1/offers/bulk", data=json.dumps({"marketplace": "gb", "rows": [row]}),
                           content_type="application/json", **auth)

    assert response.json()["rows"][0]["action"] == "created"
    assert response.json()["rows"][0]["offer_id"] != other_sellers_offer.id
    assert unchanged(other_sellers_offer)


@pytest.mark.parametrize("headers", [
    {},
    bearer("mk_not-a-real-key"),
    {"HTTP_AUTHORIZATION": "mk_missing-bearer-word"},
    {"HTTP_AUTHORIZATION": "Basic dXNlcjpwYXNz"},
], ids=["no key", "unknown key", "no scheme", "basic auth"])
def test_without_a_valid_key_every_seller_operation_is_401(client, seller, marketplace, headers):
    offer = make_offer(seller=seller, marketplace=marketplace)
    requests = offer_id_requests(offer.id) + [("get", "/api/v1/offers", None),
                                              ("post", "/api/v1/offers", {"marketplace": "gb"}),
                                              ("post", "/api/v1/offers/bulk", {"marketplace": "gb", "rows": []})]
    for method, url, body in requests:
        response = send(client, method, url, body, headers)

        assert response.status_code == 401, (method, url)
        assert response.json()["error"] == "unauthorized"
        assert response["WWW-Authenticate"].startswith("Bearer")
    assert unchanged(offer)


def test_revoked_key_is_401(client, seller, marketplace):
    offer = make_offer(seller=seller, marketplace=marketplace)
    key, secret = create_api_key(seller=seller, name="old", scopes=[READ, WRITE])
    assert client.get("/api/v1/offers", **bearer(secret)).status_code == 200
    revoke_api_key(seller=seller, key_id=key.id)

    for method, url, body in offer_id_requests(offer.id) + [("get", "/api/v1/offers", None)]:
        assert send(client, method, url, body, bearer(secret)).status_code == 401, (method, url)
    assert unchanged(offer)


def test_read_only_key_cannot_write(client, seller, marketplace):
    offer = make_offer(seller=seller, marketplace=marketplace)
    read_only = key_for(seller, READ)
    writes = [request for request in offer_id_requests(offer.id) if request[0] != "get"]
    writes += [("post", "/api/v1/offers", {"product_id": offer.product.public_id, "marketplace": "gb",
                                          "condition": "used_good", "price_minor": 100, "quantity": 1}),
               ("post", "/api/v1/offers/bulk", {"marketplace": "gb", "rows": [{"product_id": "X", "quantity": 1}]})]

    for method, url, body in writes:
        response = send(client, method, url, body, read_only)

        assert response.status_code == 403, (method, url)
        assert response.json()["error"] == "insufficient_scope"
    assert unchanged(offer)
    assert Offer.objects.count() == 1
    assert client.get(f"/api/v1/offers/{offer.id}", **read_only).status_code == 200
