"""Fulfilled by Mercato: the seller's stock in the network's centers, the fees it costs, and inbound shipments
(sending units in, following them, cancelling one that has not arrived)."""
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from mercato.core.errors import DomainError, NotFound
from mercato.fulfillment import selectors, services
from mercato.sellercentral.access import seller_required
from mercato.sellercentral.forms.base import sentence
from mercato.sellercentral.forms.fulfillment import InboundShipmentForm
from mercato.sellercentral.views.common import current_marketplace, form_status

INBOUND_PER_PAGE = 50


@seller_required
def inventory(request):
    marketplace = current_marketplace(request)
    return render(request, "sellercentral/fulfillment_inventory.html",
                  {"seller": request.seller, "rows": selectors.seller_network_inventory(request.seller, marketplace),
                   "fees": selectors.seller_network_fees(request.seller, marketplace),
                   "fees_window_days": selectors.FEES_WINDOW_DAYS})


@seller_required(active=True)
def inbound_new(request):
    marketplace = current_marketplace(request)
    form = InboundShipmentForm(request.POST if request.method == "POST" else None,
                               offers=selectors.network_offers(request.seller, marketplace),
                               centers=selectors.centers_with_load(marketplace, active_only=True))
    if request.method == "POST" and form.is_valid():
        try:
            if form.is_split:
                shipments = services.create_split_inbound(seller=request.seller, marketplace=marketplace,
                                                          quantities=form.quantities())
            else:
                shipments = [services.create_inbound_shipment(seller=request.seller, center_id=form.center_id,
                                                              quantities=form.quantities())]
        except DomainError as error:
            form.add_domain_error(error)
        else:
            ids = ", ".join(inbound.public_id for inbound in shipments)
            messages.success(request, f"Inbound shipment{'s' if len(shipments) != 1 else ''} {ids} created. "
                                      "Label the boxes with the shipment id and send them to the center shown.")
            if len(shipments) == 1:
                return redirect("sellercentral:inbound_detail", public_id=shipments[0].public_id)
            return redirect("sellercentral:inbound_list")
    return render(request, "sellercentral/inbound_new.html", {"seller": request.seller, "form": form},
                  status=form_status(form))


@seller_required
def inbound_list(request):
    page = Paginator(selectors.seller_inbound_shipments(request.seller), INBOUND_PER_PAGE).get_page(
        request.GET.get("page"))
    return render(request, "sellercentral/inbound_list.html", {"seller": request.seller, "page": page})


@seller_required
def inbound_detail(request, public_id: str):
    inbound = selectors.inbound_shipment(public_id, seller=request.seller)
    if inbound is None:
        raise Http404("No such inbound shipment.")
    return render(request, "sellercentral/inbound_detail.html", {"seller": request.seller, "inbound": inbound})


@require_POST
@seller_required
def inbound_cancel(request, public_id: str):
    try:
        inbound = services.cancel_inbound_shipment(seller=request.seller, inbound_id=public_id)
    except NotFound:
        raise Http404("No such inbound shipment.") from None
    except DomainError as error:
        messages.error(request, sentence(error.detail))
    else:
        messages.success(request, f"Inbound shipment {inbound.public_id} is cancelled.")
    return redirect("sellercentral:inbound_detail", public_id=public_id)
