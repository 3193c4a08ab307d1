"""Webhook endpoints and the events queued for them.

`enqueue` is what other domains call when something a seller's integration follows happens: it writes one
delivery per matching endpoint in the caller's transaction (a rolled-back change sends nothing) and asks the
job queue to send them once that transaction commits. Sending is in `mercato.webhooks.delivery`.
"""
from __future__ import annotations

import json
import re
import secrets
from urllib.parse import urlsplit

from django.db import IntegrityError, transaction
from django.utils import timezone

from mercato.core.errors import Conflict, Invalid, NotAllowed, NotFound
from mercato.core.ids import new_public_id
from mercato.sellers.models import Seller
from mercato.webhooks.models import MAX_URL_LENGTH, WebhookDelivery, WebhookEndpoint
from mercato.webhooks.topics import EVERY_TOPIC, TOPICS, subscribes_to

SECRET_PREFIX = "whsec_"
MAX_ENDPOINTS_PER_SELLER = 10
MAX_PAYLOAD_BYTES = 64 * 1024


_PORT = r"(?:6553[0-5]|655[0-2][0-9]|65[0-4][0-9]{2}|6[0-4][0-9]{3}|[1-5][0-9]{4}|[1-9][0-9]{0,3})"
# Exactly the URLs `clean_url` accepts; the API schema shows it. The checks before it explain common mistakes.
URL_PATTERN = (r"^[Hh][Tt][Tt][Pp][Ss]?://(?:[A-Za-z0-9._~!$&'()*+,;=-]|%[0-9A-Fa-f]{2})+"
               rf"(?::{_PORT})?(?:[/?#][!-~]*)?$")


def clean_url(url) -> str:
    """An absolute http(s) URL naming a host (by name or IPv4 address), without spaces, control characters
    or credentials."""
    text = "" if url is None else str(url)
    if not text:
        raise Invalid("url is required", field="url")
    if len(text) > MAX_URL_LENGTH:
        raise Invalid(f"url is too long ({len(text)} characters; the limit is {MAX_URL_LENGTH})", field="url")
    if not text.isascii() or any(ch.isspace() or not ch.isprintable() for ch in text):
        raise Invalid("url must not contain spaces, control or non-ASCII characters (percent-encode them, and "
                      "write an international domain name in its xn-- form)", field="url")
    try:
        parts = urlsplit(text)
        if parts.scheme.lower() not in ("http", "https"):
            raise Invalid("url must start with http:// or https://", field="url")
        host, port = parts.hostname, parts.port
    except ValueError:
        raise Invalid("url has an invalid host or port", field="url") from None
    if not host:
        raise Invalid("url must name a host, e.g. https://shop.example.com/hooks", field="url")
    if port == 0:
        raise Invalid("url has an invalid host or port", field="url")
    if parts.username is not None or parts.password is not None:
        raise Invalid("url must not contain a user name or password; check the signature instead", field="url")
    if not re.fullmatch(URL_PATTERN, text):
        raise Invalid("url is not a usable http(s) URL: name the host by a domain name or IPv4 address and "
                      "percent-encode other characters", field="url")
    return text


def clean_topics(topics) -> list[str]:
    """Known topic names, each once, sorted; `["*"]` when every topic is asked for."""
    if isinstance(topics, str) or not isinstance(topics, (list, tuple)) or not topics:
        raise Invalid("choose at least one topic", field="topics")
    unknown = [str(topic) for topic in topics if topic not in TOPICS and topic != EVERY_TOPIC]
    if unknown:
        raise Invalid(f"unknown topic {unknown[0]!r}; choose from: {', '.join((EVERY_TOPIC, *TOPICS))}",
                      field="topics")
    return [EVERY_TOPIC] if EVERY_TOPIC in topics else sorted(set(topics))


def _new_secret() -> str:
    return SECRET_PREFIX + secrets.token_urlsafe(32)


@transaction.atomic
def create_endpoint(*, seller: Seller, url: str, topics: list[str]) -> WebhookEndpoint:
    """A new active endpoint of `seller`; its `secret` is for the caller to show once."""
    url = clean_url(url)
    topics = clean_topics(topics)
    seller = Seller.objects.select_for_update().get(pk=seller.pk)
    if not seller.is_active:
        raise NotAllowed("webhooks are available once the seller account is active", field="seller")
    if seller.webhook_endpoints.count() >= MAX_ENDPOINTS_PER_SELLER:
        raise Conflict(f"a seller can have at most {MAX_ENDPOINTS_PER_SELLER} webhook endpoints; "
                       "delete one first", field="url")
    if seller.webhook_endpoints.filter(url=url).exists():
        raise Conflict("you already have an endpoint with this url", field="url")
    try:
        with transaction.atomic():
            return WebhookEndpoint.objects.create(seller=seller, url=url, topics=topics, secret=_new_secret())
    except IntegrityError:
        raise Conflict("you already have an endpoint with this url", field="url") from None


