"""A seller's webhook endpoints and their recent deliveries: add (the secret is shown once), disable or
enable, delete, and send a delivery again."""
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from mercato.core.errors import DomainError, NotFound
from mercato.sellercentral.access import seller_required
from mercato.sellercentral.forms.base import sentence
from mercato.sellercentral.forms.webhooks import WebhookEndpointForm
from mercato.sellercentral.views.common import form_status
from mercato.webhooks import selectors, services


@never_cache
@seller_required(active=True)
def webhooks(request):
    form = WebhookEndpointForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            endpoint = services.create_endpoint(seller=request.seller, url=form.cleaned_data["url"],
                                                topics=form.cleaned_data["topics"])
        except DomainError as error:
            form.add_domain_error(error)
        else:
            # Rendered, not redirected: the secret is shown in this response only.
            return render(request, "sellercentral/webhook_created.html", {"seller": request.seller,
                                                                           "endpoint": endpoint})
    return render(request, "sellercentral/webhooks.html",
                  {"seller": request.seller, "form": form, "endpoints": selectors.seller_endpoints(request.seller),
                   "deliveries": selectors.recent_deliveries(request.seller)},
                  status=form_status(form))


@require_POST
@seller_required(active=True)
def webhook_toggle(request, endpoint_id: int):
    active = request.POST.get("active") == "1"
    try:
        endpoint = services.set_endpoint_active(seller=request.seller, endpoint_id=endpoint_id, active=active)
    except NotFound:
        raise Http404("No such webhook endpoint.") from None
    messages.success(request, f"{endpoint.url} is {'enabled' if active else 'disabled'}.")
    return redirect("sellercentral:webhooks")


@require_POST
@seller_required(active=True)
def webhook_delete(request, endpoint_id: int):
    try:
        services.delete_endpoint(seller=request.seller, endpoint_id=endpoint_id)
    except NotFound:
        raise Http404("No such webhook endpoint.") from None
    messages.success(request, "The endpoint and its delivery log are deleted.")
    return redirect("sellercentral:webhooks")


@require_POST
@seller_required(active=True)
def webhook_redeliver(request, delivery_id: int):
    try:
        delivery = services.redeliver(seller=request.seller, delivery_id=delivery_id)
    except NotFound:
        raise Http404("No such webhook delivery.") from None
    except DomainError as error:
        messages.error(request, sentence(error.detail))
    else:
        messages.success(request, f"The {delivery.topic} event {delivery.event_id} is being sent again.")
    return redirect("sellercentral:webhooks")
