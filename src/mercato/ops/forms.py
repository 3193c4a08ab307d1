from django import forms

from mercato.sellers.models import Seller


class SellerFilterForm(forms.Form):
    status = forms.ChoiceField(choices=[("", "All sellers"), *Seller.Status.choices], required=False)

