"""The scheduled jobs the worker (`mercato worker`) runs, and when."""
from datetime import datetime

import pytest
from django.core import mail

from mercato import cli
from mercato.core.outbox import record_event
from mercato.core.tasks import deliver_notifications_job
from mercato.orders.tasks import complete_delivered_orders_job, release_abandoned_orders_job
from mercato.sellers.tasks import payout_run_job


@pytest.mark.parametrize("job, runs_at, skips", [
    (release_abandoned_orders_job, datetime(2026, 12, 1, 14, 37), None),
    (deliver_notifications_job, datetime(2026, 12, 1, 14, 37), None),
    (complete_delivered_orders_job, datetime(2026, 12, 1, 14, 7), datetime(2026, 12, 1, 14, 8)),
    (payout_run_job, datetime(2026, 12, 1, 3, 0), datetime(2026, 12, 1, 15, 0)),
])
def test_each_job_runs_on_its_schedule(job, runs_at, skips):
    assert job.task_class().validate_datetime(runs_at)
    if skips is not None:
        assert not job.task_class().validate_datetime(skips)


@pytest.mark.django_db
def test_notification_job_sends_what_the_outbox_recorded():
    record_event("order.placed", recipient="ada@example.com", subject="Your Mercato order", body="Thanks")
    assert deliver_notifications_job.call_local() == 1
    assert [message.to for message in mail.outbox] == [["ada@example.com"]]


def test_worker_command_explains_itself(capsys):
    with pytest.raises(SystemExit):
        cli.main(["worker", "--help"])
    out = capsys.readouterr().out
    assert "payout run" in out and "--workers" in out


def test_a_shared_redis_queue_carries_jobs_between_hosts():
    """With MERCATO_QUEUE_URL the queue is Redis: what one host enqueues, another's worker runs."""
    import redis
    from huey import RedisHuey

    from tests.conftest import skip_or_fail

    url = "redis://127.0.0.1:6379/15"
    try:
        redis.Redis.from_url(url).ping()
    except redis.exceptions.ConnectionError:
        skip_or_fail("Redis is not reachable at 127.0.0.1:6379")
    web_host, worker_host = RedisHuey("mercato-test", url=url), RedisHuey("mercato-test", url=url)
    web_host.flush()

    @web_host.task()
    def add(a, b):
        return a + b

    worker_host.task()(add.func)  # the worker host knows the same task by name
    result = add(2, 3)
    message = worker_host.dequeue()
    assert worker_host.execute(message) == 5
    assert result.get() == 5
    web_host.flush()
