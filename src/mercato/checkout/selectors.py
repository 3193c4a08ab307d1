"""The cart as a shopper sees it: lines grouped by seller, live prices, delivery estimates and warnings."""
from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cached_property
from datetime import date

from django.conf import settings
from django.utils import timezone

from mercato.checkout import pricing
from mercato.checkout.deal_selectors import deal_prices
from mercato.checkout.models import Cart, CartLine
from mercato.core.money import format_money
from mercato.fulfillment.promises import (Destination, NetworkPromise, best_promises, destination_for,
                                          marketplace_middle)


@dataclass(frozen=True)
class CartLineView:
    line: CartLine
    unit_price_minor: int
    unit_shipping_minor: int
    line_total_minor: int
    delivery_date: date
    warnings: tuple[str, ...]
    buyable: bool
    deal_price_minor: int | None = None  # the unit price on a lightning deal, when one applies


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


class Buyer:
    """Who is buying, as far as prices and dates depend on it: membership, and where the parcels go (`address`,
    else the shopper's default address, else the middle of the marketplace's network), looked up only when a
    network-fulfilled offer needs it."""

    def __init__(self, user, marketplace, *, address=None):
        self.user, self.marketplace, self.address = user, marketplace, address
        self.benefits = _benefits(user, marketplace)
        self.member = bool(self.benefits and self.benefits.free_fastest_delivery)

    @cached_property
    def destination(self) -> Destination:
        address = self.address
        if address is None and self.user is not None and self.user.is_authenticated:
            address = self.user.addresses.order_by("-is_default", "id").first()
        if address is not None:
            return destination_for(postal_code=address.postal_code, country_code=address.country_code,
                                   marketplace_id=self.marketplace.id)
        return marketplace_middle(self.marketplace.id)


def buyer_for(user, marketplace, *, address=None) -> Buyer:
    return Buyer(user, marketplace, address=address)


def _benefits(user, marketplace):
    if user is None or not user.is_authenticated:
        return None
    from mercato.membership.selectors import member_benefits

    return member_benefits(user, marketplace, timezone.now())


def is_member(user, marketplace) -> bool:
    """A member whose plan gives free fastest delivery."""
    benefits = _benefits(user, marketplace)
    return bool(benefits and benefits.free_fastest_delivery)


def live_lines_for(bought, buyer: Buyer | None, *, now=None, with_deals: bool = True,
                   fresh_deals: bool = False) -> list[pricing.LiveLine]:
    """`bought` ((offer, quantity) pairs) at the offers' terms now; network offers carry the promise of the center
    that delivers them soonest to the buyer, and offers on a lightning deal open to the buyer carry its price.
    Deals cost one query for all offers, asked only when a cached set of offers with deals holds one of them,
    unless `fresh_deals` (placement: the price charged); none at all without `with_deals`."""
    network = {offer.id: quantity for offer, quantity in bought if offer.fulfillment_channel == pricing.NETWORK}
    promises = best_promises(network, buyer.destination, quantities=network, now=now) if network and buyer else {}
    on_deal = deal_prices([offer for offer, _ in bought], buyer, now, fresh=fresh_deals) if with_deals else {}
    lines = [live_line_for(offer, quantity, promises.get(offer.id)) for offer, quantity in bought]
    return [replace(line, unit_price_minor=on_deal[line.offer_id][1], deal_id=on_deal[line.offer_id][0])
            if line.offer_id in on_deal else line for line in lines]


@dataclass(frozen=True)
class OfferPromise:
    """When one unit of an offer would arrive for this buyer, and what membership changes."""

    standard_date: date
    express_date: date
    member_eligible: bool  # members get it delivered free at express speed
    is_member: bool


def offer_promises(offers, buyer: Buyer, *, today: date | None = None) -> dict[int, OfferPromise]:
    today = today or timezone.localdate()
    lines = live_lines_for([(offer, 1) for offer in offers], buyer, with_deals=False)
    return {line.offer_id: OfferPromise(pricing.line_delivery_date(line, pricing.STANDARD, today),
                                        pricing.line_delivery_date(line, pricing.EXPRESS, today),
                                        line.member_eligible, buyer.member) for line in lines}


def live_line_for(offer, quantity: int, promise: NetworkPromise | None = None) -> pricing.LiveLine:
    """`quantity` units of an offer at its terms now."""
    return pricing.LiveLine(offer.id, offer.seller_id, quantity, offer.price_minor, offer.shipping_minor,
                            offer.handling_days, offer.fulfillment_channel,
                            promise.dispatch_date if promise else None, promise.distance_km if promise else None)


def live_line(line: CartLine) -> pricing.LiveLine:
    return live_line_for(line.offer, line.quantity)


def live_quote(lines, *, options: dict[int, str], today: date, member: bool = False) -> pricing.Quote:
    """The quote at this marketplace's express surcharge; what checkout shows and placement charges."""
    return pricing.quote(lines, options=options, today=today, member=member,
                         express_surcharge_minor=settings.EXPRESS_DELIVERY_SURCHARGE_MINOR)


def cart_view(cart: Cart | None, *, delivery_options: dict[int, str] | None = None,
              today: date | None = None, buyer: Buyer | None = None) -> CartView:
    if cart is None:
        return CartView(None, [], None, "")
    today = today or timezone.localdate()
    buyer = buyer or buyer_for(cart.user, cart.marketplace)
    currency = cart.marketplace.currency
    lines = list(cart.lines.select_related("offer__seller", "offer__product"))
    views, line_warnings, line_buyable = [], {}, {}
    for line in lines:
        offer = line.offer
        warnings = line_warnings[line.id] = []
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
        line_buyable[line.id] = buyable
    live = dict(zip((line.id for line in lines), live_lines_for([(line.offer, line.quantity) for line in lines], buyer)))
    for line in lines:
        offer, warnings, buyable = line.offer, line_warnings[line.id], line_buyable[line.id]
        deal_price = live[line.id].unit_price_minor if live[line.id].deal_id else None
        if deal_price is not None and line.quantity > settings.DEAL_MAX_UNITS_PER_ORDER:
            warnings.append(f"the lightning deal is limited to {settings.DEAL_MAX_UNITS_PER_ORDER} per order; "
                            "lower the quantity")
        views.append(CartLineView(line, offer.price_minor, offer.shipping_minor,
                                  live[line.id].items_minor + live[line.id].shipping_minor,
                                  pricing.line_delivery_date(live[line.id], pricing.STANDARD, today), tuple(warnings),
                                  buyable, deal_price))
    live_lines = [live[view.line.id] for view in views if view.buyable]
    quote = (live_quote(live_lines, options=delivery_options or {}, today=today, member=buyer.member)
             if live_lines else None)
    return CartView(cart, views, quote, currency)
