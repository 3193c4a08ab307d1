"""What happens to an order after it is placed: cancellation, acceptance, shipment (which captures the
payment), delivery, refunds and completion. Each is one service call; the provider is called outside the
database transaction with an idempotency key, so a retry after a failure never moves money twice."""
from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from mercato.checkout import deal_services
from mercato.core.errors import Conflict, Invalid, NotAllowed, NotFound
from mercato.core.ids import new_public_id
from mercato.core.money import check_amount_minor, format_money
from mercato.core.outbox import record_event
from mercato.core.text import clean_text
from mercato.customers.models import User
from mercato.fulfillment import allocation
from mercato.inventory import services as inventory
from mercato.orders import bookkeeping, states
from mercato.orders.models import Order, Payment, Refund, SellerOrder
from mercato.payments.gateway import PaymentError, PaymentNetworkError
from mercato.payments.providers import payment_provider
from mercato.sellers.models import Seller



def _customer_order(customer: User, public_id: str) -> Order:
    order = (Order.objects.select_for_update().filter(customer=customer, public_id=str(public_id)[:12])
             .exclude(status=Order.Status.PENDING_PAYMENT).first())
    if order is None:
        raise NotFound("no such order", field="order")
    return order


def _sellers_own_part(seller_order: SellerOrder) -> None:
    """Network orders are picked, packed and shipped by Mercato, not by the seller."""
    if seller_order.fulfilled_by_network:
        raise NotAllowed(f"order {seller_order.public_id} is fulfilled by Mercato: the fulfillment center ships it",
                         field="seller_order")


def _seller_order(seller: Seller, public_id: str) -> SellerOrder:
    seller_order = (SellerOrder.objects.select_for_update().select_related("order")
                    .filter(seller=seller, public_id=str(public_id)[:12])
                    .exclude(order__status=Order.Status.PENDING_PAYMENT).first())
    if seller_order is None:
        # Another seller's order looks exactly like a missing one.
        raise NotFound("no such order", field="seller_order")
    return seller_order


def _check_move(seller_order: SellerOrder, target: str) -> None:
    try:
        states.check_seller_order_transition(seller_order.status, target)
    except states.IllegalTransition:
        current = seller_order.get_status_display().lower()
        raise Conflict(f"order {seller_order.public_id} is {current}; it cannot be {target} now",
                       field="status") from None


def _move(seller_order: SellerOrder, target: str) -> None:
    _check_move(seller_order, target)
    seller_order.status = target


def _follow_seller_orders(order: Order) -> None:
    """Set the order's status from its seller orders, and release what is left of the authorisation once
    nothing more can be captured."""
    statuses = list(order.seller_orders.values_list("status", flat=True))
    derived = states.order_status_for(statuses)
    if derived != order.status:
        order.status = derived
        if derived == Order.Status.CANCELLED:
            order.cancelled_at = timezone.now()
        order.save(update_fields=["status", "cancelled_at"])
    if not any(status in states.TO_SHIP for status in statuses):
        payment = Payment.objects.select_for_update().filter(order=order).first()
        if payment and payment.status == Payment.Status.AUTHORISED:
            payment.status = Payment.Status.VOIDED if payment.captured_minor == 0 else Payment.Status.CAPTURED
            payment.save(update_fields=["status"])
            if payment.captured_minor == 0:
                authorisation_id = payment.authorisation_id
                transaction.on_commit(lambda: _void_quietly(authorisation_id))


def _void_quietly(authorisation_id: str) -> None:
    try:
        payment_provider().void(authorisation_id=authorisation_id)
    except PaymentError:
        pass  # an unvoided authorisation lapses at the provider; the ledger already released it


def _cancel(seller_order: SellerOrder, *, by: str, reason: str) -> None:
    if seller_order.capture_started_at is not None:
        raise Conflict(f"order {seller_order.public_id} is being shipped; it can no longer be cancelled",
                       field="seller_order")
    _move(seller_order, SellerOrder.Status.CANCELLED)
    seller_order.cancelled_at = timezone.now()
    seller_order.cancelled_by = by
    seller_order.cancel_reason = reason
    seller_order.save(update_fields=["status", "cancelled_at", "cancelled_by", "cancel_reason"])
    back = []
    # Deal units go back before stock: deal rows are locked before offer rows everywhere.
    deal_services.release_deal_claims(reference=seller_order.order.public_id,
                                      offer_ids=[line.offer_id for line in seller_order.lines.all() if line.offer_id])
    if seller_order.fulfilled_by_network:
        # The units are set aside in a center: they go back on sale there.
        allocation.release_seller_order(seller_order)
    for line in seller_order.lines.all():
        if line.offer_id:
            if not seller_order.fulfilled_by_network:
                inventory.return_units(offer_id=line.offer_id, quantity=line.quantity)
            back.append((line.product_id, seller_order.order.marketplace_id))
    bookkeeping.book_seller_order_cancelled(seller_order, seller_order.order.currency)
    record_event("seller_order.cancelled", recipient=seller_order.seller.contact_email,
                 subject=f"Order {seller_order.public_id} cancelled",
                 body=f"Order {seller_order.public_id} was cancelled by the {by}: {reason}",
                 payload={"seller_order": seller_order.public_id, "cancelled_by": by})
    transaction.on_commit(lambda: _refresh_buyboxes(back))


