"""Events reach a real local receiver signed; failures are retried with back-off, then given up; a
rolled-back change sends nothing."""
import json
import threading
from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.utils import timezone

from mercato.core.errors import Conflict, Invalid
from mercato.webhooks import delivery as sending
from mercato.webhooks.delivery import deliver_due
from mercato.webhooks.models import WebhookDelivery
from mercato.webhooks.services import create_endpoint, enqueue, redeliver, set_endpoint_active
from mercato.webhooks.signing import RETRY_DELAYS_SECONDS, verify
from tests.factories import make_seller
from tests.webhooks.receiver import Receiver, closed_port_url

SHIPPED = "fulfillment_order.shipped"
PAYLOAD = {"fulfillment_order": "F7Q2M9XK", "status": "shipped", "tracking": {"carrier": "DPD", "number": "D123"}}


def send_event(commits, seller, topic=SHIPPED, payload=PAYLOAD):
    with commits():
        return enqueue(seller_id=seller.id, topic=topic, payload=payload)


def test_event_arrives_signed_and_the_receiver_can_verify_it(seller, receiver, commits):
    endpoint = create_endpoint(seller=seller, url=receiver.url, topics=[SHIPPED])

    [queued] = send_event(commits, seller)

    [request] = receiver.received
    assert request.path == "/hooks"
    assert request.headers["Content-Type"] == "application/json"
    assert request.headers["Mercato-Event"] == SHIPPED
    assert request.headers["Mercato-Delivery"] == str(queued.id)
    signed_at = int(request.headers["Mercato-Signature"].split(",")[0].removeprefix("t="))
    assert verify(endpoint.secret, request.headers["Mercato-Signature"], request.body, now=signed_at + 5)
    assert not verify("whsec_someone_else", request.headers["Mercato-Signature"], request.body, now=signed_at)
    body = json.loads(request.body)
    assert body == {"id": queued.event_id, "topic": SHIPPED, "created_at": body["created_at"], "data": PAYLOAD}
    assert queued.event_id.startswith("evt_")
    delivered = WebhookDelivery.objects.get()
    assert delivered.status == "delivered" and delivered.attempts == 1 and delivered.last_status_code == 200
    assert delivered.delivered_at is not None and delivered.next_attempt_at is None
    [attempt] = delivered.attempt_log.all()
    assert attempt.status_code == 200 and attempt.error == "" and attempt.duration_ms >= 0


def test_only_active_endpoints_of_that_seller_subscribed_to_the_topic_receive_it(seller, commits):
    receivers = [Receiver().start() for _ in range(5)]
    try:
        create_endpoint(seller=seller, url=receivers[0].url, topics=[SHIPPED])
        create_endpoint(seller=seller, url=receivers[1].url, topics=["*"])
        create_endpoint(seller=seller, url=receivers[2].url, topics=["fulfillment_order.delivered"])
        disabled = create_endpoint(seller=seller, url=receivers[3].url, topics=["*"])
        set_endpoint_active(seller=seller, endpoint_id=disabled.id, active=False)
        create_endpoint(seller=make_seller("Other Shop"), url=receivers[4].url, topics=["*"])

        queued = send_event(commits, seller)

        assert [len(r.received) for r in receivers] == [1, 1, 0, 0, 0]
        assert len({delivery.event_id for delivery in queued}) == 1
        assert receivers[0].received[0].body == receivers[1].received[0].body
    finally:
        for r in receivers:
            r.stop()


def test_no_endpoint_listening_queues_nothing(seller, commits):
    assert send_event(commits, seller) == []
    assert not WebhookDelivery.objects.exists()


def test_rolled_back_change_sends_nothing(seller, receiver, commits):
    create_endpoint(seller=seller, url=receiver.url, topics=["*"])

    with commits() as callbacks:
        with pytest.raises(RuntimeError):
            with transaction.atomic():
                enqueue(seller_id=seller.id, topic=SHIPPED, payload=PAYLOAD)
                raise RuntimeError("the fulfillment order could not be saved")

    assert callbacks == []
    assert not WebhookDelivery.objects.exists()
    assert deliver_due(now=timezone.now() + timedelta(days=2)) == 0
    assert receiver.received == []


