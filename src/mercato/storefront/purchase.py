"""What the checkout page shows and does: the lines being bought (the cart's buyable lines, or one offer
for a Buy Now that needs details), each seller's delivery choices priced by `checkout.pricing`, and
placing the order with a saved or new address and card.

Prices always come from the live offers; the shopper's confirmation is the total they saw.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils import timezone

from mercato.checkout import pricing
from mercato.checkout.models import Cart
from mercato.checkout.selectors import Buyer, buyer_for, cart_view, live_lines_for, live_quote
from mercato.core.errors import Conflict, DomainError, NotFound
from mercato.core.text import parse_id
from mercato.customers import services as customers
from mercato.customers.models import Address, PaymentMethod
from mercato.offers.models import Offer
from mercato.orders.models import Order
from mercato.orders.placement import PurchaseItem, place_order
from mercato.orders.selectors import customer_has_order_with_key
from mercato.sellers.models import Seller

DELIVERY_LABELS = {pricing.STANDARD: "Standard delivery", pricing.EXPRESS: "Express delivery"}


@dataclass(frozen=True)
class PurchaseLine:
    offer: Offer
    quantity: int
    unit_price_minor: int
    shipping_minor: int

    @property
    def line_total_minor(self) -> int:
        return self.unit_price_minor * self.quantity + self.shipping_minor


@dataclass(frozen=True)
class DeliveryChoice:
    option: str
    label: str
    delivery_date: date
    shipping_minor: int
    chosen: bool


@dataclass(frozen=True)
class SellerSection:
    seller: Seller
    lines: list[PurchaseLine]
    part: pricing.SellerPart
    choices: list[DeliveryChoice]


@dataclass(frozen=True)
class Purchase:
    sections: list[SellerSection]
    quote: pricing.Quote | None
    currency: str
    offer_id: int | None = None  # a single offer bought on its own (Buy Now), else the cart's lines
    left_in_cart: int = 0  # cart lines that cannot be bought now

    @property
    def is_empty(self) -> bool:
        return not self.sections

    @property
    def items(self) -> list[PurchaseItem]:
        return [PurchaseItem(line.offer.id, line.quantity) for section in self.sections for line in section.lines]

    @property
    def offer_ids(self) -> list[int]:
        return [item.offer_id for item in self.items]

    @property
    def signature(self) -> str:
        """What is being bought, as the page showed it: checked again when the order is placed."""
        return ",".join(f"{item.offer_id}x{item.quantity}" for item in self.items)

    @property
    def seller_ids(self) -> list[int]:
        return [section.seller.id for section in self.sections]

    @property
    def delivery_options(self) -> dict[int, str]:
        return {section.seller.id: section.part.delivery_option for section in self.sections}


def _purchase(bought: list[tuple[Offer, int]], options: dict[int, str], currency: str, buyer: Buyer | None,
              **extra) -> Purchase:
    if not bought:
        return Purchase([], None, currency, **extra)
    today = timezone.localdate()
    member = buyer.member if buyer else False
    live = live_lines_for(bought, buyer)
    chosen = live_quote(live, options=options, today=today, member=member)
    alternatives = {option: {part.key: part for part in live_quote(
                                 live, options={line.seller_id: option for line in live}, today=today,
                                 member=member).parts}
                    for option in pricing.DELIVERY_OPTIONS}
    offers = {offer.id: offer for offer, _ in bought}
    sections = []
    for part in chosen.parts:
        lines = [PurchaseLine(offers[line.offer_id], line.quantity, line.unit_price_minor, line.shipping_minor)
                 for line in part.lines]
        choices = [DeliveryChoice(option, DELIVERY_LABELS[option], alternatives[option][part.key].delivery_date,
                                  alternatives[option][part.key].shipping_minor,
                                  option == options.get(part.seller_id, pricing.STANDARD))
                   for option in pricing.DELIVERY_OPTIONS]
        sections.append(SellerSection(offers[part.lines[0].offer_id].seller, lines, part, choices))
    return Purchase(sections, chosen, currency, **extra)


def cart_purchase(cart: Cart | None, options: dict[int, str] | None = None, *, user=None) -> Purchase:
    """The cart's buyable lines, at live prices."""
    buyer = buyer_for(user, cart.marketplace) if cart is not None else None
    view = cart_view(cart, buyer=buyer)
    bought = [(line.line.offer, line.line.quantity) for line in view.buyable_lines]
    return _purchase(bought, options or {}, view.currency, buyer, left_in_cart=len(view.lines) - len(bought))


def buyable_offer(offer_id, marketplace) -> Offer | None:
    """An offer on sale in `marketplace`, or None."""
    offer_id = parse_id(offer_id)
    if marketplace is None or offer_id is None:
        return None
    return (Offer.objects.select_related("seller", "product__category")
            .filter(pk=offer_id, marketplace=marketplace, status=Offer.Status.ACTIVE,
                    seller__status=Seller.Status.ACTIVE, quantity__gt=0).first())


def offer_purchase(offer: Offer | None, marketplace, options: dict[int, str] | None = None, *,
                   user=None) -> Purchase:
    """One unit of one offer, bought on its own."""
    bought = [(offer, 1)] if offer is not None else []
    buyer = buyer_for(user, marketplace) if marketplace is not None and bought else None
    return _purchase(bought, options or {}, marketplace.currency if marketplace else "", buyer,
                     offer_id=offer.id if offer else None)


@dataclass(frozen=True)
class Payer:
    """How the shopper chose to receive and pay: a saved address and card, or details to save now."""

    address: Address | None = None
    new_address: dict | None = None
    address_as_default: bool = False
    card: PaymentMethod | None = None
    new_card: dict | None = None
    card_as_default: bool = False


def place_purchase(*, customer, marketplace, purchase: Purchase, items_seen: str, payer: Payer,
                   idempotency_key: str, expected_total_minor: int, delivery_options: dict[int, str],
                   channel: str) -> Order:
    """Save the new address and card the shopper typed, place the order, and make them the defaults if asked.
    If the order is refused, what was saved for it is removed again, so a refusal leaves nothing behind."""
    repeat = customer_has_order_with_key(customer, idempotency_key)
    if not repeat and items_seen != purchase.signature:
        raise Conflict("your cart changed while you were checking out; review the order again",
                       field="items", code="cart_changed")
    address, card, saved_address, saved_card = payer.address, payer.card, None, None
    try:
        if payer.new_address is not None and not repeat:
            address = saved_address = customers.add_address(user=customer, details=payer.new_address)
        if payer.new_card is not None and not repeat:
            card = saved_card = customers.add_payment_card(user=customer, **payer.new_card)
        if not repeat and (address is None or card is None):
            raise NotFound("choose a delivery address" if address is None else "choose how to pay",
                           field="address" if address is None else "payment_method")
        order = place_order(customer=customer, marketplace=marketplace, items=purchase.items, address=address,
                            payment_method=card, idempotency_key=idempotency_key,
                            delivery_options=delivery_options, expected_total_minor=expected_total_minor,
                            channel=channel)
    except DomainError:
        if saved_card is not None:
            customers.remove_payment_card(user=customer, payment_method_id=saved_card.pk)
        if saved_address is not None:
            customers.delete_address(user=customer, address_id=saved_address.pk)
        raise
    if saved_address is not None and payer.address_as_default:
        customers.set_default_address(user=customer, address_id=saved_address.pk)
    if saved_card is not None and payer.card_as_default:
        customers.set_default_payment_card(user=customer, payment_method_id=saved_card.pk)
    return order
