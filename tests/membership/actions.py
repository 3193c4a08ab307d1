"""Membership actions as a test writes them: the shopper's default card, a fresh idempotency key."""
import itertools

from mercato.core.models import OutboxEvent
from mercato.membership import services

_keys = itertools.count(1)


def card_of(user):
    return user.payment_methods.get(is_default=True)


def start_trial(shopper, plan, *, now, billing_period="monthly"):
    return services.start_trial(customer=shopper, marketplace=plan.marketplace, plan=plan,
                                payment_method=card_of(shopper), billing_period=billing_period, now=now)


def subscribe(shopper, plan, *, now, billing_period="monthly", key=None, payment_method=None):
    return services.subscribe(customer=shopper, marketplace=plan.marketplace, plan=plan, billing_period=billing_period,
                              payment_method=payment_method or card_of(shopper),
                              idempotency_key=key or f"join-{next(_keys)}", now=now)


def cancel(shopper, plan, *, now):
    return services.cancel(customer=shopper, marketplace=plan.marketplace, now=now)


def topics(recipient: str) -> list[str]:
    return list(OutboxEvent.objects.filter(recipient=recipient, topic__startswith="membership.")
                .order_by("id").values_list("topic", flat=True))
