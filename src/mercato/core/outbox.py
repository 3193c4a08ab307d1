"""Domain events written in the transaction of the change they announce (the transactional outbox).

Notifications to shoppers and sellers are recorded here; the ops console shows the log. Delivery to a
mail server or a webhook is a worker's job and is not needed to run the marketplace."""
from __future__ import annotations

from mercato.core.models import OutboxEvent


def record_event(topic: str, *, recipient: str = "", subject: str = "", body: str = "",
                 payload: dict | None = None) -> OutboxEvent:
    return OutboxEvent.objects.create(topic=topic, recipient=recipient, subject=subject[:200], body=body,
                                      payload=payload or {})


def recent_events(*, topic: str = "", limit: int = 200):
    events = OutboxEvent.objects.all()
    if topic:
        events = events.filter(topic__startswith=topic)
    return events[:limit]
