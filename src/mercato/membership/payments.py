"""Taking and giving back membership money through the payment provider.

Membership is paid at once: each charge is an authorisation captured straight away, both with keys derived
from the caller's idempotency key, so a repeated call never moves money twice. These functions are called
outside any database transaction or row lock; a failure leaves the shopper's money where it was.
"""
from __future__ import annotations

from dataclasses import dataclass

from mercato.core.errors import Conflict
from mercato.customers.models import PaymentMethod
from mercato.orders.errors import PaymentFailed
from mercato.payments.gateway import PaymentDeclined, PaymentError, PaymentNetworkError, PaymentRefused
from mercato.payments.providers import payment_provider

NO_ANSWER = "the payment service did not answer; you have not been charged, please try again"


@dataclass(frozen=True)
class TakenPayment:
    provider: str
    authorisation_id: str
    idempotency_key: str


def take_payment(*, payment_method: PaymentMethod, amount_minor: int, currency: str,
                 idempotency_key: str) -> TakenPayment:
    """Charge `amount_minor` to the card now, or raise PaymentFailed with nothing kept at the provider."""
    provider = payment_provider()
    authorisation = None
    for _attempt in range(2):
        try:
            authorisation = provider.authorise(token=payment_method.token, amount_minor=amount_minor,
                                               currency=currency, idempotency_key=idempotency_key)
            break
        except (PaymentDeclined, PaymentRefused) as error:
            raise PaymentFailed(error.reason, field="payment_method", code="payment_declined") from None
        except PaymentNetworkError:
            continue  # the same key makes the retry safe
    if authorisation is None:
        _quietly(lambda: provider.void_by_key(idempotency_key=idempotency_key))
        raise PaymentFailed(NO_ANSWER, field="payment_method", code="payment_unavailable")
    for _attempt in range(2):
        try:
            provider.capture(authorisation_id=authorisation.authorisation_id, amount_minor=amount_minor,
                             idempotency_key=f"{idempotency_key}-capture")
            return TakenPayment(provider.name, authorisation.authorisation_id, idempotency_key)
        except PaymentNetworkError:
            continue
        except PaymentError:
            # Refused: most likely a twin request with the same key captured it first, and records it; release
            # only what is not captured.
            _quietly(lambda: provider.void(authorisation_id=authorisation.authorisation_id))
            raise PaymentFailed("this payment is already being made; look at your membership page",
                                field="payment_method", code="capture_refused") from None
    # No answer twice: the capture may or may not have happened, and nobody else will record it.
    give_back(TakenPayment(provider.name, authorisation.authorisation_id, idempotency_key), amount_minor=amount_minor)
    raise PaymentFailed(NO_ANSWER, field="payment_method", code="payment_unavailable")


def give_back(payment: TakenPayment, *, amount_minor: int) -> None:
    """Undo a payment that could not be recorded: void it, and refund it in case the capture went through.
    Whichever of the two does not apply is refused by the provider and ignored."""
    provider = payment_provider()
    _quietly(lambda: provider.void(authorisation_id=payment.authorisation_id))
    _quietly(lambda: provider.refund(authorisation_id=payment.authorisation_id, amount_minor=amount_minor,
                                     idempotency_key=f"{payment.idempotency_key}-undo"))


def refund(*, authorisation_id: str, amount_minor: int, idempotency_key: str) -> None:
    """Send `amount_minor` of a captured charge back to the card, or raise Conflict (nothing refunded)."""
    try:
        payment_provider().refund(authorisation_id=authorisation_id, amount_minor=amount_minor,
                                  idempotency_key=idempotency_key)
    except PaymentNetworkError:
        raise Conflict("the payment service did not answer; please cancel again (a refund is never paid twice)",
                       field="membership", code="refund_failed") from None
    except PaymentError as error:
        raise Conflict(f"the refund could not be made ({error.reason}); please contact us", field="membership",
                       code="refund_failed") from None


def _quietly(call) -> None:
    try:
        call()
    except PaymentError:
        pass  # an unvoided authorisation lapses unclaimed at the provider
