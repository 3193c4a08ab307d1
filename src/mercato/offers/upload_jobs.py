"""CSV offer uploads in the background: the page checks the file and queues it, the job queue's worker
processes it, and the seller watches the report appear.

The file-level checks (encoding, header, row count) run at once, so an unusable file is refused on the
form and nothing is stored. A usable file is stored with its upload and processed by a job queued when
the upload commits; a job that never ran (a worker that was down) is picked up by a periodic sweep.
Processing claims the upload with a conditional update, so it runs once however often it is queued.
"""
from __future__ import annotations

import io
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from mercato.marketplaces.models import Marketplace
from mercato.offers.models import OfferUpload
from mercato.offers.upload import UploadRefused, check_file, report_csv_lines, upload_offers
from mercato.sellers.models import Seller

# A page with more report lines than this shows only the rejected rows (the CSV report has them all).
MAX_REPORT_ROWS_SHOWN = 1_000
STALLED_AFTER = timedelta(minutes=2)
# Applying rows is idempotent (each sets an offer's terms), so a run that died half-way is simply run again.
ABANDONED_AFTER = timedelta(minutes=30)


def queue_upload(*, seller: Seller, marketplace: Marketplace, file, file_name: str, uploaded_by=None) -> OfferUpload:
    """Check the file and queue it for processing. Raises UploadRefused (storing nothing) for an unusable file."""
    check_file(file, max_rows=settings.OFFER_UPLOAD_MAX_ROWS)
    file.seek(0)
    with transaction.atomic():
        upload = OfferUpload.objects.create(seller=seller, marketplace=marketplace, uploaded_by=uploaded_by,
                                            file_name=str(file_name)[:200], content=file.read())
        transaction.on_commit(lambda: _enqueue(upload.pk))
    return upload


def _enqueue(upload_id: int) -> None:
    from mercato.offers.tasks import process_offer_upload_job

    process_offer_upload_job(upload_id)


def process_upload(upload_id: int) -> OfferUpload | None:
    """Apply a queued upload's rows and keep its report. Returns None if another run has it already."""
    claimed = OfferUpload.objects.filter(pk=upload_id, status=OfferUpload.Status.QUEUED).update(
        status=OfferUpload.Status.RUNNING)
    if not claimed:
        return None
    upload = OfferUpload.objects.select_related("seller", "marketplace").get(pk=upload_id)
    try:
        report = upload_offers(seller=upload.seller, marketplace=upload.marketplace,
                               file=io.BytesIO(bytes(upload.content)))
    except UploadRefused as refusal:
        upload.status, upload.error = OfferUpload.Status.FAILED, refusal.detail[:300]
    else:
        rows = report.rows
        upload.only_rejected_shown = len(rows) > MAX_REPORT_ROWS_SHOWN
        if upload.only_rejected_shown:
            rows = [row for row in rows if row.action == "rejected"][:MAX_REPORT_ROWS_SHOWN]
        upload.report_rows = [{"row_number": row.row_number, "product": row.product, "action": row.action,
                               "column": row.column or "", "error": row.error} for row in rows]
        upload.row_count = len(report.rows)
        upload.accepted_count, upload.rejected_count = report.accepted_count, report.rejected_count
        upload.report_csv = "".join(report_csv_lines(report))
        upload.status = OfferUpload.Status.DONE
    upload.content = b""
    upload.finished_at = timezone.now()
    upload.save()
    return upload


def process_stalled_uploads(*, now=None) -> int:
    """Uploads still queued well after they were made (their job was lost), or whose run died: process them now."""
    now = now or timezone.now()
    OfferUpload.objects.filter(status=OfferUpload.Status.RUNNING, created_at__lt=now - ABANDONED_AFTER).update(
        status=OfferUpload.Status.QUEUED)
    cutoff = now - STALLED_AFTER
    stalled = OfferUpload.objects.filter(status=OfferUpload.Status.QUEUED, created_at__lt=cutoff)
    return sum(1 for upload_id in stalled.values_list("pk", flat=True) if process_upload(upload_id))
