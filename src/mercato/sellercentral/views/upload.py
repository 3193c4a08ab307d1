"""Bulk offer upload from a CSV file, with a per-row report."""
from django.conf import settings
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import render

from mercato.core.errors import DomainError
from mercato.offers.upload import UploadRefused, report_csv_lines, template_csv, upload_offers
from mercato.sellercentral.access import seller_required
from mercato.sellercentral.forms.base import sentence
from mercato.sellercentral.forms.upload import OfferUploadForm
from mercato.sellercentral.views.common import current_marketplace, form_status

# A page with more report lines than this shows only the rejected rows (the CSV report has them all).
MAX_REPORT_ROWS_SHOWN = 1_000


@seller_required(active=True)
def upload(request):
    marketplace = current_marketplace(request)
    posted = request.method == "POST"
    form = OfferUploadForm(request.POST if posted else None, request.FILES if posted else None)
    report = None
    if posted and form.is_valid():
        try:
            report = upload_offers(seller=request.seller, marketplace=marketplace, file=form.cleaned_data["file"])
        except UploadRefused as refusal:
            form.add_error("file", sentence(refusal.detail))
        except DomainError as error:
            form.add_domain_error(error)
        else:
            if request.POST.get("report") == "csv":
                return StreamingHttpResponse(
                    report_csv_lines(report), content_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": 'attachment; filename="offer-upload-report.csv"'})
    shown_rows, only_rejected_shown = [], False
    if report is not None:
        shown_rows = report.rows
        if len(shown_rows) > MAX_REPORT_ROWS_SHOWN:
            shown_rows = [row for row in report.rows if row.action == "rejected"][:MAX_REPORT_ROWS_SHOWN]
            only_rejected_shown = True
    return render(request, "sellercentral/upload.html",
                  {"seller": request.seller, "form": form, "marketplace": marketplace, "report": report,
                   "shown_rows": shown_rows, "only_rejected_shown": only_rejected_shown,
                   "max_rows": settings.OFFER_UPLOAD_MAX_ROWS},
                  status=form_status(form))


@seller_required
def upload_template(request):
    return HttpResponse(template_csv(), content_type="text/csv; charset=utf-8",
                        headers={"Content-Disposition": 'attachment; filename="mercato-offers-template.csv"'})
