"""Forms of the ops console's search page: the ranking formula's weights, and a query to explain."""
from __future__ import annotations

from django import forms

from mercato.marketplaces.models import Marketplace
from mercato.search.ranking import FEATURES, MAX_WEIGHT, RankingWeights

WEIGHT_HELP = {
    "text_relevance": "How well the words match (BM25). Must stay above 0.",
    "sales_velocity": "Units sold per day over the last 30 days.",
    "search_conversion": "Clicks and purchases after this very query.",
    "availability": "In stock.",
    "delivery_speed": "How soon the Buy Box offer is dispatched.",
    "price_competitiveness": "Buy Box price against its category's median.",
    "rating": "Seller feedback until product reviews exist, smoothed towards 4 stars.",
    "personal": "A signed-in shopper's usual categories and brands.",
}


class RankingWeightsForm(forms.Form):
    def __init__(self, *args, initial_weights: RankingWeights, **kwargs):
        super().__init__(*args, **kwargs)
        for name in FEATURES:
            self.fields[name] = forms.FloatField(
                label=name.replace("_", " ").capitalize(), min_value=0, max_value=MAX_WEIGHT,
                initial=getattr(initial_weights, name), help_text=WEIGHT_HELP[name],
                widget=forms.NumberInput(attrs={"step": "0.01"}))

    def weights(self) -> RankingWeights:
        return RankingWeights(**{name: self.cleaned_data[name] for name in FEATURES})


class ExplainForm(forms.Form):
    marketplace = forms.ModelChoiceField(queryset=Marketplace.objects.order_by("code"), empty_label=None,
                                         to_field_name="code")
    q = forms.CharField(label="Query", max_length=200, help_text="As a shopper would type it.")
    shopper = forms.EmailField(required=False, label="As shopper",
                               help_text="Optional: a shopper's email, to see their personalised order.")
