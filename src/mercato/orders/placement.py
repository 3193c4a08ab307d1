"""Placing an order: the one service call behind checkout, Buy Now and the API.

    1. reserve (one short transaction): re-price every line from the live offers, check the shopper's
       confirmed total, create the order as "being placed" with one seller order per seller, and take
       the units with one conditional UPDATE per offer;
    2. authorise the payment, outside any transaction or lock;
    3. confirm (one short transaction): record the payment, mark the order placed, consume the
       reservations, post the journal entry and the notifications.

Any failure after step 1 gives the units back and deletes the order, so a refused order leaves
nothing behind; a crash between steps leaves a reservation that `release_abandoned_orders` undoes when
it expires. The idempotency key is unique per shopper at the database: a repeat returns the first
order and never places a second one, also when the repeats race each other.
"""
from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from mercato.checkout import deal_services, pricing
from mercato.checkout.deal_selectors import shopper_for
from mercato.checkout.selectors import buyer_for, live_lines_for, live_quote
from mercato.core.errors import Conflict, Invalid, NotAllowed, NotFound
from mercato.core.ids import new_public_id
from mercato.core.money import format_money
from mercato.core.models import OutboxEvent
from mercato.customers.models import Address, PaymentMethod, User
from mercato.fulfillment import allocation
from mercato.fulfillment import fees as network_fees
from mercato.inventory import services as inventory
from mercato.marketplaces import fees
from mercato.marketplaces.models import Marketplace
from mercato.marketplaces.selectors import fee_rules
from mercato.offers.models import Offer
from mercato.orders import bookkeeping
from mercato.orders.errors import PaymentFailed
from mercato.orders.models import Order, OrderLine, Payment, SellerOrder
from mercato.payments.gateway import PaymentDeclined, PaymentNetworkError, PaymentRefused
from mercato.payments.providers import payment_provider

MAX_LINES_PER_ORDER = 50


@dataclass(frozen=True)
class PurchaseItem:
    offer_id: int
    quantity: int


def place_order(*, customer: User, marketplace: Marketplace, items: Sequence[PurchaseItem], address: Address,
                payment_method: PaymentMethod, idempotency_key: str, delivery_options: dict[int, str] | None = None,
                expected_total_minor: int | None = None, channel: str = Order.Channel.CHECKOUT) -> Order:
    """Place an order for `items`, or raise a domain error saying why nothing was placed."""
    key = _clean_key(idempotency_key)
    existing = Order.objects.filter(customer=customer, idempotency_key=key).first()
    if existing is not None:
        return _settled(existing)
    _check_request(customer, items, address, payment_method, delivery_options or {})
    try:
        order = _reserve(customer, marketplace, items, address, key, delivery_options or {}, expected_total_minor,
                         channel)
    except IntegrityError:
        # Another request with the same key got there first: answer with its order.
        existing = Order.objects.filter(customer=customer, idempotency_key=key).first()
        if existing is None:
            raise
        return _settled(existing)
    authorisation = _authorise(order, payment_method)
    try:
        return _confirm(order, payment_method, authorisation.authorisation_id, customer)
    except Exception:
        payment_provider().void(authorisation_id=authorisation.authorisation_id)
        _abandon(order)
        raise


def _clean_key(idempotency_key: str) -> str:
    key = (idempotency_key or "").strip()
    if not key or len(key) > 80 or not key.isprintable():
        raise Invalid("an idempotency key of 1 to 80 printable characters is required", field="idempotency_key")
    return key


def _check_request(customer: User, items: Sequence[PurchaseItem], address: Address, payment_method: PaymentMethod,
                   delivery_options: dict[int, str]) -> None:
    if not items:
        raise Invalid("there is nothing to buy", field="items")
    if len(items) > MAX_LINES_PER_ORDER:
        raise Invalid(f"an order holds at most {MAX_LINES_PER_ORDER} different offers", field="items")
    limit = settings.ORDER_LINE_MAX_UNITS
    seen = set()
    for position, item in enumerate(items):
        if isinstance(item.quantity, bool) or not isinstance(item.quantity, int) or item.quantity < 1:
            raise Invalid("quantity must be at least 1", field=f"items.{position}.quantity")
        if item.quantity > limit:
            raise Invalid(f"you can buy at most {limit} of one offer per order", field=f"items.{position}.quantity")
        if item.offer_id in seen:
            raise Invalid("an offer appears twice; change its quantity instead", field=f"items.{position}.offer_id")
        seen.add(item.offer_id)
    if address is None or address.user_id != customer.pk:
        raise NotFound("choose one of your delivery addresses", field="address")
    if payment_method is None or payment_method.user_id != customer.pk:
        raise NotFound("choose one of your payment cards", field="payment_method")
    for option in delivery_options.values():
        if option not in pricing.DELIVERY_OPTIONS:
            raise Invalid("delivery option must be standard or express", field="delivery_option")


