"""The ledger (double entry) and the outbox of domain events. No other table is the truth about money."""
from django.db import models


class LedgerAccount(models.Model):
    """One account of the chart: a fixed platform account (`shopper_payments_clearing`) or one per party
    (`seller_payable:42`). Balances are never stored; they are sums of journal lines."""

    class Kind(models.TextChoices):
        ASSET = "asset", "Asset"
        LIABILITY = "liability", "Liability"
        REVENUE = "revenue", "Revenue"
        EXPENSE = "expense", "Expense"
        EQUITY = "equity", "Equity"

    code = models.CharField(max_length=64, unique=True)
    name = models.CharField(max_length=150)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["code"]

    def __str__(self):
        return self.code


class JournalEntry(models.Model):
    """One business event's movement of money. Its lines sum to zero in every currency."""

    kind = models.CharField(max_length=40, help_text="What happened, e.g. order_placed, shipment_captured")
    reference = models.CharField(max_length=40, blank=True, db_index=True,
                                 help_text="Public id of the order, seller order or payout it belongs to")
    memo = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["id"]
        verbose_name_plural = "journal entries"

    def __str__(self):
        return f"#{self.pk} {self.kind} {self.reference}"


class JournalLine(models.Model):
    """A debit (positive amount) or a credit (negative amount) to one account, in minor units."""

    entry = models.ForeignKey(JournalEntry, on_delete=models.PROTECT, related_name="lines")
    account = models.ForeignKey(LedgerAccount, on_delete=models.PROTECT, related_name="lines")
    amount_minor = models.BigIntegerField(help_text="Debit positive, credit negative")
    currency = models.CharField(max_length=3)

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["account", "currency"], name="journal_line_account")]
        constraints = [models.CheckConstraint(condition=~models.Q(amount_minor=0), name="journal_line_not_zero")]


class OutboxEvent(models.Model):
    """A domain event (an email to send, a webhook to call) written in the same transaction as the change
    it announces, so a rolled-back write never announces anything and a crash never loses an event."""

    topic = models.CharField(max_length=60, db_index=True, help_text="e.g. order.placed, seller_order.shipped")
    recipient = models.CharField(max_length=254, blank=True, help_text="Email address or party it is meant for")
    subject = models.CharField(max_length=200, blank=True)
    body = models.TextField(blank=True)
    payload = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-id"]

    def __str__(self):
        return f"{self.topic} → {self.recipient}"
