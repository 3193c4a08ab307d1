"""Creating, checking and revoking seller API keys."""
from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from mercato.api.models import ApiKey
from mercato.core.errors import Invalid, NotAllowed, NotFound
from mercato.core.text import clean_text
from mercato.sellers.models import Seller

KEY_PREFIX = "mk_"


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@transaction.atomic
def create_api_key(*, seller: Seller, name: str, scopes: list[str], created_by=None) -> tuple[ApiKey, str]:
    """A new key and its secret. The secret is returned once and never stored."""
    if not seller.is_active:
        raise NotAllowed("API keys are available once the seller account is active", field="seller")
    name = clean_text(name, field="name", max_length=100)
    scopes = sorted(set(scopes))
    if not scopes or not set(scopes) <= set(ApiKey.Scope.values):
        raise Invalid("choose scopes from: " + ", ".join(ApiKey.Scope.values), field="scopes")
    secret = KEY_PREFIX + secrets.token_urlsafe(32)
    key = ApiKey.objects.create(seller=seller, name=name, prefix=secret[:12], secret_hash=_hash(secret),
                                scopes=scopes, created_by=created_by)
    return key, secret


@transaction.atomic
def revoke_api_key(*, seller: Seller, key_id: int) -> ApiKey:
    key = ApiKey.objects.select_for_update().filter(pk=key_id, seller=seller).first()
    if key is None:
        raise NotFound("no such API key", field="key")
    if key.revoked_at is None:
        key.revoked_at = timezone.now()
        key.save(update_fields=["revoked_at"])
    return key


def key_for_secret(secret: str) -> ApiKey | None:
    """The active key with this secret, or None. Records when it was last used (at most once a minute)."""
    if not secret or not secret.startswith(KEY_PREFIX) or len(secret) > 100:
        return None
    key = (ApiKey.objects.select_related("seller").filter(secret_hash=_hash(secret), revoked_at__isnull=True)
           .first())
    if key is None:
        return None
    now = timezone.now()
    if key.last_used_at is None or now - key.last_used_at > timedelta(minutes=1):
        ApiKey.objects.filter(pk=key.pk).update(last_used_at=now)
    return key


def seller_api_keys(seller: Seller):
    return ApiKey.objects.filter(seller=seller)
