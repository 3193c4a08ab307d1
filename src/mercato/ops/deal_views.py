"""The ops console's deals page: shopping events and lightning deals with their units claimed; create either,
cancel a deal. Operators only."""
from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from mercato.checkout import deal_services
from mercato.checkout.deal_selectors import deals_for_ops, events_for_ops
from mercato.core.errors import DomainError
from mercato.ops.access import operator_required
from mercato.ops.deal_forms import DealForm, EventForm


@require_http_methods(["GET", "HEAD", "POST"])
@operator_required
def deals(request):
    which = request.POST.get("form") if request.method == "POST" else None
    event_form = EventForm(request.POST if which == "event" else None, prefix="event")
    deal_form = DealForm(request.POST if which == "deal" else None, prefix="deal")
    if which == "event" and event_form.is_valid():
        try:
            event = deal_services.create_event(**event_form.service_arguments())
        except DomainError as error:
            event_form.add_domain_error(error)
        else:
            messages.success(request, f"{event.name} is scheduled: its page is /events/{event.slug}/.")
            return redirect("ops:deals")
    elif which == "deal" and deal_form.is_valid():
        try:
            deal = deal_services.create_deal(**deal_form.service_arguments(), created_by=request.user)
        except DomainError as error:
            deal_form.add_domain_error(error)
        else:
            messages.success(request, f"Deal {deal.pk} on offer {deal.offer_id} is scheduled.")
            return redirect("ops:deals")
    refused = which is not None and (event_form.errors or deal_form.errors or which not in ("event", "deal"))
    return render(request, "ops/deals.html", {"event_form": event_form, "deal_form": deal_form,
                                              "events": events_for_ops(), "rows": deals_for_ops()},
                  status=400 if refused else 200)


@require_POST
@operator_required
def deal_cancel(request, deal_id: int):
    try:
        deal = deal_services.cancel_deal(deal_id=deal_id)
    except DomainError as error:
        messages.error(request, error.detail[:1].upper() + error.detail[1:] + ".")
    else:
        messages.success(request, f"Deal {deal.pk} is cancelled; orders already placed keep their price.")
    return redirect("ops:deals")
