"""Running service calls at the same time on PostgreSQL, one real connection per thread."""
import threading
import time
from concurrent.futures import ThreadPoolExecutor

from django.db import connection, connections

from mercato.core.errors import DomainError


def connection_budget() -> int:
    """Threads that may hold a connection at once: up to 100, within what the server has free."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('max_connections')::int - count(*) FROM pg_stat_activity")
        free = cursor.fetchone()[0]
    return max(10, min(100, free - 10))


def race(attempts: list) -> list:
    """Call every function of `attempts` from its own thread, released together (as many at once as connections
    allow). Each outcome is the function's result, or the exception it raised: a refusal (DomainError) is an
    answer, anything else (a deadlock, a broken constraint) a failure the test reports."""
    budget = connection_budget()
    workers = min(len(attempts), budget)
    start = threading.Barrier(workers)

    def run(i):
        try:
            if i < workers:
                start.wait(timeout=60)
            return attempts[i]()
        except Exception as error:  # noqa: BLE001 - every outcome is returned to the test to judge
            return error
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(run, range(len(attempts))))


def failures(outcomes: list) -> list:
    """Outcomes that are neither a result nor a refusal."""
    return [o for o in outcomes if isinstance(o, BaseException) and not isinstance(o, DomainError)]


def in_thread(function) -> tuple[threading.Thread, list]:
    """Start `function` in a thread with its own connection; the list gets its result or exception."""
    outcome = []

    def run():
        try:
            outcome.append(function())
        except Exception as error:  # noqa: BLE001
            outcome.append(error)
        finally:
            connections.close_all()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread, outcome


def wait_until_blocked(sessions: int, timeout: float = 20) -> None:
    """Wait until `sessions` connections of this database wait for a row lock."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                           "AND wait_event_type = 'Lock'")
            if cursor.fetchone()[0] >= sessions:
                return
        time.sleep(0.02)
    raise AssertionError(f"{sessions} sessions never waited for a lock")
