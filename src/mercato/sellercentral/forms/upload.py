from django import forms

from mercato.sellercentral.forms.base import DomainErrorForm


class OfferUploadForm(DomainErrorForm):
    file = forms.FileField(label="CSV file", widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}))
