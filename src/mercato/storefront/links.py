"""Canonical URLs of storefront things, shared by views and templates."""
from django.urls import reverse
from django.utils.text import slugify


def product_slug(product) -> str:
    return slugify(product.title)[:80].strip("-")


def product_path(product) -> str:
    slug = product_slug(product)
    if slug:
        return reverse("storefront:product", args=[product.public_id, slug])
    return reverse("storefront:product", args=[product.public_id])
