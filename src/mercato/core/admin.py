"""The ledger and the outbox in the admin: read-only. Money moves only through the services that post
balanced journal entries, and events are written with the change they announce."""
from django.contrib import admin

from mercato.core.models import JournalEntry, JournalLine, LedgerAccount, OutboxEvent


class ReadOnlyAdminMixin:
    """Operators may look, never add, change or delete: these rows are written by the services."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_readonly_fields(self, request, obj=None):
        """Every stored field, dates set on creation included, unless the admin names its own."""
        if self.readonly_fields:
            return self.readonly_fields
        excluded = set(self.exclude or ())
        return [field.name for field in self.model._meta.concrete_fields
                if not field.primary_key and field.name not in excluded]


class ReadOnlyInline(ReadOnlyAdminMixin, admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = True


@admin.register(LedgerAccount)
class LedgerAccountAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["code", "name", "kind", "created_at"]
    list_filter = ["kind"]
    search_fields = ["code", "name"]


class JournalLineInline(ReadOnlyInline):
    model = JournalLine
    fields = ["account", "amount_minor", "currency"]
    readonly_fields = fields
    show_change_link = False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("account")


@admin.register(JournalEntry)
class JournalEntryAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["id", "kind", "reference", "memo", "created_at"]
    list_filter = ["kind"]
    search_fields = ["=reference", "memo"]
    date_hierarchy = "created_at"
    inlines = [JournalLineInline]
    show_full_result_count = False


@admin.register(JournalLine)
class JournalLineAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["id", "entry", "account", "amount_minor", "currency"]
    list_select_related = ["entry", "account"]
    list_filter = ["currency"]
    search_fields = ["=account__code", "=entry__reference"]
    show_full_result_count = False


@admin.register(OutboxEvent)
class OutboxEventAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["created_at", "topic", "recipient", "subject", "delivered_at"]
    list_filter = ["topic"]
    search_fields = ["=recipient", "subject"]
    date_hierarchy = "created_at"
    show_full_result_count = False
