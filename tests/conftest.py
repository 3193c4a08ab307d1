import os

import pytest

from tests import factories

# Browser journeys and the PostgreSQL-only tests are skipped where their tools are missing,
# unless MERCATO_REQUIRE_ALL=1 (set by CI), in which case a missing tool fails the run.
REQUIRE_ALL = os.environ.get("MERCATO_REQUIRE_ALL") == "1"


def skip_or_fail(reason: str):
    if REQUIRE_ALL:
        pytest.fail(f"{reason} (MERCATO_REQUIRE_ALL=1: nothing may be skipped)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(autouse=True)
def _isolated_search_index(settings, tmp_path):
    """Every test gets its own empty search index directory."""
    settings.SEARCH_INDEX_DIR = tmp_path / "search"


@pytest.fixture(autouse=True)
def _fresh_caches():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def marketplace(db):
    return factories.make_marketplace()


@pytest.fixture
def reindex(db):
    """Call to bring the search index in line with the database, as the commit hook does in production."""
    from mercato.search.services import rebuild_index

    return rebuild_index


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Accounts are made in nearly every test; the real hasher is deliberately slow."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def pytest_collection_modifyitems(config, items):
    """Tests marked `postgres` need real concurrent connections: they run in the PostgreSQL pass of
    tests/run.sh and are left out of the SQLite pass (deselected, not skipped)."""
    from django.conf import settings

    if settings.DATABASES["default"]["ENGINE"].endswith("postgresql"):
        return
    selected = [item for item in items if "postgres" not in item.keywords]
    deselected = [item for item in items if "postgres" in item.keywords]
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = selected


@pytest.fixture(autouse=True, scope="session")
def _jobs_run_in_process():
    """Jobs queued during a test run at once, in the same process (huey's immediate mode), instead of waiting
    for a worker."""
    from huey.contrib.djhuey import HUEY

    HUEY.immediate = True
    yield
    HUEY.immediate = False
