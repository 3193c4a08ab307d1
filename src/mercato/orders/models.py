from django.conf import settings
from django.db import models
from django.utils import timezone

from mercato.orders import states


class Order(models.Model):
    """A shopper's purchase: one payment, one delivery address, one seller order per seller."""

    class Status(models.TextChoices):
        PENDING_PAYMENT = "pending_payment", "Being placed"
        PLACED = states.PLACED, "Placed"
        PARTIALLY_SHIPPED = states.PARTIALLY_SHIPPED, "Partially shipped"
        SHIPPED = states.ORDER_SHIPPED, "Shipped"
        DELIVERED = states.ORDER_DELIVERED, "Delivered"
        COMPLETED = states.COMPLETED, "Completed"
        CANCELLED = states.ORDER_CANCELLED, "Cancelled"

    class Channel(models.TextChoices):
        CHECKOUT = "checkout", "Checkout"
        BUY_NOW = "buy_now", "Buy Now"
        API = "api", "API"

    public_id = models.CharField(max_length=12, unique=True)
    customer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="orders")
    marketplace = models.ForeignKey("marketplaces.Marketplace", on_delete=models.PROTECT, related_name="orders")
    currency = models.CharField(max_length=3)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING_PAYMENT)
    channel = models.CharField(max_length=10, choices=Channel.choices, default=Channel.CHECKOUT)
    idempotency_key = models.CharField(max_length=80)
    items_minor = models.BigIntegerField(default=0)
    shipping_minor = models.BigIntegerField(default=0)
    total_minor = models.BigIntegerField(default=0)
    refunded_minor = models.BigIntegerField(default=0)
    # The delivery address as it was when the order was placed (the shopper may edit or delete it later).
    ship_to_name = models.CharField(max_length=150)
    ship_to_line1 = models.CharField(max_length=200)
    ship_to_line2 = models.CharField(max_length=200, blank=True)
    ship_to_city = models.CharField(max_length=100)
    ship_to_postal_code = models.CharField(max_length=20)
    ship_to_country_code = models.CharField(max_length=2)
    ship_to_phone = models.CharField(max_length=30, blank=True)
    placed_at = models.DateTimeField(null=True, blank=True, db_index=True)
    free_cancel_until = models.DateTimeField(null=True, blank=True,
                                             help_text="One-click orders cancel at no cost until then")
    cancelled_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(fields=["customer", "idempotency_key"], name="one_order_per_idempotency_key"),
            models.CheckConstraint(condition=models.Q(total_minor=models.F("items_minor") + models.F("shipping_minor")),
                                   name="order_total_is_items_plus_shipping"),
            models.CheckConstraint(condition=models.Q(refunded_minor__lte=models.F("total_minor")),
                                   name="order_refund_at_most_total"),
        ]

    # Set on the instance `place_order` returns when its idempotency key had placed this order before.
    is_repeat = False

    def held_until(self, now=None):
        """While a Buy Now order is in its free-cancel window: when the window closes; else None."""
        now = now or timezone.now()
        return self.free_cancel_until if self.free_cancel_until and self.free_cancel_until > now else None

    def __str__(self):
        return self.public_id

    @property
    def ship_to_lines(self) -> list[str]:
        return [line for line in (self.ship_to_name, self.ship_to_line1, self.ship_to_line2,
                                  f"{self.ship_to_city} {self.ship_to_postal_code}", self.ship_to_country_code) if line]


