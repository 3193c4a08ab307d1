"""Accounts (shoppers, seller staff, operators) and addresses. The user signs in with an email address."""
from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm

from mercato.core.admin import ReadOnlyAdminMixin
from mercato.customers.models import Address, PaymentMethod, User


class UserCreationAdminForm(AdminUserCreationForm):
    class Meta:
        model = User
        fields = ("email", "full_name")

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError("An account with this email already exists.")
        return email


class UserChangeAdminForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


class AddressInline(admin.TabularInline):
    model = Address
    extra = 0
    fields = ["full_name", "line1", "line2", "city", "postal_code", "country_code", "phone", "is_default"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    form = UserChangeAdminForm
    add_form = UserCreationAdminForm
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Personal info", {"fields": ("full_name",)}),
        ("Permissions", {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions"),
                         "description": "Staff users are operators: they may use the ops console and this admin."}),
        ("Important dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("email", "full_name", "usable_password", "password1", "password2")}),
    )
    list_display = ("email", "full_name", "is_staff", "is_active", "date_joined", "last_login")
    list_filter = ("is_staff", "is_superuser", "is_active")
    search_fields = ("email", "full_name")
    ordering = ("-date_joined",)
    readonly_fields = ("last_login", "date_joined")
    inlines = [AddressInline]
    show_full_result_count = False
    list_per_page = 50

    def get_inlines(self, request, obj):
        return self.inlines if obj is not None else []  # a new account has no addresses yet


@admin.register(Address)
class AddressAdmin(admin.ModelAdmin):
    list_display = ["full_name", "user", "city", "postal_code", "country_code", "is_default"]
    list_select_related = ["user"]
    list_filter = ["country_code", "is_default"]
    search_fields = ["=user__email", "postal_code", "full_name"]
    raw_id_fields = ["user"]
    show_full_result_count = False


@admin.register(PaymentMethod)
class PaymentMethodAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Saved cards, read-only: shoppers add and remove them; the provider's token is not shown."""

    list_display = ["user", "brand", "last4", "exp_month", "exp_year", "provider", "is_default", "created_at"]
    list_select_related = ["user"]
    list_filter = ["brand", "provider", "is_default"]
    search_fields = ["=user__email", "=last4"]
    exclude = ["token"]
    show_full_result_count = False
