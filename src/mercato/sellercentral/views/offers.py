"""The seller's own offers: the table, editing, pausing and resuming, and who ships them."""
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from mercato.core.errors import DomainError, NotFound
from mercato.fulfillment.services import set_fulfillment_channel
from mercato.inventory.services import receive_first_party_stock
from mercato.offers.models import FulfillmentChannel
from mercato.offers.selectors import buybox_owner_ids, seller_offer, seller_offers
from mercato.offers.services import pause_offer, resume_offer, update_offer
from mercato.sellercentral.access import seller_required
from mercato.sellercentral.forms.base import sentence
from mercato.sellercentral.forms.fulfillment import FulfillmentChannelForm
from mercato.sellercentral.forms.offers import OfferFilterForm, OfferTermsForm, ReceiveStockForm
from mercato.sellercentral.views.common import form_status, is_htmx, safe_next

OFFERS_PER_PAGE = 25


@seller_required
def offer_list(request):
    form = OfferFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    offers = seller_offers(request.seller, status=filters.get("status") or None, text=(filters.get("q") or "").strip())
    page = Paginator(offers, OFFERS_PER_PAGE).get_page(request.GET.get("page"))
    holding = buybox_owner_ids([offer.id for offer in page.object_list])
    return render(request, "sellercentral/offers.html",
                  {"seller": request.seller, "form": form, "page": page, "holding_buybox": holding})


@seller_required
def offer_edit(request, offer_id: int):
    offer = seller_offer(request.seller, offer_id)
    if offer is None:
        raise Http404("No such offer.")
    form = OfferTermsForm.for_offer(offer, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            update_offer(seller=request.seller, offer_id=offer.id, terms=form.terms())
        except NotFound:
            raise Http404("No such offer.") from None
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, f"Your offer for “{offer.product.title}” is updated.")
            return redirect("sellercentral:offers")
    return _edit_page(request, offer, form=form)


def _edit_page(request, offer, *, form=None, receive_form=None, channel_form=None):
    form = form or OfferTermsForm.for_offer(offer, None)
    channel_form = channel_form or FulfillmentChannelForm.for_offer(offer)
    if receive_form is None and request.seller.is_first_party:
        receive_form = ReceiveStockForm(currency=offer.currency)
    return render(request, "sellercentral/offer_edit.html",
                  {"seller": request.seller, "offer": offer, "form": form, "receive_form": receive_form,
                   "channel_form": channel_form},
                  status=form_status(form, receive_form, channel_form))


@require_POST
@seller_required
def offer_fulfillment(request, offer_id: int):
    """Switch between Fulfilled by Mercato and shipping it yourself."""
    offer = seller_offer(request.seller, offer_id)
    if offer is None:
        raise Http404("No such offer.")
    form = FulfillmentChannelForm(request.POST)
    if form.is_valid():
        try:
            offer = set_fulfillment_channel(seller=request.seller, offer_id=offer.id,
                                            channel=form.cleaned_data["channel"])
        except NotFound:
            raise Http404("No such offer.") from None
        except DomainError as error:
            form.add_domain_error(error)
        else:
            if offer.fulfillment_channel == FulfillmentChannel.NETWORK:
                messages.success(request, f"“{offer.product.title}” is now Fulfilled by Mercato. Create an inbound "
                                          "shipment to send units to a center; they go on sale once received.")
            else:
                messages.success(request, f"You ship “{offer.product.title}” yourself now. Set the quantity you "
                                          "have in stock.")
            return redirect("sellercentral:offer_edit", offer_id=offer.id)
    return _edit_page(request, offer, channel_form=form)


@require_POST
@seller_required(active=True)
def offer_receive_stock(request, offer_id: int):
    """Mercato Retail books goods received from a supplier: the units go on sale, their cost into inventory."""
    offer = seller_offer(request.seller, offer_id)
    if offer is None or not request.seller.is_first_party:
        raise Http404("No such offer.")
    form = ReceiveStockForm(request.POST, currency=offer.currency)
    if form.is_valid():
        try:
            receive_first_party_stock(seller=request.seller, offer_id=offer.id,
                                      quantity=form.cleaned_data["quantity"], unit_cost_minor=form.unit_cost_minor())
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, f"{form.cleaned_data['quantity']} units of “{offer.product.title}” received "
                                      "and on sale.")
            return redirect("sellercentral:offer_edit", offer_id=offer.id)
    return _edit_page(request, offer, receive_form=form)


def _change_status(request, offer_id: int, service, done: str):
    try:
        offer = service(seller=request.seller, offer_id=offer_id)
    except NotFound:
        raise Http404("No such offer.") from None
    except DomainError as error:
        if is_htmx(request):
            offer = seller_offer(request.seller, offer_id)
            return render(request, "sellercentral/_offer_row.html",
                          {"offer": offer, "holding_buybox": buybox_owner_ids([offer_id]),
                           "row_error": sentence(error.detail), "next_url": safe_next(request, "sellercentral:offers")})
        messages.error(request, sentence(error.detail))
        return redirect(safe_next(request, "sellercentral:offers"))
    if is_htmx(request):
        offer = seller_offer(request.seller, offer.id)
        return render(request, "sellercentral/_offer_row.html",
                      {"offer": offer, "holding_buybox": buybox_owner_ids([offer.id]),
                       "next_url": safe_next(request, "sellercentral:offers")})
    messages.success(request, f"Your offer for “{offer.product.title}” is {done}.")
    return redirect(safe_next(request, "sellercentral:offers"))


@require_POST
@seller_required
def offer_pause(request, offer_id: int):
    return _change_status(request, offer_id, pause_offer, "paused")


@require_POST
@seller_required
def offer_resume(request, offer_id: int):
    return _change_status(request, offer_id, resume_offer, "on sale again")