def test_unknown_topic_and_non_json_payload_are_refused(seller, receiver):
    create_endpoint(seller=seller, url=receiver.url, topics=["*"])
    with pytest.raises(Invalid) as unknown:
        enqueue(seller_id=seller.id, topic="order.placed", payload={})
    assert unknown.value.field == "topic"
    with pytest.raises(Invalid) as not_json:
        enqueue(seller_id=seller.id, topic=SHIPPED, payload={"when": timezone.now()})
    assert not_json.value.field == "payload"
    with pytest.raises(Invalid):
        enqueue(seller_id=seller.id, topic=SHIPPED, payload={"weight": float("nan")})
    assert not WebhookDelivery.objects.exists()


def test_failed_attempts_are_retried_with_back_off_until_delivered(seller, receiver, commits):
    receiver.fail_first = 2
    create_endpoint(seller=seller, url=receiver.url, topics=["*"])

    send_event(commits, seller)

    delivery = WebhookDelivery.objects.get()
    first_at = delivery.last_attempt_at
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == ("pending", 1, 500)
    assert delivery.last_error == "HTTP 500"
    assert delivery.next_attempt_at == first_at + timedelta(minutes=1)

    assert deliver_due(now=first_at + timedelta(seconds=59)) == 0  # not due yet
    assert deliver_due(now=first_at + timedelta(minutes=1)) == 1
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("pending", 2)
    assert delivery.next_attempt_at == first_at + timedelta(minutes=1 + 5)

    assert deliver_due(now=first_at + timedelta(minutes=6)) == 1
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == ("delivered", 3, 200)
    assert [a.status_code for a in delivery.attempt_log.all()] == [200, 500, 500]  # newest first
    assert len(receiver.received) == 3
    assert len({r.body for r in receiver.received}) == 1  # the same body every time
    assert deliver_due(now=first_at + timedelta(days=3)) == 0


def test_delivery_fails_after_the_last_attempt(seller, receiver, commits):
    receiver.fail_first, receiver.fail_status = 100, 503
    create_endpoint(seller=seller, url=receiver.url, topics=["*"])
    send_event(commits, seller)
    delivery = WebhookDelivery.objects.get()
    attempt_times = [delivery.last_attempt_at]

    while delivery.status == "pending":
        assert deliver_due(now=delivery.next_attempt_at) == 1
        delivery.refresh_from_db()
        attempt_times.append(delivery.last_attempt_at)

    assert delivery.status == "failed" and delivery.next_attempt_at is None
    assert delivery.attempts == 7 and delivery.last_status_code == 503
    waits = [int((later - earlier).total_seconds()) for earlier, later in zip(attempt_times, attempt_times[1:])]
    assert tuple(waits) == RETRY_DELAYS_SECONDS
    assert delivery.attempt_log.count() == len(receiver.received) == 7
    assert deliver_due(now=attempt_times[-1] + timedelta(days=30)) == 0


def test_unreachable_slow_and_redirecting_receivers_count_as_failed_attempts(seller, receiver, commits, monkeypatch):
    monkeypatch.setattr(sending, "TIMEOUT_SECONDS", 0.3)
    slow = Receiver(delay_seconds=1.0).start()
    receiver.redirect_to = "https://elsewhere.example.com/hooks"
    unreachable_url = closed_port_url()
    try:
        for url in (unreachable_url, slow.url, receiver.url):
            create_endpoint(seller=seller, url=url, topics=["*"])

        send_event(commits, seller)
    finally:
        slow.stop()

    by_url = {delivery.endpoint.url: delivery for delivery in WebhookDelivery.objects.select_related("endpoint")}
    refused, timed_out, redirected = by_url[unreachable_url], by_url[slow.url], by_url[receiver.url]
    assert refused.last_status_code is None and "refused" in refused.last_error.lower()
    assert timed_out.last_status_code is None and "timed out" in timed_out.last_error.lower()
    assert redirected.last_status_code == 302 and redirected.last_error == "HTTP 302"
    for delivery in (refused, timed_out, redirected):
        assert delivery.status == "pending" and delivery.attempts == 1
        assert delivery.next_attempt_at == delivery.last_attempt_at + timedelta(minutes=1)


def test_an_attempt_whose_worker_died_is_tried_again_once_its_lease_runs_out(seller, receiver, commits):
    receiver.fail_first = 1
    create_endpoint(seller=seller, url=receiver.url, topics=["*"])
    send_event(commits, seller)
    due_at = WebhookDelivery.objects.get().next_attempt_at
    # A worker claimed it at due_at and died before recording the result.
    WebhookDelivery.objects.update(leased_until=due_at + sending.LEASE)

    assert deliver_due(now=due_at) == 0
    assert deliver_due(now=due_at + sending.LEASE - timedelta(seconds=1)) == 0
    assert deliver_due(now=due_at + sending.LEASE) == 1
    assert WebhookDelivery.objects.get().status == "delivered"