def _refresh_buyboxes(pairs) -> None:
    from mercato.offers.services import refresh_buyboxes

    refresh_buyboxes(pairs)


@transaction.atomic
def cancel_order(*, customer: User, order_id: str, reason: str = "") -> Order:
    """The shopper cancels every part of the order a seller has not yet accepted (during a Buy Now order's
    free-cancel window nothing can be accepted, so all of it)."""
    order = _customer_order(customer, order_id)
    if order.status == Order.Status.CANCELLED:
        raise Conflict("this order is already cancelled", field="order")
    reason = clean_text(reason, field="reason", max_length=300, required=False) or "cancelled by the shopper"
    seller_orders = list(order.seller_orders.select_for_update().select_related("seller").order_by("pk"))
    cancellable = [so for so in seller_orders if so.shopper_can_cancel]
    if not cancellable:
        raise NotAllowed("the sellers have already accepted or shipped this order; ask for a return instead",
                         field="order")
    for seller_order in cancellable:
        seller_order.order = order
        _cancel(seller_order, by=SellerOrder.CancelledBy.SHOPPER, reason=reason)
    _follow_seller_orders(order)
    record_event("order.cancelled", recipient=customer.email, subject=f"Order {order.public_id} cancelled",
                 body=f"We cancelled {len(cancellable)} of {len(seller_orders)} parts of order {order.public_id}; "
                      "you have not been charged for them.", payload={"order": order.public_id})
    return order


@transaction.atomic
def accept_seller_order(*, seller: Seller, seller_order_id: str) -> SellerOrder:
    seller_order = _seller_order(seller, seller_order_id)
    _sellers_own_part(seller_order)
    if seller_order.order.held_until():
        raise Conflict(f"the shopper can cancel this Buy Now order for free until "
                       f"{seller_order.order.free_cancel_until:%H:%M}; accept it after that", field="seller_order")
    _move(seller_order, SellerOrder.Status.ACCEPTED)
    seller_order.accepted_at = timezone.now()
    seller_order.save(update_fields=["status", "accepted_at"])
    return seller_order


@transaction.atomic
def cancel_seller_order(*, seller: Seller, seller_order_id: str, reason: str) -> SellerOrder:
    """The seller cannot ship: the shopper is not charged, and the cancellation counts against the seller."""
    from mercato.sellers.services import record_seller_cancellation

    seller_order = _seller_order(seller, seller_order_id)
    _sellers_own_part(seller_order)
    reason = clean_text(reason, field="reason", max_length=300)
    _cancel(seller_order, by=SellerOrder.CancelledBy.SELLER, reason=reason)
    order = Order.objects.select_for_update().get(pk=seller_order.order_id)
    _follow_seller_orders(order)
    record_event("order.cancelled", recipient=order.customer.email,
                 subject=f"Part of order {order.public_id} was cancelled",
                 body=f"{seller.display_name} could not send your items ({reason}); you have not been charged "
                      "for them.", payload={"order": order.public_id, "seller_order": seller_order.public_id})
    record_seller_cancellation(seller=seller)
    return seller_order


