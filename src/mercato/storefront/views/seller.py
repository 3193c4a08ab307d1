from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from mercato.search.engine import SearchFilters
from mercato.search.selectors import search_products
from mercato.sellers.selectors import public_seller
from mercato.storefront.listing import ListingLinks, ListingRequest, parse_listing_request


@require_safe
def seller(request, slug: str):
    seller = public_seller(slug)
    if seller is None:
        raise Http404("no such seller")
    parsed = parse_listing_request(request.GET)
    listing = ListingRequest(page=parsed.page)
    marketplace = request.marketplace
    result = None
    if marketplace is not None:
        result = search_products(marketplace=marketplace, page=listing.page, with_facets=False,
                                 filters=SearchFilters(seller_id=seller.id, in_stock_only=True))
    links = ListingLinks(listing, path=reverse("storefront:seller", args=[seller.slug]),
                         currency=marketplace.currency if marketplace else "")
    return render(request, "storefront/seller.html", {
        "seller": seller,
        "result": result,
        "pagination": links.pagination(result.page_count) if result else None,
        "past_last_page": bool(result and result.total and listing.page > result.page_count),
        "last_page_url": links.url(listing.changed(page=result.page_count)) if result else "",
    })
