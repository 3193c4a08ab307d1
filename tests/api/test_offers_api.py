import json

import pytest

from mercato.offers.models import Offer
from tests.api.helpers import READ, WRITE, key_for
from tests.factories import make_marketplace, make_offer, make_product, make_seller


def post(client, url, body, headers):
    return client.post(url, data=json.dumps(body), content_type="application/json", **headers)


def patch(client, url, body, headers):
    return client.patch(url, data=json.dumps(body), content_type="application/json", **headers)


@pytest.fixture
def product(db):
    return make_product("Enamel mug", gtin="4006381333931")


def new_offer(product, **overrides):
    return {"product_id": product.public_id, "marketplace": "gb", "condition": "new", "price_minor": 1250,
            "quantity": 7, **overrides}


def test_seller_lists_a_product_and_wins_the_buy_box(client, marketplace, seller, auth, product):
    response = post(client, "/api/v1/offers", new_offer(product, shipping_minor=199, handling_days=1,
                                                        seller_sku="MUG-RED", condition_note=""), auth)

    assert response.status_code == 201
    body = response.json()
    offer = Offer.objects.get(seller=seller)
    assert body["id"] == offer.id
    assert body["product"] == {"public_id": product.public_id, "title": "Enamel mug", "gtin": "4006381333931"}
    assert (body["marketplace"], body["currency"], body["seller_sku"]) == ("gb", "GBP", "MUG-RED")
    assert (body["price_minor"], body["shipping_minor"], body["landed_price_minor"]) == (1250, 199, 1449)
    assert (body["quantity"], body["handling_days"], body["status"]) == (7, 1, "active")
    assert body["has_buy_box"] is True
    assert (offer.price_minor, offer.quantity, offer.seller_sku) == (1250, 7, "MUG-RED")


def test_product_can_be_named_by_gtin(client, marketplace, auth, product):
    body = {"gtin": "4006381333931", "marketplace": "gb", "price_minor": 999, "quantity": 1}

    response = post(client, "/api/v1/offers", body, auth)

    assert response.status_code == 201
    assert response.json()["product"]["public_id"] == product.public_id


@pytest.mark.parametrize("change, field, detail", [
    ({"price_minor": -5}, "price_minor", "price_minor should be greater than or equal to 1"),
    ({"price_minor": 0}, "price_minor", "price_minor should be greater than or equal to 1"),
    ({"price_minor": "12.50"}, "price_minor", "price_minor should be a valid integer"),
    ({"price_minor": "1250"}, "price_minor", "price_minor should be a valid integer"),
    ({"price_minor": 12.5}, "price_minor",
     "price_minor should be a valid integer, got a number with a fractional part"),
    ({"price_minor": True}, "price_minor", "price_minor should be a valid integer"),
    ({"price_minor": 10**8 + 1}, "price_minor", "price_minor should be less than or equal to 100000000"),
    ({"quantity": 1_000_001}, "quantity", "quantity should be less than or equal to 1000000"),
    ({"quantity": -1}, "quantity", "quantity should be greater than or equal to 0"),
    ({"handling_days": 31}, "handling_days", "handling_days should be less than or equal to 30"),
    ({"condition": "mint"}, "condition", None),
    ({"fulfillment_channel": "network"}, "fulfillment_channel", None),
    ({"seller_sku": "x" * 41}, "seller_sku", "seller_sku should have at most 40 characters"),
    ({"seller_sku": "bad\x00sku"}, "seller_sku", None),
    ({"price": 1250}, "price", "price is not a field of this request"),
    ({"gtin": "12345"}, "gtin", None),
    ({"marketplace": "g b"}, "marketplace", None),
])
def test_invalid_offer_is_refused_naming_the_field_and_nothing_is_written(
        client, marketplace, auth, product, change, field, detail):
    response = post(client, "/api/v1/offers", new_offer(product, **change), auth)

    assert response.status_code == 422
    body = response.json()
    assert body["error"] == "invalid"
    assert body["field"] == field
    if detail:
        assert body["detail"] == detail
    assert Offer.objects.count() == 0


def test_offer_without_price_names_price(client, marketplace, auth, product):
    body = new_offer(product)
    del body["price_minor"]

    response = post(client, "/api/v1/offers", body, auth)

    assert response.status_code == 422
    assert response.json() == {"error": "invalid", "detail": "price_minor is required", "field": "price_minor"}


