"""Category pages and search: one results layout with facets, sorting and pages."""
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_safe

from mercato.catalog.selectors import breadcrumbs, category_by_path, category_tree
from mercato.search.selectors import search_as_typed
from mercato.storefront.listing import ListingLinks, ListingRequest, parse_listing_request
from mercato.storefront.visitors import log_search_page


def _category_url(path: str) -> str:
    return reverse("storefront:category", args=[path])


@require_safe
def category(request, category_path: str):
    node = category_by_path(category_path.strip("/"))
    if node is None:
        raise Http404("no such category")
    listing = parse_listing_request(request.GET, category_path=node.path_slugs)
    return _listing_page(request, listing, path=_category_url(node.path), category_url=_category_url, context={
        "category": node, "crumbs": breadcrumbs(node.path), "heading": node.name, "page_title": node.name})


@require_safe
def search(request):
    listing = parse_listing_request(request.GET)
    chosen = category_by_path("/".join(listing.category_path)) if listing.category_path else None
    heading = chosen.name if chosen else ("Search results" if listing.text else "All products")
    return _listing_page(request, listing, path=reverse("storefront:search"), context={
        "category": chosen, "heading": heading,
        "page_title": f"{listing.text[:80]} – Search" if listing.text else "All products"})


def _listing_page(request, listing: ListingRequest, *, path: str, context: dict, category_url=None):
    marketplace = request.marketplace
    result = understood = suggested = None
    if marketplace is not None:
        found = search_as_typed(marketplace=marketplace, text=listing.text, filters=listing.search_filters(),
                                sort=listing.effective_sort, page=listing.page, shopper=request.user,
                                ignore=listing.ignored)
        result, understood = found.page, found.understood
        suggested = category_by_path("/".join(found.suggested_category)) if found.suggested_category else None
    links = ListingLinks(listing, path=path, currency=marketplace.currency if marketplace else "",
                         category_url=category_url)
    node = context["category"]
    children = node.children if node else category_tree()
    context |= {
        "listing": listing,
        "result": result,
        "facet_panels": links.facet_panels(result.facets, category_children={c.slug: c.name for c in children})
        if result else [],
        "active_filters": links.active_filters(category_name=node.name if node else "")
        + links.recognised_filters(understood),
        "clear_filters_url": links.clear_filters_url(understood) if listing.has_filters or understood else "",
        "sort_options": links.sort_options(),
        "sort_hidden_fields": links.hidden_fields_for_sort(),
        "pagination": links.pagination(result.page_count) if result else None,
        "past_last_page": bool(result and result.total and listing.page > result.page_count),
        "last_page_url": links.url(listing.changed(page=result.page_count)) if result else "",
        "listing_path": path,
        "suggested_category": suggested,
        "suggested_category_url": links.category_link_url(suggested.path_slugs) if suggested else "",
        "search_token": log_search_page(request, listing.text, result),  # result links carry it
    }
    is_htmx = request.headers.get("HX-Request") == "true" and not request.headers.get("HX-History-Restore-Request")
    template = "storefront/_listing.html" if is_htmx else "storefront/listing.html"
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response
