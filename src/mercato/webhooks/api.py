"""A seller's webhook endpoints and their delivery log over the API (seller key, scope `webhooks`).

Another seller's endpoint or delivery answers 404 exactly like a missing one.
"""
from __future__ import annotations

from datetime import datetime
from typing import Literal

from django.http import HttpRequest
from ninja import Field, Path, Query, Router, Schema
from ninja.responses import Status
from pydantic import StrictBool

from mercato.api import auth
from mercato.api.auth import key_seller
from mercato.api.errors import error_responses
from mercato.api.schemas import MAX_PAGE_SIZE, InputSchema, optional, page_count
from mercato.core.errors import NotFound
from mercato.webhooks import selectors, services
from mercato.webhooks.models import MAX_URL_LENGTH, WebhookDelivery, WebhookEndpoint
from mercato.webhooks.topics import EVERY_TOPIC, TOPICS

router = Router(tags=["Webhooks"])

SCOPE = "Needs a seller API key with the `webhooks` scope."
MAX_ID = 2**63 - 1
_TOPIC_LIST = ", ".join(f"`{topic}`" for topic in (EVERY_TOPIC, *TOPICS))
Topic = Literal[(EVERY_TOPIC, *TOPICS)]
# A Literal, not the model's TextChoices: OpenAPI components are named after classes, and "Status" is taken.
DeliveryStatus = Literal[tuple(WebhookDelivery.Status.values)]

EndpointId = Path(..., ge=1, le=MAX_ID, description="Webhook endpoint id")
DeliveryId = Path(..., ge=1, le=MAX_ID, description="Webhook delivery id")


class WebhookEndpointIn(InputSchema):
    # The pattern is documented here and enforced by the service, whose refusals say what is wrong.
    url: str = Field(max_length=MAX_URL_LENGTH, json_schema_extra={"pattern": services.URL_PATTERN},
                     description="Where events are POSTed: an http:// or https:// URL with a host name or IPv4 "
                                 "address, without user name or password")
    topics: list[Topic] = Field(min_length=1, max_length=len(TOPICS) + 1,
                              description=f"Topics to receive: any of {_TOPIC_LIST} (`*` is every topic)")


class WebhookEndpointUpdateIn(InputSchema):
    active: StrictBool = Field(description="false: send nothing (deliveries wait); true: send again")


class WebhookEndpointOut(Schema):
    id: int
    url: str
    topics: list[str]
    active: bool
    created_at: datetime
    secret_rotated_at: datetime | None


class WebhookEndpointWithSecretOut(WebhookEndpointOut):
    secret: str = Field(description="Signs every request (`Mercato-Signature`). Shown only here: keep it safe")


class WebhookEndpointListOut(Schema):
    items: list[WebhookEndpointOut]


class WebhookAttemptOut(Schema):
    at: datetime
    status_code: int | None = Field(description="Your endpoint's HTTP status; null if it could not be reached")
    error: str = Field(description="Why the attempt failed; empty for a 2xx answer")
    duration_ms: int


class WebhookDeliveryOut(Schema):
    id: int = Field(description="Sent as the `Mercato-Delivery` header")
    endpoint_id: int
    event_id: str = Field(description="The event's id, `id` in the body; the same on every attempt")
    topic: str
    payload: dict = Field(description="The event's data, `data` in the body")
    status: DeliveryStatus = Field(description="`pending` (being sent or retried), `delivered`, "
                                                       "`failed` (every attempt failed)")
    attempts: int = Field(description="Attempts since it was queued or last redelivered")
    next_attempt_at: datetime | None
    last_status_code: int | None
    last_error: str
    last_attempt_at: datetime | None
    delivered_at: datetime | None
    created_at: datetime
    attempt_log: list[WebhookAttemptOut] = Field(description="Every attempt, newest first")


class WebhookDeliveryPageOut(Schema):
    items: list[WebhookDeliveryOut]
    total: int
    page: int
    page_size: int
    page_count: int


class WebhookDeliveryQuery(Schema):
    status: DeliveryStatus = optional(description="Only deliveries in this status")
    page: int = Field(1, ge=1, le=100_000)
    page_size: int = Field(50, ge=1, le=MAX_PAGE_SIZE)


# /webhooks/deliveries/... comes before /webhooks/{endpoint_id}/..., or it would be routed there.
@router.post("/webhooks/deliveries/{delivery_id}/redeliver", auth=auth.webhooks,
             response={202: WebhookDeliveryOut, **error_responses(401, 403, 404, 409, 422)},
             operation_id="redeliverWebhook", summary="Send a delivery again",
             description="Queues the delivery to be sent now, whatever became of it, with a fresh retry schedule; "
                         f"the same body and event id. 409 if its endpoint is disabled. {SCOPE}")
def delivery_redeliver(request: HttpRequest, delivery_id: int = DeliveryId):
    seller = key_seller(request)
    services.redeliver(seller=seller, delivery_id=delivery_id)
    return Status(202, _delivery_out(selectors.seller_delivery(seller, delivery_id)))


@router.post("/webhooks", auth=auth.webhooks,
             response={201: WebhookEndpointWithSecretOut, **error_responses(400, 401, 403, 409, 413, 422)},
             operation_id="createWebhookEndpoint", summary="Add a webhook endpoint",
             description="Answers with the endpoint's `secret`, shown only this once: use it to check the "
                         "`Mercato-Signature` header of every request (see docs/webhooks.md). A URL that is not "
                         f"http(s), or names no host, is a 422 naming `url`. {SCOPE}")
