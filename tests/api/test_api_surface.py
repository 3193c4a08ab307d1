"""The API as a whole: its docs, its schema, and errors outside any one operation."""
import re

from tests.api.helpers import key_for


def test_docs_page_renders_offline_with_locally_served_assets(client, db):
    page = client.get("/api/v1/docs")

    assert page.status_code == 200
    html = page.content.decode()
    assert "Mercato API" in html
    assert "cdn" not in html.lower()
    asset_urls = [url for url in re.findall(r'(?:href|src)="([^"]+)"', html) if url.startswith("/static/")]
    assert any(url.endswith("swagger-ui-bundle.js") for url in asset_urls)
    for url in asset_urls:
        asset = client.get(url)
        assert asset.status_code == 200, url
        assert b"".join(asset.streaming_content)
    assert "/api/v1/openapi.json" in html


def test_schema_describes_authentication_errors_and_money(client, db):
    schema = client.get("/api/v1/openapi.json").json()

    assert schema["info"]["title"] == "Mercato API"
    assert "Authorization: Bearer mk_" in schema["info"]["description"]
    assert "minor units" in schema["info"]["description"]
    assert schema["components"]["securitySchemes"]["SellerApiKey"]["scheme"] == "bearer"
    operations = {op["operationId"]: op for path in schema["paths"].values() for op in path.values()}
    assert set(operations) == {"getProduct", "listCategories", "searchProducts", "searchSuggestions", "listOffers", "getOffer",
                               "createOffer", "updateOffer", "pauseOffer", "resumeOffer", "bulkUpsertOffers",
                               "placeOrder", "listOrders", "getOrder", "cancelOrder", "listSellerOrders",
                               "getSellerOrder", "acceptSellerOrder", "shipSellerOrder", "deliverSellerOrder",
                               "cancelSellerOrder", "refundSellerOrder", "createWebhookEndpoint",
                               "listWebhookEndpoints", "getWebhookEndpoint", "updateWebhookEndpoint",
                               "deleteWebhookEndpoint", "rotateWebhookSecret", "listWebhookDeliveries",
                               "redeliverWebhook", "createFulfillmentOrder", "getFulfillmentOrder",
                               "cancelFulfillmentOrder", "getProductRecommendations", "getMyRecommendations"}
    for operation_id, operation in operations.items():
        assert operation["summary"] and operation["tags"], operation_id
        for status, response in operation["responses"].items():
            if status.startswith("4"):
                assert response["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/ErrorOut"}
    for operation_id in ("listOffers", "getOffer", "createOffer", "updateOffer", "pauseOffer", "resumeOffer",
                         "bulkUpsertOffers"):
        assert operations[operation_id]["security"] == [{"SellerApiKey": []}]
        assert {"401", "403", "404", "422"} <= set(operations[operation_id]["responses"])
    for operation_id in ("listSellerOrders", "getSellerOrder", "acceptSellerOrder", "shipSellerOrder",
                         "deliverSellerOrder", "cancelSellerOrder", "refundSellerOrder"):
        assert operations[operation_id]["security"] == [{"SellerApiKey": []}]
    for operation_id in ("placeOrder", "listOrders", "getOrder", "cancelOrder"):
        assert operations[operation_id]["security"] == [{"ShopperApiKey": []}]
    for operation_id in ("placeOrder", "refundSellerOrder"):
        [header] = [p for p in operations[operation_id]["parameters"] if p["in"] == "header"]
        assert (header["name"], header["required"]) == ("Idempotency-Key", True)
        assert {"200", "201"} <= set(operations[operation_id]["responses"])
    assert "402" in operations["placeOrder"]["responses"]
    assert "security" not in operations["getProduct"]
    assert "409" in operations["createOffer"]["responses"]


def test_unknown_api_url_is_a_json_404(client, db):
    for url in ("/api/v1/nothing-here", "/api/v1/offers/1/explode", "/api/v1/"):
        response = client.get(url)

        assert response.status_code == 404, url
        assert response.json()["error"] == "not_found"


def test_unsupported_method_is_a_json_405_listing_the_allowed_ones(client, db):
    response = client.delete("/api/v1/categories")

    assert response.status_code == 405
    assert response["Allow"] == "GET"
    assert response.json() == {"error": "method_not_allowed", "detail": "use GET", "field": None}


def test_body_that_is_not_json_is_a_400_in_the_error_format(client, seller):
    response = client.post("/api/v1/offers", data="{not json", content_type="application/json",
                           **key_for(seller))

    assert response.status_code == 400
    assert response.json() == {"error": "bad_request", "detail": "the request body is not valid JSON", "field": None}


def test_empty_body_is_refused_naming_the_first_required_field(client, seller):
    response = client.post("/api/v1/offers", content_type="application/json", **key_for(seller))

    assert response.status_code == 422
    assert response.json() == {"error": "invalid", "detail": "marketplace is required (and 2 more problems)",
                               "field": "marketplace"}


def test_body_over_the_upload_limit_is_a_413_in_the_error_format(client, seller, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
    body = '{"marketplace": "gb", "rows": [' + ",".join(['{"product_id": "M000000000"}'] * 50_000) + "]}"

    response = client.post("/api/v1/offers/bulk", data=body, content_type="application/json", **key_for(seller))

    assert response.status_code == 413
    assert response.json() == {"error": "too_large", "detail": "the request body is over 1 MB", "field": None}
