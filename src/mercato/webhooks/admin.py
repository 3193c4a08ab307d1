"""Webhook endpoints and the delivery log, for operators to inspect. Endpoints are made by sellers (Seller
Central, the API); here an operator can disable one. Secrets are never shown."""
from django.contrib import admin

from mercato.core.admin import ReadOnlyAdminMixin
from mercato.webhooks.models import WebhookAttempt, WebhookDelivery, WebhookEndpoint


@admin.register(WebhookEndpoint)
class WebhookEndpointAdmin(admin.ModelAdmin):
    list_display = ["id", "seller", "url", "topics", "active", "created_at"]
    list_select_related = ["seller"]
    list_filter = ["active"]
    search_fields = ["seller__display_name", "url"]
    fields = ["seller", "url", "topics", "active", "created_at", "secret_rotated_at"]
    readonly_fields = ["seller", "url", "topics", "created_at", "secret_rotated_at"]

    def has_add_permission(self, request):
        return False


class WebhookAttemptInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = WebhookAttempt
    fields = readonly_fields = ["at", "status_code", "error", "duration_ms"]
    extra = 0


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["id", "event_id", "topic", "endpoint", "status", "attempts", "last_status_code",
                    "next_attempt_at", "created_at"]
    list_select_related = ["endpoint"]
    list_filter = ["status", "topic"]
    search_fields = ["=event_id", "endpoint__url", "endpoint__seller__display_name"]
    search_help_text = "Exact event id, an endpoint URL or a seller's name."
    inlines = [WebhookAttemptInline]
    show_full_result_count = False
    list_per_page = 50


@admin.register(WebhookAttempt)
class WebhookAttemptAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["delivery", "at", "status_code", "error", "duration_ms"]
    list_select_related = ["delivery"]
    show_full_result_count = False