def test_offer_needs_a_product_reference(client, marketplace, auth):
    response = post(client, "/api/v1/offers", {"marketplace": "gb", "price_minor": 100, "quantity": 1}, auth)

    assert response.status_code == 422
    assert response.json()["field"] == "product_id"


def test_gtin_with_a_wrong_check_digit_is_refused(client, marketplace, auth, product):
    response = post(client, "/api/v1/offers", {"gtin": "4006381333932", "marketplace": "gb", "price_minor": 100,
                                               "quantity": 1}, auth)

    assert response.status_code == 422
    assert response.json()["field"] == "gtin"
    assert Offer.objects.count() == 0


@pytest.mark.parametrize("change, field", [({"product_id": "M000000000"}, "product_id"),
                                           ({"marketplace": "zz"}, "marketplace")])
def test_unknown_product_or_marketplace_is_a_404_naming_it(client, marketplace, auth, product, change, field):
    response = post(client, "/api/v1/offers", new_offer(product, **change), auth)

    assert response.status_code == 404
    assert response.json()["field"] == field
    assert Offer.objects.count() == 0


def test_second_offer_in_the_same_condition_is_a_conflict_on_condition(client, marketplace, auth, product):
    assert post(client, "/api/v1/offers", new_offer(product), auth).status_code == 201

    response = post(client, "/api/v1/offers", new_offer(product, price_minor=999, seller_sku="OTHER"), auth)

    assert response.status_code == 409
    assert response.json()["error"] == "conflict"
    assert response.json()["field"] == "condition"
    assert Offer.objects.get().price_minor == 1250


def test_update_changes_only_the_terms_sent(client, marketplace, seller, auth):
    offer = make_offer(seller=seller, marketplace=marketplace, price_minor=1000, quantity=3, shipping_minor=100)

    response = patch(client, f"/api/v1/offers/{offer.id}", {"price_minor": 1500, "quantity": 9}, auth)

    assert response.status_code == 200
    assert (response.json()["price_minor"], response.json()["quantity"]) == (1500, 9)
    offer.refresh_from_db()
    assert (offer.price_minor, offer.quantity, offer.shipping_minor) == (1500, 9, 100)


@pytest.mark.parametrize("change, field", [({"price_minor": 0}, "price_minor"), ({"price_minor": None}, "price_minor"),
                                           ({"quantity": "many"}, "quantity"), ({"condition": "new"}, "condition")])
def test_invalid_update_is_refused_and_changes_nothing(client, marketplace, seller, auth, change, field):
    offer = make_offer(seller=seller, marketplace=marketplace, price_minor=1000, quantity=3)

    response = patch(client, f"/api/v1/offers/{offer.id}", {"handling_days": 5, **change}, auth)

    assert response.status_code == 422
    assert response.json()["field"] == field
    offer.refresh_from_db()
    assert (offer.price_minor, offer.quantity, offer.handling_days) == (1000, 3, 1)


def test_pause_and_resume(client, marketplace, seller, auth):
    offer = make_offer(seller=seller, marketplace=marketplace)

    paused = client.post(f"/api/v1/offers/{offer.id}/pause", **auth)

    assert paused.status_code == 200
    assert paused.json()["status"] == "paused"
    assert paused.json()["has_buy_box"] is False
    offer.refresh_from_db()
    assert offer.status == "paused"

    resumed = client.post(f"/api/v1/offers/{offer.id}/resume", **auth)

    assert resumed.status_code == 200
    assert resumed.json()["status"] == "active"
    assert resumed.json()["has_buy_box"] is True


def test_seller_reads_own_offers_filtered_and_paginated(client, marketplace, seller, auth):
    germany = make_marketplace("de", currency="EUR", language="de-DE", country_code="DE")
    offers = [make_offer(seller=seller, marketplace=marketplace) for _ in range(3)]
    make_offer(seller=seller, marketplace=germany)
    client.post(f"/api/v1/offers/{offers[0].id}/pause", **auth)

    everything = client.get("/api/v1/offers", **auth).json()
    in_gb = client.get("/api/v1/offers?marketplace=gb&page_size=2", **auth).json()
    second_page = client.get("/api/v1/offers?marketplace=gb&page_size=2&page=2", **auth).json()
    paused = client.get("/api/v1/offers?status=paused", **auth).json()

    assert everything["total"] == 4
    assert (in_gb["total"], in_gb["page_count"], len(in_gb["items"])) == (3, 2, 2)
    assert {o["id"] for o in in_gb["items"] + second_page["items"]} == {o.id for o in offers}
    assert [o["id"] for o in paused["items"]] == [offers[0].id]
    assert client.get(f"/api/v1/offers/{offers[1].id}", **auth).json()["id"] == offers[1].id


