from __future__ import annotations

from django import forms

from mercato.core.money import parse_money, to_major_string
from mercato.offers.models import Condition, FulfillmentChannel, Offer
from mercato.offers.services import MAX_HANDLING_DAYS, MAX_QUANTITY, OfferTerms
from mercato.sellercentral.forms.base import DomainErrorForm

OFFER_SERVICE_FIELDS = {"price_minor": "price", "shipping_minor": "shipping"}


class OfferTermsForm(DomainErrorForm):
    """Price, stock and delivery terms; the same fields for a new offer and an edit."""

    service_fields = OFFER_SERVICE_FIELDS

    price = forms.CharField(max_length=20, help_text="Item price, e.g. 12.50.",
                            widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}))
    shipping = forms.CharField(max_length=20, required=False, label="Shipping charge",
                               help_text="Leave empty for free shipping.",
                               widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}))
    quantity = forms.IntegerField(help_text="Units you can ship.",
                                  widget=forms.NumberInput(attrs={"min": 0, "max": MAX_QUANTITY}))
    handling_days = forms.IntegerField(initial=2, help_text="Working days from order to dispatch.",
                                       widget=forms.NumberInput(attrs={"min": 0, "max": MAX_HANDLING_DAYS}))
    condition_note = forms.CharField(max_length=300, required=False,
                                     help_text="For used items: what the buyer should know.",
                                     widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, currency: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.currency = currency
        self.fields["price"].label = f"Price ({currency})"
        self.fields["shipping"].label = f"Shipping charge ({currency})"

    def terms(self) -> OfferTerms:
        """The typed terms, in minor units. Raises Invalid (naming the field) for a price that is not one."""
        data = self.cleaned_data
        return OfferTerms(
            price_minor=parse_money(data["price"], self.currency, field="price"),
            shipping_minor=(parse_money(data["shipping"], self.currency, field="shipping", allow_zero=True)
                            if data.get("shipping") else 0),
            quantity=data["quantity"],
            handling_days=data["handling_days"],
            condition_note=data.get("condition_note", ""),
        )

    @classmethod
    def for_offer(cls, offer: Offer, data=None) -> OfferTermsForm:
        initial = {"price": to_major_string(offer.price_minor, offer.currency),
                   "shipping": to_major_string(offer.shipping_minor, offer.currency) if offer.shipping_minor else "",
                   "quantity": offer.quantity, "handling_days": offer.handling_days,
                   "condition_note": offer.condition_note}
        form = cls(data, initial=initial, currency=offer.currency)
        if offer.fulfillment_channel == FulfillmentChannel.NETWORK:
            # The quantity of a network offer is what the centers hold; inbound shipments change it.
            form.fields["quantity"].disabled = True
            form.fields["quantity"].help_text = ("Units sellable in Mercato's centers; send an inbound shipment to "
                                                 "add more.")
        return form


class OfferForm(OfferTermsForm):
    """A new offer: the terms plus the condition and the seller's own SKU."""

    condition = forms.ChoiceField(choices=Condition.choices, initial=Condition.NEW)
    seller_sku = forms.CharField(max_length=40, required=False, label="Your SKU",
                                 help_text="Your own reference; we make one up if you leave it empty.")

    field_order = ["condition", "price", "shipping", "quantity", "handling_days", "condition_note", "seller_sku"]


class OfferFilterForm(forms.Form):
    status = forms.ChoiceField(choices=[("", "Any status"), *Offer.Status.choices], required=False)
    q = forms.CharField(max_length=100, required=False, label="Search",
                        widget=forms.TextInput(attrs={"type": "search",
                                                      "placeholder": "Title, SKU, GTIN or product id"}))


class ReceiveStockForm(DomainErrorForm):
    """Mercato Retail's goods-in: units received from a supplier and what each cost."""

    service_fields = {"unit_cost_minor": "unit_cost"}

    quantity = forms.IntegerField(min_value=1, max_value=MAX_QUANTITY, label="Units received",
                                  widget=forms.NumberInput(attrs={"min": 1, "max": MAX_QUANTITY}))
    unit_cost = forms.CharField(max_length=20, help_text="What one unit cost from the supplier, e.g. 4.20.",
                                widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}))

    def __init__(self, *args, currency: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.currency = currency
        self.fields["unit_cost"].label = f"Unit cost ({currency})"

    def unit_cost_minor(self) -> int:
        return parse_money(self.cleaned_data["unit_cost"], self.currency, field="unit_cost_minor")
