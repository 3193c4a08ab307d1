"""Orders over the API.

`router` serves shoppers, with a shopper key (scope `shopper:orders`): place an order, read and cancel
their own. `seller_router` serves sellers, with a seller key: read (`orders:read`) and work
(`orders:write`) their own seller orders. Another shopper's order, or another seller's seller order,
answers 404 exactly like a missing one.
"""
from __future__ import annotations

from contextlib import contextmanager

from django.http import HttpRequest
from ninja import Query, Router
from ninja.responses import Status

from mercato.api.auth import key_customer, key_seller, orders_read, orders_write, shopper_orders
from mercato.api.errors import error_responses
from mercato.api.order_selectors import (
    customer_order,
    customer_order_page,
    refund_ids,
    seller_order,
    seller_order_page,
)
from mercato.api.schemas import page_count
from mercato.api.selectors import open_marketplace
from mercato.core.errors import Conflict, DomainError, NotFound
from mercato.customers.selectors import (
    address_for_user,
    default_address,
    default_payment_method,
    payment_method_for_user,
)
from mercato.orders import services
from mercato.orders.api_schemas import (
    IdempotencyKey,
    OrderId,
    OrderOut,
    OrderPageOut,
    PageQuery,
    PlaceOrderIn,
    RefundIn,
    RefundOut,
    SellerCancelIn,
    SellerOrderId,
    SellerOrderOut,
    SellerOrderPageOut,
    SellerOrderQuery,
    ShipmentIn,
    order_out,
    refund_out,
    seller_order_out,
)
from mercato.orders.models import Order
from mercato.orders.placement import PurchaseItem, place_order

router = Router(tags=["Orders"])
seller_router = Router(tags=["Seller orders"])

SHOPPER = "Needs a shopper API key (scope `shopper:orders`)."
READ_SCOPE = "Needs a seller API key with the `orders:read` scope."
WRITE_SCOPE = "Needs a seller API key with the `orders:write` scope."


@contextmanager
def _fields_named(names: dict[str, str]):
    """Name a refused input as the client sent it (`address_id`, the `Idempotency-Key` header)."""
    try:
        yield
    except DomainError as error:
        error.field = names.get(error.field, error.field)
        raise


_PLACEMENT_FIELDS = {"idempotency_key": "Idempotency-Key", "address": "address_id",
                     "payment_method": "payment_method_id", "delivery_option": "delivery_options"}


@router.post("/orders", auth=shopper_orders,
             response={200: OrderOut, 201: OrderOut, **error_responses(400, 401, 402, 403, 404, 409, 413, 422)},
             operation_id="placeOrder", summary="Place an order",
             description="Buys `items` with your saved address and card (the defaults unless you name others), "
                         "one seller order per seller. Answers 201 with the new order. Sending the same "
                         "`Idempotency-Key` again never places a second order: it answers 200 with the first one. "
                         "A declined card is 402 and an item that sold out 409; either way nothing is charged "
                         f"or kept. {SHOPPER}")
def order_place(request: HttpRequest, payload: PlaceOrderIn, idempotency_key: str = IdempotencyKey):
    customer = key_customer(request)
    marketplace = open_marketplace(payload.marketplace)
    if marketplace is None:
        raise NotFound("no such marketplace", field="marketplace")
    address = (default_address(customer) if payload.address_id is None
               else address_for_user(customer, payload.address_id))
    card = (default_payment_method(customer) if payload.payment_method_id is None
            else payment_method_for_user(customer, payload.payment_method_id))
    with _fields_named(_PLACEMENT_FIELDS):
        order = place_order(customer=customer, marketplace=marketplace,
                            items=[PurchaseItem(item.offer_id, item.quantity) for item in payload.items],
                            address=address, payment_method=card, idempotency_key=idempotency_key,
                            delivery_options={int(seller): option
                                              for seller, option in (payload.delivery_options or {}).items()},
                            expected_total_minor=payload.expected_total_minor, channel=Order.Channel.API)
    return Status(200 if order.is_repeat else 201, order_out(customer_order(customer, order.public_id)))


@router.get("/orders", auth=shopper_orders, response={200: OrderPageOut, **error_responses(401, 403, 422)},
            operation_id="listOrders", summary="Your orders", description=f"Newest first. {SHOPPER}")
def order_list(request: HttpRequest, query: Query[PageQuery]):
    page = customer_order_page(key_customer(request), page=query.page, page_size=query.page_size)
    return {"items": [order_out(order) for order in page.rows], "total": page.total, "page": query.page,
            "page_size": query.page_size, "page_count": page_count(page.total, query.page_size)}


@router.get("/orders/{order_id}", auth=shopper_orders,
            response={200: OrderOut, **error_responses(401, 403, 404, 422)},
            operation_id="getOrder", summary="One of your orders", description=SHOPPER)
def order_detail(request: HttpRequest, order_id: str = OrderId):
    order = customer_order(key_customer(request), order_id.upper())
    if order is None:
        raise NotFound("no such order", field="order")
    return order_out(order)


@router.post("/orders/{order_id}/cancel", auth=shopper_orders,
             response={200: OrderOut, **error_responses(401, 403, 404, 409, 422)},
             operation_id="cancelOrder", summary="Cancel your order",
             description="Cancels every part no seller has accepted yet; you are not charged for them. An order "
                         "whose sellers have all accepted or shipped is 403 (ask for a return instead); an order "
                         f"already cancelled is 409. {SHOPPER}")
def order_cancel(request: HttpRequest, order_id: str = OrderId):
    customer = key_customer(request)
    order = services.cancel_order(customer=customer, order_id=order_id.upper())
    return order_out(customer_order(customer, order.public_id))


