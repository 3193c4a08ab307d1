import pytest
from django.core import mail

from mercato.core.models import OutboxEvent
from mercato.core.outbox import deliver_pending_events, record_event
from tests.factories import buy, make_offer, make_shopper

pytestmark = pytest.mark.django_db


def test_notifications_of_an_order_are_emailed_once(marketplace):
    shopper = make_shopper("ada@example.com")
    order = buy(shopper, make_offer())

    assert deliver_pending_events() == 2
    assert sorted(message.to[0] for message in mail.outbox) == ["ada@example.com", "sales@example.com"]
    to_shopper = next(message for message in mail.outbox if message.to == ["ada@example.com"])
    assert to_shopper.subject == f"Your Mercato order {order.public_id}"
    assert order.public_id in to_shopper.body
    assert not OutboxEvent.objects.filter(delivered_at__isnull=True).exists()
    assert deliver_pending_events() == 0 and len(mail.outbox) == 2


def test_events_without_an_email_address_are_kept_for_other_consumers():
    record_event("webhook.test", recipient="seller:42", subject="not an email")
    assert deliver_pending_events() == 0
    assert OutboxEvent.objects.get().delivered_at is None
