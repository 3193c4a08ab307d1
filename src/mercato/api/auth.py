"""Seller API keys on the wire: `Authorization: Bearer mk_...`, checked per operation for a scope."""
from __future__ import annotations

from django.http import HttpRequest
from ninja.security import HttpBearer

from mercato.api.keys import key_for_secret
from mercato.api.models import ApiKey
from mercato.core.errors import NotAllowed
from mercato.sellers.models import Seller


class SellerApiKey(HttpBearer):
    """A seller's API key holding `scope`. No key, an unknown or a revoked one: 401. Missing scope: 403."""

    # Every attribute named openapi_* lands in the OpenAPI security scheme.
    openapi_bearerFormat = "mk_..."
    openapi_description = ("A seller API key, created in Seller Central > API keys. Send it as "
                           "`Authorization: Bearer mk_...`. Keys carry scopes: `offers:read`, `offers:write`.")

    def __init__(self, scope: str):
        super().__init__()
        self.scope = scope

    def authenticate(self, request: HttpRequest, token: str) -> ApiKey | None:
        key = key_for_secret(token.strip())
        if key is None:
            return None
        if self.scope not in key.scopes:
            raise NotAllowed(f"this API key lacks the {self.scope} scope", code="insufficient_scope")
        return key


offers_read = SellerApiKey(ApiKey.Scope.OFFERS_READ)
offers_write = SellerApiKey(ApiKey.Scope.OFFERS_WRITE)


def key_seller(request: HttpRequest) -> Seller:
    """The seller whose key authenticated this request."""
    return request.auth.seller
