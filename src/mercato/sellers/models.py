from django.conf import settings
from django.db import models


class Seller(models.Model):
    """A business that sells on the platform: the platform's own retail arm (first party) or a third party."""

    class Kind(models.TextChoices):
        FIRST_PARTY = "first_party", "Mercato Retail (first party)"
        THIRD_PARTY = "third_party", "Third-party seller"

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for approval"
        ACTIVE = "active", "Active"
        SUSPENDED = "suspended", "Suspended"
        REJECTED = "rejected", "Rejected"

    display_name = models.CharField(max_length=100, unique=True, help_text="The name shoppers see")
    slug = models.SlugField(max_length=100, unique=True)
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.THIRD_PARTY)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    legal_name = models.CharField(max_length=200)
    company_number = models.CharField(max_length=40, help_text="Company registration number")
    vat_number = models.CharField(max_length=40, blank=True)
    contact_email = models.EmailField()
    phone = models.CharField(max_length=30, blank=True)
    address_line1 = models.CharField(max_length=200)
    city = models.CharField(max_length=100)
    postal_code = models.CharField(max_length=20)
    country_code = models.CharField(max_length=2)
    performance_score = models.FloatField(
        default=0.9, help_text="0.0 (poor) .. 1.0 (excellent); from order defects, late shipments and cancellations")
    rating_percent = models.PositiveSmallIntegerField(default=0, help_text="Positive feedback over the last 12 months")
    rating_count = models.PositiveIntegerField(default=0)
    status_reason = models.CharField(max_length=300, blank=True)
    status_changed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["display_name"]
        constraints = [
            models.CheckConstraint(condition=models.Q(performance_score__gte=0) & models.Q(performance_score__lte=1),
                                   name="seller_performance_score_range"),
            models.UniqueConstraint(fields=["kind"], condition=models.Q(kind="first_party"),
                                    name="one_first_party_seller"),
        ]

    def __str__(self):
        return self.display_name

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE

    @property
    def is_first_party(self) -> bool:
        return self.kind == self.Kind.FIRST_PARTY


class SellerMember(models.Model):
    """A user who works for a seller. A user works for at most one seller."""

    seller = models.ForeignKey(Seller, on_delete=models.CASCADE, related_name="members")
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="seller_membership")
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"{self.user} @ {self.seller}"


class Payout(models.Model):
    """Money sent to a seller's bank account: its available balance when a payout run made it."""

    public_id = models.CharField(max_length=12, unique=True)
    seller = models.ForeignKey(Seller, on_delete=models.PROTECT, related_name="payouts")
    currency = models.CharField(max_length=3)
    amount_minor = models.BigIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-id"]
        constraints = [models.CheckConstraint(condition=models.Q(amount_minor__gt=0), name="payout_positive")]

    def __str__(self):
        return self.public_id


class PayoutLine(models.Model):
    """A line of the seller's payable account that a payout settled: the payout's statement. Each line is
    settled by exactly one payout; lines not yet settled make up the available balance."""

    payout = models.ForeignKey(Payout, on_delete=models.PROTECT, related_name="settled_lines")
    journal_line = models.OneToOneField("core.JournalLine", on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["journal_line_id"]
