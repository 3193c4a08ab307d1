"""Scheduled membership job, run by the job queue's worker (`mercato worker`)."""
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from mercato.membership.renewals import renew_due_memberships


@db_periodic_task(crontab(minute="17"))
def renew_memberships_job() -> dict:
    """Hourly: charge memberships whose period is over, retry failed renewals, end what is over."""
    run = renew_due_memberships()
    return {"renewed": run.renewed, "failed": run.failed, "ended": run.ended}