class SellerOrder(models.Model):
    """One seller's part of an order: what it ships, at what charge, by when."""

    class Status(models.TextChoices):
        PENDING = states.PENDING, "New"
        ACCEPTED = states.ACCEPTED, "Accepted"
        SHIPPED = states.SHIPPED, "Shipped"
        DELIVERED = states.DELIVERED, "Delivered"
        CANCELLED = states.CANCELLED, "Cancelled"

    class CancelledBy(models.TextChoices):
        SHOPPER = "shopper", "Shopper"
        SELLER = "seller", "Seller"
        PLATFORM = "platform", "Mercato"

    public_id = models.CharField(max_length=12, unique=True)
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="seller_orders")
    seller = models.ForeignKey("sellers.Seller", on_delete=models.PROTECT, related_name="seller_orders")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    fulfilled_by_network = models.BooleanField(default=False, help_text="Shipped by Mercato's network, not the seller")
    delivery_option = models.CharField(max_length=10, default="standard")
    items_minor = models.BigIntegerField(default=0)
    shipping_minor = models.BigIntegerField(default=0)
    total_minor = models.BigIntegerField(default=0)
    referral_fee_minor = models.BigIntegerField(default=0)
    closing_fee_minor = models.BigIntegerField(default=0)
    fulfillment_fee_minor = models.BigIntegerField(default=0, help_text="Network fulfillment fee, fixed when placed")
    refunded_minor = models.BigIntegerField(default=0)
    promised_delivery_date = models.DateField()
    carrier = models.CharField(max_length=60, blank=True)
    tracking_number = models.CharField(max_length=60, blank=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    capture_started_at = models.DateTimeField(null=True, blank=True,
                                              help_text="Set while the shipment's payment is being captured; "
                                                        "the order can no longer be cancelled")
    shipped_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True, db_index=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancelled_by = models.CharField(max_length=10, choices=CancelledBy.choices, blank=True)
    cancel_reason = models.CharField(max_length=300, blank=True)
    funds_released_at = models.DateTimeField(null=True, blank=True,
                                             help_text="When its earnings left the reserve for the seller's payout")

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["seller", "status"], name="seller_order_seller_status")]
        constraints = [
            models.CheckConstraint(condition=models.Q(total_minor=models.F("items_minor") + models.F("shipping_minor")),
                                   name="seller_order_total_is_items_plus_shipping"),
            models.CheckConstraint(condition=models.Q(refunded_minor__lte=models.F("total_minor")),
                                   name="seller_order_refund_at_most_total"),
        ]

    def __str__(self):
        return self.public_id

    @property
    def fees_minor(self) -> int:
        return self.referral_fee_minor + self.closing_fee_minor + self.fulfillment_fee_minor

    @property
    def shopper_can_cancel(self) -> bool:
        """Not yet accepted by the seller, and no shipment being confirmed."""
        return self.status == self.Status.PENDING and self.capture_started_at is None


class OrderLine(models.Model):
    """One offer bought in a seller order, with the price and fees fixed when the order was placed."""

    seller_order = models.ForeignKey(SellerOrder, on_delete=models.CASCADE, related_name="lines")
    offer = models.ForeignKey("offers.Offer", null=True, on_delete=models.SET_NULL, related_name="+")
    product = models.ForeignKey("catalog.Product", on_delete=models.PROTECT, related_name="+")
    title = models.CharField(max_length=300)
    seller_sku = models.CharField(max_length=40)
    condition = models.CharField(max_length=16)
    quantity = models.PositiveIntegerField()
    unit_price_minor = models.BigIntegerField()
    shipping_minor = models.BigIntegerField(default=0, help_text="Shipping charged for this line")
    referral_fee_minor = models.BigIntegerField(default=0)
    closing_fee_minor = models.BigIntegerField(default=0)
    unit_cost_minor = models.BigIntegerField(null=True, blank=True, help_text="First party: cost of one unit")

    class Meta:
        ordering = ["id"]
        constraints = [models.CheckConstraint(condition=models.Q(quantity__gt=0), name="order_line_quantity_positive")]

    @property
    def items_minor(self) -> int:
        return self.unit_price_minor * self.quantity


class Payment(models.Model):
    """The order's card payment: authorised when placed, captured per seller order as it ships."""

    class Status(models.TextChoices):
        AUTHORISED = "authorised", "Authorised"
        CAPTURED = "captured", "Captured"
        VOIDED = "voided", "Voided"

    order = models.OneToOneField(Order, on_delete=models.CASCADE, related_name="payment")
    provider = models.CharField(max_length=20)
    authorisation_id = models.CharField(max_length=60)
    card_brand = models.CharField(max_length=20)
    card_last4 = models.CharField(max_length=4)
    currency = models.CharField(max_length=3)
    authorised_minor = models.BigIntegerField()
    captured_minor = models.BigIntegerField(default=0)
    refunded_minor = models.BigIntegerField(default=0)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.AUTHORISED)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=models.Q(captured_minor__lte=models.F("authorised_minor")),
                                   name="payment_capture_at_most_authorised"),
            models.CheckConstraint(condition=models.Q(refunded_minor__lte=models.F("captured_minor")),
                                   name="payment_refund_at_most_captured"),
        ]


class Refund(models.Model):
    """Money given back to the shopper's card for part or all of a shipped seller order. A refund is pending
    from the moment its amount is set aside on the seller order until the provider has paid it."""

    class Status(models.TextChoices):
        PENDING = "pending", "Being refunded"
        COMPLETED = "completed", "Refunded"

    public_id = models.CharField(max_length=12, unique=True)
    seller_order = models.ForeignKey(SellerOrder, on_delete=models.PROTECT, related_name="refunds")
    amount_minor = models.BigIntegerField()
    reason = models.CharField(max_length=300)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    idempotency_key = models.CharField(max_length=80, unique=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        constraints = [models.CheckConstraint(condition=models.Q(amount_minor__gt=0), name="refund_positive")]
