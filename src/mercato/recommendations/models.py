from django.conf import settings
from django.db import models


class PastPurchase(models.Model):
    """A purchase made before this marketplace took orders (the demo retailer's real invoices, for example).
    The recommenders learn from these beside the orders placed here."""

    marketplace = models.ForeignKey("marketplaces.Marketplace", on_delete=models.CASCADE, related_name="+")
    product = models.ForeignKey("catalog.Product", on_delete=models.CASCADE, related_name="+")
    customer_key = models.CharField(max_length=20, help_text="An anonymous customer number")
    order_key = models.CharField(max_length=20)
    day = models.DateField()
    quantity = models.PositiveIntegerField(default=1)

    class Meta:
        indexes = [models.Index(fields=["marketplace"], name="past_purchase_marketplace")]


class RecommendationList(models.Model):
    """A stored, ready-to-serve list of product ids, computed by the recommendations job."""

    class Kind(models.TextChoices):
        ALSO_BOUGHT = "also_bought", "Customers who bought this also bought"
        BOUGHT_TOGETHER = "bought_together", "Frequently bought together"
        FOR_YOU = "for_you", "Recommended for you"
        BUY_AGAIN = "buy_again", "Buy it again"
        POPULAR = "popular", "Best sellers (overall, or in a category)"
        VIEWED_TOGETHER = "viewed_together", "Customers who viewed this also viewed"

    marketplace = models.ForeignKey("marketplaces.Marketplace", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    product = models.ForeignKey("catalog.Product", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    customer = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE,
                                 related_name="+")
    category = models.ForeignKey("catalog.Category", null=True, blank=True, on_delete=models.CASCADE,
                                 related_name="+")
    product_ids = models.JSONField(default=list)
    computed_at = models.DateTimeField()

    class Meta:
        indexes = [
            models.Index(fields=["marketplace", "kind", "product"], name="recommendation_product"),
            models.Index(fields=["marketplace", "kind", "customer"], name="recommendation_customer"),
            models.Index(fields=["marketplace", "kind", "category"], name="recommendation_category"),
        ]
