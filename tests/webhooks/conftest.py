import pytest

from tests.factories import make_seller
from tests.webhooks.receiver import Receiver


@pytest.fixture
def receiver():
    """A running local receiver that answers 200; set `fail_first` to make its first answers 500."""
    running = Receiver().start()
    yield running
    running.stop()


@pytest.fixture
def seller(db):
    return make_seller("Northwind Outfitters")


@pytest.fixture
def commits(django_capture_on_commit_callbacks):
    """`with commits():` runs what a commit would run (queued jobs, in huey's immediate mode) at the end."""
    return lambda: django_capture_on_commit_callbacks(execute=True)
