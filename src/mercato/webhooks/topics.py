"""The topics a webhook endpoint can subscribe to. A domain that sends a new kind of event adds its name
here (and to docs/webhooks.md), then calls `mercato.webhooks.services.enqueue` with it."""
from __future__ import annotations

EVERY_TOPIC = "*"

TOPICS = (
    "fulfillment_order.created",
    "fulfillment_order.shipped",
    "fulfillment_order.delivered",
    "fulfillment_order.cancelled",
    "fulfillment_order.exception",
)


def subscribes_to(subscribed: list[str], topic: str) -> bool:
    """True when an endpoint subscribed to `subscribed` receives events of `topic`."""
    return EVERY_TOPIC in subscribed or topic in subscribed
