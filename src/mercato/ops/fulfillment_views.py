"""The ops console's network pages: fulfillment centers (and adding one), the receiving dock for inbound
shipments, and parcels with the network's on-time rate and the carrier's clock. Operators only."""
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import formats, timezone
from django.views.decorators.http import require_http_methods, require_safe

from mercato.core.errors import DomainError, NotFound
from mercato.fulfillment import selectors, services, shipping
from mercato.fulfillment.models import InboundShipment, Shipment
from mercato.ops.access import operator_required
from mercato.ops.fulfillment_forms import AdvanceClockForm, CenterForm, ReceiveInboundForm

SHIPMENTS_PER_PAGE = 50
MOVED_LABELS = {"shipped": "parcels shipped from centers", "payments_captured": "payments captured",
                "carrier_events": "carrier events", "seller_orders_delivered": "seller orders delivered"}


def _status(*forms) -> int:
    return 400 if any(form.is_bound and form.errors for form in forms) else 200


@require_http_methods(["GET", "HEAD", "POST"])
@operator_required
def centers(request):
    form = CenterForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            center = services.create_center(**form.service_arguments())
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, f"{center.name} ({center.code}) is open for inbound shipments.")
            return redirect("ops:centers")
    return render(request, "ops/centers.html", {"loads": selectors.centers_with_load(), "form": form},
                  status=_status(form))


@require_safe
@operator_required
def inbound(request):
    return render(request, "ops/inbound.html", {"waiting": selectors.inbound_waiting(),
                                                "received": selectors.inbound_recently_received()})


@require_http_methods(["GET", "HEAD", "POST"])
@operator_required
def inbound_receive(request, public_id: str):
    shipment = selectors.inbound_shipment(public_id)
    if shipment is None:
        raise Http404("No such inbound shipment.")
    form = ReceiveInboundForm(request.POST if request.method == "POST" else None, lines=shipment.line_list)
    if request.method == "POST" and form.is_valid():
        try:
            services.receive_inbound_shipment(inbound_id=shipment.public_id, counts=form.counts())
        except NotFound:
            raise Http404("No such inbound shipment.") from None
        except DomainError as error:
            form.add_domain_error(error)
        else:
            shipment = selectors.inbound_shipment(public_id)
            good = sum(line.received_units for line in shipment.line_list)
            messages.success(request, f"{shipment.public_id} received: {good} units are on sale for "
                                      f"{shipment.seller.display_name}.")
            return redirect("ops:inbound")
    return render(request, "ops/inbound_receive.html",
                  {"inbound": shipment, "form": form, "can_receive": shipment.status == InboundShipment.Status.CREATED},
                  status=_status(form))


@require_http_methods(["GET", "HEAD", "POST"])
@operator_required
def shipments(request):
    form = AdvanceClockForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        hours = form.cleaned_data["hours"]
        moved = shipping.advance_clock(hours=float(hours))
        summary = ", ".join(f"{moved.get(name, 0)} {label}" for name, label in MOVED_LABELS.items())
        now = formats.date_format(timezone.localtime(shipping.clock_now()), "j M Y H:i")
        messages.success(request, f"The carrier's clock moved forward {hours.normalize():f} hours to {now}: "
                                  f"{summary}.")
        return redirect("ops:shipments")
    status = request.GET.get("status") if request.GET.get("status") in Shipment.Status.values else ""
    page = Paginator(selectors.recent_shipments(status or None), SHIPMENTS_PER_PAGE).get_page(
        request.GET.get("page"))
    return render(request, "ops/shipments.html",
                  {"form": form, "clock": shipping.clock_now(), "page": page, "status": status,
                   "statuses": Shipment.Status.choices, "counts": selectors.shipment_counts_by_status(),
                   "on_time": selectors.on_time_summary(), "on_time_days": selectors.ON_TIME_WINDOW_DAYS},
                  status=_status(form))
