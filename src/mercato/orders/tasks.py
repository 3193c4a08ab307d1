"""Scheduled order jobs, run by the job queue's worker (`mercato worker`)."""
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from mercato.orders.placement import release_abandoned_orders
from mercato.orders.services import complete_delivered_orders


@db_periodic_task(crontab(minute="*"))
def release_abandoned_orders_job() -> int:
    """Every minute: units held by placements that never finished go back on sale."""
    return release_abandoned_orders()


@db_periodic_task(crontab(minute="7"))
def complete_delivered_orders_job() -> int:
    """Hourly: delivered orders past the return window are completed."""
    return complete_delivered_orders()