def confirm_shipment(*, seller: Seller, seller_order_id: str, carrier: str, tracking_number: str,
                     by_network: bool = False) -> SellerOrder:
    """The seller (or, `by_network`, Mercato's fulfillment center) has handed the parcel to a carrier: capture
    the seller order's amount, then book it."""
    carrier = clean_text(carrier, field="carrier", max_length=60)
    tracking_number = clean_text(tracking_number, field="tracking_number", max_length=60)
    with transaction.atomic():
        seller_order = _seller_order(seller, seller_order_id)
        if not by_network:
            _sellers_own_part(seller_order)
        # The network holds a Buy Now parcel through the free-cancel window on its own clock before shipping it.
        if not by_network and seller_order.order.held_until():
            raise Conflict(f"the shopper can cancel this Buy Now order for free until "
                           f"{seller_order.order.free_cancel_until:%H:%M}; ship it after that", field="seller_order")
        _check_move(seller_order, SellerOrder.Status.SHIPPED)
        # From here on the order cannot be cancelled, so the money captured below always ships.
        if seller_order.capture_started_at is None:
            seller_order.capture_started_at = timezone.now()
            seller_order.save(update_fields=["capture_started_at"])
        payment = Payment.objects.get(order_id=seller_order.order_id)
    try:
        payment_provider().capture(authorisation_id=payment.authorisation_id, amount_minor=seller_order.total_minor,
                                   idempotency_key=f"{seller_order.public_id}-capture")
    except PaymentNetworkError:
        # The capture may have happened: the order stays uncancellable until a retry with the same key settles it.
        raise Conflict("the payment service did not answer; confirm the shipment again", field="seller_order",
                       code="capture_failed") from None
    except PaymentError as error:
        SellerOrder.objects.filter(pk=seller_order.pk, status__in=states.TO_SHIP).update(capture_started_at=None)
        raise Conflict(f"the payment could not be captured ({error.reason}); try again or cancel the order",
                       field="seller_order", code="capture_failed") from None
    return _record_shipment(seller, seller_order_id, carrier, tracking_number)


@transaction.atomic
def _record_shipment(seller: Seller, seller_order_id: str, carrier: str, tracking_number: str) -> SellerOrder:
    seller_order = _seller_order(seller, seller_order_id)
    if seller_order.status == SellerOrder.Status.SHIPPED:
        return seller_order  # a concurrent confirmation recorded it; the capture was the same one
    _move(seller_order, SellerOrder.Status.SHIPPED)
    seller_order.carrier = carrier
    seller_order.tracking_number = tracking_number
    seller_order.shipped_at = timezone.now()
    seller_order.save(update_fields=["status", "carrier", "tracking_number", "shipped_at"])
    order = Order.objects.select_for_update().select_related("marketplace", "customer").get(pk=seller_order.order_id)
    payment = Payment.objects.select_for_update().get(order=order)
    payment.captured_minor += seller_order.total_minor
    payment.save(update_fields=["captured_minor"])
    first_party = seller.is_first_party
    cost = sum((line.unit_cost_minor or 0) * line.quantity for line in seller_order.lines.all()) if first_party else 0
    bookkeeping.book_seller_order_shipped(seller_order, currency=order.currency, first_party=first_party,
                                          vat_rate_bp=order.marketplace.vat_rate_bp, cost_of_goods_minor=cost)
    _follow_seller_orders(order)
    record_event("seller_order.shipped", recipient=order.customer.email,
                 subject=f"Your order {order.public_id} is on its way",
                 body=f"{seller.display_name} sent your items with {carrier}, tracking number {tracking_number}.",
                 payload={"order": order.public_id, "seller_order": seller_order.public_id, "carrier": carrier,
                          "tracking_number": tracking_number})
    return seller_order


@transaction.atomic
def confirm_delivery(*, seller: Seller, seller_order_id: str, by_network: bool = False) -> SellerOrder:
    seller_order = _seller_order(seller, seller_order_id)
    if not by_network:
        _sellers_own_part(seller_order)
    _move(seller_order, SellerOrder.Status.DELIVERED)
    seller_order.delivered_at = timezone.now()
    seller_order.save(update_fields=["status", "delivered_at"])
    order = Order.objects.select_for_update().get(pk=seller_order.order_id)
    _follow_seller_orders(order)
    record_event("seller_order.delivered", recipient=order.customer.email,
                 subject=f"Delivered: part of order {order.public_id}",
                 body=f"{seller.display_name} reports your items delivered.",
                 payload={"order": order.public_id, "seller_order": seller_order.public_id})
    return seller_order


