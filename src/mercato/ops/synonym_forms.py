"""The ops console's synonym form. The service checks the entry; a refusal is shown under the field."""
from __future__ import annotations

from django import forms

from mercato.core.errors import DomainError
from mercato.search.synonyms import MAX_ENTRY_CHARS


class SynonymForm(forms.Form):
    terms = forms.CharField(
        label="Words that mean the same", max_length=MAX_ENTRY_CHARS,
        help_text="Separate them with commas: sofa, couch, settee. One-way with an arrow: "
                  "tee → t shirt, tshirt (a search for tee also finds t-shirts, not the reverse).")
    one_way = forms.BooleanField(label="One-way: only the first finds the others", required=False)

    def add_domain_error(self, error: DomainError) -> None:
        detail = error.detail[:1].upper() + error.detail[1:]
        self.add_error(error.field if error.field in self.fields else None, detail)

    def service_arguments(self) -> dict:
        return {"terms": self.cleaned_data["terms"], "one_way": self.cleaned_data["one_way"]}
