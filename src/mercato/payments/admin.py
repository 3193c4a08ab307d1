"""The built-in test provider's books, read-only: they stand in for a real gateway's own records."""
from django.contrib import admin

from mercato.core.admin import ReadOnlyAdminMixin, ReadOnlyInline
from mercato.payments.models import TestAuthorisation, TestCard, TestMovement


@admin.register(TestCard)
class TestCardAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["token", "behaviour", "last4", "created_at"]
    list_filter = ["behaviour"]
    search_fields = ["=token", "=last4"]


class TestMovementInline(ReadOnlyInline):
    model = TestMovement
    fields = ["kind", "amount_minor", "idempotency_key", "created_at"]
    readonly_fields = fields
    show_change_link = False


@admin.register(TestAuthorisation)
class TestAuthorisationAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["authorisation_id", "idempotency_key", "amount_minor", "captured_minor", "refunded_minor",
                    "currency", "status", "created_at"]
    list_filter = ["status"]
    search_fields = ["=authorisation_id", "=idempotency_key"]
    inlines = [TestMovementInline]


@admin.register(TestMovement)
class TestMovementAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["authorisation", "kind", "amount_minor", "idempotency_key", "created_at"]
    list_select_related = ["authorisation"]
    list_filter = ["kind"]
    search_fields = ["=idempotency_key", "=authorisation__authorisation_id"]
