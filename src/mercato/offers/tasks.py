"""Offer jobs for the job queue's worker: processing uploaded CSV files."""
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from mercato.offers.upload_jobs import process_stalled_uploads, process_upload


@db_task()
def process_offer_upload_job(upload_id: int) -> None:
    process_upload(upload_id)


@db_periodic_task(crontab(minute="*/5"))
def process_stalled_uploads_job() -> int:
    """Every five minutes: uploads whose job was lost are processed."""
    return process_stalled_uploads()
