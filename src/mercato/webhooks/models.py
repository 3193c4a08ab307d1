from django.db import models
from django.utils import timezone

MAX_URL_LENGTH = 2000


class WebhookEndpoint(models.Model):
    """A URL of a seller's integration that receives the events of the topics it subscribes to, signed with
    its secret. The secret is kept (it signs every request) but shown only when made."""

    seller = models.ForeignKey("sellers.Seller", on_delete=models.CASCADE, related_name="webhook_endpoints")
    url = models.CharField(max_length=MAX_URL_LENGTH, help_text="http:// or https:// URL the events are POSTed to")
    secret = models.CharField(max_length=100, help_text="Signs every request (HMAC-SHA256); shown once")
    topics = models.JSONField(default=list, help_text='Topic names, or ["*"] for every topic')
    active = models.BooleanField(default=True, help_text="A disabled endpoint is sent nothing")
    created_at = models.DateTimeField(auto_now_add=True)
    secret_rotated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["seller", "url"], name="one_webhook_endpoint_per_seller_url"),
        ]

    def __str__(self):
        return self.url


class WebhookDelivery(models.Model):
    """One event for one endpoint: sent until the endpoint answers 2xx, retried with back-off, then failed.

    While an attempt is under way the delivery is leased (`leased_until`), so no other worker sends it; a
    worker that dies mid-attempt leaves a lease that runs out, and the delivery is tried again."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        DELIVERED = "delivered", "Delivered"
        FAILED = "failed", "Failed"

    endpoint = models.ForeignKey(WebhookEndpoint, on_delete=models.CASCADE, related_name="deliveries")
    event_id = models.CharField(max_length=24, db_index=True,
                                help_text="The event's public id; one event sent to several endpoints shares it")
    topic = models.CharField(max_length=64)
    payload = models.JSONField(default=dict, help_text="The event's data, sent as `data` in the body")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveIntegerField(default=0, help_text="Attempts since it was queued or redelivered")
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    leased_until = models.DateTimeField(null=True, blank=True)
    last_status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    last_error = models.CharField(max_length=300, blank=True)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "webhook deliveries"
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="webhook_delivery_due")]
        constraints = [
            models.UniqueConstraint(fields=["endpoint", "event_id"], name="one_webhook_delivery_per_event"),
            models.CheckConstraint(condition=models.Q(status__in=["pending", "delivered", "failed"]),
                                   name="webhook_delivery_status_known"),
        ]

    def __str__(self):
        return f"{self.topic} {self.event_id} → {self.endpoint_id}"


class WebhookAttempt(models.Model):
    """One POST of a delivery: the answer's status code, or the network error, and how long it took."""

    delivery = models.ForeignKey(WebhookDelivery, on_delete=models.CASCADE, related_name="attempt_log")
    at = models.DateTimeField()
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    error = models.CharField(max_length=300, blank=True)
    duration_ms = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self):
        return f"{self.delivery_id} at {self.at:%Y-%m-%d %H:%M:%S}: {self.status_code or self.error}"

    @property
    def succeeded(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300
