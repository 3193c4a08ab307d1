"""Raw catalog data for operators. Built for a catalog of millions: no full counts, no giant selects."""
from django import forms
from django.contrib import admin

from mercato.catalog.models import Attribute, Brand, Category, Product
from mercato.catalog.selectors import forget_cached_category_tree
from mercato.catalog.services import clean_attributes, clean_gtin
from mercato.core.errors import DomainError
from mercato.core.ids import new_public_id
from mercato.search.services import mark_products_stale


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "path", "parent", "depth", "position"]
    list_select_related = ["parent"]
    search_fields = ["name", "path"]
    autocomplete_fields = ["parent"]
    readonly_fields = ["path", "depth"]
    fields = ["parent", "slug", "name", "position", "path", "depth"]
    ordering = ["path"]

    def save_model(self, request, obj, form, change):
        # Saving recomputes this node's path; its descendants keep theirs until saved, so moving a
        # branch is a job for a data migration, not the admin.
        super().save_model(request, obj, form, change)
        forget_cached_category_tree()


@admin.register(Brand)
class BrandAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    show_full_result_count = False


@admin.register(Attribute)
class AttributeAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "value_type", "unit", "is_facet", "position"]
    list_editable = ["is_facet", "position"]
    list_filter = ["value_type", "is_facet"]
    search_fields = ["code", "name"]


class ProductAdminForm(forms.ModelForm):
    """The catalog's own checks (GTIN check digit, typed attributes) apply to edits in the admin too."""

    class Meta:
        model = Product
        fields = "__all__"

    def clean_gtin(self):
        try:
            return clean_gtin(self.cleaned_data.get("gtin"))
        except DomainError as error:
            raise forms.ValidationError(error.detail) from None

    def clean_attributes(self):
        try:
            return clean_attributes(self.cleaned_data.get("attributes"))
        except DomainError as error:
            raise forms.ValidationError(error.detail) from None


@admin.register(Product)
class ProductAdmin(admin.ModelAdmin):
    form = ProductAdminForm
    list_display = ["public_id", "title", "category", "brand", "gtin", "units_sold", "created_at"]
    list_select_related = ["category", "brand"]
    list_filter = ["category", "brand"]
    # "=" makes the ids exact (index) lookups; the title is a contains search.
    search_fields = ["=public_id", "=gtin", "title"]
    search_help_text = "Exact product id or GTIN, or words from the title."
    autocomplete_fields = ["category", "brand"]
    raw_id_fields = ["created_by_seller"]
    readonly_fields = ["public_id", "units_sold", "created_at", "updated_at"]
    show_full_result_count = False
    list_per_page = 50

    def save_model(self, request, obj, form, change):
        if not obj.public_id:
            obj.public_id = new_public_id("M")
        super().save_model(request, obj, form, change)
        mark_products_stale([obj.pk])  # the search index picks the change up once this commits

    def delete_model(self, request, obj):
        product_id = obj.pk
        super().delete_model(request, obj)
        mark_products_stale([product_id])

    def delete_queryset(self, request, queryset):
        product_ids = list(queryset.values_list("pk", flat=True))
        super().delete_queryset(request, queryset)
        mark_products_stale(product_ids)
