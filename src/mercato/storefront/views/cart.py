"""The shopping cart: add an offer from the product page, change quantities, remove lines, accept new prices.

Quantity and remove forms work as plain forms; with HTMX they post the same way and swap the cart in
place. A refused change shows the cart again with the message.
"""
from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_POST, require_safe

from mercato.checkout import services
from mercato.core.errors import DomainError
from mercato.recommendations.selectors import basket_recommendations
from mercato.storefront.buying_forms import error_status
from mercato.storefront.carts import (
    cart_page,
    current_cart,
    forget_missing_guest_cart,
    refresh_item_count,
    remember_item_count,
)


def _is_htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true" and not request.headers.get("HX-History-Restore-Request")


def _show_cart(request, *, error: str = "", status: int = 200):
    page = cart_page(current_cart(request), user=request.user)
    remember_item_count(request, page.view.item_count)
    htmx = _is_htmx(request)
    template = "storefront/cart/_cart.html" if htmx else "storefront/cart/cart.html"
    together = [] if htmx or page.view.cart is None else basket_recommendations(
        [line.line.offer.product_id for line in page.view.lines], page.view.cart.marketplace)
    response = render(request, template, {"page": page, "error": error, "oob_count": htmx, "together": together},
                      status=status)
    patch_vary_headers(response, ["HX-Request"])
    return response


def _refused(request, error: DomainError):
    return _show_cart(request, error=error.detail[:1].upper() + error.detail[1:], status=error_status(error))


def _changed(request, message: str = ""):
    if _is_htmx(request):
        return _show_cart(request)
    refresh_item_count(request)
    if message:
        messages.success(request, message)
    return redirect("storefront:cart")


@require_safe
def cart(request):
    return _show_cart(request)


@require_POST
def add(request):
    if request.marketplace is None:
        return _show_cart(request, error="This marketplace is not open yet.", status=400)
    try:
        # A refused item leaves no new cart behind: the cart is made in the same transaction.
        with transaction.atomic():
            cart = current_cart(request, create=True)
            line = services.add_to_cart(cart=cart, offer_id=request.POST.get("offer", ""),
                                        quantity=request.POST.get("quantity", "1"))
    except DomainError as error:
        forget_missing_guest_cart(request)
        return _refused(request, error)
    return _changed(request, f"Added to your cart: {line.offer.product.title}")


@require_POST
def update(request):
    try:
        services.set_cart_quantity(cart=current_cart(request), line_id=request.POST.get("line", ""),
                                   quantity=request.POST.get("quantity", ""))
    except DomainError as error:
        return _refused(request, error)
    return _changed(request)


@require_POST
def remove(request):
    try:
        services.remove_from_cart(cart=current_cart(request), line_id=request.POST.get("line", ""))
    except DomainError as error:
        return _refused(request, error)
    return _changed(request, "Removed from your cart.")


@require_POST
def accept_prices(request):
    cart = current_cart(request)
    if cart is not None:
        services.accept_current_prices(cart=cart)
    return _changed(request, "Your cart now shows the current prices.")
