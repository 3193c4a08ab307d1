"""Forms of the ops console's network pages. The services check the values; a refusal is shown next to the field
it names."""
from __future__ import annotations

import re
from decimal import Decimal

from django import forms

from mercato.core.errors import DomainError
from mercato.core.text import parse_id
from mercato.fulfillment import transit
from mercato.marketplaces.models import Marketplace


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


class CenterForm(forms.Form):
    marketplace = forms.ModelChoiceField(queryset=Marketplace.objects.order_by("code"), empty_label=None)
    code = forms.CharField(max_length=8, help_text="Short and unique, e.g. LTN1.")
    name = forms.CharField(max_length=120, help_text="e.g. Mercato Dunstable.")
    city = forms.CharField(max_length=100)
    latitude = forms.FloatField(help_text="Decimal degrees, e.g. 51.886.")
    longitude = forms.FloatField(help_text="Decimal degrees, e.g. -0.521.")
    capacity_units = forms.IntegerField(label="Storage capacity (units)")
    capacity_orders_per_day = forms.IntegerField(label="Orders per day")
    cutoff_time = forms.TimeField(label="Cut-off time", initial="18:00",
                                  help_text="Orders placed before it ship the same working day.",
                                  widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    speeds = forms.MultipleChoiceField(choices=[(speed, transit.SPEED_LABELS[speed].capitalize())
                                                for speed in transit.SPEEDS],
                                       initial=list(transit.SPEEDS), required=False,
                                       widget=forms.CheckboxSelectMultiple, label="Carrier speeds")

    def service_arguments(self) -> dict:
        data = dict(self.cleaned_data)
        data["speeds"] = tuple(data["speeds"])
        return data

    def add_domain_error(self, error: DomainError) -> None:
        self.add_error(error.field if error.field in self.fields else None, _sentence(error.detail))


_COUNT_FIELD = re.compile(r"^counts\.(\d+)(?:\.(received|damaged))?$")
_COUNT_LABEL = re.compile(r"^counts\.\d+\.(received|damaged)\b")


class ReceiveInboundForm(forms.Form):
    """Good and damaged units counted per line; what is neither is missing. Good starts at what was sent."""

    def __init__(self, data=None, *, lines):
        super().__init__(data)
        self.lines = list(lines)
        for line in self.lines:
            attrs = {"inputmode": "numeric", "autocomplete": "off", "size": 6}
            self.fields[f"good_{line.id}"] = forms.CharField(
                label="Good", initial=line.expected_units, max_length=20, widget=forms.TextInput(attrs=attrs))
            self.fields[f"damaged_{line.id}"] = forms.CharField(
                label="Damaged", initial=0, max_length=20, widget=forms.TextInput(attrs=attrs))

    def rows(self):
        return [(line, self[f"good_{line.id}"], self[f"damaged_{line.id}"]) for line in self.lines]

    def counts(self) -> dict[int, tuple[str, str]]:
        """Line id -> (good, damaged) as typed, for every line the form names (the service refuses strangers)."""
        ids = {parse_id(name.split("_", 1)[1]) or 0 for name in self.data
               if name.startswith(("good_", "damaged_"))}
        return {line_id: (self.data.get(f"good_{line_id}", ""), self.data.get(f"damaged_{line_id}", ""))
                for line_id in ids}

    def add_domain_error(self, error: DomainError) -> None:
        match = _COUNT_FIELD.match(error.field or "")
        name = None
        if match:
            name = f"{'damaged' if match.group(2) == 'damaged' else 'good'}_{match.group(1)}"
        message = _COUNT_LABEL.sub(lambda m: "good units" if m.group(1) == "received" else "damaged units",
                                   error.detail)
        self.add_error(name if name in self.fields else None, _sentence(message))


class AdvanceClockForm(forms.Form):
    hours = forms.DecimalField(label="Hours", min_value=Decimal("0.01"), max_value=Decimal(24 * 90), decimal_places=2,
                               max_digits=7, help_text="Up to 2160 (90 days).",
                               widget=forms.NumberInput(attrs={"step": "any", "min": "0.01", "max": 24 * 90}))
