"""Writes to the catalog: one function per business action, each one transaction."""
from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils.text import slugify

from mercato.catalog.gtin import is_valid_gtin, normalise_gtin
from mercato.catalog.models import Attribute, Brand, Category, Product
from mercato.core.errors import Conflict, Invalid, NotFound
from mercato.core.ids import new_public_id
from mercato.core.text import clean_text, parse_whole_number

MAX_TITLE_LENGTH = 200
MAX_DESCRIPTION_LENGTH = 5000
MAX_ATTRIBUTE_TEXT_LENGTH = 100


def clean_gtin(value, *, field: str = "gtin", required: bool = False) -> str | None:
    text = clean_text(value, field=field, max_length=20, required=required)
    if not text:
        return None
    gtin = normalise_gtin(text)
    if not is_valid_gtin(gtin):
        raise Invalid("GTIN must be 8, 12, 13 or 14 digits with a valid check digit", field=field)
    return gtin


def clean_attributes(values: dict | None, *, field: str = "attributes") -> dict:
    """Typed attribute values keyed by attribute code; unknown codes and wrong types are refused."""
    if not values:
        return {}
    if not isinstance(values, dict):
        raise Invalid("attributes must be a mapping of attribute code to value", field=field)
    definitions = {a.code: a for a in Attribute.objects.filter(code__in=[str(code) for code in values])}
    cleaned = {}
    for code, raw in values.items():
        attribute = definitions.get(str(code))
        if attribute is None:
            raise Invalid(f"unknown attribute {str(code)[:40]!r}", field=f"{field}.{str(code)[:40]}")
        cleaned[attribute.code] = _typed_value(attribute, raw, field=f"{field}.{attribute.code}")
    return cleaned


def _typed_value(attribute: Attribute, raw, *, field: str):
    kind = Attribute.ValueType
    if attribute.value_type == kind.INTEGER:
        return parse_whole_number(raw, field=field, minimum=-10**9, maximum=10**9)
    if attribute.value_type == kind.DECIMAL:
        try:
            number = float(str(raw))
        except ValueError:
            raise Invalid(f"{attribute.name} must be a number", field=field) from None
        if number != number or abs(number) > 1e9:
            raise Invalid(f"{attribute.name} must be a number", field=field)
        return number
    if attribute.value_type == kind.BOOLEAN:
        if str(raw).lower() in {"true", "yes", "1"}:
            return True
        if str(raw).lower() in {"false", "no", "0"}:
            return False
        raise Invalid(f"{attribute.name} must be yes or no", field=field)
    return clean_text(raw, field=field, max_length=MAX_ATTRIBUTE_TEXT_LENGTH)


def get_or_create_brand(name: str) -> Brand:
    name = clean_text(name, field="brand", max_length=120)
    brand = Brand.objects.filter(name__iexact=name).first()
    if brand:
        return brand
    slug = slugify(name)[:110] or "brand"
    candidate, suffix = slug, 2
    while Brand.objects.filter(slug=candidate).exists():
        candidate, suffix = f"{slug}-{suffix}", suffix + 1
    return Brand.objects.create(name=name, slug=candidate)


@transaction.atomic
def create_product(*, title: str, category: Category | None, description: str = "", brand_name: str = "",
                   gtin: str | None = None, attributes: dict | None = None, length_mm: int | None = None,
                   width_mm: int | None = None, height_mm: int | None = None, weight_grams: int | None = None,
                   created_by_seller=None, public_id: str | None = None) -> Product:
    """Add a real-world item to the catalog. A GTIN already in the catalog is refused: list an offer on it instead."""
    if category is None:
        raise Invalid("choose a category", field="category")
    if category.children.exists():
        raise Invalid("choose the most specific category (one without sub-categories)", field="category")
    gtin = clean_gtin(gtin)
    if gtin and Product.objects.filter(gtin=gtin).exists():
        raise Conflict("a product with this GTIN is already in the catalog; list an offer on it", field="gtin")
    sizes = {name: None if value in (None, "") else parse_whole_number(value, field=name, minimum=1, maximum=100_000)
             for name, value in (("length_mm", length_mm), ("width_mm", width_mm), ("height_mm", height_mm))}
    weight = None if weight_grams in (None, "") else parse_whole_number(
        weight_grams, field="weight_grams", minimum=1, maximum=1_000_000)
    product = Product(
        public_id=public_id or new_public_id("M"),
        title=clean_text(title, field="title", max_length=MAX_TITLE_LENGTH),
        description=clean_text(description, field="description", max_length=MAX_DESCRIPTION_LENGTH, required=False),
        category=category,
        brand=get_or_create_brand(brand_name) if brand_name and str(brand_name).strip() else None,
        gtin=gtin,
        attributes=clean_attributes(attributes),
        weight_grams=weight,
        created_by_seller=created_by_seller,
        **sizes,
    )
    try:
        with transaction.atomic():
            product.save()
    except IntegrityError:
        raise Conflict("a product with this GTIN is already in the catalog", field="gtin") from None
    return product


def leaf_category_by_path(path: str, *, field: str = "category") -> Category:
    category = Category.objects.filter(path=str(path).strip().strip("/")).first()
    if category is None:
        raise NotFound(f"unknown category {str(path)[:80]!r}", field=field)
    return category
