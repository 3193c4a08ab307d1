import pytest

from mercato.payments import testgateway
from mercato.payments.gateway import PaymentDeclined, PaymentNetworkError, PaymentRefused
from mercato.payments.models import TestAuthorisation, TestCard

pytestmark = pytest.mark.django_db


@pytest.fixture
def gateway():
    return testgateway.TestGateway()


def card(gateway, number=testgateway.APPROVE):
    return gateway.tokenise(card_number=number, exp_month=12, exp_year=2040, cvc="123")


def test_tokenising_keeps_only_a_token_and_the_last_four_digits(gateway):
    token = card(gateway, "4242 4242 4242 4242")
    assert token.last4 == "4242" and token.brand == "Visa"
    stored = TestCard.objects.get(token=token.token)
    assert testgateway.APPROVE not in str(stored.__dict__)


def test_invalid_card_number_is_refused(gateway):
    with pytest.raises(PaymentDeclined, match="not valid"):
        card(gateway, "4242 4242 4242 4241")


@pytest.mark.parametrize("number, reason", [(testgateway.DECLINE, "declined"),
                                            (testgateway.INSUFFICIENT_FUNDS, "insufficient funds")])
def test_test_cards_decline(gateway, number, reason):
    with pytest.raises(PaymentDeclined, match=reason):
        gateway.authorise(token=card(gateway, number).token, amount_minor=500, currency="GBP", idempotency_key="k")
    assert not TestAuthorisation.objects.exists()


def test_capture_in_parts_up_to_the_authorised_amount(gateway):
    auth = gateway.authorise(token=card(gateway).token, amount_minor=1000, currency="GBP", idempotency_key="o1")
    gateway.capture(authorisation_id=auth.authorisation_id, amount_minor=600, idempotency_key="c1")
    gateway.capture(authorisation_id=auth.authorisation_id, amount_minor=600, idempotency_key="c1")  # a repeat
    with pytest.raises(PaymentRefused, match="above the authorised"):
        gateway.capture(authorisation_id=auth.authorisation_id, amount_minor=500, idempotency_key="c2")
    gateway.capture(authorisation_id=auth.authorisation_id, amount_minor=400, idempotency_key="c3")
    assert TestAuthorisation.objects.get().captured_minor == 1000


def test_refund_is_limited_to_what_was_captured(gateway):
    auth = gateway.authorise(token=card(gateway).token, amount_minor=1000, currency="GBP", idempotency_key="o1")
    gateway.capture(authorisation_id=auth.authorisation_id, amount_minor=700, idempotency_key="c1")
    gateway.refund(authorisation_id=auth.authorisation_id, amount_minor=700, idempotency_key="r1")
    with pytest.raises(PaymentRefused, match="above the captured"):
        gateway.refund(authorisation_id=auth.authorisation_id, amount_minor=1, idempotency_key="r2")


def test_voided_authorisation_cannot_be_captured(gateway):
    auth = gateway.authorise(token=card(gateway).token, amount_minor=1000, currency="GBP", idempotency_key="o1")
    gateway.void(authorisation_id=auth.authorisation_id)
    with pytest.raises(PaymentRefused):
        gateway.capture(authorisation_id=auth.authorisation_id, amount_minor=100, idempotency_key="c1")


def test_lost_answer_is_found_again_by_idempotency_key(gateway):
    token = card(gateway, testgateway.NETWORK_ERROR).token
    with pytest.raises(PaymentNetworkError):
        gateway.authorise(token=token, amount_minor=1000, currency="GBP", idempotency_key="o1")
    again = gateway.authorise(token=token, amount_minor=1000, currency="GBP", idempotency_key="o1")
    assert TestAuthorisation.objects.get().authorisation_id == again.authorisation_id


def test_void_by_key_releases_an_authorisation_whose_answer_never_came(gateway):
    token = card(gateway, testgateway.UNREACHABLE).token
    with pytest.raises(PaymentNetworkError):
        gateway.authorise(token=token, amount_minor=1000, currency="GBP", idempotency_key="o1")
    gateway.void_by_key(idempotency_key="o1")
    assert TestAuthorisation.objects.get().status == "voided"
