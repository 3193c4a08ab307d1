"""Scheduled job of the recommenders, run by the job queue's worker (`mercato worker`)."""
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from mercato.recommendations.services import compute_all


@db_periodic_task(crontab(hour="4", minute="15"))
def compute_recommendations_job() -> int:
    """Nightly: recompute every marketplace's stored recommendation lists from the purchases so far."""
    return sum(summary.lists for summary in compute_all())
