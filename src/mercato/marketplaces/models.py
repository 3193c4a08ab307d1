from django.db import models


class Marketplace(models.Model):
    """One storefront for one region: its currency and language. Offers are per marketplace."""

    code = models.SlugField(max_length=8, unique=True, help_text="Short code used in URLs and the API, e.g. gb")
    name = models.CharField(max_length=100)
    currency = models.CharField(max_length=3, help_text="ISO 4217, e.g. GBP")
    language = models.CharField(max_length=10, help_text="BCP 47, e.g. en-GB")
    country_code = models.CharField(max_length=2, help_text="ISO 3166-1 alpha-2 of the home country")
    is_active = models.BooleanField(default=True)
    vat_rate_bp = models.PositiveIntegerField(default=0, help_text="VAT included in first-party prices, in basis "
                                                                   "points: 2000 = 20 %")

    class Meta:
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(condition=models.Q(currency__regex=r"^[A-Z]{3}$"), name="marketplace_currency_iso"),
        ]

    def __str__(self):
        return self.name


class FeeRule(models.Model):
    """Seller fees for a marketplace: the default (no category) or for one category and everything under it."""

    marketplace = models.ForeignKey(Marketplace, on_delete=models.CASCADE, related_name="fee_rules")
    category = models.ForeignKey("catalog.Category", null=True, blank=True, on_delete=models.CASCADE,
                                 related_name="fee_rules", help_text="Empty: the marketplace's default rule")
    referral_rate_bp = models.PositiveIntegerField(help_text="Referral fee in basis points: 1500 = 15 %")
    minimum_referral_minor = models.PositiveIntegerField(default=0, help_text="Minimum referral fee per unit")
    closing_fee_minor = models.PositiveIntegerField(default=0, help_text="Fixed fee per unit sold")

    class Meta:
        ordering = ["marketplace", "category"]
        constraints = [
            models.UniqueConstraint(fields=["marketplace", "category"], name="one_fee_rule_per_category"),
            models.UniqueConstraint(fields=["marketplace"], condition=models.Q(category__isnull=True),
                                    name="one_default_fee_rule"),
            models.CheckConstraint(condition=models.Q(referral_rate_bp__lte=10_000), name="fee_rate_at_most_100"),
        ]

    def __str__(self):
        where = self.category.path if self.category_id else "default"
        return f"{self.marketplace.code} {where}: {self.referral_rate_bp / 100:g} %"
