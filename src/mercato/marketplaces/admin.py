from django.contrib import admin

from mercato.marketplaces.models import Marketplace


@admin.register(Marketplace)
class MarketplaceAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "currency", "language", "country_code", "is_active"]