@seller_router.get("/seller-orders", auth=orders_read,
                   response={200: SellerOrderPageOut, **error_responses(401, 403, 422)},
                   operation_id="listSellerOrders", summary="Orders to fulfil",
                   description=f"Your part of each order, newest first. {READ_SCOPE}")
def seller_order_list(request: HttpRequest, query: Query[SellerOrderQuery]):
    page = seller_order_page(key_seller(request), status=query.status,
                             page=query.page, page_size=query.page_size)
    return {"items": [seller_order_out(row) for row in page.rows], "total": page.total, "page": query.page,
            "page_size": query.page_size, "page_count": page_count(page.total, query.page_size)}


def _seller_order_answer(request: HttpRequest, seller_order_id: str) -> dict:
    found = seller_order(key_seller(request), seller_order_id.upper())
    if found is None:
        raise NotFound("no such order", field="seller_order")
    return seller_order_out(found)


@seller_router.get("/seller-orders/{seller_order_id}", auth=orders_read,
                   response={200: SellerOrderOut, **error_responses(401, 403, 404, 422)},
                   operation_id="getSellerOrder", summary="One order to fulfil",
                   description="The shopper's full address is shown while the order is to be sent (new or "
                               f"accepted); after that only the town and country. {READ_SCOPE}")
def seller_order_detail(request: HttpRequest, seller_order_id: str = SellerOrderId):
    return _seller_order_answer(request, seller_order_id)


@seller_router.post("/seller-orders/{seller_order_id}/accept", auth=orders_write,
                    response={200: SellerOrderOut, **error_responses(401, 403, 404, 409, 422)},
                    operation_id="acceptSellerOrder", summary="Accept an order",
                    description="You commit to send it; the shopper can no longer cancel it. A Buy Now order can "
                                f"be accepted once its free-cancel time is over (409 before). {WRITE_SCOPE}")
def seller_order_accept(request: HttpRequest, seller_order_id: str = SellerOrderId):
    services.accept_seller_order(seller=key_seller(request), seller_order_id=seller_order_id.upper())
    return _seller_order_answer(request, seller_order_id)


@seller_router.post("/seller-orders/{seller_order_id}/shipment", auth=orders_write,
                    response={200: SellerOrderOut, **error_responses(400, 401, 403, 404, 409, 413, 422)},
                    operation_id="shipSellerOrder", summary="Confirm shipment",
                    description="Records the carrier and tracking number and takes the payment for this part. "
                                "An order already shipped or cancelled is 409. "
                                f"{WRITE_SCOPE}")
def seller_order_ship(request: HttpRequest, payload: ShipmentIn, seller_order_id: str = SellerOrderId):
    services.confirm_shipment(seller=key_seller(request), seller_order_id=seller_order_id.upper(),
                              carrier=payload.carrier, tracking_number=payload.tracking_number)
    return _seller_order_answer(request, seller_order_id)


@seller_router.post("/seller-orders/{seller_order_id}/delivery", auth=orders_write,
                    response={200: SellerOrderOut, **error_responses(401, 403, 404, 409, 422)},
                    operation_id="deliverSellerOrder", summary="Confirm delivery",
                    description=f"Only a shipped order can be delivered (409 otherwise). {WRITE_SCOPE}")
def seller_order_deliver(request: HttpRequest, seller_order_id: str = SellerOrderId):
    services.confirm_delivery(seller=key_seller(request), seller_order_id=seller_order_id.upper())
    return _seller_order_answer(request, seller_order_id)


@seller_router.post("/seller-orders/{seller_order_id}/cancel", auth=orders_write,
                    response={200: SellerOrderOut, **error_responses(400, 401, 403, 404, 409, 413, 422)},
                    operation_id="cancelSellerOrder", summary="Cancel an order you cannot send",
                    description="The shopper is not charged for it, and the cancellation counts against your "
                                "performance. A shipped or already cancelled order is 409. " + WRITE_SCOPE)
def seller_order_cancel(request: HttpRequest, payload: SellerCancelIn, seller_order_id: str = SellerOrderId):
    services.cancel_seller_order(seller=key_seller(request), seller_order_id=seller_order_id.upper(),
                                 reason=payload.reason)
    return _seller_order_answer(request, seller_order_id)


@seller_router.post("/seller-orders/{seller_order_id}/refunds", auth=orders_write,
                    response={200: RefundOut, 201: RefundOut,
                              **error_responses(400, 401, 403, 404, 409, 413, 422)},
                    operation_id="refundSellerOrder", summary="Refund a shipped order",
                    description="Gives money back to the shopper's card: at most what is left unrefunded of "
                                "this part (422 naming `amount_minor` otherwise). Answers 201 with the refund; "
                                "sending the same `Idempotency-Key` again answers 200 with the first refund and "
                                "never pays twice. An order not yet shipped is 409: cancel it instead. "
                                + WRITE_SCOPE)
def seller_order_refund(request: HttpRequest, payload: RefundIn, seller_order_id: str = SellerOrderId,
                        idempotency_key: str = IdempotencyKey):
    seller = key_seller(request)
    public_id = seller_order_id.upper()
    earlier = refund_ids(seller, public_id)
    with _fields_named({"idempotency_key": "Idempotency-Key"}):
        refund = services.refund_seller_order(seller=seller, seller_order_id=public_id,
                                              amount_minor=payload.amount_minor, reason=payload.reason,
                                              idempotency_key=idempotency_key)
    if refund.seller_order.public_id != public_id:
        raise Conflict("this Idempotency-Key was already used for a refund on another order",
                       field="Idempotency-Key")
    return Status(200 if refund.id in earlier else 201, refund_out(refund, refund.seller_order))
