import pytest


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """The factories create a user per seller; real password hashing would make these tests crawl."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
