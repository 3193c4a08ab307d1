"""Stock reservations, read-only: placing an order takes and gives back units through the inventory services."""
from django.contrib import admin

from mercato.core.admin import ReadOnlyAdminMixin
from mercato.inventory.models import StockReservation


@admin.register(StockReservation)
class StockReservationAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["id", "reference", "offer_id", "quantity", "status", "expires_at", "created_at"]
    list_filter = ["status"]
    search_fields = ["=reference"]
    show_full_result_count = False
