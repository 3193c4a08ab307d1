"""Multi-channel fulfillment over the API: an outside shop sends an order to be shipped from the seller's
stock in Mercato's network, then follows it here and by webhook. Needs a seller key with the `fulfillment`
scope; another seller's order answers 404 like a missing one."""
from __future__ import annotations

from datetime import date
from typing import Literal

from django.http import HttpRequest
from ninja import Field, Path, Router, Schema
from ninja.responses import Status

from mercato.api.auth import fulfillment, key_seller
from mercato.api.errors import error_responses
from mercato.api.schemas import MARKETPLACE_CODE, InputSchema, WholeNumber, optional
from mercato.api.selectors import open_marketplace
from mercato.core.errors import NotFound
from mercato.fulfillment import multichannel, transit
from mercato.fulfillment.models import FulfillmentOrder
from mercato.orders.api_schemas import PUBLIC_ID, SOME_TEXT, IdempotencyKey

# Text without control characters, possibly empty.
ANY_TEXT = r"^[^\x00-\x1f\x7f-\x9f]*$"

router = Router(tags=["Multi-channel fulfillment"])
SCOPE = "Needs a seller API key with the `fulfillment` scope."
FulfillmentOrderId = Path(..., max_length=12, pattern=PUBLIC_ID, description="Fulfillment order id, e.g. `F4K2Q9XTB7`")


class AddressIn(InputSchema):
    name: str = Field(..., max_length=150, pattern=SOME_TEXT)
    line1: str = Field(..., max_length=200, pattern=SOME_TEXT)
    line2: str = Field("", max_length=200, pattern=ANY_TEXT)
    city: str = Field(..., max_length=100, pattern=SOME_TEXT)
    postal_code: str = Field(..., max_length=20, pattern=SOME_TEXT)
    country_code: str = Field(..., pattern=r"^[A-Za-z]{2}$",
                              description="ISO 3166-1 alpha-2, e.g. GB: the marketplace's country")


class LineIn(InputSchema):
    seller_sku: str = Field(..., max_length=40, pattern=SOME_TEXT,
                            description="Your SKU of a Fulfilled-by-Mercato offer")
    quantity: WholeNumber = Field(..., ge=1, le=multichannel.MAX_UNITS_PER_LINE)


class FulfillmentOrderIn(InputSchema):
    marketplace: str | None = optional(pattern=MARKETPLACE_CODE, description="Marketplace code; default: the main one")
    external_reference: str = Field("", max_length=80, pattern=ANY_TEXT, description="Your shop's order number")
    speed: Literal["standard", "express"] = transit.STANDARD
    address: AddressIn
    lines: list[LineIn] = Field(..., min_length=1, max_length=multichannel.MAX_LINES)


class ParcelOut(Schema):
    id: str
    status: str
    carrier: str
    tracking_number: str
    center: str
    shipped_at: str | None
    delivered_at: str | None


class LineOut(Schema):
    seller_sku: str
    quantity: int


class FulfillmentOrderOut(Schema):
    id: str
    external_reference: str
    status: Literal["received", "shipped", "delivered", "exception", "cancelled"]
    speed: str
    promised_delivery_date: date
    fee_minor: int = Field(..., description="Multi-channel fees charged so far, in minor units")
    currency: str
    lines: list[LineOut]
    parcels: list[ParcelOut]


def _own(request, order_id: str) -> FulfillmentOrder:
    order = FulfillmentOrder.objects.filter(seller=key_seller(request), public_id=order_id.upper()).first()
    if order is None:
        raise NotFound("no such fulfillment order", field="fulfillment_order")
    return order


@router.post("/fulfillment-orders", auth=fulfillment,
             response={200: FulfillmentOrderOut, 201: FulfillmentOrderOut,
                       **error_responses(400, 401, 403, 404, 409, 413, 422)},
             operation_id="createFulfillmentOrder", summary="Send an order to be fulfilled",
             description="Ships `lines` (your SKUs of Fulfilled-by-Mercato offers) from your stock in Mercato's "
                         "fulfillment centers to `address`. Answers 201 with the order and its parcels; the same "
                         "`Idempotency-Key` again answers 200 with the first order. Too few units in the network "
                         "is 409 (`out_of_stock`), no center able to deliver 409 (`no_route`). The multi-channel "
                         f"fee is charged per unit as each parcel ships. {SCOPE}")
def fulfillment_order_create(request: HttpRequest, payload: FulfillmentOrderIn,
                             idempotency_key: str = IdempotencyKey):
    marketplace = open_marketplace(payload.marketplace)
    if marketplace is None:
        raise NotFound("no such marketplace", field="marketplace")
    order, created = multichannel.create_fulfillment_order(
        seller=key_seller(request), marketplace=marketplace, idempotency_key=idempotency_key,
        address=payload.address.dict(), speed=payload.speed, external_reference=payload.external_reference,
        lines=[multichannel.RequestedLine(line.seller_sku, line.quantity) for line in payload.lines])
    return Status(201 if created else 200, multichannel.order_payload(order))


@router.get("/fulfillment-orders/{order_id}", auth=fulfillment,
            response={200: FulfillmentOrderOut, **error_responses(401, 403, 404, 422)},
            operation_id="getFulfillmentOrder", summary="One of your fulfillment orders",
            description=f"Its status and its parcels' tracking. {SCOPE}")
def fulfillment_order_detail(request: HttpRequest, order_id: str = FulfillmentOrderId):
    return multichannel.order_payload(_own(request, order_id))


@router.post("/fulfillment-orders/{order_id}/cancel", auth=fulfillment,
             response={200: FulfillmentOrderOut, **error_responses(401, 403, 404, 409, 422)},
             operation_id="cancelFulfillmentOrder", summary="Cancel a fulfillment order",
             description="Possible until a parcel leaves the center; the units go back on sale. A second cancel, "
                         f"or one after shipping, is 409. {SCOPE}")
def fulfillment_order_cancel(request: HttpRequest, order_id: str = FulfillmentOrderId):
    order = multichannel.cancel_fulfillment_order(seller=key_seller(request),
                                                  order_id=_own(request, order_id).public_id)
    return multichannel.order_payload(order)
