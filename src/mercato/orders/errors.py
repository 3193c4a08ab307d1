from mercato.core.errors import DomainError


class PaymentFailed(DomainError):
    """The card was declined or the payment service could not be reached; nothing was charged or kept."""

    code = "payment_failed"
    http_status = 402
