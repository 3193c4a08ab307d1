"""The hourly renewal job."""
from datetime import datetime, timedelta

from django.utils import timezone

from mercato.membership.models import Membership
from mercato.membership.tasks import renew_memberships_job
from tests.membership.actions import start_trial


def test_the_renewal_job_runs_hourly():
    job = renew_memberships_job.task_class()
    assert job.validate_datetime(datetime(2027, 3, 1, 14, 17))
    assert not job.validate_datetime(datetime(2027, 3, 1, 14, 18))


def test_the_job_charges_a_trial_that_ended(shopper, plan):
    start_trial(shopper, plan, now=timezone.now() - timedelta(days=31))

    assert renew_memberships_job.call_local() == {"renewed": 1, "failed": 0, "ended": 0}
    membership = Membership.objects.get()
    assert membership.status == "active" and membership.charges.get().amount_minor == 899
