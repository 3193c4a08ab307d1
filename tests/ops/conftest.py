import pytest


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Accounts are made in nearly every test here; the real hasher is deliberately slow."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

