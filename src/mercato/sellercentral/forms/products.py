from __future__ import annotations

from django import forms

from mercato.catalog.models import Attribute
from mercato.catalog.selectors import attribute_definitions, category_names_by_path, leaf_categories
from mercato.sellercentral.forms.base import DomainErrorForm

ATTRIBUTE_PREFIX = "attr_"


class CatalogSearchForm(forms.Form):
    q = forms.CharField(max_length=200, required=False, label="GTIN, product id or title",
                        widget=forms.TextInput(attrs={"type": "search", "autofocus": True,
                                                      "placeholder": "e.g. 5012345678900 or red enamel mug"}))


def leaf_category_choices() -> list[tuple[str, str]]:
    """(path, "Home › Kitchen › Mugs") for every category a product can be filed in."""
    names = category_names_by_path()

    def label(path: str) -> str:
        slugs = path.split("/")
        return " › ".join(names.get("/".join(slugs[:depth + 1]), slug) for depth, slug in enumerate(slugs))

    return sorted(((node.path, label(node.path)) for node in leaf_categories()), key=lambda choice: choice[1])


class NewProductForm(DomainErrorForm):
    """A product that is not in the catalog yet. `create_product` checks it; attribute fields are built
    from the operator's Attribute definitions."""

    title = forms.CharField(max_length=200)
    category = forms.ChoiceField(help_text="The most specific category that fits.")
    brand = forms.CharField(max_length=120, required=False)
    gtin = forms.CharField(max_length=20, required=False, label="GTIN (EAN / UPC)",
                           help_text="The barcode number, 8 to 14 digits.",
                           widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}))
    description = forms.CharField(max_length=5000, required=False, widget=forms.Textarea(attrs={"rows": 5}))
    length_mm = forms.IntegerField(required=False, label="Length (mm)")
    width_mm = forms.IntegerField(required=False, label="Width (mm)")
    height_mm = forms.IntegerField(required=False, label="Height (mm)")
    weight_grams = forms.IntegerField(required=False, label="Weight (g)")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", "Choose a category"), *leaf_category_choices()]
        definitions = sorted(attribute_definitions().values(), key=lambda a: (a.position, a.code))
        for attribute in definitions:
            self.fields[ATTRIBUTE_PREFIX + attribute.code] = _attribute_field(attribute)

    def field_for(self, service_field):
        if service_field and service_field.startswith("attributes."):
            name = ATTRIBUTE_PREFIX + service_field.removeprefix("attributes.")
            return name if name in self.fields else None
        return super().field_for(service_field)

    def message_for(self, error):
        name = self.field_for(error.field)
        if name and name.startswith(ATTRIBUTE_PREFIX) and error.detail.startswith(error.field):
            # Typed-value checks name the field "attributes.capacity"; show the attribute's own name.
            return str(self.fields[name].label) + error.detail[len(error.field):]
        return super().message_for(error)

    @property
    def attribute_fields(self):
        return [self[name] for name in self.fields if name.startswith(ATTRIBUTE_PREFIX)]

    @property
    def main_fields(self):
        return [self[name] for name in ("title", "category", "brand", "gtin", "description")]

    @property
    def size_fields(self):
        return [self[name] for name in ("length_mm", "width_mm", "height_mm", "weight_grams")]

    def product_fields(self) -> dict:
        """Keyword arguments for `create_product` (without the category, which the view looks up)."""
        data = self.cleaned_data
        return {
            "title": data["title"], "description": data.get("description", ""), "brand_name": data.get("brand", ""),
            "gtin": data.get("gtin") or None,
            "attributes": {name.removeprefix(ATTRIBUTE_PREFIX): value for name, value in data.items()
                           if name.startswith(ATTRIBUTE_PREFIX) and value not in ("", None)},
            "length_mm": data.get("length_mm"), "width_mm": data.get("width_mm"),
            "height_mm": data.get("height_mm"), "weight_grams": data.get("weight_grams"),
        }


def _attribute_field(attribute: Attribute) -> forms.Field:
    label = f"{attribute.name} ({attribute.unit})" if attribute.unit else attribute.name
    if attribute.value_type == Attribute.ValueType.BOOLEAN:
        return forms.ChoiceField(label=label, required=False, choices=[("", "—"), ("yes", "Yes"), ("no", "No")])
    if attribute.value_type in (Attribute.ValueType.INTEGER, Attribute.ValueType.DECIMAL):
        return forms.CharField(label=label, required=False, max_length=30,
                               widget=forms.TextInput(attrs={"inputmode": "decimal"}))
    return forms.CharField(label=label, required=False, max_length=100)
