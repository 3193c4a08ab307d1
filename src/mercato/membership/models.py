"""Paid membership: the operator's plan per marketplace, each shopper's membership, and what it charged."""
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from mercato.membership import billing


class MembershipPlan(models.Model):
    """What membership costs in one marketplace and what it gives. Prices include VAT."""

    class RefundPolicy(models.TextChoices):
        NONE = "none", "No refund: benefits run to the end of the paid year"
        PRORATED = "prorated", "Refund the whole months not yet begun"

    marketplace = models.ForeignKey("marketplaces.Marketplace", on_delete=models.PROTECT,
                                    related_name="membership_plans")
    name = models.CharField(max_length=60, help_text="What shoppers see, e.g. Mercato Plus")
    currency = models.CharField(max_length=3, help_text="The marketplace's currency")
    monthly_price_minor = models.PositiveIntegerField(help_text="Price per month in minor units, VAT included")
    annual_price_minor = models.PositiveIntegerField(help_text="Price per year in minor units, VAT included")
    trial_days = models.PositiveSmallIntegerField(default=30, help_text="Free trial length; 0: no trial")
    free_fastest_delivery = models.BooleanField(default=True, help_text="Free delivery at the fastest speed on "
                                                                        "eligible offers")
    member_deals = models.BooleanField(default=True, help_text="Member-only prices on deals")
    early_access_minutes = models.PositiveSmallIntegerField(default=30, help_text="How early members may claim "
                                                                                  "lightning deals")
    annual_refund_policy = models.CharField(max_length=10, choices=RefundPolicy.choices,
                                            default=RefundPolicy.PRORATED,
                                            help_text="What a member who cancels an annual plan gets back")
    is_active = models.BooleanField(default=True, help_text="Offered to shoppers. One active plan per marketplace; "
                                                            "members of a withdrawn plan end at their period's end")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["marketplace", "-is_active", "id"]
        constraints = [
            models.UniqueConstraint(fields=["marketplace"], condition=Q(is_active=True),
                                    name="one_active_membership_plan_per_marketplace"),
            models.CheckConstraint(condition=Q(monthly_price_minor__gt=0) & Q(annual_price_minor__gt=0),
                                   name="membership_plan_prices_positive"),
            models.CheckConstraint(condition=Q(trial_days__lte=365), name="membership_trial_at_most_a_year"),
            models.CheckConstraint(condition=Q(early_access_minutes__lte=24 * 60),
                                   name="membership_early_access_at_most_a_day"),
            models.CheckConstraint(condition=Q(currency__regex=r"^[A-Z]{3}$"), name="membership_plan_currency_iso"),
            models.CheckConstraint(condition=Q(annual_refund_policy__in=["none", "prorated"]),
                                   name="membership_plan_refund_policy_known"),
        ]

    def __str__(self):
        return f"{self.name} ({self.marketplace.code})"

    def clean(self):
        if self.marketplace_id and self.currency != self.marketplace.currency:
            raise ValidationError({"currency": f"must be the marketplace's currency, {self.marketplace.currency}"})

    def price_minor(self, billing_period: str) -> int:
        return self.annual_price_minor if billing_period == billing.ANNUAL else self.monthly_price_minor

    @property
    def annual_saving_minor(self) -> int:
        """What paying yearly saves over twelve monthly payments (0 if nothing)."""
        return max(0, 12 * self.monthly_price_minor - self.annual_price_minor)


