"""The one place where a service's refusal (a DomainError) becomes a message next to a form field."""
from __future__ import annotations

from django import forms

from mercato.core.errors import DomainError


def sentence(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


class DomainErrorForm(forms.Form):
    """A form that can show a DomainError next to the field it names.

    `service_fields` maps the names services use (price_minor) to this form's fields (price)."""

    service_fields: dict[str, str] = {}

    def field_for(self, service_field: str | None) -> str | None:
        if not service_field:
            return None
        name = self.service_fields.get(service_field, service_field)
        return name if name in self.fields else None

    def message_for(self, error: DomainError) -> str:
        return sentence(error.detail)

    def add_domain_error(self, error: DomainError) -> None:
        self.add_error(self.field_for(error.field), self.message_for(error))


def add_domain_error(error: DomainError, *forms_on_page: DomainErrorForm) -> None:
    """Show `error` on whichever form of the page has its field, else above the first form."""
    for form in forms_on_page:
        if form.field_for(error.field):
            form.add_domain_error(error)
            return
    forms_on_page[0].add_domain_error(error)
