from django.db import models


class StockReservation(models.Model):
    """Units taken off an offer's available quantity for an order being placed.

    Reserving subtracts from `Offer.quantity` at once (one conditional UPDATE decides), so available
    quantity is always what is left to sell. The reservation is consumed when the order is placed, or
    released (units added back) when placement fails or it expires unclaimed."""

    class Status(models.TextChoices):
        RESERVED = "reserved", "Reserved"
        CONSUMED = "consumed", "Consumed by an order"
        RELEASED = "released", "Released"

    offer = models.ForeignKey("offers.Offer", on_delete=models.CASCADE, related_name="reservations")
    quantity = models.PositiveIntegerField()
    center_stock = models.ForeignKey("fulfillment.CenterStock", null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+", help_text="Network-fulfilled: the center the units come from")
    reference = models.CharField(max_length=40, db_index=True, help_text="The order being placed")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.RESERVED)
    expires_at = models.DateTimeField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["status", "expires_at"], name="reservation_expiry")]
        constraints = [models.CheckConstraint(condition=models.Q(quantity__gt=0), name="reservation_quantity_positive")]
