"""Scheduled jobs of search, run by the job queue's worker (`mercato worker`)."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from mercato.search.signals import compute_all_search_signals


@db_periodic_task(crontab(minute="20"))
def compute_search_signals_job() -> int:
    """Hourly: recompute every marketplace's ranking signals from the behaviour logs, orders and offers."""
    return sum(summary.product_signals for summary in compute_all_search_signals())


@db_periodic_task(crontab(minute="40"))
def build_product_vectors_job() -> int:
    """Hourly: embed the products on sale whose text changed and drop those no longer on sale, in every
    marketplace (semantic matching; see mercato.search.embeddings). Returns how many were embedded."""
    from mercato.search.embeddings import build_product_vectors

    return sum(build.embedded for build in build_product_vectors())
