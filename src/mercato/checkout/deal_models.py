"""Lightning deals and the shopping events that group them; the rules are in `checkout/deals.py`.

`Deal.units_claimed` only moves by conditional UPDATEs (`deal_services`), and the database refuses a count above
the cap, so a deal can never sell more units than its cap at the deal price. Each order's claim on a deal is one
`DealClaim` row, released at most once (its status flips conditionally) when the order is abandoned or cancelled.
"""
from django.conf import settings
from django.db import models
from django.db.models import F, Q


class Event(models.Model):
    """A shopping event (e.g. a members' day) with its own page, /events/<slug>/, listing its deals."""

    marketplace = models.ForeignKey("marketplaces.Marketplace", on_delete=models.PROTECT, related_name="+")
    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=60, help_text="The page's address: /events/<slug>/")
    description = models.TextField(blank=True, max_length=2000)
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["marketplace", "slug"], name="event_slug_unique_per_marketplace"),
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="event_ends_after_start"),
        ]
        indexes = [models.Index(fields=["marketplace", "ends_at"], name="event_marketplace_ends")]

    def __str__(self):
        return self.name


class Deal(models.Model):
    """A lightning deal: up to `unit_cap` units of one offer at a lower price, for a while."""

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        CANCELLED = "cancelled", "Cancelled"

    offer = models.ForeignKey("offers.Offer", on_delete=models.PROTECT, related_name="deals")
    event = models.ForeignKey(Event, null=True, blank=True, on_delete=models.PROTECT, related_name="deals")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    deal_price_minor = models.PositiveBigIntegerField(help_text="Unit price during the deal, below the offer's")
    member_price_minor = models.PositiveBigIntegerField(null=True, blank=True,
                                                        help_text="Unit price for members with member deals")
    unit_cap = models.PositiveIntegerField(help_text="Most units sold at the deal price")
    units_claimed = models.PositiveIntegerField(default=0)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SCHEDULED)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["starts_at", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(units_claimed__lte=F("unit_cap")), name="deal_claims_within_cap"),
            models.CheckConstraint(condition=Q(unit_cap__gte=1), name="deal_unit_cap_positive"),
            models.CheckConstraint(condition=Q(deal_price_minor__gt=0), name="deal_price_positive"),
            models.CheckConstraint(condition=Q(member_price_minor__isnull=True)
                                   | (Q(member_price_minor__gt=0) & Q(member_price_minor__lte=F("deal_price_minor"))),
                                   name="deal_member_price_within_deal_price"),
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="deal_ends_after_start"),
            models.CheckConstraint(condition=Q(status__in=["scheduled", "cancelled"]), name="deal_status_known"),
        ]
        indexes = [models.Index(fields=["offer", "ends_at"], name="deal_offer_ends"),
                   models.Index(fields=["event", "starts_at"], name="deal_event_starts")]

    def __str__(self):
        return f"Deal {self.pk} on offer {self.offer_id}"

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED


class DealClaim(models.Model):
    """Units of a deal taken by one order (`reference` = the order's public id)."""

    class Status(models.TextChoices):
        CLAIMED = "claimed", "Claimed"
        RELEASED = "released", "Released"

    deal = models.ForeignKey(Deal, on_delete=models.PROTECT, related_name="claims")
    reference = models.CharField(max_length=40)
    quantity = models.PositiveIntegerField()
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.CLAIMED)
    created_at = models.DateTimeField(auto_now_add=True)
    released_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["deal", "reference"], name="one_claim_per_deal_and_order"),
            models.CheckConstraint(condition=Q(quantity__gt=0), name="deal_claim_quantity_positive"),
            models.CheckConstraint(condition=Q(status__in=["claimed", "released"]), name="deal_claim_status_known"),
        ]
        indexes = [models.Index(fields=["reference"], name="deal_claim_reference")]

    def __str__(self):
        return f"{self.quantity} of deal {self.deal_id} for {self.reference}"
