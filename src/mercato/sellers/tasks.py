"""Scheduled seller jobs: the daily payout run."""
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from mercato.sellers.payouts import run_payouts


@db_periodic_task(crontab(minute="0", hour="3"))
def payout_run_job() -> int:
    """Daily at 03:00 UTC: release earnings past the reserve period and pay sellers' available balances."""
    return len(run_payouts())
