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


# Lightning deals and events: created and cancelled in the ops console (/ops/deals/), which checks them.
from mercato.checkout.deal_models import Deal, DealClaim, Event  # noqa: E402


@admin.register(Event)
class EventAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["name", "slug", "marketplace", "starts_at", "ends_at"]
    list_select_related = ["marketplace"]
    list_filter = ["marketplace"]
    search_fields = ["name", "slug"]


class DealClaimInline(ReadOnlyInline):
    model = DealClaim
    fields = ["reference", "quantity", "status", "created_at", "released_at"]
    readonly_fields = fields
    show_change_link = False


@admin.register(Deal)
class DealAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["id", "offer_id", "event", "starts_at", "ends_at", "deal_price_minor", "member_price_minor",
                    "units_claimed", "unit_cap", "status"]
    list_select_related = ["event"]
    list_filter = ["status", "event"]
    search_fields = ["=offer__id", "offer__product__title"]
    raw_id_fields = ["offer", "created_by"]
    inlines = [DealClaimInline]
    show_full_result_count = False


@admin.register(DealClaim)
class DealClaimAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["id", "deal_id", "reference", "quantity", "status", "created_at", "released_at"]
    list_filter = ["status"]
    search_fields = ["=reference"]
    show_full_result_count = False
