from django.contrib import admin

from mercato.marketplaces.models import Marketplace
from mercato.marketplaces.selectors import forget_cached_marketplaces


@admin.register(Marketplace)
class MarketplaceAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "currency", "language", "country_code", "is_active"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        forget_cached_marketplaces()
