"""Saved payment cards: list, add, remove, make default. The card number goes to the payment provider;
Mercato keeps its token, brand, last four digits and expiry."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from mercato.core.errors import DomainError, NotFound
from mercato.customers import services
from mercato.customers.selectors import payment_methods_for_user
from mercato.storefront.buying_forms import CardForm
from mercato.storefront.forms import show_domain_error


@login_required
@require_safe
def cards(request):
    return render(request, "storefront/accounts/cards.html", {"cards": payment_methods_for_user(request.user)})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def card_add(request):
    form = CardForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            card = services.add_payment_card(user=request.user, make_default=form.cleaned_data["make_default"],
                                             **form.card_details())
        except DomainError as error:
            show_domain_error(form, error)
        else:
            messages.success(request, f"{card.brand} ending in {card.last4} saved.")
            return redirect("storefront:cards")
    return render(request, "storefront/accounts/card_form.html", {"form": form}, status=400 if form.errors else 200)


@login_required
@require_POST
def card_remove(request, card_id: int):
    try:
        services.remove_payment_card(user=request.user, payment_method_id=card_id)
    except NotFound:
        raise Http404("no such card") from None
    messages.success(request, "Card removed.")
    return redirect("storefront:cards")


@login_required
@require_POST
def card_make_default(request, card_id: int):
    try:
        card = services.set_default_payment_card(user=request.user, payment_method_id=card_id)
    except NotFound:
        raise Http404("no such card") from None
    messages.success(request, f"{card.brand} ending in {card.last4} is now your default card.")
    return redirect("storefront:cards")
