from django.conf import settings
from django.db import models


class ApiKey(models.Model):
    """A seller's key for the API. Only a hash of the secret is stored; the secret is shown once."""

    class Scope(models.TextChoices):
        OFFERS_READ = "offers:read", "Read offers"
        OFFERS_WRITE = "offers:write", "Create and change offers"

    seller = models.ForeignKey("sellers.Seller", on_delete=models.CASCADE, related_name="api_keys")
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

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
