"""Forms of the Fulfillment section: who ships an offer, and a new inbound shipment."""
from __future__ import annotations

import re

from django import forms
from django.contrib.humanize.templatetags.humanize import intcomma

from mercato.core.errors import DomainError, NotFound
from mercato.core.text import parse_id
from mercato.offers.models import FulfillmentChannel
from mercato.sellercentral.forms.base import DomainErrorForm, sentence

SPLIT = "split"
UNITS_PREFIX = "units_"
_LINE_FIELD = re.compile(r"^lines\.(\d+)\.(quantity|offer)$")
_LINE_LABEL = re.compile(r"^lines\.\d+\.quantity\b")


class FulfillmentChannelForm(DomainErrorForm):
    service_fields = {"fulfillment_channel": "channel"}

    channel = forms.ChoiceField(
        label="Who ships it", widget=forms.RadioSelect,
        choices=[(FulfillmentChannel.NETWORK, "Fulfilled by Mercato"),
                 (FulfillmentChannel.MERCHANT, "Ship it yourself")])

    @classmethod
    def for_offer(cls, offer, data=None) -> FulfillmentChannelForm:
        return cls(data, initial={"channel": offer.fulfillment_channel})


class InboundShipmentForm(DomainErrorForm):
    """Units per network offer (a text box each; empty means "not in this shipment") and where they go: one
    center, or split by Mercato. The service checks the numbers, the offers and the space, and says which line."""

    destination = forms.ChoiceField(label="Send to", widget=forms.RadioSelect)

    def __init__(self, data=None, *, offers, centers):
        super().__init__(data, initial={"destination": SPLIT})
        self.offers = list(offers)
        self.fields["destination"].choices = [
            *((str(load.center.id), f"{load.center.name} ({load.center.code}), {load.center.city}: room for "
                                    f"{intcomma(load.free_units)} units") for load in centers),
            (SPLIT, "Let Mercato split it across centers, by where it is expected to sell")]
        for offer in self.offers:
            self.fields[f"{UNITS_PREFIX}{offer.id}"] = forms.CharField(
                required=False, max_length=20, label=offer.product.title,
                help_text=f"SKU {offer.seller_sku} · {offer.quantity} sellable now",
                widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off", "size": 8}))

    def unit_fields(self):
        return [self[f"{UNITS_PREFIX}{offer.id}"] for offer in self.offers]

    @property
    def is_split(self) -> bool:
        return self.cleaned_data["destination"] == SPLIT

    @property
    def center_id(self) -> int:
        return int(self.cleaned_data["destination"])

    def quantities(self) -> dict[int, str]:
        """Offer id -> units as typed, for every units box that was filled in, including boxes for offers this
        page did not offer (the service refuses those)."""
        typed = {}
        for name, value in self.data.items():
            if name.startswith(UNITS_PREFIX) and str(value).strip():
                typed[parse_id(name[len(UNITS_PREFIX):]) or 0] = value
        return typed

    def field_for(self, service_field):
        match = _LINE_FIELD.match(service_field or "")
        if match:
            name = f"{UNITS_PREFIX}{match.group(1)}"
            return name if name in self.fields else None
        return {"center": "destination"}.get(service_field, super().field_for(service_field))

    def message_for(self, error: DomainError) -> str:
        if isinstance(error, NotFound) and error.field == "offer":
            return "The form names an offer that is not one of your offers fulfilled by Mercato."
        return sentence(_LINE_LABEL.sub("units", error.detail))
