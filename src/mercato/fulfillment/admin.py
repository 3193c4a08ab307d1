"""The fulfillment network in the admin. Centers are the operator's to edit; stock, inbound counts, parcels
and charges move only through the fulfillment services, so they are read-only here."""
from django.contrib import admin

from mercato.core.admin import ReadOnlyAdminMixin, ReadOnlyInline
from mercato.fulfillment.models import (CenterDay, CenterStock, FulfillmentCenter, FulfillmentOrder,
                                        FulfillmentOrderLine, InboundLine, InboundShipment, Shipment, ShipmentEvent,
                                        ShipmentLine, SimulatedClock, StorageCharge)


@admin.register(FulfillmentCenter)
class FulfillmentCenterAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "city", "marketplace", "capacity_units", "capacity_orders_per_day",
                    "cutoff_time", "is_active"]
    list_filter = ["marketplace", "is_active"]


@admin.register(CenterStock)
class CenterStockAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["center", "offer_id", "on_hand", "allocated", "damaged", "updated_at"]
    list_filter = ["center"]
    show_full_result_count = False


@admin.register(CenterDay)
class CenterDayAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["center", "day", "orders"]
    list_filter = ["center"]


class InboundLineInline(ReadOnlyInline):
    model = InboundLine


@admin.register(InboundShipment)
class InboundShipmentAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["public_id", "seller", "center", "status", "created_at", "received_at"]
    list_filter = ["status", "center"]
    search_fields = ["=public_id"]
    inlines = [InboundLineInline]


@admin.register(InboundLine)
class InboundLineAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["inbound", "offer_id", "expected_units", "received_units", "damaged_units"]


class ShipmentLineInline(ReadOnlyInline):
    model = ShipmentLine


class ShipmentEventInline(ReadOnlyInline):
    model = ShipmentEvent


@admin.register(Shipment)
class ShipmentAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["public_id", "tracking_number", "center", "status", "speed", "promised_delivery_date",
                    "delivered_at"]
    list_filter = ["status", "center", "speed"]
    search_fields = ["=public_id", "=tracking_number"]
    exclude = ["planned_journey"]
    inlines = [ShipmentLineInline, ShipmentEventInline]
    show_full_result_count = False


@admin.register(ShipmentLine)
class ShipmentLineAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["shipment", "stock", "quantity"]


@admin.register(ShipmentEvent)
class ShipmentEventAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["shipment", "status", "at", "place"]
    show_full_result_count = False


class FulfillmentOrderLineInline(ReadOnlyInline):
    model = FulfillmentOrderLine


@admin.register(FulfillmentOrder)
class FulfillmentOrderAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["public_id", "seller", "external_reference", "status", "fee_minor", "currency", "created_at"]
    list_filter = ["status"]
    search_fields = ["=public_id", "external_reference"]
    inlines = [FulfillmentOrderLineInline]


@admin.register(FulfillmentOrderLine)
class FulfillmentOrderLineAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["fulfillment_order", "offer_id", "quantity"]


@admin.register(StorageCharge)
class StorageChargeAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["seller", "month", "cubic_mm", "amount_minor", "currency"]


@admin.register(SimulatedClock)
class SimulatedClockAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["offset_seconds", "updated_at"]
