"""API keys on the wire: `Authorization: Bearer mk_...`, checked per operation for a scope.

Seller operations take a seller key, shopper operations a shopper key; the other kind is refused with
403 like a key without the scope."""
from __future__ import annotations

from django.http import HttpRequest
from ninja.security import HttpBearer

from mercato.api.keys import key_for_secret
from mercato.api.models import ApiKey
from mercato.core.errors import NotAllowed
from mercato.customers.models import User
from mercato.sellers.models import Seller


class _ScopedApiKey(HttpBearer):
    """A key of the right kind holding `scope`. No key, an unknown or a revoked one: 401. Missing scope or
    the other kind of key: 403."""

    openapi_bearerFormat = "mk_..."
    kind = ""

    def __init__(self, scope: str):
        super().__init__()
        self.scope = scope

    def holds(self, key: ApiKey) -> bool:
        raise NotImplementedError

    def authenticate(self, request: HttpRequest, token: str) -> ApiKey | None:
        key = key_for_secret(token.strip())
        if key is None:
            return None
        if not self.holds(key):
            raise NotAllowed(f"this operation needs a {self.kind} API key", code="insufficient_scope")
        if self.scope not in key.scopes:
            raise NotAllowed(f"this API key lacks the {self.scope} scope", code="insufficient_scope")
        return key


class SellerApiKey(_ScopedApiKey):
    """A seller's API key holding `scope`."""

    # Every attribute named openapi_* lands in the OpenAPI security scheme.
    openapi_description = ("A seller API key, created in Seller Central > API keys. Send it as "
                           "`Authorization: Bearer mk_...`. Keys carry scopes: `offers:read`, `offers:write`, "
                           "`orders:read`, `orders:write`, `webhooks`, `fulfillment`.")
    kind = "seller"

    def holds(self, key: ApiKey) -> bool:
        return key.seller_id is not None


class ShopperApiKey(_ScopedApiKey):
    """A shopper's API key holding `scope`."""

    openapi_description = ("A shopper API key, created on the storefront under Your account > API keys. Send "
                           "it as `Authorization: Bearer mk_...`. It carries the `shopper:orders` scope.")
    kind = "shopper"

    def holds(self, key: ApiKey) -> bool:
        return key.customer_id is not None


offers_read = SellerApiKey(ApiKey.Scope.OFFERS_READ)
offers_write = SellerApiKey(ApiKey.Scope.OFFERS_WRITE)
orders_read = SellerApiKey(ApiKey.Scope.ORDERS_READ)
orders_write = SellerApiKey(ApiKey.Scope.ORDERS_WRITE)
webhooks = SellerApiKey(ApiKey.Scope.WEBHOOKS)
fulfillment = SellerApiKey(ApiKey.Scope.FULFILLMENT)
shopper_orders = ShopperApiKey(ApiKey.Scope.SHOPPER_ORDERS)


def key_seller(request: HttpRequest) -> Seller:
    """The seller whose key authenticated this request."""
    return request.auth.seller


def key_customer(request: HttpRequest) -> User:
    """The shopper whose key authenticated this request."""
    return request.auth.customer
