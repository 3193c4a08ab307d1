"""Reads for a seller's webhook endpoints and their delivery log, in a fixed number of queries."""
from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

from mercato.sellers.models import Seller
from mercato.webhooks.models import WebhookDelivery, WebhookEndpoint


@dataclass(frozen=True)
class DeliveryPage:
    rows: list[WebhookDelivery]
    total: int


def seller_endpoints(seller: Seller) -> QuerySet[WebhookEndpoint]:
    """The seller's endpoints, newest first."""
    return WebhookEndpoint.objects.filter(seller=seller)


def seller_endpoint(seller: Seller, endpoint_id: int) -> WebhookEndpoint | None:
    """One of the seller's endpoints; None for a missing one and for another seller's."""
    return seller_endpoints(seller).filter(pk=endpoint_id).first()


def _deliveries(seller: Seller) -> QuerySet[WebhookDelivery]:
    return (WebhookDelivery.objects.filter(endpoint__seller=seller).select_related("endpoint")
            .prefetch_related("attempt_log").order_by("-created_at", "-id"))


def endpoint_delivery_page(seller: Seller, endpoint_id: int, *, status: str | None, page: int,
                           page_size: int) -> DeliveryPage:
    """One page of an endpoint's deliveries, newest first, each with its attempts (newest first)."""
    deliveries = _deliveries(seller).filter(endpoint_id=endpoint_id)
    if status:
        deliveries = deliveries.filter(status=status)
    start = (page - 1) * page_size
    return DeliveryPage(list(deliveries[start:start + page_size]), deliveries.count())


def seller_delivery(seller: Seller, delivery_id: int) -> WebhookDelivery | None:
    """One of the seller's deliveries with its attempts; None for a missing one and for another seller's."""
    return _deliveries(seller).filter(pk=delivery_id).first()


def recent_deliveries(seller: Seller, *, limit: int = 20) -> list[WebhookDelivery]:
    """The seller's latest deliveries over all endpoints, newest first."""
    return list(WebhookDelivery.objects.filter(endpoint__seller=seller).select_related("endpoint")
                .order_by("-created_at", "-id")[:limit])
