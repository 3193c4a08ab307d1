from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_safe

from mercato.catalog.selectors import breadcrumbs, display_attributes, product_with_details
from mercato.offers.selectors import ProductOffers, offers_for_product
from mercato.storefront.links import product_path, product_slug


@require_safe
def product(request, public_id: str, slug: str = ""):
    product = product_with_details(public_id)
    if product is None:
        raise Http404("no such product")
    if slug and slug != product_slug(product):
        query = request.GET.urlencode()
        return redirect(product_path(product) + (f"?{query}" if query else ""), permanent=True)
    marketplace = request.marketplace
    offers = (offers_for_product(product.id, marketplace) if marketplace is not None
              else ProductOffers(None, [], "no marketplace"))
    return render(request, "storefront/product.html", {
        "product": product,
        "crumbs": breadcrumbs(product.category.path),
        "attributes": display_attributes(product),
        "offers": offers,
        "featured": offers.featured,
        "other_offers": offers.others,
        "currency": marketplace.currency if marketplace else "",
    })
