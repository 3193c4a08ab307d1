"""Checkout and one-click Buy Now.

The checkout page buys the cart's buyable lines, or one offer on its own (`?offer=`) when a Buy Now needs
an address or card first. Every render carries a fresh idempotency key and the total shown; a refused
order shows the page again with the message and a fresh quote.
"""
from __future__ import annotations

import secrets

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from mercato.checkout.services import empty_cart
from mercato.core.errors import DomainError, Invalid
from mercato.customers.selectors import (
    address_for_user,
    addresses_for_user,
    default_address,
    default_payment_method,
    payment_method_for_user,
    payment_methods_for_user,
)
from mercato.customers.services import ADDRESS_FIELDS
from mercato.orders.models import Order
from mercato.orders.placement import PurchaseItem, place_order
from mercato.orders.selectors import customer_has_order_with_key
from mercato.storefront.buying_forms import NEW, CheckoutForm, delivery_options, error_status, new_address_form
from mercato.storefront.carts import current_cart, refresh_item_count
from mercato.storefront.forms import show_domain_error
from mercato.storefront.links import product_path
from mercato.storefront.purchase import Payer, buyable_offer, cart_purchase, offer_purchase, place_purchase

# Errors about the order as a whole are shown at the top of the form, not next to a hidden field.
TOP_OF_FORM = {"expected_total_minor": "", "idempotency_key": "", "items_seen": "", "delivery_option": ""}


def _purchase(request, offer_param: str, options: dict[int, str] | None = None):
    if offer_param:
        return offer_purchase(buyable_offer(offer_param, request.marketplace), request.marketplace, options,
                              user=request.user)
    return cart_purchase(current_cart(request), options, user=request.user)


def _choice(request, name: str, default) -> str:
    if request.method == "POST" and request.POST.get(name):
        return request.POST[name]
    return str(default.pk) if default is not None else NEW


def _render(request, *, purchase, form, address_form, offer_param: str, error: str = "", status: int = 200):
    user = request.user
    return render(request, "storefront/checkout/checkout.html", {
        "purchase": purchase,
        "form": form,
        "address_form": address_form,
        "offer_param": offer_param,
        "error": error,
        "addresses": addresses_for_user(user),
        "cards": payment_methods_for_user(user),
        "chosen_address": _choice(request, "address", default_address(user)),
        "chosen_card": _choice(request, "payment_method", default_payment_method(user)),
        "idempotency_key": secrets.token_urlsafe(18),
    }, status=status)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def checkout(request):
    offer_param = (request.POST if request.method == "POST" else request.GET).get("offer", "")[:20]
    options = delivery_options(request.POST) if request.method == "POST" else {}
    purchase = _purchase(request, offer_param, options)
    repeat = request.method == "POST" and customer_has_order_with_key(request.user,
                                                                      request.POST.get("idempotency_key", ""))
    if purchase.is_empty and not offer_param and not repeat:
        messages.info(request, "Your cart has nothing to buy right now.")
        return redirect("storefront:cart")
    if request.method != "POST" or request.POST.get("action") == "update":
        # Showing the page, or its new totals after a change of delivery: what was typed stays, unjudged.
        form = CheckoutForm(initial=request.POST.dict())
        address_form = new_address_form(initial={name: request.POST[f"new_address-{name}"] for name in ADDRESS_FIELDS
                                                 if f"new_address-{name}" in request.POST})
        return _render(request, purchase=purchase, form=form, address_form=address_form, offer_param=offer_param,
                       error="" if not purchase.is_empty else "Sorry, this item is not available any more.",
                       status=200 if not purchase.is_empty else 409)
    return _place(request, purchase, offer_param, options, repeat=repeat)