def refund_seller_order(*, seller: Seller, seller_order_id: str, amount_minor: int, reason: str,
                        idempotency_key: str, created_by: User | None = None) -> Refund:
    """Give money back on a shipped seller order, to the card that paid. At most what is left unrefunded.

    The amount is set aside on the seller order first (so two refunds at once can never both pass the limit),
    then paid by the provider outside the transaction, then booked."""
    reason = clean_text(reason, field="reason", max_length=300)
    key = (idempotency_key or "").strip()[:80]
    if not key:
        raise Invalid("an idempotency key is required", field="idempotency_key")
    key = f"{seller.pk}:{key}"
    refund = Refund.objects.select_related("seller_order").filter(idempotency_key=key).first()
    if refund is not None and refund.seller_order.public_id != str(seller_order_id)[:12]:
        raise Conflict("this idempotency key was used for a refund on another order", field="idempotency_key")
    if refund is None:
        refund = _set_refund_aside(seller, seller_order_id, amount_minor, reason, key, created_by)
    if refund.status == Refund.Status.COMPLETED:
        return refund
    payment = Payment.objects.get(order_id=refund.seller_order.order_id)
    try:
        payment_provider().refund(authorisation_id=payment.authorisation_id, amount_minor=refund.amount_minor,
                                  idempotency_key=key)
    except PaymentNetworkError:
        raise Conflict("the payment service did not answer; send the refund again with the same key",
                       field="amount_minor", code="refund_failed") from None
    except PaymentError as error:
        _give_back_refund(refund)
        raise Conflict(f"the refund could not be made ({error.reason})", field="amount_minor",
                       code="refund_failed") from None
    return _complete_refund(refund)


@transaction.atomic
def _set_refund_aside(seller, seller_order_id, amount_minor, reason, key, created_by) -> Refund:
    seller_order = _seller_order(seller, seller_order_id)
    if seller_order.status not in (SellerOrder.Status.SHIPPED, SellerOrder.Status.DELIVERED):
        raise Conflict("only shipped orders are refunded; cancel an order that has not shipped", field="seller_order")
    currency = seller_order.order.currency
    amount_minor = check_amount_minor(amount_minor, currency, field="amount_minor")
    left = seller_order.total_minor - seller_order.refunded_minor
    if amount_minor > left:
        raise Invalid(f"at most {format_money(left, currency)} is left to refund on this order", field="amount_minor")
    seller_order.refunded_minor += amount_minor
    seller_order.save(update_fields=["refunded_minor"])
    return Refund.objects.create(public_id=new_public_id("R"), seller_order=seller_order, amount_minor=amount_minor,
                                 reason=reason, idempotency_key=key, created_by=created_by)


@transaction.atomic
def _give_back_refund(refund: Refund) -> None:
    """The provider refused the refund: the amount set aside is free again."""
    locked = Refund.objects.select_for_update().filter(pk=refund.pk, status=Refund.Status.PENDING).first()
    if locked is None:
        return
    seller_order = SellerOrder.objects.select_for_update().get(pk=locked.seller_order_id)
    seller_order.refunded_minor -= locked.amount_minor
    seller_order.save(update_fields=["refunded_minor"])
    locked.delete()


@transaction.atomic
def _complete_refund(refund: Refund) -> Refund:
    refund = Refund.objects.select_for_update().get(pk=refund.pk)
    if refund.status == Refund.Status.COMPLETED:
        return refund  # a concurrent repeat completed it
    seller_order = SellerOrder.objects.select_for_update().select_related("seller").get(pk=refund.seller_order_id)
    order = Order.objects.select_for_update().select_related("marketplace", "customer").get(pk=seller_order.order_id)
    refunded_before = sum(Refund.objects.filter(seller_order=seller_order, status=Refund.Status.COMPLETED)
                          .values_list("amount_minor", flat=True))
    refund.status = Refund.Status.COMPLETED
    refund.save(update_fields=["status"])
    order.refunded_minor += refund.amount_minor
    order.save(update_fields=["refunded_minor"])
    Payment.objects.filter(order=order).update(refunded_minor=order.refunded_minor)
    bookkeeping.book_refund(seller_order, amount_minor=refund.amount_minor, refunded_before_minor=refunded_before,
                            currency=order.currency, first_party=seller_order.seller.is_first_party,
                            vat_rate_bp=order.marketplace.vat_rate_bp)
    amount = format_money(refund.amount_minor, order.currency)
    record_event("refund.issued", recipient=order.customer.email, subject=f"Refund on order {order.public_id}",
                 body=f"{amount} is on its way back to your card: {refund.reason}",
                 payload={"order": order.public_id, "refund": refund.public_id, "amount_minor": refund.amount_minor})
    return refund


@transaction.atomic
def complete_delivered_orders(*, now=None) -> int:
    """Orders delivered longer ago than the return window are completed."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.RETURN_WINDOW_DAYS)
    done = 0
    for order in Order.objects.select_for_update().filter(status=Order.Status.DELIVERED):
        last = max((so.delivered_at for so in order.seller_orders.all() if so.delivered_at), default=None)
        if last and last <= cutoff:
            order.status = Order.Status.COMPLETED
            order.completed_at = now
            order.save(update_fields=["status", "completed_at"])
            done += 1
    return done
