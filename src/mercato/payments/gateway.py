"""What Mercato needs from a payment provider. Pure: no Django.

A provider turns a card into a token (Mercato never stores a card number, only the token and the
last four digits), then authorises an amount on the token, captures parts of it when goods ship,
voids what is left, and refunds captured money. Every call that moves money takes an idempotency
key: repeating a call with the same key returns the first result and moves nothing again, which is
how a caller recovers from `PaymentNetworkError` (the provider may or may not have acted).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


class PaymentError(Exception):
    """The provider refused or could not be reached; `reason` is safe to show the shopper."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


class PaymentDeclined(PaymentError):
    """The card issuer said no (insufficient funds, stolen card, invalid number...)."""


class PaymentNetworkError(PaymentError):
    """No answer from the provider: the call may or may not have taken effect. Retry with the same
    idempotency key, or void by that key."""


class PaymentRefused(PaymentError):
    """A call the provider refuses for its own state: capture above the authorised amount, refund above
    the captured amount, anything on a voided authorisation."""


@dataclass(frozen=True)
class CardToken:
    token: str
    brand: str
    last4: str
    exp_month: int
    exp_year: int


@dataclass(frozen=True)
class Authorisation:
    authorisation_id: str
    amount_minor: int
    currency: str


class PaymentProvider(Protocol):
    name: str

    def tokenise(self, *, card_number: str, exp_month: int, exp_year: int, cvc: str) -> CardToken: ...

    def authorise(self, *, token: str, amount_minor: int, currency: str, idempotency_key: str) -> Authorisation: ...

    def capture(self, *, authorisation_id: str, amount_minor: int, idempotency_key: str) -> str: ...

    def void(self, *, authorisation_id: str) -> None: ...

    def void_by_key(self, *, idempotency_key: str) -> None: ...

    def refund(self, *, authorisation_id: str, amount_minor: int, idempotency_key: str) -> str: ...


def luhn_valid(digits: str) -> bool:
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2:
            value = value * 2 - 9 if value > 4 else value * 2
        total += value
    return total % 10 == 0


def card_brand(digits: str) -> str:
    if digits.startswith("4"):
        return "Visa"
    if digits[:2] in {"51", "52", "53", "54", "55"} or "2221" <= digits[:4] <= "2720":
        return "Mastercard"
    if digits[:2] in {"34", "37"}:
        return "American Express"
    return "Card"
