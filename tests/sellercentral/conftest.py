import pytest

from tests.factories import make_seller, make_user


@pytest.fixture
def seller_user(db):
    return make_user()


@pytest.fixture
def seller(marketplace, seller_user):
    """An approved seller, signed in through `seller_client`."""
    return make_seller("Acme Kitchen", user=seller_user)


@pytest.fixture
def seller_client(client, seller, seller_user):
    client.force_login(seller_user)
    return client