def endpoint_create(request: HttpRequest, payload: WebhookEndpointIn):
    endpoint = services.create_endpoint(seller=key_seller(request), url=payload.url, topics=payload.topics)
    return Status(201, {**_endpoint_out(endpoint), "secret": endpoint.secret})


@router.get("/webhooks", auth=auth.webhooks, response={200: WebhookEndpointListOut, **error_responses(401, 403)},
            operation_id="listWebhookEndpoints", summary="Your webhook endpoints",
            description=f"Newest first; secrets are not shown. {SCOPE}")
def endpoint_list(request: HttpRequest):
    return {"items": [_endpoint_out(endpoint) for endpoint in selectors.seller_endpoints(key_seller(request))]}


@router.get("/webhooks/{endpoint_id}", auth=auth.webhooks,
            response={200: WebhookEndpointOut, **error_responses(401, 403, 404, 422)},
            operation_id="getWebhookEndpoint", summary="One of your webhook endpoints", description=SCOPE)
def endpoint_detail(request: HttpRequest, endpoint_id: int = EndpointId):
    return _endpoint_out(_own_endpoint(request, endpoint_id))


@router.patch("/webhooks/{endpoint_id}", auth=auth.webhooks,
              response={200: WebhookEndpointOut, **error_responses(400, 401, 403, 404, 422)},
              operation_id="updateWebhookEndpoint", summary="Disable or enable an endpoint",
              description="A disabled endpoint is sent nothing; its deliveries wait until it is enabled. "
                          f"{SCOPE}")
def endpoint_update(request: HttpRequest, payload: WebhookEndpointUpdateIn, endpoint_id: int = EndpointId):
    endpoint = services.set_endpoint_active(seller=key_seller(request), endpoint_id=endpoint_id,
                                            active=payload.active)
    return _endpoint_out(endpoint)


@router.delete("/webhooks/{endpoint_id}", auth=auth.webhooks,
               response={204: None, **error_responses(401, 403, 404, 422)},
               operation_id="deleteWebhookEndpoint", summary="Delete a webhook endpoint",
               description=f"With its delivery log; nothing more is sent to it. {SCOPE}")
def endpoint_delete(request: HttpRequest, endpoint_id: int = EndpointId):
    services.delete_endpoint(seller=key_seller(request), endpoint_id=endpoint_id)
    return Status(204, None)


@router.post("/webhooks/{endpoint_id}/secret", auth=auth.webhooks,
             response={200: WebhookEndpointWithSecretOut, **error_responses(401, 403, 404, 422)},
             operation_id="rotateWebhookSecret", summary="Replace an endpoint's secret",
             description="Requests are signed with the new secret from now on; the old one stops at once. "
                         f"The new secret is shown only in this answer. {SCOPE}")
def endpoint_rotate_secret(request: HttpRequest, endpoint_id: int = EndpointId):
    endpoint = services.rotate_secret(seller=key_seller(request), endpoint_id=endpoint_id)
    return {**_endpoint_out(endpoint), "secret": endpoint.secret}


@router.get("/webhooks/{endpoint_id}/deliveries", auth=auth.webhooks,
            response={200: WebhookDeliveryPageOut, **error_responses(401, 403, 404, 422)},
            operation_id="listWebhookDeliveries", summary="An endpoint's delivery log",
            description=f"Newest first, each with its attempts. {SCOPE}")
def endpoint_deliveries(request: HttpRequest, query: Query[WebhookDeliveryQuery], endpoint_id: int = EndpointId):
    seller = key_seller(request)
    _own_endpoint(request, endpoint_id)
    page = selectors.endpoint_delivery_page(seller, endpoint_id, status=query.status,
                                            page=query.page, page_size=query.page_size)
    return {"items": [_delivery_out(delivery) for delivery in page.rows], "total": page.total,
            "page": query.page, "page_size": query.page_size, "page_count": page_count(page.total, query.page_size)}


def _own_endpoint(request: HttpRequest, endpoint_id: int) -> WebhookEndpoint:
    endpoint = selectors.seller_endpoint(key_seller(request), endpoint_id)
    if endpoint is None:
        raise NotFound("no such webhook endpoint", field="endpoint")
    return endpoint


def _endpoint_out(endpoint: WebhookEndpoint) -> dict:
    return {"id": endpoint.id, "url": endpoint.url, "topics": endpoint.topics, "active": endpoint.active,
            "created_at": endpoint.created_at, "secret_rotated_at": endpoint.secret_rotated_at}


def _delivery_out(delivery: WebhookDelivery) -> dict:
    return {
        "id": delivery.id, "endpoint_id": delivery.endpoint_id, "event_id": delivery.event_id,
        "topic": delivery.topic, "payload": delivery.payload, "status": delivery.status,
        "attempts": delivery.attempts, "next_attempt_at": delivery.next_attempt_at,
        "last_status_code": delivery.last_status_code, "last_error": delivery.last_error,
        "last_attempt_at": delivery.last_attempt_at, "delivered_at": delivery.delivered_at,
        "created_at": delivery.created_at,
        "attempt_log": [{"at": attempt.at, "status_code": attempt.status_code, "error": attempt.error,
                         "duration_ms": attempt.duration_ms} for attempt in delivery.attempt_log.all()],
    }
