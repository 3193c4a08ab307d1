from django.db import models


class Marketplace(models.Model):
    """One storefront for one region: its currency and language. Offers are per marketplace."""

    code = models.SlugField(max_length=8, unique=True, help_text="Short code used in URLs and the API, e.g. gb")
    name = models.CharField(max_length=100)
    currency = models.CharField(max_length=3, help_text="ISO 4217, e.g. GBP")
    language = models.CharField(max_length=10, help_text="BCP 47, e.g. en-GB")
    country_code = models.CharField(max_length=2, help_text="ISO 3166-1 alpha-2 of the home country")
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(condition=models.Q(currency__regex=r"^[A-Z]{3}$"), name="marketplace_currency_iso"),
        ]

    def __str__(self):
        return self.name
