"""Storefront forms. They gather input for a service; the service decides what is valid.

`show_domain_error` is the one place where a refused service call becomes a message next to the
field it names, so every form shows service errors the same way.
"""
from django import forms
from django.contrib.auth.forms import AuthenticationForm

from mercato.core.errors import DomainError
from mercato.customers.services import ADDRESS_FIELDS


def show_domain_error(form: forms.Form, error: DomainError, *, field_names: dict[str, str] | None = None) -> None:
    """Attach `error` to the form field it names (after `field_names` renaming), else to the whole form."""
    name = (field_names or {}).get(error.field or "", error.field)
    message = error.detail[:1].upper() + error.detail[1:]
    form.add_error(name if name in form.fields else None, message)


class SignUpForm(forms.Form):
    # The service names the password "password"; the form asks for it twice.
    service_field_names = {"password": "password1"}

    full_name = forms.CharField(label="Your name", max_length=150,
                                widget=forms.TextInput(attrs={"autocomplete": "name"}))
    email = forms.CharField(label="Email", max_length=254,
                            widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    password1 = forms.CharField(label="Password", strip=False, help_text="At least 8 characters, not a common one.",
                                widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))
    password2 = forms.CharField(label="Password again", strip=False,
                                widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("password1") and cleaned.get("password2") and cleaned["password1"] != cleaned["password2"]:
            self.add_error("password2", "The two passwords don't match.")
        return cleaned


class SignInForm(AuthenticationForm):
    error_messages = {
        "invalid_login": "That email and password don't match an account. Check them and try again.",
        "inactive": "This account is closed.",
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].label = "Email"
        self.fields["username"].widget = forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True})


class AddressForm(forms.Form):
    full_name = forms.CharField(label="Full name", max_length=ADDRESS_FIELDS["full_name"][0],
                                widget=forms.TextInput(attrs={"autocomplete": "name"}))
    line1 = forms.CharField(label="Address line 1", max_length=ADDRESS_FIELDS["line1"][0],
                            widget=forms.TextInput(attrs={"autocomplete": "address-line1"}))
    line2 = forms.CharField(label="Address line 2", required=False, max_length=ADDRESS_FIELDS["line2"][0],
                            widget=forms.TextInput(attrs={"autocomplete": "address-line2"}))
    city = forms.CharField(label="Town or city", max_length=ADDRESS_FIELDS["city"][0],
                           widget=forms.TextInput(attrs={"autocomplete": "address-level2"}))
    postal_code = forms.CharField(label="Postcode", max_length=ADDRESS_FIELDS["postal_code"][0],
                                  widget=forms.TextInput(attrs={"autocomplete": "postal-code"}))
    country_code = forms.CharField(label="Country code", max_length=ADDRESS_FIELDS["country_code"][0],
                                   initial="GB", help_text="Two letters, e.g. GB",
                                   widget=forms.TextInput(attrs={"autocomplete": "country", "size": 3}))
    phone = forms.CharField(label="Phone number", required=False, max_length=ADDRESS_FIELDS["phone"][0],
                            help_text="Only shared with the courier",
                            widget=forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}))

    def details(self) -> dict:
        return {name: self.cleaned_data.get(name, "") for name in ADDRESS_FIELDS}


class NewAddressForm(AddressForm):
    make_default = forms.BooleanField(label="Use as my default address", required=False)
