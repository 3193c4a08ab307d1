"""Membership in the admin: operators set plans here; memberships and charges are read-only, since they
change only through the services that charge cards and post journal entries."""
from django.contrib import admin

from mercato.core.admin import ReadOnlyAdminMixin, ReadOnlyInline
from mercato.membership.models import Membership, MembershipCharge, MembershipPlan


@admin.register(MembershipPlan)
class MembershipPlanAdmin(admin.ModelAdmin):
    list_display = ["name", "marketplace", "monthly_price_minor", "annual_price_minor", "currency", "trial_days",
                    "annual_refund_policy", "is_active"]
    list_filter = ["marketplace", "is_active"]
    list_select_related = ["marketplace"]

    def has_delete_permission(self, request, obj=None):
        return False  # withdraw a plan (untick "active") instead: its members end at their period's end


class MembershipChargeInline(ReadOnlyInline):
    model = MembershipCharge
    fk_name = "membership"
    fields = ["kind", "amount_minor", "vat_minor", "currency", "period_start", "period_end", "created_at"]
    readonly_fields = fields
    show_change_link = False


@admin.register(Membership)
class MembershipAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["public_id", "customer", "marketplace", "status", "billing_period", "current_period_end",
                    "renewal_attempts"]
    list_filter = ["status", "billing_period", "marketplace"]
    list_select_related = ["customer", "marketplace"]
    search_fields = ["=public_id", "customer__email"]
    inlines = [MembershipChargeInline]


@admin.register(MembershipCharge)
class MembershipChargeAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["membership", "kind", "amount_minor", "vat_minor", "currency", "period_start", "created_at"]
    list_filter = ["kind", "currency"]
    list_select_related = ["membership"]
    search_fields = ["=membership__public_id", "=idempotency_key"]