@transaction.atomic
def _reserve(customer, marketplace, items, address, key, delivery_options, expected_total_minor, channel) -> Order:
    offers = {o.id: o for o in Offer.objects.filter(id__in=[i.offer_id for i in items])
              .select_related("seller", "product__category")}
    live = []
    for position, item in enumerate(items):
        offer = offers.get(item.offer_id)
        if offer is None or offer.marketplace_id != marketplace.id:
            raise NotFound("this offer no longer exists", field=f"items.{position}.offer_id")
        if not offer.seller.is_active:
            raise NotAllowed(f"{offer.seller.display_name} is not selling at the moment",
                             field=f"items.{position}.offer_id")
        if offer.status != Offer.Status.ACTIVE:
            raise Conflict(f"{offer.product.title[:60]} is no longer on sale from {offer.seller.display_name}",
                           field=f"items.{position}.offer_id")
        if offer.quantity < item.quantity:
            # Refused before writing anything: on a sold-out deal most buyers leave here, cheaply.
            raise _out_of_stock(offer, offer.quantity, f"items.{position}.quantity")
    buyer = buyer_for(customer, marketplace, address=address)
    now = timezone.now()
    live = live_lines_for([(offers[item.offer_id], item.quantity) for item in items], buyer, now=now,
                          fresh_deals=True)
    deal_services.check_deal_quantities(live)
    quote = live_quote(live, options=delivery_options, today=timezone.localdate(), member=buyer.member)
    if expected_total_minor is not None and quote.total_minor > expected_total_minor:
        # A deal that has not opened to this shopper, has ended or sold out says why better than a new total.
        missed = deal_services.missed_deal_error([offers[item.offer_id] for item in items], shopper_for(buyer), now)
        if missed is not None:
            raise missed
        raise Conflict(f"prices changed: the total is now {format_money(quote.total_minor, marketplace.currency)}, "
                       f"not {format_money(expected_total_minor, marketplace.currency)}; review the order again",
                       field="expected_total_minor", code="price_changed")
    order = Order.objects.create(
        public_id=new_public_id("O"), customer=customer, marketplace=marketplace, currency=marketplace.currency,
        channel=channel, idempotency_key=key, items_minor=quote.items_minor, shipping_minor=quote.shipping_minor,
        total_minor=quote.total_minor, ship_to_name=address.full_name, ship_to_line1=address.line1,
        ship_to_line2=address.line2, ship_to_city=address.city, ship_to_postal_code=address.postal_code,
        ship_to_country_code=address.country_code, ship_to_phone=address.phone)
    rules = fee_rules(marketplace)
    for part in quote.parts:
        _create_seller_order(order, part, offers, rules)
    # Network lines are routed to centers before anything is paid: an order no center can serve stops here.
    routing = allocation.route_network_lines(
        reference=order.public_id, destination=buyer.destination,
        lines=[allocation.NetworkLine(offers[line.offer_id], line.quantity, part.delivery_option, part.delivery_date)
               for part in quote.parts if part.fulfillment_channel == pricing.NETWORK for line in part.lines])
    # Stock is taken last, so the offer rows stay locked only from these UPDATEs to the commit: on a hot deal
    # every buyer queues on that one row.
    expires_at = timezone.now() + timedelta(seconds=settings.STOCK_RESERVATION_SECONDS)
    # Deal units first (deal rows before offer rows, the lock order releases follow too): a sold-out deal stops here.
    deal_services.claim_deals_for_order(live, reference=order.public_id, shopper=shopper_for(buyer), now=now)
    # Offers are reserved in primary-key order, the lock order every purchase follows.
    for line in sorted(live, key=lambda line: line.offer_id):
        if inventory.reserve_units(offer_id=line.offer_id, quantity=line.quantity, reference=order.public_id,
                                   expires_at=expires_at,
                                   center_stock_ids=routing.preferences.get(line.offer_id, ())) is None:
            offer = offers[line.offer_id]
            left = Offer.objects.filter(pk=offer.pk).values_list("quantity", flat=True).first() or 0
            raise _out_of_stock(offer, left, f"items.{[i.offer_id for i in items].index(offer.id)}.quantity")
    allocation.take_center_days(allocation.reserved_center_ids(order.public_id), timezone.localdate())
    return order


