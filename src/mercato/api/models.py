from django.conf import settings
from django.db import models


class ApiKey(models.Model):
    """A key for the API, held by a seller (offers, seller orders) or by a shopper (their own orders).
    Exactly one of `seller` and `customer` is set. Only a hash of the secret is stored; the secret is
    shown once."""

    class Scope(models.TextChoices):
        OFFERS_READ = "offers:read", "Read offers"
        OFFERS_WRITE = "offers:write", "Create and change offers"
        ORDERS_READ = "orders:read", "Read your orders"
        ORDERS_WRITE = "orders:write", "Accept, ship, cancel and refund orders"
        WEBHOOKS = "webhooks", "Manage webhook endpoints and read their delivery log"
        FULFILLMENT = "fulfillment", "Send orders from other shops to be fulfilled from your network stock"
        SHOPPER_ORDERS = "shopper:orders", "Place, read and cancel your own orders"

    SELLER_SCOPES = (Scope.OFFERS_READ, Scope.OFFERS_WRITE, Scope.ORDERS_READ, Scope.ORDERS_WRITE, Scope.WEBHOOKS,
                     Scope.FULFILLMENT)
    SHOPPER_SCOPES = (Scope.SHOPPER_ORDERS,)

    seller = models.ForeignKey("sellers.Seller", null=True, blank=True, on_delete=models.CASCADE,
                               related_name="api_keys")
    customer = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE,
                                 related_name="api_keys", help_text="The shopper holding a shopper key")
    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=16, unique=True, help_text="First characters of the key, to recognise it")
    secret_hash = models.CharField(max_length=64, unique=True)
    scopes = models.JSONField(default=list)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(seller__isnull=False, customer__isnull=True)
                           | models.Q(seller__isnull=True, customer__isnull=False)),
                name="api_key_held_by_seller_or_customer"),
        ]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

    @property
    def is_shopper_key(self) -> bool:
        return self.customer_id is not None
