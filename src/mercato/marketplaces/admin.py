from django.contrib import admin

from mercato.marketplaces.models import FeeRule, Marketplace
from mercato.marketplaces.selectors import forget_cached_marketplaces


@admin.register(Marketplace)
class MarketplaceAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "currency", "language", "country_code", "is_active"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        forget_cached_marketplaces()


@admin.register(FeeRule)
class FeeRuleAdmin(admin.ModelAdmin):
    """Seller fees per marketplace: one default rule (no category) and rules for categories and everything
    under them. A change applies to orders placed after it; placed orders keep their fees."""

    list_display = ["marketplace", "category", "referral_rate_bp", "minimum_referral_minor", "closing_fee_minor"]
    list_select_related = ["marketplace", "category"]
    list_filter = ["marketplace"]
    autocomplete_fields = ["category"]
