"""Shoppers' carts, read-only: shoppers fill and empty them on the storefront."""
from django.contrib import admin

from mercato.checkout.models import Cart, CartLine
from mercato.core.admin import ReadOnlyAdminMixin, ReadOnlyInline


class CartLineInline(ReadOnlyInline):
    model = CartLine
    fields = ["offer", "quantity", "price_minor_when_added", "shipping_minor_when_added", "added_at"]
    readonly_fields = fields
    show_change_link = False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("offer__seller", "offer__product")


@admin.register(Cart)
class CartAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["id", "user", "marketplace", "created_at", "updated_at"]
    list_select_related = ["user", "marketplace"]
    list_filter = ["marketplace"]
    search_fields = ["=user__email"]
    exclude = ["token"]
    inlines = [CartLineInline]
    show_full_result_count = False


@admin.register(CartLine)
class CartLineAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["id", "cart", "offer_id", "quantity", "price_minor_when_added", "added_at"]
    list_select_related = ["cart"]
    show_full_result_count = False
