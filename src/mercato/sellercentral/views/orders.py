"""The seller's orders: the list, one order's page, and what the seller does with it (accept, ship, mark
delivered, cancel, refund). A refused action shows the order again with the reason next to the form."""
from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST, require_safe

from mercato.core.errors import DomainError, NotFound
from mercato.core.money import format_money
from mercato.orders.seller_selectors import order_status_counts, seller_order_detail, seller_orders
from mercato.orders.services import (accept_seller_order, cancel_seller_order, confirm_delivery, confirm_shipment,
                                     refund_seller_order)
from mercato.sellercentral.access import seller_required
from mercato.sellercentral.forms.base import sentence
from mercato.sellercentral.forms.orders import CancelForm, OrderFilterForm, RefundForm, ShipmentForm

ORDERS_PER_PAGE = 25


@require_safe
@seller_required
def order_list(request):
    form = OrderFilterForm(request.GET or None)
    status = form.cleaned_data["status"] if form.is_valid() else ""
    page = Paginator(seller_orders(request.seller, status=status or None), ORDERS_PER_PAGE).get_page(
        request.GET.get("page"))
    return render(request, "sellercentral/orders.html",
                  {"seller": request.seller, "form": form, "status": status, "page": page,
                   "status_counts": order_status_counts(request.seller)})


def _detail(request, public_id: str):
    detail = seller_order_detail(request.seller, public_id)
    if detail is None:
        raise Http404("No such order.")
    return detail


def _page(request, detail, *, status: int = 200, action_error: str = "", **forms):
    forms.setdefault("shipment_form", ShipmentForm())
    forms.setdefault("cancel_form", CancelForm())
    forms.setdefault("refund_form", RefundForm(currency=detail.currency, refundable_minor=detail.refundable_minor))
    return render(request, "sellercentral/order_detail.html",
                  {"seller": request.seller, "detail": detail, "so": detail.seller_order, "order": detail.order,
                   "action_error": action_error, "reserve_days": settings.PAYOUT_RESERVE_DAYS, **forms}, status=status)


@require_safe
@seller_required
def order_detail(request, public_id: str):
    return _page(request, _detail(request, public_id))


def _done(request, seller_order, text: str):
    messages.success(request, f"Order {seller_order.public_id} {text}.")
    return redirect("sellercentral:order_detail", public_id=seller_order.public_id)


def _refused(request, detail, error: DomainError | None, form=None, form_name: str = "", *, shown: bool = False):
    """The order page again with the reason: next to the form when the page shows that form, else on top."""
    if isinstance(error, NotFound) and error.field == "seller_order":
        raise Http404("No such order.")
    if form is not None and shown:
        if error is not None:
            form.add_domain_error(error)
        return _page(request, detail, status=400, **{form_name: form})
    if error is None:
        message = next(iter(form.errors.values()))[0]
    else:
        message = sentence(error.detail)
    return _page(request, detail, status=400, action_error=message)


@require_POST
@seller_required
def order_accept(request, public_id: str):
    detail = _detail(request, public_id)
    try:
        seller_order = accept_seller_order(seller=request.seller, seller_order_id=public_id)
    except DomainError as error:
        return _refused(request, detail, error)
    return _done(request, seller_order, "is accepted; ship it by the promised date")


@require_POST
@seller_required
def order_ship(request, public_id: str):
    detail = _detail(request, public_id)
    form = ShipmentForm(request.POST)
    if not form.is_valid():
        return _refused(request, detail, None, form, "shipment_form", shown=detail.can_cancel)
    try:
        seller_order = confirm_shipment(seller=request.seller, seller_order_id=public_id,
                                        carrier=form.cleaned_data["carrier"],
                                        tracking_number=form.cleaned_data["tracking_number"])
    except DomainError as error:
        return _refused(request, detail, error, form, "shipment_form", shown=detail.can_cancel)
    return _done(request, seller_order, f"is shipped with {seller_order.carrier}; the shopper has the tracking number")


@require_POST
@seller_required
def order_deliver(request, public_id: str):
    detail = _detail(request, public_id)
    try:
        seller_order = confirm_delivery(seller=request.seller, seller_order_id=public_id)
    except DomainError as error:
        return _refused(request, detail, error)
    return _done(request, seller_order, "is delivered")


@require_POST
@seller_required
def order_cancel(request, public_id: str):
    detail = _detail(request, public_id)
    form = CancelForm(request.POST)
    if not form.is_valid():
        return _refused(request, detail, None, form, "cancel_form", shown=detail.can_cancel)
    try:
        seller_order = cancel_seller_order(seller=request.seller, seller_order_id=public_id,
                                           reason=form.cleaned_data["reason"])
    except DomainError as error:
        return _refused(request, detail, error, form, "cancel_form", shown=detail.can_cancel)
    return _done(request, seller_order, "is cancelled; the shopper is not charged")


@require_POST
@seller_required
def order_refund(request, public_id: str):
    detail = _detail(request, public_id)
    form = RefundForm(request.POST, currency=detail.currency, refundable_minor=detail.refundable_minor)
    if not form.is_valid():
        return _refused(request, detail, None, form, "refund_form", shown=detail.can_refund)
    try:
        refund = refund_seller_order(seller=request.seller, seller_order_id=public_id,
                                     amount_minor=form.amount_minor(), reason=form.cleaned_data["reason"],
                                     idempotency_key=form.cleaned_data["idempotency_key"], created_by=request.user)
    except DomainError as error:
        return _refused(request, detail, error, form, "refund_form", shown=detail.can_refund)
    messages.success(request, f"{format_money(refund.amount_minor, detail.currency)} is refunded to the shopper's "
                              "card.")
    return redirect("sellercentral:order_detail", public_id=detail.seller_order.public_id)
