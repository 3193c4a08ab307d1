"""The bodies of the order endpoints: what a shopper and a seller send, and what they get back.

A shopper sees their whole order. A seller sees only their own part of it (a seller order), and the
shopper's full address only while the parcel is still to be sent; after that just the town and country.
"""
from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from django.conf import settings
from ninja import Field, Header, Path, Schema
from pydantic import StringConstraints

from mercato.api.schemas import (
    QueryWholeNumber,
    MARKETPLACE_CODE,
    MAX_PAGE_SIZE,
    MAX_PRICE_MINOR,
    InputSchema,
    WholeNumber,
    optional,
)
from mercato.orders.models import Order, Payment, SellerOrder
from mercato.orders.placement import MAX_LINES_PER_ORDER
from mercato.orders.seller_selectors import AREA, FULL, address_visibility, postcode_area

MAX_ID = 2**63 - 1
PUBLIC_ID = r"^[0-9A-Za-z]{1,12}$"
# Printable ASCII, no space at either end (HTTP would strip it).
IDEMPOTENCY_KEY = r"^[!-~]([ -~]*[!-~])?$"
# Text a person reads: no control characters, and more than blank space.
SOME_TEXT = r"^[^\x00-\x1f\x7f-\x9f]*[^\s\x00-\x1f\x7f-\x9f][^\x00-\x1f\x7f-\x9f]*$"

IdempotencyKey = Header(..., alias="Idempotency-Key", min_length=1, max_length=80, pattern=IDEMPOTENCY_KEY,
                        description="1..80 printable characters you choose per request; sending the same key "
                                    "again returns the first result instead of acting twice")
OrderId = Path(..., max_length=12, pattern=PUBLIC_ID, description="Order id, e.g. `O4K2Q9XTB7`")
SellerOrderId = Path(..., max_length=12, pattern=PUBLIC_ID, description="Seller order id, e.g. `S4K2Q9XTB7`")

SellerIdText = Annotated[str, StringConstraints(pattern=r"^[1-9][0-9]{0,17}$")]
DeliveryOption = Literal["standard", "express"]
# Plain enums in the schema: the models' choices classes are all named `Status`, and OpenAPI components
# are named by class, so they would overwrite each other (and Offer.Status).
OrderStatus = Literal[tuple(value for value in Order.Status.values if value != Order.Status.PENDING_PAYMENT)]
OrderChannel = Literal[tuple(Order.Channel.values)]
SellerOrderStatus = Literal[tuple(SellerOrder.Status.values)]
CancelledBy = Literal[tuple(SellerOrder.CancelledBy.values)]
PaymentStatus = Literal[tuple(Payment.Status.values)]


def _only_seller_ids(schema: dict) -> None:
    """Optional, never null, and keyed by seller ids only."""
    schema.pop("default", None)
    schema["additionalProperties"] = False


class OrderItemIn(InputSchema):
    offer_id: WholeNumber = Field(ge=1, le=MAX_ID, description="The offer to buy, as listed with a product")
    quantity: WholeNumber = Field(ge=1, le=settings.ORDER_LINE_MAX_UNITS,
                                  description=f"Units, 1..{settings.ORDER_LINE_MAX_UNITS}")


class PlaceOrderIn(InputSchema):
    marketplace: str = optional(max_length=8, pattern=MARKETPLACE_CODE,
                                description="Marketplace code, e.g. `gb`; default: the platform's default one")
    items: list[OrderItemIn] = Field(min_length=1, max_length=MAX_LINES_PER_ORDER,
                                     description=f"1..{MAX_LINES_PER_ORDER} different offers, each once")
    address_id: WholeNumber = optional(ge=1, le=MAX_ID,
                                       description="One of your saved addresses; default: your default address")
    payment_method_id: WholeNumber = optional(ge=1, le=MAX_ID,
                                              description="One of your saved cards; default: your default card")
    delivery_options: dict[SellerIdText, DeliveryOption] = Field(
        None, max_length=MAX_LINES_PER_ORDER, json_schema_extra=_only_seller_ids,
        description="Per seller id, `standard` (default) or `express` (faster, for a surcharge)")
    expected_total_minor: WholeNumber = optional(
        ge=0, le=MAX_PRICE_MINOR * 1000,
        description="The total you agreed to pay; if prices rose above it, the order is refused with 409 "
                    "`price_changed` and nothing is charged")


class PageQuery(Schema):
    page: QueryWholeNumber = Field(1, ge=1, le=100_000)
    page_size: QueryWholeNumber = Field(20, ge=1, le=MAX_PAGE_SIZE)


