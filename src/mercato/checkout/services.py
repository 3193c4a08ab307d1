"""The cart: add an offer, change a quantity, remove a line, merge a guest's cart into an account's."""
from __future__ import annotations

import secrets

from django.conf import settings
from django.db import IntegrityError, transaction

from mercato.checkout.models import Cart, CartLine
from mercato.core.errors import Conflict, Invalid, NotAllowed, NotFound
from mercato.core.text import parse_id, parse_whole_number
from mercato.marketplaces.models import Marketplace
from mercato.offers.models import Offer

MAX_CART_LINES = 50


def new_cart(*, marketplace: Marketplace, user=None) -> Cart:
    """A cart for a signed-in shopper (one per marketplace) or a guest (found by its token)."""
    if user is not None:
        cart = Cart.objects.filter(user=user, marketplace=marketplace).first()
        if cart is not None:
            return cart
        try:
            with transaction.atomic():
                return Cart.objects.create(token=secrets.token_hex(16), user=user, marketplace=marketplace)
        except IntegrityError:  # a second tab created it at the same moment
            return Cart.objects.get(user=user, marketplace=marketplace)
    return Cart.objects.create(token=secrets.token_hex(16), marketplace=marketplace)


def _quantity(value, field: str = "quantity") -> int:
    limit = settings.ORDER_LINE_MAX_UNITS
    quantity = parse_whole_number(value, field=field, minimum=-10**9, maximum=10**9)
    if quantity < 1:
        raise Invalid("quantity must be at least 1", field=field)
    if quantity > limit:
        raise Invalid(f"you can buy at most {limit} of one offer per order", field=field)
    return quantity


def _buyable_offer(cart: Cart, offer_id) -> Offer:
    offer_id = parse_id(offer_id)
    if offer_id is None:
        raise NotFound("no such offer", field="offer")
    offer = Offer.objects.select_related("seller", "product").filter(pk=offer_id).first()
    if offer is None or offer.marketplace_id != cart.marketplace_id:
        raise NotFound("no such offer", field="offer")
    if not offer.seller.is_active:
        raise NotAllowed(f"{offer.seller.display_name} is not selling at the moment", field="offer")
    if offer.status != Offer.Status.ACTIVE or offer.quantity == 0:
        raise Conflict("this offer is not available any more", field="offer")
    return offer


@transaction.atomic
def add_to_cart(*, cart: Cart, offer_id, quantity=1) -> CartLine:
    """Put an offer in the cart, or add to its quantity if it is there already."""
    offer = _buyable_offer(cart, offer_id)
    quantity = _quantity(quantity)
    line = CartLine.objects.select_for_update().filter(cart=cart, offer=offer).first()
    total = quantity + (line.quantity if line else 0)
    if total > settings.ORDER_LINE_MAX_UNITS:
        raise Invalid(f"you can buy at most {settings.ORDER_LINE_MAX_UNITS} of one offer per order",
                      field="quantity")
    if total > offer.quantity:
        raise Invalid(f"only {offer.quantity} available from this seller", field="quantity")
    if line is None:
        if CartLine.objects.filter(cart=cart).count() >= MAX_CART_LINES:
            raise Invalid(f"a cart holds at most {MAX_CART_LINES} different offers", field="offer")
        line = CartLine.objects.create(cart=cart, offer=offer, quantity=quantity,
                                       price_minor_when_added=offer.price_minor,
                                       shipping_minor_when_added=offer.shipping_minor)
    else:
        line.quantity = total
        line.save(update_fields=["quantity"])
    cart.save(update_fields=["updated_at"])
    return line


def _own_line(cart: Cart, line_id) -> CartLine:
    line_id = parse_id(line_id)
    if line_id is None:
        raise NotFound("this item is not in your cart", field="line")
    line = CartLine.objects.select_for_update().select_related("offer").filter(cart=cart, pk=line_id).first()
    if line is None:
        # A line of another shopper's cart is answered like a missing one.
        raise NotFound("this item is not in your cart", field="line")
    return line


@transaction.atomic
def set_cart_quantity(*, cart: Cart, line_id, quantity) -> CartLine:
    line = _own_line(cart, line_id)
    quantity = _quantity(quantity)
    if quantity > line.offer.quantity:
        raise Invalid(f"only {line.offer.quantity} available from this seller", field="quantity")
    line.quantity = quantity
    line.save(update_fields=["quantity"])
    return line


@transaction.atomic
def remove_from_cart(*, cart: Cart, line_id) -> None:
    _own_line(cart, line_id).delete()


@transaction.atomic
def accept_current_prices(*, cart: Cart) -> None:
    """The shopper has seen the changed prices: they become the ones to compare against."""
    for line in CartLine.objects.select_for_update().select_related("offer").filter(cart=cart):
        line.price_minor_when_added = line.offer.price_minor
        line.shipping_minor_when_added = line.offer.shipping_minor
        line.save(update_fields=["price_minor_when_added", "shipping_minor_when_added"])


@transaction.atomic
def merge_guest_cart(*, guest_cart: Cart, user) -> Cart:
    """On sign-in, the guest's lines join the account's cart (quantities add up, within the limits)."""
    cart = new_cart(marketplace=guest_cart.marketplace, user=user)
    if cart.pk == guest_cart.pk:
        return cart
    existing = {line.offer_id: line for line in CartLine.objects.select_for_update().filter(cart=cart)}
    for line in guest_cart.lines.select_related("offer"):
        mine = existing.get(line.offer_id)
        if mine is None:
            line.cart = cart
            line.save(update_fields=["cart"])
        else:
            mine.quantity = min(mine.quantity + line.quantity, settings.ORDER_LINE_MAX_UNITS,
                                max(line.offer.quantity, 1))
            mine.save(update_fields=["quantity"])
    guest_cart.delete()
    return cart


@transaction.atomic
def empty_cart(*, cart: Cart, offer_ids: list[int] | None = None) -> None:
    lines = CartLine.objects.filter(cart=cart)
    if offer_ids is not None:
        lines = lines.filter(offer_id__in=offer_ids)
    lines.delete()
