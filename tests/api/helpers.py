"""Helpers for API tests: requests carrying a seller's or a shopper's API key."""
import json

from mercato.api.keys import create_api_key, create_customer_api_key

READ = "offers:read"
WRITE = "offers:write"
ORDERS_READ = "orders:read"
ORDERS_WRITE = "orders:write"


def bearer(secret: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def key_for(seller, *scopes) -> dict:
    """Request headers carrying a new API key of `seller` with `scopes` (the two offer scopes by default)."""
    _, secret = create_api_key(seller=seller, name="test key", scopes=list(scopes or (READ, WRITE)))
    return bearer(secret)


def shopper_key_for(user) -> dict:
    """Request headers carrying a new shopper API key of `user`."""
    _, secret = create_customer_api_key(customer=user, name="test key")
    return bearer(secret)


def send(client, method, url, body=None, headers=None, **extra):
    """`method` on `url` with `body` as JSON (when given) and the header dicts merged."""
    if body is None:
        return getattr(client, method)(url, **(headers or {}), **extra)
    return getattr(client, method)(url, data=json.dumps(body), content_type="application/json",
                                   **(headers or {}), **extra)


def idempotency(key: str) -> dict:
    return {"HTTP_IDEMPOTENCY_KEY": key}
