"""Webhook jobs for the job queue's worker: sending new deliveries at once, and retries when they are due."""
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from mercato.webhooks.delivery import deliver_due


@db_task()
def deliver_webhooks_now_job(delivery_ids: list[int]) -> int:
    """Queued when deliveries are made (or redelivered): send them now."""
    return deliver_due(delivery_ids=delivery_ids)


@db_periodic_task(crontab(minute="*"))
def deliver_due_webhooks_job() -> int:
    """Every minute: retries that are due, and deliveries whose first job was lost."""
    return deliver_due()