class SellerOrderQuery(PageQuery):
    status: SellerOrderStatus = optional(description="Only seller orders in this status")


class ShipmentIn(InputSchema):
    carrier: str = Field(max_length=60, pattern=SOME_TEXT, description="Who carries the parcel, e.g. `Royal Mail`")
    tracking_number: str = Field(max_length=60, pattern=SOME_TEXT)


class SellerCancelIn(InputSchema):
    reason: str = Field(max_length=300, pattern=SOME_TEXT, description="Why you cannot send it; the shopper sees it")


class RefundIn(InputSchema):
    amount_minor: WholeNumber = Field(ge=1, le=MAX_PRICE_MINOR,
                                      description="Minor units to give back; at most what is left unrefunded")
    reason: str = Field(max_length=300, pattern=SOME_TEXT, description="The shopper sees it")


class AddressOut(Schema):
    name: str
    line1: str
    line2: str
    city: str
    postal_code: str
    country_code: str


class PaymentOut(Schema):
    card_brand: str
    card_last4: str
    status: PaymentStatus = Field(description="`authorised` when placed; `captured` as the parts ship; "
                                               "`voided` if nothing was taken")
    authorised_minor: int
    captured_minor: int
    refunded_minor: int


class SellerRefOut(Schema):
    id: int
    name: str


class OrderLineOut(Schema):
    offer_id: int | None = Field(description="Null once the seller has removed the offer")
    product_id: str
    title: str
    condition: str
    quantity: int
    unit_price_minor: int
    shipping_minor: int = Field(description="Delivery charged for this line")


class OrderPartOut(Schema):
    id: str = Field(description="Seller order id")
    seller: SellerRefOut
    status: SellerOrderStatus
    delivery_option: str
    promised_delivery_date: date
    items_minor: int
    shipping_minor: int
    total_minor: int
    refunded_minor: int
    carrier: str
    tracking_number: str
    shipped_at: datetime | None
    delivered_at: datetime | None
    cancelled_at: datetime | None
    lines: list[OrderLineOut]


class OrderOut(Schema):
    id: str = Field(description="Order id")
    status: OrderStatus
    channel: OrderChannel
    marketplace: str = Field(description="Marketplace code")
    currency: str
    items_minor: int
    shipping_minor: int
    total_minor: int = Field(description="items_minor + shipping_minor, in minor units of `currency`")
    refunded_minor: int
    placed_at: datetime | None
    free_cancel_until: datetime | None = Field(description="Buy Now orders cancel at no cost until then")
    cancelled_at: datetime | None
    ship_to: AddressOut
    payment: PaymentOut | None
    seller_orders: list[OrderPartOut] = Field(description="One part per seller, each shipped on its own")


class OrderPageOut(Schema):
    items: list[OrderOut]
    total: int
    page: int
    page_size: int
    page_count: int


class ShipToOut(Schema):
    """The shopper's address: in full while the order is to be sent; the town and postcode area while a Buy Now
    order is held for free cancellation and once shipped; only the country once delivered or cancelled."""

    name: str | None
    line1: str | None
    line2: str | None
    city: str | None
    postal_code: str | None
    country_code: str
    phone: str | None


class SellerOrderLineOut(OrderLineOut):
    seller_sku: str
    referral_fee_minor: int
    closing_fee_minor: int


class RefundOut(Schema):
    id: str = Field(description="Refund id")
    seller_order_id: str
    amount_minor: int
    currency: str
    reason: str
    created_at: datetime


class SellerOrderOut(Schema):
    id: str = Field(description="Seller order id")
    status: SellerOrderStatus
    marketplace: str
    currency: str
    placed_at: datetime | None
    delivery_option: str
    promised_delivery_date: date
    items_minor: int
    shipping_minor: int
    total_minor: int = Field(description="What the shopper pays for this part: items_minor + shipping_minor")
    referral_fee_minor: int
    closing_fee_minor: int
    refunded_minor: int
    carrier: str
    tracking_number: str
    accepted_at: datetime | None
    shipped_at: datetime | None
    delivered_at: datetime | None
    cancelled_at: datetime | None
    cancelled_by: CancelledBy | None
    cancel_reason: str
    ship_to: ShipToOut
    lines: list[SellerOrderLineOut]
    refunds: list[RefundOut]


class SellerOrderPageOut(Schema):
    items: list[SellerOrderOut]
    total: int
    page: int
    page_size: int
    page_count: int


