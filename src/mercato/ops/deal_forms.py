"""Forms of the ops console's deals page: a shopping event, and a lightning deal on an offer. The services check the
values; a refusal is shown next to the field it names."""
from __future__ import annotations

from django import forms

from mercato.checkout.deal_selectors import events_open_for_deals
from mercato.core.errors import DomainError
from mercato.core.money import parse_money
from mercato.marketplaces.models import Marketplace

MOMENT_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"]
# Service argument -> form field.
FIELD_NAMES = {"deal_price_minor": "deal_price", "member_price_minor": "member_price"}


def _moment_field(label: str) -> forms.DateTimeField:
    return forms.DateTimeField(label=label, input_formats=MOMENT_FORMATS, help_text="UTC",
                               widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"))


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


class DomainErrorForm(forms.Form):
    def add_domain_error(self, error: DomainError) -> None:
        name = FIELD_NAMES.get(error.field or "", error.field)
        self.add_error(name if name in self.fields else None, _sentence(error.detail))


class EventForm(DomainErrorForm):
    marketplace = forms.ModelChoiceField(queryset=Marketplace.objects.order_by("code"), empty_label=None)
    name = forms.CharField(max_length=120, help_text="e.g. Members' Day.")
    slug = forms.CharField(max_length=60, help_text="The page's address, /events/<slug>/, e.g. members-day.")
    starts_at = _moment_field("Starts")
    ends_at = _moment_field("Ends")
    description = forms.CharField(required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))

    def service_arguments(self) -> dict:
        return dict(self.cleaned_data)


class DealForm(DomainErrorForm):
    marketplace = forms.ModelChoiceField(queryset=Marketplace.objects.order_by("code"), empty_label=None)
    offer = forms.CharField(max_length=20, label="Offer number",
                            help_text="The offer's number (the admin's offer list shows it).")
    event = forms.ModelChoiceField(queryset=None, required=False, empty_label="No event",
                                   help_text="A deal in an event runs within the event's window.")
    starts_at = _moment_field("Starts")
    ends_at = _moment_field("Ends")
    deal_price = forms.CharField(max_length=20, help_text="Below the offer's price, e.g. 7.99.")
    member_price = forms.CharField(max_length=20, required=False,
                                   help_text="Optional: what members with member deals pay; at most the deal price.")
    unit_cap = forms.IntegerField(label="Units at the deal price", help_text="At least 1.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["event"].queryset = events_open_for_deals()

    def service_arguments(self) -> dict:
        """The service's arguments; raises Invalid for a price that is not an amount."""
        data = self.cleaned_data
        currency = data["marketplace"].currency
        member = data["member_price"].strip()
        return {"marketplace": data["marketplace"], "offer_id": data["offer"], "starts_at": data["starts_at"],
                "ends_at": data["ends_at"], "unit_cap": data["unit_cap"],
                "event_id": data["event"].pk if data["event"] else None,
                "deal_price_minor": parse_money(data["deal_price"], currency, field="deal_price"),
                "member_price_minor": parse_money(member, currency, field="member_price") if member else None}
