"""The payment provider the marketplace uses, chosen by the PAYMENT_PROVIDER setting."""
from __future__ import annotations

from django.conf import settings
from django.utils.module_loading import import_string

from mercato.payments.gateway import PaymentProvider


def payment_provider() -> PaymentProvider:
    return import_string(settings.PAYMENT_PROVIDER)()
