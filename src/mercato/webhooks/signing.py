"""Webhook signatures and the retry schedule: plain functions, no Django, usable by a receiver as they are.

A request carries `Mercato-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256>`, where the HMAC is keyed
with the endpoint's secret and covers `"<t>." + body` (the exact bytes sent). Signing the timestamp with
the body lets a receiver refuse a request replayed long after it was sent.
"""
from __future__ import annotations

import hashlib
import hmac

SIGNATURE_HEADER = "Mercato-Signature"
SCHEME = "v1"
DEFAULT_TOLERANCE_SECONDS = 300

# Wait after the 1st, 2nd, ... failed attempt before the next one. After the attempt that follows the last
# wait fails, the delivery is given up as failed: 1 + len(RETRY_DELAYS_SECONDS) attempts over about 33 hours.
RETRY_DELAYS_SECONDS = (60, 5 * 60, 30 * 60, 2 * 3600, 6 * 3600, 24 * 3600)
MAX_ATTEMPTS = 1 + len(RETRY_DELAYS_SECONDS)


def _as_bytes(body: bytes | str) -> bytes:
    return body.encode() if isinstance(body, str) else bytes(body)


def signature(secret: str, timestamp: int, body: bytes | str) -> str:
    """The hex HMAC-SHA256 of `"<timestamp>." + body` keyed with `secret`."""
    message = str(int(timestamp)).encode() + b"." + _as_bytes(body)
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def sign(secret: str, timestamp: int, body: bytes | str) -> str:
    """The `Mercato-Signature` header value for `body` sent at `timestamp` (unix seconds)."""
    return f"t={int(timestamp)},{SCHEME}={signature(secret, timestamp, body)}"


def parse_header(header: str) -> tuple[int | None, list[str]]:
    """The timestamp and the v1 signatures in a header value; (None, []) for one that cannot be read."""
    timestamp = None
    signatures = []
    for part in (header or "").split(","):
        name, _, value = part.strip().partition("=")
        if name == "t" and value.isascii() and value.isdigit() and len(value) <= 12:
            timestamp = int(value)
        elif name == SCHEME and value:
            signatures.append(value)
    return timestamp, signatures


def verify(secret: str, header: str, body: bytes | str, *, now: float,
           tolerance_seconds: int = DEFAULT_TOLERANCE_SECONDS) -> bool:
    """True when `header` signs exactly `body` with `secret`, at a time within `tolerance_seconds` of `now`
    (unix seconds). Compare in constant time; any other header (missing, malformed, stale) is False."""
    timestamp, signatures = parse_header(header)
    if timestamp is None or not signatures or abs(now - timestamp) > tolerance_seconds:
        return False
    expected = signature(secret, timestamp, body)
    return any(hmac.compare_digest(expected, candidate) for candidate in signatures)


def retry_delay_seconds(failed_attempts: int) -> int | None:
    """How long to wait after `failed_attempts` failed attempts (1 = the first one failed) before the next;
    None when no attempt is left and the delivery has failed."""
    if failed_attempts < 1:
        raise ValueError("failed_attempts counts from 1")
    if failed_attempts > len(RETRY_DELAYS_SECONDS):
        return None
    return RETRY_DELAYS_SECONDS[failed_attempts - 1]
