from django.db import models


class Condition(models.TextChoices):
    NEW = "new", "New"
    USED_LIKE_NEW = "used_like_new", "Used – like new"
    USED_VERY_GOOD = "used_very_good", "Used – very good"
    USED_GOOD = "used_good", "Used – good"
    USED_ACCEPTABLE = "used_acceptable", "Used – acceptable"


class FulfillmentChannel(models.TextChoices):
    MERCHANT = "merchant", "Fulfilled by the seller"
    NETWORK = "network", "Fulfilled by Mercato"


class Offer(models.Model):
    """One seller's terms for one product in one marketplace."""

    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        PAUSED = "paused", "Paused"

    seller = models.ForeignKey("sellers.Seller", on_delete=models.CASCADE, related_name="offers")
    product = models.ForeignKey("catalog.Product", on_delete=models.CASCADE, related_name="offers")
    marketplace = models.ForeignKey("marketplaces.Marketplace", on_delete=models.PROTECT, related_name="offers")
    seller_sku = models.CharField(max_length=40, help_text="The seller's own stock-keeping unit")
    condition = models.CharField(max_length=16, choices=Condition.choices, default=Condition.NEW)
    condition_note = models.CharField(max_length=300, blank=True)
    currency = models.CharField(max_length=3)
    price_minor = models.PositiveBigIntegerField()
    shipping_minor = models.PositiveBigIntegerField(default=0)
    quantity = models.PositiveIntegerField(default=0, help_text="Units the seller can ship (seller-fulfilled stock)")
    unit_cost_minor = models.PositiveBigIntegerField(null=True, blank=True,
                                                     help_text="First party: what the retail arm paid per unit")
    handling_days = models.PositiveSmallIntegerField(default=2, help_text="Working days from order to dispatch")
    fulfillment_channel = models.CharField(max_length=10, choices=FulfillmentChannel.choices,
                                           default=FulfillmentChannel.MERCHANT)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.ACTIVE)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["seller", "product", "condition", "marketplace"],
                                    name="one_offer_per_seller_product_condition_marketplace"),
            models.UniqueConstraint(fields=["seller", "marketplace", "seller_sku"], name="seller_sku_unique"),
            models.CheckConstraint(condition=models.Q(price_minor__gt=0), name="offer_price_positive"),
            models.CheckConstraint(condition=models.Q(handling_days__lte=30), name="offer_handling_days_max"),
        ]
        indexes = [models.Index(fields=["product", "marketplace", "status"], name="offer_product_marketplace")]

    def __str__(self):
        return f"{self.seller} · {self.product} · {self.get_condition_display()}"

    @property
    def landed_price_minor(self) -> int:
        return self.price_minor + self.shipping_minor

    @property
    def is_buyable(self) -> bool:
        return self.status == self.Status.ACTIVE and self.quantity > 0 and self.seller.is_active


class BuyBox(models.Model):
    """The featured offer of a product in a marketplace, recomputed whenever one of its offers or
    sellers changes, so listing pages and search read one row instead of re-running the choice."""

    product = models.ForeignKey("catalog.Product", on_delete=models.CASCADE, related_name="buyboxes")
    marketplace = models.ForeignKey("marketplaces.Marketplace", on_delete=models.CASCADE)
    offer = models.ForeignKey(Offer, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    landed_price_minor = models.PositiveBigIntegerField(null=True, blank=True)
    lowest_price_minor = models.PositiveBigIntegerField(null=True, blank=True,
                                                        help_text="Lowest landed price of any buyable offer")
    offer_count = models.PositiveIntegerField(default=0, help_text="Buyable offers")
    reason = models.CharField(max_length=200, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["product", "marketplace"], name="one_buybox_per_product")]


class OfferUpload(models.Model):
    """A seller's CSV file of offers, processed by the job queue. The file is kept (in the database, so a
    worker on any host can read it) until it has been processed; the report stays."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to be processed"
        RUNNING = "running", "Being processed"
        DONE = "done", "Done"
        FAILED = "failed", "Refused"

    seller = models.ForeignKey("sellers.Seller", on_delete=models.CASCADE, related_name="offer_uploads")
    marketplace = models.ForeignKey("marketplaces.Marketplace", on_delete=models.CASCADE, related_name="+")
    uploaded_by = models.ForeignKey("customers.User", null=True, on_delete=models.SET_NULL, related_name="+")
    file_name = models.CharField(max_length=200)
    content = models.BinaryField(help_text="The file, until processed")
    row_count = models.PositiveIntegerField(default=0)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.QUEUED)
    accepted_count = models.PositiveIntegerField(default=0)
    rejected_count = models.PositiveIntegerField(default=0)
    report_rows = models.JSONField(default=list, help_text="The rows shown on the page (all, or the rejected ones)")
    only_rejected_shown = models.BooleanField(default=False)
    report_csv = models.TextField(blank=True, help_text="The whole report, one line per row")
    error = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-id"]
        indexes = [models.Index(fields=["status", "created_at"], name="offer_upload_status")]

    def __str__(self):
        return f"{self.file_name} ({self.get_status_display()})"

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)
