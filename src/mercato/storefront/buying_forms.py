"""Forms of the buying pages: checkout and saved cards. They gather input; the services decide what is valid.

Prices never come from these forms: the checkout carries only the total the shopper saw
(`expected_total_minor`, so a price rise is refused rather than charged) and an idempotency key.
"""
from __future__ import annotations

from django import forms

from mercato.core.errors import Conflict, DomainError
from mercato.core.text import parse_id
from mercato.orders.errors import PaymentFailed
from mercato.storefront.forms import AddressForm

NEW = "new"
CARD_FIELDS = ("card_number", "exp_month", "exp_year", "cvc")


def error_status(error: DomainError) -> int:
    """The page's status when a buying action is refused: 402 for a failed payment, 409 for a clash with
    what changed meanwhile (price, stock, state), else 400 like every storefront form."""
    if isinstance(error, PaymentFailed):
        return 402
    if isinstance(error, Conflict):
        return 409
    return 400


class UnechoedTextInput(forms.TextInput):
    """A text box that never writes back what was typed: card numbers are not echoed into pages."""

    def format_value(self, value):
        return None


class CardFieldsMixin(forms.Form):
    card_number = forms.CharField(label="Card number", max_length=23, widget=UnechoedTextInput(
        attrs={"autocomplete": "cc-number", "inputmode": "numeric", "placeholder": "1234 1234 1234 1234"}))
    exp_month = forms.CharField(label="Expiry month", max_length=2, widget=forms.TextInput(
        attrs={"autocomplete": "cc-exp-month", "inputmode": "numeric", "placeholder": "MM", "size": 3}))
    exp_year = forms.CharField(label="Expiry year", max_length=4, widget=forms.TextInput(
        attrs={"autocomplete": "cc-exp-year", "inputmode": "numeric", "placeholder": "YYYY", "size": 5}))
    cvc = forms.CharField(label="Security code", max_length=4, widget=UnechoedTextInput(
        attrs={"autocomplete": "cc-csc", "inputmode": "numeric", "placeholder": "CVC", "size": 5}))

    def card_details(self) -> dict:
        return {name: self.cleaned_data.get(name, "") for name in CARD_FIELDS}


class CardForm(CardFieldsMixin):
    make_default = forms.BooleanField(label="Make this my default card", required=False)


class CheckoutForm(CardFieldsMixin):
    """Where to send the order and how to pay. A new card's fields count only when "new card" is chosen."""

    address = forms.CharField(error_messages={"required": "Choose a delivery address."})
    payment_method = forms.CharField(error_messages={"required": "Choose how to pay."})
    save_address_as_default = forms.BooleanField(label="Use this address as my default", required=False)
    save_card_as_default = forms.BooleanField(label="Make this my default card", required=False)
    idempotency_key = forms.CharField(max_length=80, widget=forms.HiddenInput, error_messages={
        "required": "This form has expired; review the order and place it again."})
    items_seen = forms.CharField(max_length=2000, widget=forms.HiddenInput, error_messages={
        "required": "This form has expired; review the order and place it again."})
    expected_total_minor = forms.IntegerField(min_value=0, widget=forms.HiddenInput, error_messages={
        "required": "The order total is missing; review the order and place it again.",
        "invalid": "The order total is missing; review the order and place it again."})

    def full_clean(self):
        if self.is_bound and self.data.get("payment_method") != NEW:
            for name in CARD_FIELDS:
                self.fields[name].required = False
        super().full_clean()

    @property
    def wants_new_address(self) -> bool:
        return self.data.get("address") == NEW

    @property
    def wants_new_card(self) -> bool:
        return self.data.get("payment_method") == NEW

    def clean(self):
        cleaned = super().clean()
        for name in ("idempotency_key", "items_seen", "expected_total_minor"):  # hidden: say it at the top of the form
            for message in self._errors.pop(name, []):
                self.add_error(None, message)
        return cleaned


def new_address_form(data=None, *, initial=None) -> AddressForm:
    return AddressForm(data, prefix="new_address", initial=initial)


def delivery_options(data) -> dict[int, str]:
    """The delivery option chosen for each seller's part (fields `delivery-<seller id>`), as sent."""
    options = {}
    for name, value in data.items():
        seller_id = name.removeprefix("delivery-")
        if name.startswith("delivery-") and parse_id(seller_id) is not None:
            options[parse_id(seller_id)] = str(value)[:20]
    return options
