from django.contrib import admin

from mercato.api.models import ApiKey


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin):
    """Keys are created in Seller Central or, for shoppers, on the storefront (the secret is shown once
    there); here they can be inspected and revoked. The stored hash is not the key and cannot be turned
    back into it."""

    list_display = ["name", "seller", "customer", "prefix", "scopes", "created_at", "last_used_at", "revoked_at"]
    list_select_related = ["seller", "customer"]
    list_filter = [("revoked_at", admin.EmptyFieldListFilter)]
    search_fields = ["=prefix", "seller__display_name", "customer__email", "name"]
    autocomplete_fields = ["seller"]
    raw_id_fields = ["created_by"]
    readonly_fields = ["seller", "customer", "prefix", "secret_hash", "scopes", "created_by", "created_at",
                       "last_used_at"]
    fields = ["name", "seller", "customer", "prefix", "secret_hash", "scopes", "created_by", "created_at",
              "last_used_at", "revoked_at"]

    def has_add_permission(self, request):
        return False
