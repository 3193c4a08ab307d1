"""The ops console: platform numbers and seller approval. Every page is for operators only."""
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from mercato.core.errors import DomainError
from mercato.ops.access import operator_required
from mercato.ops.forms import SellerFilterForm
from mercato.ops.selectors import platform_counts
from mercato.sellers.models import Seller
from mercato.sellers.selectors import seller_for_ops, sellers_decided, sellers_for_ops, sellers_waiting_for_approval
from mercato.sellers.services import approve_seller, reinstate_seller, reject_seller, suspend_seller

SELLERS_PER_PAGE = 50


@operator_required
def dashboard(request):
    return render(request, "ops/dashboard.html", {"counts": platform_counts()})


@operator_required
def sellers(request):
    form = SellerFilterForm(request.GET or None)
    status = form.cleaned_data["status"] if form.is_valid() else ""
    # Without a filter, sellers waiting for approval come first, on their own, with their business details.
    waiting = list(sellers_waiting_for_approval()) if not status else []
    others = sellers_for_ops(status) if status else sellers_decided()
    page = Paginator(others, SELLERS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "ops/sellers.html", {"form": form, "status": status, "waiting": waiting, "page": page})


def _act(request, seller_id: int, action, done: str, *, with_reason: bool = False):
    seller = seller_for_ops(seller_id)
    if seller is None:
        raise Http404("No such seller.")
    kwargs = {"seller": seller, "operator": request.user}
    if with_reason:
        kwargs["reason"] = request.POST.get("reason", "")  # the service requires and checks it
    try:
        seller = action(**kwargs)
    except DomainError as error:
        messages.error(request, f"{seller.display_name}: {error.detail[:1].upper()}{error.detail[1:]}.")
    else:
        messages.success(request, f"{seller.display_name} is {done}.")
    return redirect(_back(request))


def _back(request) -> str:
    status = request.POST.get("status", "")
    url = reverse("ops:sellers")
    return f"{url}?status={status}" if status in Seller.Status.values else url


@require_POST
@operator_required
def seller_approve(request, seller_id: int):
    return _act(request, seller_id, approve_seller, "approved and can list products")


@require_POST
@operator_required
def seller_reject(request, seller_id: int):
    return _act(request, seller_id, reject_seller, "rejected", with_reason=True)


@require_POST
@operator_required
def seller_suspend(request, seller_id: int):
    return _act(request, seller_id, suspend_seller, "suspended; its offers are hidden", with_reason=True)


@require_POST
@operator_required
def seller_reinstate(request, seller_id: int):
    return _act(request, seller_id, reinstate_seller, "reinstated; its offers are back on sale")
