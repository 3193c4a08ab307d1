from django.contrib import admin

from mercato.search.models import (
    PendingReindex,
    ProductSignal,
    ProductView,
    QueryProductSignal,
    RankingWeights,
    SearchClick,
    SearchLog,
    Synonym,
)


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


class ReadOnlyAdmin(admin.ModelAdmin):
    """Written by the storefront, the jobs or the ops console's own pages; shown here as raw data."""

    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(SearchLog)
class SearchLogAdmin(ReadOnlyAdmin):
    list_display = ["searched_at", "marketplace", "query_key", "result_count", "page", "shopper_id"]
    list_filter = ["marketplace"]
    search_fields = ["query_key"]
    date_hierarchy = "searched_at"


@admin.register(SearchClick)
class SearchClickAdmin(ReadOnlyAdmin):
    list_display = ["clicked_at", "search_id", "product_id", "position", "shopper_id"]


@admin.register(ProductView)
class ProductViewAdmin(ReadOnlyAdmin):
    list_display = ["viewed_at", "marketplace", "product_id", "shopper_id"]


@admin.register(QueryProductSignal)
class QueryProductSignalAdmin(ReadOnlyAdmin):
    list_display = ["marketplace", "query_key", "product_id", "impressions", "clicks", "purchases", "computed_at"]
    list_filter = ["marketplace"]
    search_fields = ["query_key"]


@admin.register(ProductSignal)
class ProductSignalAdmin(ReadOnlyAdmin):
    list_display = ["marketplace", "product_id", "units_per_day", "in_stock", "delivery_days", "price_ratio",
                    "rating_mean", "rating_count", "computed_at"]
    list_filter = ["marketplace", "in_stock"]
    search_fields = ["=product_id"]


@admin.register(RankingWeights)
class RankingWeightsAdmin(ReadOnlyAdmin):
    """Changed on the ops console's Search ranking page, which checks the values."""

    list_display = ["marketplace", "text_relevance", "sales_velocity", "search_conversion", "availability",
                    "delivery_speed", "price_competitiveness", "rating", "personal", "updated_at"]


@admin.register(Synonym)
class SynonymAdmin(ReadOnlyAdmin):
    """Changed on the ops console's Synonyms page, which checks the terms."""

    list_display = ["marketplace", "terms", "one_way", "updated_at"]
    list_filter = ["marketplace"]
