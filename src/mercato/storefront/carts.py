"""Which cart a storefront request works on, and the cart page's layout.

A signed-in shopper's cart belongs to the account (one per marketplace). A guest's cart is found by a
token kept in the session, one per marketplace; on sign-in it merges into the account's. The header's
item count is kept in the session too, so showing it on every page costs no query.
"""
from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Sum, prefetch_related_objects

from mercato.checkout import selectors, services
from mercato.checkout.models import Cart, CartLine
from mercato.checkout.pricing import SellerPart
from mercato.checkout.selectors import CartLineView, CartView

GUEST_CART_TOKENS = "cart_tokens"  # {marketplace code: guest cart token}
CART_ITEM_COUNTS = "cart_items"  # {marketplace code: units in the cart}


def current_cart(request, *, create: bool = False) -> Cart | None:
    marketplace = request.marketplace
    if marketplace is None:
        return None
    if request.user.is_authenticated:
        cart = selectors.user_cart(request.user, marketplace)
        if cart is None and create:
            cart = services.new_cart(marketplace=marketplace, user=request.user)
        return cart
    tokens = request.session.get(GUEST_CART_TOKENS) or {}
    cart = selectors.cart_by_token(tokens.get(marketplace.code))
    if cart is not None and (cart.user_id is not None or cart.marketplace_id != marketplace.id):
        cart = None
    if cart is None and create:
        cart = services.new_cart(marketplace=marketplace)
        request.session[GUEST_CART_TOKENS] = {**tokens, marketplace.code: cart.token}
    return cart


def forget_missing_guest_cart(request) -> None:
    """After a rolled-back first add: the session stops pointing at a cart that was never saved."""
    tokens = request.session.get(GUEST_CART_TOKENS) or {}
    token = tokens.get(request.marketplace.code) if request.marketplace else None
    if token and selectors.cart_by_token(token) is None:
        request.session[GUEST_CART_TOKENS] = {code: t for code, t in tokens.items() if t != token}


def remember_item_count(request, count: int) -> None:
    if request.marketplace is None:
        return
    counts = request.session.get(CART_ITEM_COUNTS) or {}
    if counts.get(request.marketplace.code, 0) != count:
        request.session[CART_ITEM_COUNTS] = {**counts, request.marketplace.code: count}


def item_count(request) -> int:
    """The header's count: what the session last saw of this marketplace's cart."""
    marketplace = getattr(request, "marketplace", None)
    if marketplace is None or not hasattr(request, "session"):
        return 0
    return (request.session.get(CART_ITEM_COUNTS) or {}).get(marketplace.code, 0)


def refresh_item_count(request) -> None:
    cart = current_cart(request)
    units = CartLine.objects.filter(cart=cart).aggregate(units=Sum("quantity"))["units"] if cart else 0
    remember_item_count(request, units or 0)


def guest_cart_tokens(request) -> list[str]:
    """Taken before signing in: the session may be renewed on the way."""
    return list((request.session.get(GUEST_CART_TOKENS) or {}).values())


def merge_guest_carts(request, user, tokens: list[str]) -> None:
    """After sign-in or sign-up: the guest's carts join the account's, and the session forgets them."""
    for token in tokens:
        guest_cart = selectors.cart_by_token(token)
        if guest_cart is not None and guest_cart.user_id is None:
            services.merge_guest_cart(guest_cart=guest_cart, user=user)
    request.session.pop(GUEST_CART_TOKENS, None)
    request.session.pop(CART_ITEM_COUNTS, None)
    refresh_item_count(request)


@dataclass(frozen=True)
class LineRow:
    item: CartLineView
    items_minor: int
    shipping_minor: int


@dataclass(frozen=True)
class SellerGroup:
    """The cart's lines from one seller, with that seller's part of the quote (None if none is buyable)."""

    seller: object
    lines: list[LineRow]
    part: SellerPart | None


@dataclass(frozen=True)
class CartPage:
    view: CartView
    groups: list[SellerGroup]

    @property
    def has_unbuyable_lines(self) -> bool:
        return any(not line.buyable for line in self.view.lines)

    @property
    def has_changed_prices(self) -> bool:
        return any(line.unit_price_minor != line.line.price_minor_when_added
                   or line.unit_shipping_minor != line.line.shipping_minor_when_added for line in self.view.lines)


def cart_page(cart: Cart | None, *, user=None) -> CartPage:
    buyer = selectors.buyer_for(user, cart.marketplace) if cart is not None else None
    view = selectors.cart_view(cart, buyer=buyer)
    # Pictures are named after the product's department: one query for every line's category.
    prefetch_related_objects([line.line.offer.product for line in view.lines], "category")
    parts = {part.key: part for part in view.quote.parts} if view.quote else {}
    groups: dict[tuple[int, str], SellerGroup] = {}
    for line in view.lines:
        seller = line.line.offer.seller
        key = (seller.id, "network" if line.line.offer.fulfillment_channel == "network" else "merchant")
        group = groups.setdefault(key, SellerGroup(seller, [], parts.get(key)))
        live = selectors.live_line(line.line)
        items_minor = live.items_minor if line.deal_price_minor is None else line.deal_price_minor * live.quantity
        group.lines.append(LineRow(line, items_minor, live.shipping_minor))
    return CartPage(view, list(groups.values()))