def _own_endpoint(seller: Seller, endpoint_id: int) -> WebhookEndpoint:
    endpoint = WebhookEndpoint.objects.select_for_update().filter(pk=endpoint_id, seller=seller).first()
    if endpoint is None:
        raise NotFound("no such webhook endpoint", field="endpoint")
    return endpoint


@transaction.atomic
def set_endpoint_active(*, seller: Seller, endpoint_id: int, active: bool) -> WebhookEndpoint:
    """Disable an endpoint (nothing is sent to it; its pending deliveries wait) or enable it again."""
    endpoint = _own_endpoint(seller, endpoint_id)
    if endpoint.active != active:
        endpoint.active = active
        endpoint.save(update_fields=["active"])
    return endpoint


@transaction.atomic
def delete_endpoint(*, seller: Seller, endpoint_id: int) -> None:
    """Delete an endpoint with its delivery log."""
    _own_endpoint(seller, endpoint_id).delete()


@transaction.atomic
def rotate_secret(*, seller: Seller, endpoint_id: int) -> WebhookEndpoint:
    """A new secret for the endpoint; requests are signed with it from now on, the old one stops at once."""
    endpoint = _own_endpoint(seller, endpoint_id)
    endpoint.secret = _new_secret()
    endpoint.secret_rotated_at = timezone.now()
    endpoint.save(update_fields=["secret", "secret_rotated_at"])
    return endpoint


@transaction.atomic
def enqueue(*, seller_id: int, topic: str, payload: dict) -> list[WebhookDelivery]:
    """Queue the event `topic` with `payload` for each active endpoint of the seller that subscribes to it,
    as part of the caller's transaction; they are sent once it commits. Returns the deliveries (none when
    no endpoint listens)."""
    if topic not in TOPICS:
        raise Invalid(f"unknown webhook topic {topic!r}", field="topic")
    if not isinstance(payload, dict):
        raise Invalid("a webhook payload is a JSON object", field="payload")
    try:
        size = len(json.dumps(payload, separators=(",", ":"), allow_nan=False).encode())
    except (TypeError, ValueError):
        raise Invalid("a webhook payload must be JSON (strings, numbers, booleans, lists, objects)",
                      field="payload") from None
    if size > MAX_PAYLOAD_BYTES:
        raise Invalid(f"a webhook payload is at most {MAX_PAYLOAD_BYTES} bytes", field="payload")
    endpoints = [endpoint for endpoint in WebhookEndpoint.objects.filter(seller_id=seller_id, active=True)
                 if subscribes_to(endpoint.topics, topic)]
    if not endpoints:
        return []
    now = timezone.now()
    event_id = new_public_id("evt_", 16)
    deliveries = WebhookDelivery.objects.bulk_create([
        WebhookDelivery(endpoint=endpoint, event_id=event_id, topic=topic, payload=payload,
                        next_attempt_at=now, created_at=now)
        for endpoint in endpoints])
    delivery_ids = [delivery.pk for delivery in deliveries]
    # robust: a job queue that cannot be reached must not fail the caller's committed change; the periodic
    # job sends these deliveries instead.
    transaction.on_commit(lambda: _send_soon(delivery_ids), robust=True)
    return deliveries


@transaction.atomic
def redeliver(*, seller: Seller, delivery_id: int) -> WebhookDelivery:
    """Send one of the seller's deliveries again now, whatever became of it, with a fresh retry schedule.
    Its attempt log is kept."""
    delivery = (WebhookDelivery.objects.select_for_update(of=("self",)).select_related("endpoint")
                .filter(pk=delivery_id, endpoint__seller=seller).first())
    if delivery is None:
        raise NotFound("no such webhook delivery", field="delivery")
    if not delivery.endpoint.active:
        raise Conflict("the endpoint is disabled; enable it to send to it again", field="delivery")
    now = timezone.now()
    if delivery.leased_until is not None and delivery.leased_until > now:
        raise Conflict("an attempt is under way; try again in a moment", field="delivery")
    delivery.status = WebhookDelivery.Status.PENDING
    delivery.attempts = 0
    delivery.next_attempt_at = now
    delivery.leased_until = None
    delivery.delivered_at = None
    delivery.save(update_fields=["status", "attempts", "next_attempt_at", "leased_until", "delivered_at"])
    delivery_ids = [delivery.pk]
    transaction.on_commit(lambda: _send_soon(delivery_ids), robust=True)
    return delivery


def _send_soon(delivery_ids: list[int]) -> None:
    from mercato.webhooks.tasks import deliver_webhooks_now_job

    deliver_webhooks_now_job(delivery_ids)