def _line_out(line) -> dict:
    return {"offer_id": line.offer_id, "product_id": line.product.public_id, "title": line.title,
            "condition": line.condition, "quantity": line.quantity, "unit_price_minor": line.unit_price_minor,
            "shipping_minor": line.shipping_minor}


def order_out(order: Order) -> dict:
    payment = getattr(order, "payment", None)
    return {
        "id": order.public_id, "status": order.status, "channel": order.channel,
        "marketplace": order.marketplace.code, "currency": order.currency, "items_minor": order.items_minor,
        "shipping_minor": order.shipping_minor, "total_minor": order.total_minor,
        "refunded_minor": order.refunded_minor, "placed_at": order.placed_at,
        "free_cancel_until": order.free_cancel_until, "cancelled_at": order.cancelled_at,
        "ship_to": {"name": order.ship_to_name, "line1": order.ship_to_line1, "line2": order.ship_to_line2,
                    "city": order.ship_to_city, "postal_code": order.ship_to_postal_code,
                    "country_code": order.ship_to_country_code},
        "payment": None if payment is None else {
            "card_brand": payment.card_brand, "card_last4": payment.card_last4, "status": payment.status,
            "authorised_minor": payment.authorised_minor, "captured_minor": payment.captured_minor,
            "refunded_minor": payment.refunded_minor},
        "seller_orders": [{
            "id": part.public_id, "seller": {"id": part.seller_id, "name": part.seller.display_name},
            "status": part.status, "delivery_option": part.delivery_option,
            "promised_delivery_date": part.promised_delivery_date, "items_minor": part.items_minor,
            "shipping_minor": part.shipping_minor, "total_minor": part.total_minor,
            "refunded_minor": part.refunded_minor, "carrier": part.carrier, "tracking_number": part.tracking_number,
            "shipped_at": part.shipped_at, "delivered_at": part.delivered_at, "cancelled_at": part.cancelled_at,
            "lines": [_line_out(line) for line in part.lines.all()],
        } for part in order.seller_orders.all()],
    }


def ship_to_out(seller_order: SellerOrder) -> dict:
    order = seller_order.order
    visibility = address_visibility(seller_order)
    address = dict.fromkeys(("name", "line1", "line2", "city", "postal_code", "phone"))
    if visibility == FULL:
        address.update(name=order.ship_to_name, line1=order.ship_to_line1, line2=order.ship_to_line2,
                       city=order.ship_to_city, postal_code=order.ship_to_postal_code, phone=order.ship_to_phone)
    elif visibility == AREA:
        address.update(city=order.ship_to_city,
                       postal_code=postcode_area(order.ship_to_postal_code, order.ship_to_country_code))
    return {**address, "country_code": order.ship_to_country_code}


def refund_out(refund, seller_order: SellerOrder) -> dict:
    return {"id": refund.public_id, "seller_order_id": seller_order.public_id, "amount_minor": refund.amount_minor,
            "currency": seller_order.order.currency, "reason": refund.reason, "created_at": refund.created_at}


def seller_order_out(seller_order: SellerOrder) -> dict:
    order = seller_order.order
    return {
        "id": seller_order.public_id, "status": seller_order.status, "marketplace": order.marketplace.code,
        "currency": order.currency, "placed_at": order.placed_at, "delivery_option": seller_order.delivery_option,
        "promised_delivery_date": seller_order.promised_delivery_date, "items_minor": seller_order.items_minor,
        "shipping_minor": seller_order.shipping_minor, "total_minor": seller_order.total_minor,
        "referral_fee_minor": seller_order.referral_fee_minor, "closing_fee_minor": seller_order.closing_fee_minor,
        "refunded_minor": seller_order.refunded_minor, "carrier": seller_order.carrier,
        "tracking_number": seller_order.tracking_number, "accepted_at": seller_order.accepted_at,
        "shipped_at": seller_order.shipped_at, "delivered_at": seller_order.delivered_at,
        "cancelled_at": seller_order.cancelled_at, "cancelled_by": seller_order.cancelled_by or None,
        "cancel_reason": seller_order.cancel_reason, "ship_to": ship_to_out(seller_order),
        "lines": [{**_line_out(line), "seller_sku": line.seller_sku, "referral_fee_minor": line.referral_fee_minor,
                   "closing_fee_minor": line.closing_fee_minor} for line in seller_order.lines.all()],
        "refunds": [refund_out(refund, seller_order) for refund in seller_order.refunds.all()],
    }
