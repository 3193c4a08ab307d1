"""Bulk offer upload from a CSV file: the file is checked at once and processed by the job queue; the
seller watches the per-row report appear."""
from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_safe

from mercato.core.errors import DomainError
from mercato.offers.selectors import seller_recent_uploads, seller_upload
from mercato.offers.upload import UploadRefused, template_csv
from mercato.offers.upload_jobs import queue_upload
from mercato.sellercentral.access import seller_required
from mercato.sellercentral.forms.base import sentence
from mercato.sellercentral.forms.upload import OfferUploadForm
from mercato.sellercentral.views.common import current_marketplace, form_status, is_htmx


@seller_required(active=True)
def upload(request):
    marketplace = current_marketplace(request)
    posted = request.method == "POST"
    form = OfferUploadForm(request.POST if posted else None, request.FILES if posted else None)
    if posted and form.is_valid():
        file = form.cleaned_data["file"]
        try:
            queued = queue_upload(seller=request.seller, marketplace=marketplace, file=file, file_name=file.name,
                                  uploaded_by=request.user)
        except UploadRefused as refusal:
            form.add_error("file", sentence(refusal.detail))
        except DomainError as error:
            form.add_domain_error(error)
        else:
            return redirect("sellercentral:upload_status", upload_id=queued.pk)
    return render(request, "sellercentral/upload.html",
                  {"seller": request.seller, "form": form, "marketplace": marketplace,
                   "max_rows": settings.OFFER_UPLOAD_MAX_ROWS, "recent": seller_recent_uploads(request.seller)},
                  status=form_status(form))


@require_safe
@seller_required
def upload_status(request, upload_id: int):
    """The upload's progress and, once processed, its report. HTMX polls the report panel until it is done."""
    queued = seller_upload(request.seller, upload_id)
    if queued is None:
        raise Http404("No such upload.")
    template = "sellercentral/_upload_report.html" if is_htmx(request) else "sellercentral/upload_status.html"
    return render(request, template, {"seller": request.seller, "upload": queued})


@require_safe
@seller_required
def upload_report_csv(request, upload_id: int):
    queued = seller_upload(request.seller, upload_id)
    if queued is None or not queued.report_csv:
        raise Http404("No such report.")
    return HttpResponse(queued.report_csv, content_type="text/csv; charset=utf-8",
                        headers={"Content-Disposition": 'attachment; filename="offer-upload-report.csv"'})


@seller_required
def upload_template(request):
    return HttpResponse(template_csv(), content_type="text/csv; charset=utf-8",
                        headers={"Content-Disposition": 'attachment; filename="mercato-offers-template.csv"'})
