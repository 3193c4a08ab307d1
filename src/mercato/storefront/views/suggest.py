"""Suggestions under the header's search box, fetched by HTMX as the shopper types. Without
JavaScript the box is a plain form to the search page, and this fragment is never asked for."""
from typing import NamedTuple
from urllib.parse import urlencode

from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from mercato.search.suggest import NO_SUGGESTIONS, PRODUCT
from mercato.search.suggest_selectors import search_suggestions
from mercato.storefront.links import product_path


class _Product(NamedTuple):
    public_id: str
    title: str


class SuggestionLink(NamedTuple):
    kind: str
    text: str
    url: str


@require_safe
def search_suggest(request):
    text = request.GET.get("q", "")
    found = NO_SUGGESTIONS
    if request.marketplace is not None:
        found = search_suggestions(marketplace=request.marketplace, text=text)
    search_url = reverse("storefront:search")
    links = [SuggestionLink(s.kind, s.text, f"{search_url}?{urlencode({'q': s.text})}") for s in found.queries]
    links += [SuggestionLink(PRODUCT, s.text, product_path(_Product(s.public_id, s.text))) for s in found.products]
    response = render(request, "storefront/_search_suggestions.html", {"links": links, "typed": text})
    patch_cache_control(response, private=True, max_age=60)
    return response
