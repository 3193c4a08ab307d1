"""Scheduled jobs of the core: sending the notifications the outbox recorded."""
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from mercato.core.outbox import deliver_pending_events


@db_periodic_task(crontab(minute="*"))
def deliver_notifications_job() -> int:
    """Every minute: email what the outbox recorded."""
    return deliver_pending_events()
