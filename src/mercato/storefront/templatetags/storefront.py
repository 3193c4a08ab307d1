"""Display helpers for storefront templates: money, product links and pictures, small formatting."""
from __future__ import annotations

from django import template
from django.contrib.humanize.templatetags.humanize import intcomma
from django.urls import reverse

from mercato.catalog.selectors import category_tree
from mercato.core.money import format_money
from mercato.search.selectors import departments_on_sale
from mercato.storefront.links import product_path
from mercato.storefront.placeholder import placeholder_version

register = template.Library()

# At or below this many units, the product page says "Only N left in stock".
LOW_STOCK_UNITS = 5


@register.filter
def money(amount_minor, currency):
    """`{{ offer.price_minor|money:offer.currency }}` -> "£12.50"."""
    if amount_minor is None or amount_minor == "" or not currency:
        return ""
    return format_money(int(amount_minor), str(currency))


@register.filter
def thousands(number) -> str:
    """12345 -> "12,345"; a cheaper intcomma for counts shown many times a page."""
    return f"{number:,}" if isinstance(number, int) else str(number)


@register.simple_tag
def product_url(product) -> str:
    return product_path(product)


@register.simple_tag
def product_image_url(product) -> str:
    """The placeholder picture's URL, versioned so a renamed product gets a fresh picture despite long caching."""
    version = placeholder_version(title=product.title, department=product.category.path.split("/")[0])
    return reverse("storefront:product_image", args=[product.public_id]) + f"?v={version}"


@register.simple_tag
def category_url(path: str) -> str:
    return reverse("storefront:category", args=[path])


@register.simple_tag
def seller_url(seller) -> str:
    return reverse("storefront:seller", args=[seller.slug])


@register.simple_tag
def top_departments(marketplace=None):
    """The category tree's top level with something on sale in `marketplace`, for the header menu (cached)."""
    return departments_on_sale(marketplace=marketplace) if marketplace is not None else category_tree()


@register.filter
def stock_note(quantity) -> str:
    if not quantity:
        return "Out of stock"
    if quantity <= LOW_STOCK_UNITS:
        return f"Only {quantity} left in stock"
    return "In stock"


@register.filter
def is_low_stock(quantity) -> bool:
    return bool(quantity) and quantity <= LOW_STOCK_UNITS


@register.filter
def seller_rating(seller) -> str:
    if not seller.rating_count:
        return "No ratings yet"
    noun = "rating" if seller.rating_count == 1 else "ratings"
    return f"{seller.rating_percent}% positive ({intcomma(seller.rating_count)} {noun})"


def _centimetres(millimetres: int) -> str:
    return f"{millimetres / 10:.1f}".rstrip("0").rstrip(".")


@register.filter
def dimensions(product) -> str:
    """"21.8 × 15 × 3.2 cm" from the millimetre fields; empty if any is missing."""
    sides = (product.length_mm, product.width_mm, product.height_mm)
    if any(side is None for side in sides):
        return ""
    return " × ".join(_centimetres(side) for side in sides) + " cm"


@register.filter
def weight(grams) -> str:
    if grams is None:
        return ""
    if grams < 1000:
        return f"{grams} g"
    return f"{grams / 1000:.2f}".rstrip("0").rstrip(".") + " kg"
