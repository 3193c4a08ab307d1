from __future__ import annotations

from django import forms

from mercato.sellercentral.forms.base import DomainErrorForm


class AccountForm(DomainErrorForm):
    """The person's own sign-in, for someone who has no Mercato account yet. `customers.services.sign_up`
    checks the email and the password's strength."""

    service_fields = {"password": "password1"}

    email = forms.EmailField(max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    full_name = forms.CharField(max_length=150, widget=forms.TextInput(attrs={"autocomplete": "name"}))
    password1 = forms.CharField(label="Password", strip=False,
                                widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
                                help_text="At least 8 characters; not a common password.")
    password2 = forms.CharField(label="Password again", strip=False,
                                widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()

    def clean(self):
        cleaned = super().clean()
        password1, password2 = cleaned.get("password1"), cleaned.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error("password2", "The two passwords differ.")
        return cleaned


class BusinessForm(DomainErrorForm):
    """What `register_seller` needs to know about the business; the service checks it."""

    display_name = forms.CharField(max_length=100, help_text="The name shoppers see next to your offers.")
    legal_name = forms.CharField(max_length=200, help_text="As registered, e.g. Acme Trading Ltd.")
    company_number = forms.CharField(max_length=40, label="Company registration number")
    vat_number = forms.CharField(max_length=40, required=False, label="VAT number")
    contact_email = forms.EmailField(max_length=254)
    phone = forms.CharField(max_length=30, required=False,
                            widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}))
    address_line1 = forms.CharField(max_length=200, label="Address",
                                    widget=forms.TextInput(attrs={"autocomplete": "address-line1"}))
    city = forms.CharField(max_length=100, widget=forms.TextInput(attrs={"autocomplete": "address-level2"}))
    postal_code = forms.CharField(max_length=20, label="Postcode",
                                  widget=forms.TextInput(attrs={"autocomplete": "postal-code"}))
    country_code = forms.CharField(max_length=2, min_length=2, label="Country code", help_text="Two letters, e.g. GB.",
                                   widget=forms.TextInput(attrs={"autocomplete": "country", "size": 3}))
