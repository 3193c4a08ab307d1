from django import forms

from mercato.api.models import ApiKey
from mercato.sellercentral.forms.base import DomainErrorForm


class ApiKeyForm(DomainErrorForm):
    name = forms.CharField(max_length=100, help_text="What the key is for, e.g. “Stock sync”.")
    scopes = forms.MultipleChoiceField(choices=[(scope.value, scope.label) for scope in ApiKey.SELLER_SCOPES],
                                       widget=forms.CheckboxSelectMultiple,
                                       initial=[ApiKey.Scope.OFFERS_READ])
