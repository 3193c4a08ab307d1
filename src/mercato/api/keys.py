"""Creating, checking and revoking API keys: seller keys (offers, seller orders) and shopper keys (the
shopper's own orders)."""
from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from mercato.api.models import ApiKey
from mercato.core.errors import Invalid, NotAllowed, NotFound
from mercato.core.text import clean_text
from mercato.customers.models import User
from mercato.sellers.models import Seller

KEY_PREFIX = "mk_"


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _new_key(*, name: str, scopes: list[str], created_by, **holder) -> tuple[ApiKey, str]:
    secret = KEY_PREFIX + secrets.token_urlsafe(32)
    key = ApiKey.objects.create(name=name, prefix=secret[:12],
                                secret_hash=_hash(secret), scopes=scopes, created_by=created_by, **holder)
    return key, secret


@transaction.atomic
def create_api_key(*, seller: Seller, name: str, scopes: list[str], created_by=None) -> tuple[ApiKey, str]:
    """A new seller key and its secret. The secret is returned once and never stored."""
    if not seller.is_active:
        raise NotAllowed("API keys are available once the seller account is active", field="seller")
    name = clean_text(name, field="name", max_length=100)
    scopes = sorted(set(scopes))
    if not scopes or not set(scopes) <= set(ApiKey.SELLER_SCOPES):
        raise Invalid("choose scopes from: " + ", ".join(ApiKey.SELLER_SCOPES), field="scopes")
    return _new_key(name=name, scopes=scopes, created_by=created_by, seller=seller)


@transaction.atomic
def create_customer_api_key(*, customer: User, name: str) -> tuple[ApiKey, str]:
    """A new shopper key for `customer`'s own orders, and its secret (returned once, never stored)."""
    if not customer.is_active:
        raise NotAllowed("this account is closed", field="customer")
    name = clean_text(name, field="name", max_length=100)
    return _new_key(name=name, scopes=list(ApiKey.SHOPPER_SCOPES), created_by=customer, customer=customer)


@transaction.atomic
def revoke_api_key(*, seller: Seller, key_id: int) -> ApiKey:
    return _revoke(ApiKey.objects.filter(pk=key_id, seller=seller))


@transaction.atomic
def revoke_customer_api_key(*, customer: User, key_id: int) -> ApiKey:
    return _revoke(ApiKey.objects.filter(pk=key_id, customer=customer))


def _revoke(keys) -> ApiKey:
    key = keys.select_for_update().first()
    if key is None:
        raise NotFound("no such API key", field="key")
    if key.revoked_at is None:
        key.revoked_at = timezone.now()
        key.save(update_fields=["revoked_at"])
    return key


def key_for_secret(secret: str) -> ApiKey | None:
    """The active key with this secret, or None (also for a shopper key whose account is closed). Records
    when it was last used (at most once a minute)."""
    if not secret or not secret.startswith(KEY_PREFIX) or len(secret) > 100:
        return None
    key = (ApiKey.objects.select_related("seller", "customer")
           .filter(secret_hash=_hash(secret), revoked_at__isnull=True).first())
    if key is None or (key.customer is not None and not key.customer.is_active):
        return None
    now = timezone.now()
    if key.last_used_at is None or now - key.last_used_at > timedelta(minutes=1):
        ApiKey.objects.filter(pk=key.pk).update(last_used_at=now)
    return key


def seller_api_keys(seller: Seller):
    return ApiKey.objects.filter(seller=seller)


def customer_api_keys(customer: User):
    return ApiKey.objects.filter(customer=customer)
