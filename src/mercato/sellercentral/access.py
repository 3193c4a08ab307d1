"""Who may use Seller Central: signed-in members of a seller; some pages only while the seller is active."""
from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect, render

from mercato.sellers.selectors import seller_for_user


def seller_required(view=None, *, active: bool = False):
    """Run `view` with `request.seller` set to the signed-in user's seller.

    Visitors are sent to sign in, signed-in people without a seller to the seller sign-up, and, for
    `active=True` pages (listing, uploads), a seller that is not active sees its status instead."""
    if view is None:
        return lambda actual_view: seller_required(actual_view, active=active)

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        seller = seller_for_user(request.user)
        if seller is None:
            messages.info(request, "Tell us about your business to start selling on Mercato.")
            return redirect("sellercentral:signup")
        request.seller = seller
        if active and not seller.is_active:
            return render(request, "sellercentral/not_active.html", {"seller": seller}, status=403)
        return view(request, *args, **kwargs)

    return wrapper
