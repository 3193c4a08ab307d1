from django.conf import settings
from django.db import models


class Cart(models.Model):
    """A shopper's cart in one marketplace: a guest's (found by the token in its session) or an account's."""

    token = models.CharField(max_length=32, unique=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE,
                             related_name="carts")
    marketplace = models.ForeignKey("marketplaces.Marketplace", on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "marketplace"], condition=models.Q(user__isnull=False),
                                    name="one_cart_per_user_and_marketplace"),
        ]


class CartLine(models.Model):
    """An offer in a cart, with the price and shipping the shopper saw when adding it (to warn of changes)."""

    cart = models.ForeignKey(Cart, on_delete=models.CASCADE, related_name="lines")
    offer = models.ForeignKey("offers.Offer", on_delete=models.CASCADE, related_name="+")
    quantity = models.PositiveIntegerField()
    price_minor_when_added = models.BigIntegerField()
    shipping_minor_when_added = models.BigIntegerField()
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["cart", "offer"], name="one_cart_line_per_offer"),
            models.CheckConstraint(condition=models.Q(quantity__gt=0), name="cart_line_quantity_positive"),
        ]


# Lightning deals and events live in their own module; importing them here registers them with this app.
from mercato.checkout.deal_models import Deal, DealClaim, Event  # noqa: E402

__all__ = ["Cart", "CartLine", "Deal", "DealClaim", "Event"]