def test_redeliver_sends_the_same_event_again_with_a_fresh_schedule(seller, receiver, commits):
    receiver.fail_first, receiver.fail_status = 7, 500
    create_endpoint(seller=seller, url=receiver.url, topics=["*"])
    send_event(commits, seller)
    delivery = WebhookDelivery.objects.get()
    while delivery.status == "pending":
        deliver_due(now=delivery.next_attempt_at)
        delivery.refresh_from_db()
    assert delivery.status == "failed"

    with commits():
        redeliver(seller=seller, delivery_id=delivery.id)

    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == ("delivered", 1, 200)
    assert delivery.attempt_log.count() == 8
    assert receiver.received[-1].body == receiver.received[0].body
    assert receiver.received[-1].headers["Mercato-Delivery"] == str(delivery.id)

    with commits():
        redeliver(seller=seller, delivery_id=delivery.id)  # a delivered one can be sent again too
    assert len(receiver.received) == 9


def test_disabled_endpoint_keeps_its_deliveries_waiting_and_refuses_redelivery(seller, receiver, commits):
    receiver.fail_first = 1
    endpoint = create_endpoint(seller=seller, url=receiver.url, topics=["*"])
    send_event(commits, seller)
    delivery = WebhookDelivery.objects.get()
    set_endpoint_active(seller=seller, endpoint_id=endpoint.id, active=False)

    assert deliver_due(now=delivery.next_attempt_at + timedelta(hours=1)) == 0
    with pytest.raises(Conflict):
        redeliver(seller=seller, delivery_id=delivery.id)

    set_endpoint_active(seller=seller, endpoint_id=endpoint.id, active=True)
    assert deliver_due(now=delivery.next_attempt_at + timedelta(hours=1)) == 1
    assert WebhookDelivery.objects.get().status == "delivered"


def test_periodic_job_sends_what_is_due(seller, receiver, commits):
    from mercato.webhooks.tasks import deliver_due_webhooks_job

    receiver.fail_first = 1
    create_endpoint(seller=seller, url=receiver.url, topics=["*"])
    send_event(commits, seller)
    WebhookDelivery.objects.update(next_attempt_at=timezone.now() - timedelta(seconds=1))

    deliver_due_webhooks_job()

    assert WebhookDelivery.objects.get().status == "delivered"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_workers_racing_send_each_delivery_once():
    seller = make_seller("Racing Shop")
    receiver = Receiver(fail_first=12, delay_seconds=0.02).start()
    try:
        create_endpoint(seller=seller, url=receiver.url, topics=["*"])
        for number in range(12):  # each commits, so its first attempt runs (and fails) at once
            enqueue(seller_id=seller.id, topic=SHIPPED, payload={"n": number})
        later = timezone.now() + timedelta(minutes=2)
        errors = []

        def worker():
            try:
                deliver_due(now=later)
            except Exception as error:  # reported below, in the test's thread
                errors.append(error)
            finally:
                connection.close()

        workers = [threading.Thread(target=worker) for _ in range(3)]
        for thread in workers:
            thread.start()
        for thread in workers:
            thread.join()
    finally:
        receiver.stop()

    assert errors == []
    assert len(receiver.received) == 24
    per_delivery = [r.headers["Mercato-Delivery"] for r in receiver.received]
    assert all(per_delivery.count(delivery_id) == 2 for delivery_id in per_delivery)
    assert set(WebhookDelivery.objects.values_list("status", flat=True)) == {"delivered"}
    assert all(d.attempt_log.count() == 2 for d in WebhookDelivery.objects.all())




@pytest.mark.django_db(transaction=True)
def test_endpoint_deleted_during_an_attempt_is_no_error():
    from mercato.webhooks.services import delete_endpoint

    seller = make_seller("Deleting Shop")
    deleting = Receiver(fail_first=1).start()
    try:
        endpoint = create_endpoint(seller=seller, url=deleting.url, topics=["*"])
        enqueue(seller_id=seller.id, topic=SHIPPED, payload=PAYLOAD)  # commits: the first attempt fails at once
        retry_at = WebhookDelivery.objects.get().next_attempt_at

        def delete_while_answering(received):
            delete_endpoint(seller=seller, endpoint_id=endpoint.id)
            connection.close()  # the receiver's thread had its own connection
            return 200

        deleting._answer = delete_while_answering
        assert deliver_due(now=retry_at) == 1
    finally:
        deleting.stop()

    assert not WebhookDelivery.objects.exists()
