"""Orders in the admin: readable, with their parts, lines, payment and refunds. Orders change only through
their services (Seller Central, the storefront, the API), which keep the ledger and the stock in step."""
from django.contrib import admin

from mercato.core.admin import ReadOnlyAdminMixin, ReadOnlyInline
from mercato.orders.models import Order, OrderLine, Payment, Refund, SellerOrder


class SellerOrderInline(ReadOnlyInline):
    model = SellerOrder
    fields = ["public_id", "seller", "status", "total_minor", "referral_fee_minor", "closing_fee_minor",
              "refunded_minor", "promised_delivery_date", "carrier", "tracking_number"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("seller")


class PaymentInline(ReadOnlyAdminMixin, admin.StackedInline):
    model = Payment
    can_delete = False
    fields = ["provider", "authorisation_id", "card_brand", "card_last4", "currency", "authorised_minor",
              "captured_minor", "refunded_minor", "status", "created_at"]
    readonly_fields = fields


@admin.register(Order)
class OrderAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["public_id", "customer", "marketplace", "channel", "status", "total_minor", "refunded_minor",
                    "currency", "placed_at"]
    list_select_related = ["customer", "marketplace"]
    list_filter = ["status", "channel", "marketplace"]
    search_fields = ["=public_id", "=customer__email"]
    date_hierarchy = "created_at"
    inlines = [SellerOrderInline, PaymentInline]
    show_full_result_count = False


class OrderLineInline(ReadOnlyInline):
    model = OrderLine
    fields = ["title", "seller_sku", "condition", "quantity", "unit_price_minor", "shipping_minor",
              "referral_fee_minor", "closing_fee_minor", "unit_cost_minor"]
    readonly_fields = fields
    show_change_link = False


class RefundInline(ReadOnlyInline):
    model = Refund
    fields = ["public_id", "amount_minor", "reason", "created_by", "created_at"]
    readonly_fields = fields
    show_change_link = False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("created_by")


@admin.register(SellerOrder)
class SellerOrderAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["public_id", "order", "seller", "status", "total_minor", "referral_fee_minor",
                    "closing_fee_minor", "refunded_minor", "promised_delivery_date", "funds_released_at"]
    list_select_related = ["order", "seller"]
    list_filter = ["status", "delivery_option", "cancelled_by"]
    search_fields = ["=public_id", "=order__public_id", "seller__display_name", "=tracking_number"]
    inlines = [OrderLineInline, RefundInline]
    show_full_result_count = False


@admin.register(OrderLine)
class OrderLineAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["id", "seller_order", "title", "seller_sku", "quantity", "unit_price_minor", "shipping_minor",
                    "referral_fee_minor", "closing_fee_minor"]
    list_select_related = ["seller_order"]
    search_fields = ["=seller_order__public_id", "=seller_sku", "title"]
    show_full_result_count = False


@admin.register(Payment)
class PaymentAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["order", "provider", "card_brand", "card_last4", "authorised_minor", "captured_minor",
                    "refunded_minor", "currency", "status", "created_at"]
    list_select_related = ["order"]
    list_filter = ["status", "provider"]
    search_fields = ["=order__public_id", "=authorisation_id"]
    show_full_result_count = False


@admin.register(Refund)
class RefundAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["public_id", "seller_order", "amount_minor", "reason", "created_by", "created_at"]
    list_select_related = ["seller_order", "created_by"]
    search_fields = ["=public_id", "=seller_order__public_id"]
    show_full_result_count = False
