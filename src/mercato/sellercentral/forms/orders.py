from __future__ import annotations

import uuid

from django import forms

from mercato.core.money import format_money, parse_money
from mercato.orders.models import SellerOrder
from mercato.sellercentral.forms.base import DomainErrorForm


class OrderFilterForm(forms.Form):
    status = forms.ChoiceField(choices=[("", "Any status"), *SellerOrder.Status.choices], required=False)


class ShipmentForm(DomainErrorForm):
    """The carrier and tracking number; `confirm_shipment` checks them."""

    carrier = forms.CharField(max_length=60, required=False, help_text="e.g. Royal Mail, DPD, Evri.",
                              widget=forms.TextInput(attrs={"autocomplete": "off"}))
    tracking_number = forms.CharField(max_length=60, required=False,
                                      widget=forms.TextInput(attrs={"autocomplete": "off"}))


class CancelForm(DomainErrorForm):
    reason = forms.CharField(max_length=300, required=False, label="Reason for cancelling",
                             help_text="The shopper sees it.",
                             widget=forms.TextInput(attrs={"placeholder": "e.g. Damaged in our warehouse"}))


class RefundForm(DomainErrorForm):
    """Part or all of a shipped order. The idempotency key makes a repeated send refund once."""

    service_fields = {"amount_minor": "amount", "idempotency_key": ""}  # a bad key shows above the form

    amount = forms.CharField(max_length=20, required=False,
                             widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}))
    reason = forms.CharField(max_length=300, required=False, label="Reason for the refund",
                             help_text="The shopper sees it.")
    idempotency_key = forms.CharField(max_length=80, required=False, widget=forms.HiddenInput)

    def __init__(self, *args, currency: str, refundable_minor: int | None = None, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("idempotency_key", uuid.uuid4().hex)
        super().__init__(*args, **kwargs)
        self.currency = currency
        self.fields["amount"].label = f"Amount ({currency})"
        if refundable_minor is not None:
            self.fields["amount"].help_text = f"Up to {format_money(refundable_minor, currency)}, e.g. 12.50."

    def amount_minor(self) -> int:
        """The typed amount in minor units; raises Invalid naming the field when it is not an amount."""
        return parse_money(self.cleaned_data.get("amount"), self.currency, field="amount")