def _place(request, purchase, offer_param: str, options: dict[int, str], *, repeat: bool):
    user = request.user
    form = CheckoutForm(request.POST)
    address_form = new_address_form(request.POST if form.wants_new_address else None)
    valid = form.is_valid()
    valid = (address_form.is_valid() if form.wants_new_address else True) and valid
    if purchase.is_empty and not repeat:
        return _render(request, purchase=purchase, form=form, address_form=address_form, offer_param=offer_param,
                       error="Sorry, this item is not available any more.", status=409)
    if not valid:
        return _render(request, purchase=purchase, form=form, address_form=address_form, offer_param=offer_param,
                       status=400)
    data = form.cleaned_data
    payer = Payer(
        address=None if form.wants_new_address else address_for_user(user, data["address"]),
        new_address=address_form.details() if form.wants_new_address else None,
        address_as_default=data["save_address_as_default"],
        card=None if form.wants_new_card else payment_method_for_user(user, data["payment_method"]),
        new_card=form.card_details() if form.wants_new_card else None,
        card_as_default=data["save_card_as_default"])
    try:
        order = place_purchase(customer=user, marketplace=request.marketplace, purchase=purchase, payer=payer,
                               items_seen=data["items_seen"], idempotency_key=data["idempotency_key"],
                               expected_total_minor=data["expected_total_minor"], delivery_options=options,
                               channel=Order.Channel.CHECKOUT)
    except DomainError as error:
        on_address = form.wants_new_address and error.field in ADDRESS_FIELDS
        show_domain_error(address_form if on_address else form, error, field_names=TOP_OF_FORM)
        return _render(request, purchase=_purchase(request, offer_param, options), form=form,
                       address_form=address_form, offer_param=offer_param, status=error_status(error))
    if not offer_param and not order.is_repeat:
        # Only the request that placed the order takes its items out of the cart: a resent form must not
        # remove what the shopper has added since.
        empty_cart(cart=current_cart(request), offer_ids=purchase.offer_ids)
        refresh_item_count(request)
    messages.success(request, f"Thank you! Your order {order.public_id} is placed.")
    return redirect("storefront:order", public_id=order.public_id)


def _expected_total(value) -> int:
    text = str(value or "").strip()
    if not (text.isascii() and text.isdigit()) or len(text) > 15:
        raise Invalid("the price you saw is missing; check the price and buy again", field="expected_total_minor")
    return int(text)


@require_POST
def buy_now(request):
    """One click: the Buy Box offer, one unit, to the default address, paid with the default card."""
    offer_param = request.POST.get("offer", "")[:20]
    offer = buyable_offer(offer_param, request.marketplace)
    if not request.user.is_authenticated:
        messages.info(request, "Sign in to buy with one click.")
        return redirect_to_login(product_path(offer.product) if offer else reverse("storefront:home"))
    key = request.POST.get("idempotency_key", "")
    repeat = customer_has_order_with_key(request.user, key)  # a double click: its first order, even if sold out
    address, card = default_address(request.user), default_payment_method(request.user)
    if offer is not None and not repeat and (address is None or card is None):
        messages.info(request, "Tell us where to send it and how to pay. Save them as your defaults to buy "
                               "with one click next time.")
        return redirect(f"{reverse('storefront:checkout')}?offer={offer.id}")
    try:
        if offer is None and not repeat:
            raise Invalid("sorry, this item is not available any more", field="offer")
        order = place_order(customer=request.user, marketplace=request.marketplace,
                            items=[PurchaseItem(offer.id, 1)] if offer else [], address=address,
                            payment_method=card, idempotency_key=key,
                            expected_total_minor=_expected_total(request.POST.get("expected_total_minor")),
                            channel=Order.Channel.BUY_NOW)
    except DomainError as error:
        return _render(request, purchase=offer_purchase(offer, request.marketplace, user=request.user),
                       form=CheckoutForm(),
                       address_form=new_address_form(), offer_param=offer_param,
                       error=error.detail[:1].upper() + error.detail[1:], status=error_status(error))
    return redirect("storefront:order", public_id=order.public_id)


@login_required
@require_POST
def quote(request):
    """The delivery choices and totals again after a change of delivery option (an HTMX fragment)."""
    purchase = _purchase(request, request.POST.get("offer", "")[:20], delivery_options(request.POST))
    return render(request, "storefront/checkout/_review.html", {"purchase": purchase})
