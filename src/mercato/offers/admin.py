"""Raw offer data. A change saved here recomputes the product's Buy Box, as the offer services do."""
from django.contrib import admin

from mercato.core.admin import ReadOnlyAdminMixin
from mercato.offers.models import BuyBox, Offer, OfferUpload
from mercato.offers.services import refresh_buyboxes


@admin.register(Offer)
class OfferAdmin(admin.ModelAdmin):
    list_display = ["id", "product", "seller", "marketplace", "condition", "price_minor", "shipping_minor",
                    "currency", "quantity", "handling_days", "status", "updated_at"]
    list_select_related = ["product", "seller", "marketplace"]
    list_filter = ["status", "marketplace", "condition", "fulfillment_channel"]
    search_fields = ["=product__public_id", "=product__gtin", "=seller_sku", "seller__display_name"]
    search_help_text = "Exact product id, GTIN or seller SKU, or a seller's name."
    raw_id_fields = ["product"]
    autocomplete_fields = ["seller"]
    readonly_fields = ["currency", "created_at", "updated_at"]
    show_full_result_count = False
    list_per_page = 50

    def save_model(self, request, obj, form, change):
        if not obj.currency:
            obj.currency = obj.marketplace.currency
        previous = Offer.objects.filter(pk=obj.pk).values_list("product_id", "marketplace_id").first()
        super().save_model(request, obj, form, change)
        refresh_buyboxes({(obj.product_id, obj.marketplace_id), *([previous] if previous else [])})

    def delete_model(self, request, obj):
        pair = (obj.product_id, obj.marketplace_id)
        super().delete_model(request, obj)
        refresh_buyboxes([pair])

    def delete_queryset(self, request, queryset):
        pairs = set(queryset.values_list("product_id", "marketplace_id"))
        super().delete_queryset(request, queryset)
        refresh_buyboxes(pairs)


@admin.register(BuyBox)
class BuyBoxAdmin(admin.ModelAdmin):
    """Derived data: recomputed from the offers, never edited by hand."""

    list_display = ["product", "marketplace", "offer", "landed_price_minor", "lowest_price_minor", "offer_count",
                    "reason", "updated_at"]
    list_select_related = ["product", "marketplace", "offer__seller", "offer__product"]
    list_filter = ["marketplace"]
    search_fields = ["=product__public_id", "=product__gtin"]
    raw_id_fields = ["product", "offer"]
    show_full_result_count = False
    list_per_page = 50

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(OfferUpload)
class OfferUploadAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Sellers' CSV uploads and their reports; made and processed by Seller Central and the job queue."""

    list_display = ["id", "seller", "marketplace", "file_name", "status", "accepted_count", "rejected_count",
                    "created_at", "finished_at"]
    list_select_related = ["seller", "marketplace"]
    list_filter = ["status", "marketplace"]
    search_fields = ["seller__display_name", "file_name"]
    exclude = ["content"]
