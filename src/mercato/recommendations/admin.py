"""Recommendation lists and imported purchases in the admin, read-only: the nightly job writes them."""
from django.contrib import admin

from mercato.core.admin import ReadOnlyAdminMixin
from mercato.recommendations.models import PastPurchase, RecommendationList


@admin.register(RecommendationList)
class RecommendationListAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["kind", "marketplace", "product_id", "customer_id", "category_id", "computed_at"]
    list_filter = ["kind", "marketplace"]
    show_full_result_count = False


@admin.register(PastPurchase)
class PastPurchaseAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["order_key", "customer_key", "product_id", "day", "quantity"]
    show_full_result_count = False
