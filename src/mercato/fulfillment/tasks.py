"""Scheduled jobs of the fulfillment network, run by the job queue's worker (`mercato worker`)."""
from datetime import timedelta

from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from mercato.fulfillment.billing import charge_storage_fees
from mercato.fulfillment.shipping import process_network


@db_periodic_task(crontab(minute="*/5"))
def process_network_job() -> dict:
    """Every 5 minutes: ship what is due at the centers, and apply the carrier's events so far."""
    return process_network()


@db_periodic_task(crontab(day="1", hour="2", minute="30"))
def charge_storage_fees_job() -> int:
    """On the 1st of each month: charge last month's storage."""
    last_month = timezone.localdate().replace(day=1) - timedelta(days=1)
    return len(charge_storage_fees(month=last_month))
