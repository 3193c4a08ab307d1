"""Helpers for API tests: requests carrying a seller's API key."""
from mercato.api.keys import create_api_key

READ = "offers:read"
WRITE = "offers:write"


def bearer(secret: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def key_for(seller, *scopes) -> dict:
    """Request headers carrying a new API key of `seller` with `scopes` (both by default)."""
    _, secret = create_api_key(seller=seller, name="test key", scopes=list(scopes or (READ, WRITE)))
    return bearer(secret)
