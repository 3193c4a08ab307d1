from django.contrib import admin

from mercato.search.models import PendingReindex


@admin.register(PendingReindex)
class PendingReindexAdmin(admin.ModelAdmin):
    """The reindex outbox: products whose search documents are waiting to be rebuilt. Read-only;
    `mercato reindex` or the next commit drains it."""

    list_display = ["product_id", "queued_at"]
    search_fields = ["=product_id"]
    readonly_fields = ["product_id", "queued_at"]
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
