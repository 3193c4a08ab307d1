"""Raw seller data. A seller's status changes only through the ops console, whose services also
refresh the Buy Box of every affected product; here it is read-only."""
from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from mercato.core.admin import ReadOnlyAdminMixin
from mercato.core.money import format_money
from mercato.sellers.models import Payout, PayoutLine, Seller, SellerMember
from mercato.sellers.payouts import statement_lines


class SellerMemberInline(admin.TabularInline):
    model = SellerMember
    extra = 0
    raw_id_fields = ["user"]
    readonly_fields = ["created_at"]


@admin.register(Seller)
class SellerAdmin(admin.ModelAdmin):
    list_display = ["display_name", "kind", "status", "performance_score", "rating_percent", "rating_count",
                    "created_at"]
    list_filter = ["status", "kind"]
    search_fields = ["display_name", "legal_name", "=company_number", "contact_email"]
    readonly_fields = ["status", "status_reason", "status_changed_at", "created_at", "status_actions"]
    prepopulated_fields = {"slug": ["display_name"]}
    inlines = [SellerMemberInline]
    fieldsets = [
        (None, {"fields": ["display_name", "slug", "kind"]}),
        ("Status", {"fields": ["status", "status_reason", "status_changed_at", "status_actions"]}),
        ("Business", {"fields": ["legal_name", "company_number", "vat_number", "contact_email", "phone",
                                 "address_line1", "city", "postal_code", "country_code"]}),
        ("Performance", {"fields": ["performance_score", "rating_percent", "rating_count"]}),
        ("Dates", {"fields": ["created_at"]}),
    ]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and "performance_score" in form.changed_data:
            # The score weighs in every Buy Box the seller competes in.
            from mercato.offers.services import refresh_buyboxes_for_seller

            refresh_buyboxes_for_seller(obj)

    def has_delete_permission(self, request, obj=None):
        # Sellers are suspended, never deleted: their offers, Buy Boxes and (later) orders depend on them.
        return False

    @admin.display(description="Change status")
    def status_actions(self, obj):
        return format_html('<a href="{}">Approve, reject, suspend or reinstate in the ops console</a>',
                           reverse("ops:sellers"))


@admin.register(SellerMember)
class SellerMemberAdmin(admin.ModelAdmin):
    list_display = ["user", "seller", "created_at"]
    list_select_related = ["user", "seller"]
    search_fields = ["=user__email", "seller__display_name"]
    raw_id_fields = ["user"]
    autocomplete_fields = ["seller"]
    show_full_result_count = False


@admin.register(Payout)
class PayoutAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Payouts are made by payout runs (ops console or `mercato run-jobs`), never by hand."""

    list_display = ["public_id", "seller", "amount_minor", "currency", "created_at"]
    list_select_related = ["seller"]
    list_filter = ["currency"]
    search_fields = ["=public_id", "seller__display_name"]
    fields = ["public_id", "seller", "amount_minor", "currency", "created_at", "statement"]
    readonly_fields = fields

    @admin.display(description="Statement")
    def statement(self, obj):
        rows = format_html_join("", "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                                ((line["date"].strftime("%d %b %Y"), line["kind"], line["reference"],
                                  format_money(line["amount_minor"], obj.currency))
                                 for line in statement_lines(obj)))
        return format_html("<table><thead><tr><th>Date</th><th>What</th><th>Reference</th><th>Amount</th></tr>"
                           "</thead><tbody>{}</tbody></table>", rows)


@admin.register(PayoutLine)
class PayoutLineAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Which payable ledger line each payout settled; written by payout runs only."""

    list_display = ["payout", "journal_line"]
    list_select_related = ["payout", "journal_line"]
    search_fields = ["=payout__public_id"]
