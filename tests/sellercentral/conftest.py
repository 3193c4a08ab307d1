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


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Accounts are made in nearly every test here; the real hasher is deliberately slow."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
