"""The cart as a shopper sees it: lines grouped by seller, live prices, delivery estimates and warnings."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.utils import timezone

from mercato.checkout import pricing
from mercato.checkout.models import Cart, CartLine
from mercato.core.money import format_money


@dataclass(frozen=True)
class CartLineView:
    line: CartLine
    unit_price_minor: int
    unit_shipping_minor: int
    line_total_minor: int
    delivery_date: date
    warnings: tuple[str, ...]
    buyable: bool


@dataclass(frozen=True)
class CartView:
    cart: Cart | None
    lines: list[CartLineView]
    quote: pricing.Quote | None
    currency: str

    @property
    def has_warnings(self) -> bool:
        return any(line.warnings for line in self.lines)

    @property
    def buyable_lines(self) -> list[CartLineView]:
        return [line for line in self.lines if line.buyable]

    @property
    def item_count(self) -> int:
        return sum(line.line.quantity for line in self.lines)


def cart_by_token(token: str | None) -> Cart | None:
    if not token or len(token) != 32:
        return None
    return Cart.objects.filter(token=token).select_related("marketplace").first()


def user_cart(user, marketplace) -> Cart | None:
    return Cart.objects.filter(user=user, marketplace=marketplace).select_related("marketplace").first()


def live_line_for(offer, quantity: int) -> pricing.LiveLine:
    """`quantity` units of an offer at its terms now."""
    return pricing.LiveLine(offer.id, offer.seller_id, quantity, offer.price_minor, offer.shipping_minor,
                            offer.handling_days, offer.fulfillment_channel)


def live_line(line: CartLine) -> pricing.LiveLine:
    return live_line_for(line.offer, line.quantity)


def live_quote(lines, *, options: dict[int, str], today: date) -> pricing.Quote:
    """The quote at this marketplace's express surcharge; what checkout shows and placement charges."""
    return pricing.quote(lines, options=options, today=today,
                         express_surcharge_minor=settings.EXPRESS_DELIVERY_SURCHARGE_MINOR)


def cart_view(cart: Cart | None, *, delivery_options: dict[int, str] | None = None,
              today: date | None = None) -> CartView:
    if cart is None:
        return CartView(None, [], None, "")
    today = today or timezone.localdate()
    currency = cart.marketplace.currency
    lines = list(cart.lines.select_related("offer__seller", "offer__product"))
    views = []
    for line in lines:
        offer = line.offer
        warnings = []
        buyable = offer.status == offer.Status.ACTIVE and offer.seller.is_active and offer.quantity > 0
        if not buyable:
            warnings.append("no longer available from this seller; remove it or choose another offer")
        elif offer.quantity < line.quantity:
            warnings.append(f"only {offer.quantity} left; lower the quantity")
            buyable = False
        if offer.price_minor != line.price_minor_when_added:
            direction = "up" if offer.price_minor > line.price_minor_when_added else "down"
            warnings.append(f"price went {direction} from {format_money(line.price_minor_when_added, currency)} "
                            f"to {format_money(offer.price_minor, currency)} since you added it")
        if offer.shipping_minor != line.shipping_minor_when_added:
            warnings.append(f"shipping changed from {format_money(line.shipping_minor_when_added, currency)} "
                            f"to {format_money(offer.shipping_minor, currency)}")
        live = live_line(line)
        views.append(CartLineView(line, offer.price_minor, offer.shipping_minor, live.items_minor + live.shipping_minor,
                                  pricing.delivery_date([live], pricing.STANDARD, today), tuple(warnings), buyable))
    live_lines = [live_line(view.line) for view in views if view.buyable]
    quote = live_quote(live_lines, options=delivery_options or {}, today=today) if live_lines else None
    return CartView(cart, views, quote, currency)
