"""Membership pages: the plan and joining (/membership/), and the shopper's own membership
(/account/membership/) with renewal, payment history, cancel and rejoin."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST, require_safe

from mercato.core.errors import DomainError
from mercato.core.money import format_money
from mercato.customers.selectors import payment_method_for_user
from mercato.membership import services
from mercato.membership.models import Membership
from mercato.membership.selectors import join_page, membership_account, plan_for
from mercato.storefront.buying_forms import error_status
from mercato.storefront.forms import show_domain_error
from mercato.storefront.membership_forms import JoinForm, RejoinForm


def _plan_page(request, *, form: JoinForm | None = None, status: int = 200):
    page = join_page(request.user, request.marketplace)
    if page is None:
        return render(request, "storefront/membership/unavailable.html", status=404)
    if form is None:
        default_card = next((card for card in page.cards if card.is_default), None)
        form = JoinForm(initial={"billing_period": "monthly", "payment_method": default_card.pk if default_card else ""})
    return render(request, "storefront/membership/plan.html", {"page": page, "plan": page.plan, "form": form},
                  status=status)


@require_safe
def plan(request):
    return _plan_page(request)


@login_required
@require_POST
def join(request):
    if request.marketplace is None:
        raise Http404("Membership is not offered here.")
    form = JoinForm(request.POST)
    if not form.is_valid():
        return _plan_page(request, form=form, status=400)
    data = form.cleaned_data
    common = {"customer": request.user, "marketplace": request.marketplace, "plan": plan_for(request.marketplace),
              "billing_period": data["billing_period"],
              "payment_method": payment_method_for_user(request.user, data["payment_method"])}
    try:
        if data["action"] == "trial":
            membership = services.start_trial(**common)
        else:
            membership = services.subscribe(**common, idempotency_key=data["idempotency_key"])
    except DomainError as error:
        show_domain_error(form, error)
        return _plan_page(request, form=form, status=error_status(error))
    if membership.status == Membership.Status.TRIAL:
        messages.success(request, f"Welcome to {membership.plan.name}! Your free trial runs until "
                                  f"{membership.current_period_end:%d %B %Y}.")
    else:
        messages.success(request, f"Welcome to {membership.plan.name}! You are a member until "
                                  f"{membership.current_period_end:%d %B %Y}.")
    return redirect("storefront:membership_account")


def _account_page(request, *, error: str = "", form: RejoinForm | None = None, status: int = 200):
    page = membership_account(request.user, request.marketplace)
    return render(request, "storefront/membership/account.html",
                  {"page": page, "membership": page.membership, "plan": page.plan, "error": error,
                   "form": form or RejoinForm()}, status=status)


@login_required
@require_safe
def account(request):
    return _account_page(request)


def _message(error: DomainError) -> str:
    return error.detail[:1].upper() + error.detail[1:]


@login_required
@require_POST
def cancel(request):
    try:
        membership = services.cancel(customer=request.user, marketplace=request.marketplace)
    except DomainError as error:
        return _account_page(request, error=_message(error), status=error_status(error))
    if membership.status == Membership.Status.ENDED:
        messages.success(request, "Your membership has ended. You will not be charged again.")
        return redirect("storefront:membership_account")
    refund = ""
    if membership.refund is not None:
        refund = f" {format_money(membership.refund.amount_minor, membership.refund.currency)} is on its way back " \
                 "to your card."
    messages.success(request, f"Your membership is cancelled and will not renew. Your benefits continue until "
                              f"{membership.current_period_end:%d %B %Y}.{refund}")
    return redirect("storefront:membership_account")


@login_required
@require_POST
def rejoin(request):
    form = RejoinForm(request.POST)
    form.is_valid()
    card_id = form.cleaned_data.get("payment_method", "")
    card = payment_method_for_user(request.user, card_id) if card_id else None
    if card_id and card is None:
        return _account_page(request, error="Choose one of your payment cards.", status=400)
    try:
        membership = services.rejoin(customer=request.user, marketplace=request.marketplace, payment_method=card,
                                     idempotency_key=form.cleaned_data.get("idempotency_key", ""))
    except DomainError as error:
        return _account_page(request, error=_message(error), status=error_status(error))
    messages.success(request, f"Welcome back! Your {membership.plan.name} membership carries on until "
                              f"{membership.current_period_end:%d %B %Y}.")
    return redirect("storefront:membership_account")
