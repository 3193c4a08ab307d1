"""The NinjaAPI behind /api/v1/: its routers and its error format. The docs page's assets are served
locally because "ninja" is an installed app (see settings), so /api/v1/docs works offline."""
from __future__ import annotations

import json
from functools import wraps

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI, Router

from mercato.api.errors import error_body, install_error_handlers
from mercato.core.errors import NotFound

DESCRIPTION = """
The Mercato marketplace API: read the catalog, search products and read recommendations, manage your offers
and fulfil your orders as a seller (or have Mercato's network ship orders from your other shops), and place and
follow orders as a shopper.

**Authentication.** Catalog and search are public. Everything else needs an API key, sent as
`Authorization: Bearer mk_...`. A *seller key* (create one in Seller Central) carries scopes:
`offers:read` and `offers:write` for your offers, `orders:read` and `orders:write` for your seller orders,
`webhooks` for your webhook endpoints and their delivery log, `fulfillment` to send orders from your other
shops to be shipped from your stock in Mercato's network.
A *shopper key* (create one on the storefront under Your account > API keys) carries `shopper:orders`:
place, read and cancel your own orders. A missing, unknown or revoked key answers 401; a key without the
scope an operation needs, or of the other kind, answers 403. You only ever see your own data: another
seller's offer or order, or another shopper's order, answers 404, like a missing one.

**Idempotency.** Placing an order and refunding one need an `Idempotency-Key` header (1..80 printable
characters you choose, one per intended action). Sending the same key again never acts twice: it answers
200 with what the first request made (201).

**Money** is always an integer number of minor units of the marketplace currency, named `*_minor`:
`price_minor: 1250` in a GBP marketplace is £12.50. No amount is ever a decimal or a float.

**Errors** all have one JSON shape, whatever the status:
`{"error": "invalid", "detail": "price_minor should be greater than or equal to 1", "field": "price_minor"}`.
`error` is a stable code for programs (`invalid` 422, `not_found` 404, `conflict` 409 (also `out_of_stock`,
`price_changed`, `capture_failed`, `refund_failed`), `payment_declined` and `payment_unavailable` 402,
`not_allowed` and `insufficient_scope` 403, `unauthorized` 401, `bad_request` 400 for a body that is not
JSON, `too_large` 413, `method_not_allowed` 405), `detail` is for people and `field` names the input at
fault (`rows.3.quantity` inside a list, `Idempotency-Key` for that header), or is null.
Request bodies refuse unknown fields, so a typo is an error rather than silently ignored.
"""

class MercatoAPI(NinjaAPI):
    """A NinjaAPI whose every URL answers an unsupported method in the API's error format."""

    def _get_urls(self):
        urls = super()._get_urls()
        for pattern in urls:
            pattern.callback = _json_method_not_allowed(pattern.callback)
        return urls


def _json_method_not_allowed(view):
    """Ninja answers a method a path does not support with a plain-text 405; give it the API's error body
    (keeping the Allow header)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if response.status_code == 405 and not response.get("Content-Type", "").startswith("application/json"):
            allowed = response.get("Allow", "")
            body = error_body("method_not_allowed", f"use {allowed or 'another method'}")
            response = HttpResponse(json.dumps(body), status=405, content_type="application/json; charset=utf-8")
            response["Allow"] = allowed
        return response

    return wrapper


api = MercatoAPI(
    title="Mercato API",
    version="1",
    description=DESCRIPTION.strip(),
    urls_namespace="api",
)
install_error_handlers(api)


api.add_router("", "mercato.catalog.api.router")
api.add_router("", "mercato.search.api.router")
api.add_router("", "mercato.search.suggest_api.router")
api.add_router("", "mercato.offers.api.router")
api.add_router("", "mercato.orders.api.router")
api.add_router("", "mercato.orders.api.seller_router")
api.add_router("", "mercato.webhooks.api.router")
api.add_router("", "mercato.fulfillment.api.router")
api.add_router("", "mercato.recommendations.api.router")

# Added last, so it only answers paths no router has: an unknown API URL gets the API's 404 body,
# not the storefront's HTML page.
_unknown = Router()
_ALL_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"]


@_unknown.api_operation(_ALL_METHODS, "/{path:rest}", include_in_schema=False)
def unknown_endpoint(request: HttpRequest, rest: str):
    raise NotFound("no such API endpoint; see /api/v1/docs", field=None)


@_unknown.api_operation(_ALL_METHODS, "", include_in_schema=False)
def api_root(request: HttpRequest):
    raise NotFound("no such API endpoint; see /api/v1/docs", field=None)


api.add_router("", _unknown)
