from datetime import datetime, timezone

import pytest

from mercato.membership.demo import ensure_demo_plan
from tests.factories import make_marketplace, make_shopper

# The clock the life-cycle tests run on: memberships start on 10 January 2027, at noon.
JOINED = datetime(2027, 1, 10, 12, tzinfo=timezone.utc)


@pytest.fixture
def marketplace(db):
    marketplace = make_marketplace()
    marketplace.vat_rate_bp = 2000
    marketplace.save(update_fields=["vat_rate_bp"])
    return marketplace


@pytest.fixture
def plan(marketplace):
    """£8.99 a month or £95 a year, a 30-day trial, prorated annual refunds."""
    return ensure_demo_plan(marketplace)


@pytest.fixture
def shopper(db):
    return make_shopper("ada@example.com")
