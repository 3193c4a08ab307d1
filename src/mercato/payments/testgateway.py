"""The built-in test provider: behaves like a real card gateway, driven by test card numbers.

| card number         | behaviour |
|---------------------|-----------|
| 4242 4242 4242 4242 | approved (any other valid number too) |
| 4000 0000 0000 0002 | declined by the issuer |
| 4000 0000 0000 9995 | declined: insufficient funds |
| 4000 0000 0000 0119 | network error on the first authorise: the authorisation is made but its answer is lost; a retry with the same idempotency key gets it |
| 4000 0000 0000 0259 | provider unreachable: every authorise is made and its answer lost, so the caller must void by key |

Its state lives in its own tables (a real gateway keeps it on its servers). Mercato's services call
the provider outside their own transactions, so what the gateway did stays done whatever the caller
then commits or rolls back, as with a remote gateway.
"""
from __future__ import annotations

import secrets

from django.db import IntegrityError, transaction
from django.db.models import F

from mercato.payments.gateway import (
    Authorisation,
    CardToken,
    PaymentDeclined,
    PaymentNetworkError,
    PaymentRefused,
    card_brand,
    luhn_valid,
)
from mercato.payments.models import TestAuthorisation, TestCard, TestMovement

DECLINE = "4000000000000002"
INSUFFICIENT_FUNDS = "4000000000009995"
NETWORK_ERROR = "4000000000000119"
UNREACHABLE = "4000000000000259"
APPROVE = "4242424242424242"

_BEHAVIOUR = {DECLINE: "decline", INSUFFICIENT_FUNDS: "insufficient_funds", NETWORK_ERROR: "network_error",
              UNREACHABLE: "unreachable"}


class TestGateway:
    __test__ = False
    name = "test"

    def tokenise(self, *, card_number: str, exp_month: int, exp_year: int, cvc: str) -> CardToken:
        digits = "".join(ch for ch in str(card_number) if ch in "0123456789")
        if len(digits) < 12 or len(digits) > 19 or not luhn_valid(digits):
            raise PaymentDeclined("the card number is not valid")
        if not (str(cvc).isascii() and str(cvc).isdigit() and len(str(cvc)) in (3, 4)):
            raise PaymentDeclined("the security code must be 3 or 4 digits")
        token = "tok_" + secrets.token_hex(12)
        TestCard.objects.create(token=token, behaviour=_BEHAVIOUR.get(digits, "approve"), last4=digits[-4:])
        return CardToken(token, card_brand(digits), digits[-4:], exp_month, exp_year)

    def authorise(self, *, token: str, amount_minor: int, currency: str, idempotency_key: str) -> Authorisation:
        existing = TestAuthorisation.objects.filter(idempotency_key=idempotency_key).first()
        if existing is not None and existing.status == TestAuthorisation.Status.AUTHORISED and \
                TestCard.objects.filter(token=token, behaviour="unreachable").exists():
            raise PaymentNetworkError("the payment service did not answer")
        if existing is not None:
            if existing.status == TestAuthorisation.Status.VOIDED:
                raise PaymentRefused("this payment was cancelled")
            return Authorisation(existing.authorisation_id, existing.amount_minor, existing.currency)
        card = TestCard.objects.filter(token=token).first()
        if card is None:
            raise PaymentDeclined("the saved card is no longer valid; add it again")
        if card.behaviour == "decline":
            raise PaymentDeclined("your card was declined")
        if card.behaviour == "insufficient_funds":
            raise PaymentDeclined("your card was declined: insufficient funds")
        try:
            with transaction.atomic():
                authorisation = TestAuthorisation.objects.create(
                    authorisation_id="auth_" + secrets.token_hex(10), idempotency_key=idempotency_key, token=token,
                    currency=currency, amount_minor=amount_minor)
        except IntegrityError:  # the same key raced in from another request
            return self.authorise(token=token, amount_minor=amount_minor, currency=currency,
                                  idempotency_key=idempotency_key)
        if card.behaviour in ("network_error", "unreachable"):
            raise PaymentNetworkError("the payment service did not answer")
        return Authorisation(authorisation.authorisation_id, amount_minor, currency)

    def capture(self, *, authorisation_id: str, amount_minor: int, idempotency_key: str) -> str:
        return self._move("capture", authorisation_id, amount_minor, idempotency_key)

    def refund(self, *, authorisation_id: str, amount_minor: int, idempotency_key: str) -> str:
        return self._move("refund", authorisation_id, amount_minor, idempotency_key)

    def void(self, *, authorisation_id: str) -> None:
        TestAuthorisation.objects.filter(authorisation_id=authorisation_id, captured_minor=0).update(
            status=TestAuthorisation.Status.VOIDED)

    def void_by_key(self, *, idempotency_key: str) -> None:
        TestAuthorisation.objects.filter(idempotency_key=idempotency_key, captured_minor=0).update(
            status=TestAuthorisation.Status.VOIDED)

    def _move(self, kind: str, authorisation_id: str, amount_minor: int, idempotency_key: str) -> str:
        if amount_minor <= 0:
            raise PaymentRefused(f"{kind} amount must be positive")
        with transaction.atomic():
            if TestMovement.objects.filter(idempotency_key=idempotency_key).exists():
                return idempotency_key
            authorisation = (TestAuthorisation.objects.select_for_update()
                             .filter(authorisation_id=authorisation_id).first())
            if authorisation is None or authorisation.status == TestAuthorisation.Status.VOIDED:
                raise PaymentRefused("no open authorisation to " + kind)
            if kind == "capture":
                if authorisation.captured_minor + amount_minor > authorisation.amount_minor:
                    raise PaymentRefused("capture above the authorised amount")
                TestAuthorisation.objects.filter(pk=authorisation.pk).update(
                    captured_minor=F("captured_minor") + amount_minor)
            else:
                if authorisation.refunded_minor + amount_minor > authorisation.captured_minor:
                    raise PaymentRefused("refund above the captured amount")
                TestAuthorisation.objects.filter(pk=authorisation.pk).update(
                    refunded_minor=F("refunded_minor") + amount_minor)
            TestMovement.objects.create(authorisation=authorisation, kind=kind, idempotency_key=idempotency_key,
                                        amount_minor=amount_minor)
        return idempotency_key
