"""Signatures and the retry schedule, as a receiver and the sender use them."""
import pytest

from mercato.webhooks.signing import (
    MAX_ATTEMPTS,
    RETRY_DELAYS_SECONDS,
    parse_header,
    retry_delay_seconds,
    sign,
    verify,
)

SECRET = "whsec_test"
BODY = b'{"a":1}'
SENT_AT = 1_700_000_000


def test_header_is_timestamp_and_hmac_sha256_of_timestamp_dot_body():
    # Computed independently: printf '1700000000.{"a":1}' | openssl dgst -sha256 -hmac whsec_test
    assert sign(SECRET, SENT_AT, BODY) == \
        "t=1700000000,v1=38877139021993b830af32feea6e18a8da83eb2f6e49ee50bd9e4cf4ca4d3789"
    assert sign(SECRET, SENT_AT, BODY.decode()) == sign(SECRET, SENT_AT, BODY)


def test_receiver_accepts_the_exact_body_signed_with_its_secret():
    header = sign(SECRET, SENT_AT, BODY)
    assert verify(SECRET, header, BODY, now=SENT_AT + 10)
    assert verify(SECRET, header, BODY.decode(), now=SENT_AT - 10)


@pytest.mark.parametrize("secret, body", [
    ("whsec_other", BODY),                   # someone without the secret
    (SECRET, b'{"a":2}'),                    # the body was changed on the way
    (SECRET, b'{"a": 1}'),                   # re-serialised: verify the raw bytes, not parsed JSON
])
def test_receiver_refuses_a_wrong_secret_or_a_changed_body(secret, body):
    assert not verify(secret, sign(SECRET, SENT_AT, BODY), body, now=SENT_AT)


def test_receiver_refuses_a_request_replayed_outside_the_tolerance():
    header = sign(SECRET, SENT_AT, BODY)
    assert verify(SECRET, header, BODY, now=SENT_AT + 300)
    assert not verify(SECRET, header, BODY, now=SENT_AT + 301)
    assert not verify(SECRET, header, BODY, now=SENT_AT - 301)
    assert verify(SECRET, header, BODY, now=SENT_AT + 3600, tolerance_seconds=3600)


def test_a_changed_timestamp_breaks_the_signature():
    forged = sign(SECRET, SENT_AT, BODY).replace("t=1700000000", "t=1700000900")
    assert not verify(SECRET, forged, BODY, now=SENT_AT + 900)


@pytest.mark.parametrize("header", [
    "", "garbage", "v1=abc", "t=1700000000", "t=abc,v1=00", "t=-5,v1=00", "t=1700000000,v0=00",
    "t=1700000000,v1=",
])
def test_unreadable_headers_are_refused(header):
    assert not verify(SECRET, header, BODY, now=SENT_AT)


def test_any_one_matching_v1_signature_is_enough():
    valid = sign(SECRET, SENT_AT, BODY).split(",")[1]
    assert verify(SECRET, f"t={SENT_AT},v1=deadbeef,{valid}", BODY, now=SENT_AT)
    assert parse_header(f" t={SENT_AT} , v1=aa, v1=bb") == (SENT_AT, ["aa", "bb"])


def test_retries_back_off_from_a_minute_to_a_day_then_give_up():
    assert [retry_delay_seconds(failed) for failed in range(1, 8)] == [
        60, 300, 1800, 7200, 21600, 86400, None]
    assert MAX_ATTEMPTS == 7
    assert sum(RETRY_DELAYS_SECONDS) / 3600 == pytest.approx(32.6, abs=0.1)
    with pytest.raises(ValueError):
        retry_delay_seconds(0)


def test_the_receiver_code_in_the_docs_accepts_our_signatures():
    import re
    import time
    from pathlib import Path

    docs = (Path(__file__).parents[2] / "docs" / "webhooks.md").read_text()
    receiver_code = re.search(r"```python\n(import hashlib.*?)\n# In a Django view", docs, re.S).group(1)
    namespace = {}
    exec(receiver_code, namespace)
    now = int(time.time())

    assert namespace["verify"](SECRET, sign(SECRET, now, BODY), BODY)
    assert not namespace["verify"]("whsec_other", sign(SECRET, now, BODY), BODY)
    assert not namespace["verify"](SECRET, sign(SECRET, now - 600, BODY), BODY)