def test_list_filters_are_checked(client, marketplace, auth):
    assert client.get("/api/v1/offers?status=sold", **auth).json()["field"] == "status"
    assert client.get("/api/v1/offers?page=0", **auth).json()["field"] == "page"
    assert client.get("/api/v1/offers?page_size=101", **auth).json()["field"] == "page_size"
    unknown = client.get("/api/v1/offers?marketplace=zz", **auth)
    assert (unknown.status_code, unknown.json()["field"]) == (404, "marketplace")


def test_bulk_upsert_reports_every_row_and_keeps_the_good_ones(client, marketplace, seller, auth, product):
    existing = make_offer(seller=seller, marketplace=marketplace, price_minor=1000)
    other = make_product("Teapot")
    rows = [
        {"product_id": existing.product.public_id, "price_minor": 1100},
        {"product_id": product.public_id, "price_minor": 500, "quantity": 2},
        {"product_id": "M000000000", "price_minor": 500, "quantity": 2},
        {"product_id": other.public_id, "quantity": 2},
        {"gtin": "4006381333932", "price_minor": 500, "quantity": 2},
        {"product_id": other.public_id, "condition": "used_good", "price_minor": 300, "quantity": 1},
    ]

    response = post(client, "/api/v1/offers/bulk", {"marketplace": "gb", "rows": rows}, auth)

    assert response.status_code == 200
    body = response.json()
    assert (body["created"], body["updated"], body["rejected"]) == (2, 1, 3)
    outcomes = body["rows"]
    assert [o["row"] for o in outcomes] == [0, 1, 2, 3, 4, 5]
    assert [o["action"] for o in outcomes] == ["updated", "created", "rejected", "rejected", "rejected", "created"]
    assert outcomes[0]["offer_id"] == existing.id
    assert [o["field"] for o in outcomes] == [None, None, "product_id", "price_minor", "gtin", None]
    assert outcomes[2]["error"] and outcomes[2]["offer_id"] is None and outcomes[2]["accepted"] is False
    existing.refresh_from_db()
    assert existing.price_minor == 1100
    assert Offer.objects.filter(seller=seller).count() == 3


def test_bulk_over_a_thousand_rows_is_refused_whole(client, marketplace, seller, auth, product):
    rows = [{"product_id": product.public_id, "price_minor": 100, "quantity": 1}] * 1001

    response = post(client, "/api/v1/offers/bulk", {"marketplace": "gb", "rows": rows}, auth)

    assert response.status_code == 422
    assert response.json()["field"] == "rows"
    assert Offer.objects.count() == 0


def test_bulk_row_breaking_the_schema_is_named_by_its_index(client, marketplace, auth, product):
    rows = [{"product_id": product.public_id, "price_minor": 100, "quantity": 1},
            {"product_id": product.public_id, "price_minor": -1, "quantity": 1}]

    response = post(client, "/api/v1/offers/bulk", {"marketplace": "gb", "rows": rows}, auth)

    assert response.status_code == 422
    assert response.json()["field"] == "rows.1.price_minor"
    assert Offer.objects.count() == 0


def test_suspended_seller_cannot_change_offers(client, marketplace, seller, auth):
    from mercato.sellers.services import suspend_seller

    offer = make_offer(seller=seller, marketplace=marketplace, price_minor=1000)
    suspend_seller(seller=seller, operator=None, reason="late shipments")

    response = patch(client, f"/api/v1/offers/{offer.id}", {"price_minor": 1}, auth)

    assert response.status_code == 403
    assert response.json()["field"] == "seller"
    offer.refresh_from_db()
    assert offer.price_minor == 1000


def test_write_only_key_cannot_read(client, marketplace):
    seller = make_seller()
    response = client.get("/api/v1/offers", **key_for(seller, WRITE))
    assert response.status_code == 403
    assert client.get("/api/v1/offers", **key_for(seller, READ)).status_code == 200
