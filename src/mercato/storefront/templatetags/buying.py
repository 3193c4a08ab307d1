"""Template helpers for buying: the header's cart count, quantity choices, and form idempotency keys."""
from __future__ import annotations

import secrets

from django import template
from django.conf import settings
from django.utils import timezone

from mercato.storefront.carts import item_count

register = template.Library()


@register.simple_tag(takes_context=True)
def cart_item_count(context) -> int:
    request = context.get("request")
    return item_count(request) if request is not None else 0


@register.simple_tag
def new_idempotency_key() -> str:
    """A fresh key for a purchase form: submitting the same form twice places one order."""
    return secrets.token_urlsafe(18)


@register.filter
def quantity_choices(available) -> range:
    """1 .. what a shopper may put in one order line of an offer with `available` units."""
    return range(1, max(1, min(int(available or 0), settings.ORDER_LINE_MAX_UNITS)) + 1)


@register.filter
def is_future(moment) -> bool:
    return moment is not None and moment > timezone.now()