def _out_of_stock(offer: Offer, left: int, field: str) -> Conflict:
    title = offer.product.title[:60]
    return Conflict(f"only {left} left of {title}" if left else f"{title} just sold out", field=field,
                    code="out_of_stock")


def _create_seller_order(order: Order, part: pricing.SellerPart, offers: dict[int, Offer], rules: dict) -> None:
    seller_order = SellerOrder(public_id=new_public_id("S"), order=order, seller_id=part.seller_id,
                               fulfilled_by_network=part.fulfillment_channel == pricing.NETWORK,
                               delivery_option=part.delivery_option, items_minor=part.items_minor,
                               shipping_minor=part.shipping_minor, total_minor=part.total_minor,
                               promised_delivery_date=part.delivery_date)
    lines = []
    for live in part.lines:
        offer = offers[live.offer_id]
        line_fees = fees.NO_FEES
        if not offer.seller.is_first_party:
            rule = fees.rule_for_path(rules, offer.product.category.path)
            if rule is not None:
                line_fees = fees.line_fees(rule, line_total_minor=live.items_minor + live.shipping_minor,
                                           quantity=live.quantity)
        lines.append(OrderLine(offer=offer, product=offer.product, title=offer.product.title[:300],
                               seller_sku=offer.seller_sku, condition=offer.condition, quantity=live.quantity,
                               unit_price_minor=live.unit_price_minor, shipping_minor=live.shipping_minor,
                               referral_fee_minor=line_fees.referral_minor, closing_fee_minor=line_fees.closing_minor,
                               unit_cost_minor=offer.unit_cost_minor if offer.seller.is_first_party else None))
    seller_order.referral_fee_minor = sum(line.referral_fee_minor for line in lines)
    seller_order.closing_fee_minor = sum(line.closing_fee_minor for line in lines)
    if seller_order.fulfilled_by_network and not offers[part.lines[0].offer_id].seller.is_first_party:
        seller_order.fulfillment_fee_minor = sum(
            network_fees.unit_fee_minor(length_mm=line.product.length_mm, width_mm=line.product.width_mm,
                                        height_mm=line.product.height_mm, weight_grams=line.product.weight_grams)
            * line.quantity for line in lines)
    seller_order.save()
    for line in lines:
        line.seller_order = seller_order
    OrderLine.objects.bulk_create(lines)


def _authorise(order: Order, payment_method: PaymentMethod):
    provider = payment_provider()
    for attempt in range(2):
        try:
            return provider.authorise(token=payment_method.token, amount_minor=order.total_minor,
                                      currency=order.currency, idempotency_key=order.public_id)
        except (PaymentDeclined, PaymentRefused) as error:
            _abandon(order)
            raise PaymentFailed(error.reason, field="payment_method", code="payment_declined") from None
        except PaymentNetworkError:
            if attempt == 0:
                continue  # the same idempotency key makes the retry safe
    # No answer twice: the provider may hold an authorisation we never heard of; release it by key.
    try:
        provider.void_by_key(idempotency_key=order.public_id)
    except PaymentNetworkError:
        pass  # the authorisation lapses unclaimed at the provider
    _abandon(order)
    raise PaymentFailed("the payment service did not answer; you have not been charged, please try again",
                        field="payment_method", code="payment_unavailable")