class Membership(models.Model):
    """One shopper's membership in one marketplace, from joining to its end. A shopper has at most one live
    (not ended) membership per marketplace and one free trial per marketplace, ever; see billing.py for the
    statuses and their legal changes."""

    class Status(models.TextChoices):
        TRIAL = billing.TRIAL, "Free trial"
        ACTIVE = billing.ACTIVE, "Active"
        CANCELLED = billing.CANCELLED, "Cancelled"
        PAST_DUE = billing.PAST_DUE, "Payment overdue"
        ENDED = billing.ENDED, "Ended"

    class BillingPeriod(models.TextChoices):
        MONTHLY = billing.MONTHLY, "Monthly"
        ANNUAL = billing.ANNUAL, "Annual"

    class EndReason(models.TextChoices):
        CANCELLED = "cancelled", "Cancelled by the member"
        PAYMENT_FAILED = "payment_failed", "Renewal payment failed"
        PLAN_WITHDRAWN = "plan_withdrawn", "Plan withdrawn"

    public_id = models.CharField(max_length=12, unique=True)
    customer = models.ForeignKey("customers.User", on_delete=models.PROTECT, related_name="memberships")
    marketplace = models.ForeignKey("marketplaces.Marketplace", on_delete=models.PROTECT, related_name="memberships")
    plan = models.ForeignKey(MembershipPlan, on_delete=models.PROTECT, related_name="memberships")
    billing_period = models.CharField(max_length=8, choices=BillingPeriod.choices)
    status = models.CharField(max_length=10, choices=Status.choices)
    trial_used = models.BooleanField(default=False, help_text="This membership began with the free trial")
    payment_method = models.ForeignKey("customers.PaymentMethod", null=True, blank=True, on_delete=models.SET_NULL,
                                       related_name="memberships", help_text="The card renewals are charged to")
    started_at = models.DateTimeField()
    current_period_start = models.DateTimeField()
    current_period_end = models.DateTimeField()
    billing_day = models.PositiveSmallIntegerField(help_text="Day of the month renewals fall on (1-31)")
    renewal_attempts = models.PositiveSmallIntegerField(default=0, help_text="Failed charges for the period due")
    next_attempt_at = models.DateTimeField(null=True, blank=True, help_text="When a failed renewal is tried again")
    renewal_claimed_until = models.DateTimeField(null=True, blank=True, help_text="A worker is charging the renewal "
                                                                                 "until then; others leave it alone")
    cancelled_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    end_reason = models.CharField(max_length=16, choices=EndReason.choices, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-id"]
        indexes = [models.Index(fields=["status", "current_period_end"], name="membership_due")]
        constraints = [
            models.UniqueConstraint(fields=["customer", "marketplace"], condition=~Q(status=billing.ENDED),
                                    name="one_live_membership_per_marketplace"),
            models.UniqueConstraint(fields=["customer", "marketplace"], condition=Q(trial_used=True),
                                    name="one_membership_trial_per_marketplace"),
            models.CheckConstraint(condition=Q(status__in=list(billing.TRANSITIONS)),
                                   name="membership_status_known"),
            models.CheckConstraint(condition=Q(billing_period__in=list(billing.MONTHS_PER_PERIOD)),
                                   name="membership_billing_period_known"),
            models.CheckConstraint(condition=Q(current_period_end__gt=models.F("current_period_start")),
                                   name="membership_period_not_empty"),
            models.CheckConstraint(condition=Q(billing_day__gte=1) & Q(billing_day__lte=31),
                                   name="membership_billing_day_of_month"),
            models.CheckConstraint(condition=~Q(status=billing.PAST_DUE) | Q(next_attempt_at__isnull=False),
                                   name="membership_past_due_has_next_attempt"),
            models.CheckConstraint(condition=~Q(status=billing.ENDED) | Q(ended_at__isnull=False),
                                   name="membership_ended_has_date"),
        ]

    def __str__(self):
        return f"{self.public_id} {self.customer} {self.status}"

    @property
    def is_live(self) -> bool:
        return self.status != self.Status.ENDED


class MembershipCharge(models.Model):
    """Money a membership moved: a charge for a period, or a refund of part of one. Prices include VAT;
    `vat_minor` is the VAT inside `amount_minor`, booked as tax payable."""

    class Kind(models.TextChoices):
        CHARGE = "charge", "Charge"
        REFUND = "refund", "Refund"

    membership = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="charges")
    kind = models.CharField(max_length=6, choices=Kind.choices)
    amount_minor = models.PositiveIntegerField()
    vat_minor = models.PositiveIntegerField(default=0)
    currency = models.CharField(max_length=3)
    period_start = models.DateTimeField()
    period_end = models.DateTimeField()
    refund_of = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="refunds")
    provider = models.CharField(max_length=20)
    authorisation_id = models.CharField(max_length=40)
    idempotency_key = models.CharField(max_length=80, unique=True,
                                       help_text="The key the provider was called with: a period is charged once")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount_minor__gt=0), name="membership_charge_positive"),
            models.CheckConstraint(condition=Q(vat_minor__lte=models.F("amount_minor")),
                                   name="membership_charge_vat_within_amount"),
            models.CheckConstraint(condition=Q(kind__in=["charge", "refund"]), name="membership_charge_kind_known"),
            models.CheckConstraint(condition=Q(kind="charge", refund_of__isnull=True)
                                   | Q(kind="refund", refund_of__isnull=False),
                                   name="membership_refund_names_its_charge"),
            models.CheckConstraint(condition=Q(period_end__gt=models.F("period_start")),
                                   name="membership_charge_period_not_empty"),
        ]

    def __str__(self):
        return f"{self.kind} {self.amount_minor} {self.currency} ({self.membership.public_id})"
