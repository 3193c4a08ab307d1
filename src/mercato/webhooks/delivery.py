"""Sending queued webhook deliveries: claim, POST, record.

Deliveries are claimed in small batches in a short transaction (SKIP LOCKED on PostgreSQL, a conditional
update everywhere) that leases them; the POSTs happen after it commits, so no database lock is held while
waiting for a receiver. Each result is then recorded in its own short transaction, only if the lease is
still ours. A 2xx answer delivers; anything else (another status, a redirect, a timeout, a refused
connection) is logged and retried on the schedule in `signing.RETRY_DELAYS_SECONDS`, then failed.
"""
from __future__ import annotations

import http.client
import json
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from mercato.webhooks import signing
from mercato.webhooks.models import WebhookAttempt, WebhookDelivery

TIMEOUT_SECONDS = 10
BATCH_SIZE = 10
# Longer than a batch of attempts that all time out, so a lease never runs out while its attempt is alive.
LEASE = timedelta(seconds=BATCH_SIZE * TIMEOUT_SECONDS * 3)
USER_AGENT = "Mercato-Webhooks/1"


@dataclass(frozen=True)
class Outcome:
    status_code: int | None
    error: str
    duration_ms: int

    @property
    def succeeded(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300


def request_body(delivery: WebhookDelivery) -> bytes:
    """The JSON body of a delivery: the same bytes on every attempt, so a receiver can de-duplicate by `id`."""
    envelope = {"id": delivery.event_id, "topic": delivery.topic,
                "created_at": delivery.created_at.isoformat().replace("+00:00", "Z"), "data": delivery.payload}
    return json.dumps(envelope, separators=(",", ":"), sort_keys=True).encode()


def deliver_due(*, now: datetime | None = None, delivery_ids: list[int] | None = None, limit: int = 500) -> int:
    """Attempt every delivery due at `now` (only those in `delivery_ids`, when given), at most `limit`;
    returns how many were attempted."""
    attempted = 0
    while attempted < limit:
        claimed = _claim(now=now or timezone.now(), delivery_ids=delivery_ids,
                         count=min(BATCH_SIZE, limit - attempted))
        if not claimed:
            break
        for delivery in claimed:
            sent_at = now or timezone.now()
            _record(delivery, _post(delivery, now=sent_at), now=sent_at)
        attempted += len(claimed)
    return attempted


def _claim(*, now: datetime, delivery_ids: list[int] | None, count: int) -> list[WebhookDelivery]:
    due = (WebhookDelivery.objects
           .filter(status=WebhookDelivery.Status.PENDING, next_attempt_at__lte=now, endpoint__active=True)
           .filter(Q(leased_until__isnull=True) | Q(leased_until__lte=now)))
    if delivery_ids is not None:
        due = due.filter(pk__in=delivery_ids)
    leased_until = now + LEASE
    claimed = []
    with transaction.atomic():
        rows = (due.select_related("endpoint").select_for_update(skip_locked=True, of=("self",))
                .order_by("next_attempt_at", "id")[:count])
        for delivery in rows:
            # The conditional update makes the claim safe where SKIP LOCKED is not available (SQLite).
            taken = (WebhookDelivery.objects.filter(pk=delivery.pk, leased_until=delivery.leased_until,
                                                    status=WebhookDelivery.Status.PENDING)
                     .update(leased_until=leased_until, attempts=delivery.attempts + 1))
            if taken:
                delivery.leased_until = leased_until
                delivery.attempts += 1
                claimed.append(delivery)
    return claimed


def _post(delivery: WebhookDelivery, *, now: datetime) -> Outcome:
    body = request_body(delivery)
    endpoint = delivery.endpoint
    request = urllib.request.Request(endpoint.url, data=body, method="POST", headers={
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        "Mercato-Event": delivery.topic,
        "Mercato-Event-Id": delivery.event_id,
        "Mercato-Delivery": str(delivery.pk),
        signing.SIGNATURE_HEADER: signing.sign(endpoint.secret, int(now.timestamp()), body),
    })
    started = time.monotonic()
    status_code, error = None, ""
    try:
        with _opener.open(request, timeout=TIMEOUT_SECONDS) as response:
            status_code = response.status  # the answer's body is neither read nor kept
    except urllib.error.HTTPError as refusal:
        status_code = refusal.code
        refusal.close()
    except (OSError, http.client.HTTPException, ValueError) as failure:  # URLError is an OSError
        reason = getattr(failure, "reason", failure)
        error = (str(reason) or type(reason).__name__)[:300]
    duration_ms = int((time.monotonic() - started) * 1000)
    if status_code is not None and not 200 <= status_code < 300 and not error:
        error = f"HTTP {status_code}"
    return Outcome(status_code, error, duration_ms)


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """A redirect is an answer other than 2xx, i.e. a failed attempt: the receiver should give the final URL."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


_opener = urllib.request.build_opener(_NoRedirects)


def _record(delivery: WebhookDelivery, outcome: Outcome, *, now: datetime) -> None:
    with transaction.atomic():
        if not WebhookDelivery.objects.select_for_update().filter(pk=delivery.pk).exists():
            return  # its endpoint was deleted during the attempt
        WebhookAttempt.objects.create(delivery_id=delivery.pk, at=now, status_code=outcome.status_code,
                                      error=outcome.error, duration_ms=outcome.duration_ms)
        changes = {"leased_until": None, "last_attempt_at": now, "last_status_code": outcome.status_code,
                   "last_error": outcome.error}
        if outcome.succeeded:
            changes.update(status=WebhookDelivery.Status.DELIVERED, delivered_at=now, next_attempt_at=None)
        else:
            delay = signing.retry_delay_seconds(delivery.attempts)
            if delay is None:
                changes.update(status=WebhookDelivery.Status.FAILED, next_attempt_at=None)
            else:
                changes.update(next_attempt_at=now + timedelta(seconds=delay))
        # Only while the lease is ours: a delivery redelivered or re-claimed meanwhile keeps its new state.
        WebhookDelivery.objects.filter(pk=delivery.pk, leased_until=delivery.leased_until).update(**changes)