@transaction.atomic
def _confirm(order: Order, payment_method: PaymentMethod, authorisation_id: str, customer: User) -> Order:
    order = Order.objects.select_for_update().filter(pk=order.pk).first()
    if order is None:
        raise Conflict("the reservation for this order expired; please place it again", field="items")
    if order.status != Order.Status.PENDING_PAYMENT:
        return order
    if inventory.consume_reservations(reference=order.public_id) == 0:
        raise Conflict("the reservation for this order expired; please place it again", field="items")
    Payment.objects.create(order=order, provider=payment_method.provider, authorisation_id=authorisation_id,
                           card_brand=payment_method.brand, card_last4=payment_method.last4, currency=order.currency,
                           authorised_minor=order.total_minor)
    now = timezone.now()
    order.status = Order.Status.PLACED
    order.placed_at = now
    if order.channel == Order.Channel.BUY_NOW:
        order.free_cancel_until = now + timedelta(minutes=settings.ONE_CLICK_FREE_CANCEL_MINUTES)
    order.save(update_fields=["status", "placed_at", "free_cancel_until"])
    bookkeeping.book_order_placed(order)
    allocation.create_shipments(order)
    _announce(order, customer)
    sold_out = list(Offer.objects.filter(reservations__reference=order.public_id, quantity=0)
                    .values_list("product_id", "marketplace_id"))
    if sold_out:
        transaction.on_commit(lambda: _refresh_buyboxes(sold_out))
    return order


def _refresh_buyboxes(pairs) -> None:
    from mercato.offers.services import refresh_buyboxes

    refresh_buyboxes(pairs)


def _announce(order: Order, customer: User) -> None:
    total = format_money(order.total_minor, order.currency)
    events = [OutboxEvent(topic="order.placed", recipient=customer.email,
                          subject=f"Your Mercato order {order.public_id}",
                          body=f"Thank you for your order {order.public_id} of {total}.",
                          payload={"order": order.public_id})]
    for seller_order in order.seller_orders.select_related("seller"):
        events.append(OutboxEvent(
            topic="seller_order.created", recipient=seller_order.seller.contact_email,
            subject=f"New order {seller_order.public_id}",
            body=f"You have a new order {seller_order.public_id} to ship by "
                 f"{seller_order.promised_delivery_date:%d %b %Y}.",
            payload={"seller_order": seller_order.public_id, "seller": seller_order.seller_id}))
    OutboxEvent.objects.bulk_create(events)


def _abandon(order: Order) -> bool:
    """Undo a placement that did not finish: units back on sale, the order gone. False if it was placed meanwhile."""
    with transaction.atomic():
        locked = Order.objects.select_for_update().filter(pk=order.pk, status=Order.Status.PENDING_PAYMENT).first()
        if locked is None:
            return False
        deal_services.release_deal_claims(reference=order.public_id)
        back_in_stock = inventory.release_reservations(reference=order.public_id)
        locked.delete()
    if back_in_stock:
        pairs = list(Offer.objects.filter(id__in=back_in_stock).values_list("product_id", "marketplace_id"))
        _refresh_buyboxes(pairs)
    return True


def _settled(order: Order) -> Order:
    """The order behind a repeated idempotency key, once its first request has finished placing it."""
    deadline = time.monotonic() + settings.IDEMPOTENT_WAIT_SECONDS
    while order.status == Order.Status.PENDING_PAYMENT and time.monotonic() < deadline:
        time.sleep(0.05)
        order = Order.objects.filter(pk=order.pk).first()
        if order is None:
            raise Conflict("the first request with this idempotency key failed; send the order with a new key",
                           field="idempotency_key")
    if order.status == Order.Status.PENDING_PAYMENT:
        raise Conflict("an order with this idempotency key is still being placed; ask again shortly",
                       field="idempotency_key")
    order.is_repeat = True
    return order


def release_abandoned_orders(*, now=None) -> int:
    """Undo placements whose reservations expired before they finished (a crashed process). Returns how many."""
    provider = payment_provider()
    count = 0
    for reference in inventory.expired_reservation_references(now=now):
        order = Order.objects.filter(public_id=reference, status=Order.Status.PENDING_PAYMENT).first()
        if order is None:
            inventory.release_reservations(reference=reference)
            continue
        # The order goes first: a placement finishing at this moment either wins (and keeps its payment) or finds
        # its order gone and voids the payment itself.
        if not _abandon(order):
            continue
        count += 1
        try:
            provider.void_by_key(idempotency_key=order.public_id)
        except PaymentNetworkError:
            pass  # the authorisation lapses unclaimed at the provider
    return count
