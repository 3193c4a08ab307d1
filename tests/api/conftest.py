import pytest

from tests.api.helpers import key_for
from tests.factories import make_seller


@pytest.fixture
def seller(db):
    return make_seller("Acme Trading")


@pytest.fixture
def auth(seller):
    """Headers with an API key of `seller` holding both scopes."""
    return key_for(seller)
