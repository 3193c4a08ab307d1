"""Domain events written in the transaction of the change they announce (the transactional outbox).

Notifications to shoppers and sellers are recorded here; the ops console shows the log.
`deliver_pending_events` (run by `mercato run-jobs`) sends those addressed to an email address through
Django's mail backend: files in MERCATO_HOME/mail by default, so no mail server is needed; SMTP when
configured (EMAIL_BACKEND and the EMAIL_* settings)."""
from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone

from mercato.core.models import OutboxEvent

logger = logging.getLogger(__name__)


def record_event(topic: str, *, recipient: str = "", subject: str = "", body: str = "",
                 payload: dict | None = None) -> OutboxEvent:
    return OutboxEvent.objects.create(topic=topic, recipient=recipient, subject=subject[:200], body=body,
                                      payload=payload or {})


def recent_events(*, topic: str = "", limit: int = 200):
    events = OutboxEvent.objects.all()
    if topic:
        events = events.filter(topic__startswith=topic)
    return events[:limit]


def deliver_pending_events(*, limit: int = 500) -> int:
    """Send undelivered email notifications, oldest first; returns how many were sent.

    Rows are claimed with SKIP LOCKED, so several workers can run at once without sending one twice. A send
    that fails stays undelivered and is tried again on the next run."""
    sent = 0
    with transaction.atomic():
        events = list(OutboxEvent.objects.select_for_update(skip_locked=True)
                      .filter(delivered_at__isnull=True, recipient__contains="@").order_by("id")[:limit])
        for event in events:
            try:
                EmailMessage(subject=event.subject or event.topic, body=event.body,
                             from_email=settings.DEFAULT_FROM_EMAIL, to=[event.recipient]).send()
            except Exception:  # a mail server refusing one message must not stop the others
                logger.exception("could not send notification %s to %s", event.pk, event.recipient)
                continue
            event.delivered_at = timezone.now()
            event.save(update_fields=["delivered_at"])
            sent += 1
    return sent
