"""The built-in test provider's own books, standing in for a real gateway's servers."""
from django.db import models


class TestCard(models.Model):
    """A tokenised test card. Holds what the issuer would know: how the card behaves, never its number."""

    __test__ = False  # not a pytest test class

    token = models.CharField(max_length=40, unique=True)
    behaviour = models.CharField(max_length=20, help_text="approve, decline, insufficient_funds, network_error or unreachable")
    last4 = models.CharField(max_length=4)
    created_at = models.DateTimeField(auto_now_add=True)


class TestAuthorisation(models.Model):
    __test__ = False

    class Status(models.TextChoices):
        AUTHORISED = "authorised", "Authorised"
        VOIDED = "voided", "Voided"

    authorisation_id = models.CharField(max_length=40, unique=True)
    idempotency_key = models.CharField(max_length=80, unique=True)
    token = models.CharField(max_length=40)
    currency = models.CharField(max_length=3)
    amount_minor = models.BigIntegerField()
    captured_minor = models.BigIntegerField(default=0)
    refunded_minor = models.BigIntegerField(default=0)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.AUTHORISED)
    created_at = models.DateTimeField(auto_now_add=True)


class TestMovement(models.Model):
    """A capture or refund, remembered by idempotency key so a repeat moves nothing."""

    __test__ = False

    authorisation = models.ForeignKey(TestAuthorisation, on_delete=models.CASCADE, related_name="movements")
    kind = models.CharField(max_length=8)  # capture or refund
    idempotency_key = models.CharField(max_length=80, unique=True)
    amount_minor = models.BigIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)
