from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_safe

from mercato.catalog.selectors import breadcrumbs, display_attributes, product_with_details
from mercato.checkout.deal_selectors import product_deal
from mercato.checkout.selectors import buyer_for, offer_promises
from mercato.recommendations.selectors import product_recommendations
from mercato.offers.selectors import ProductOffers, offers_for_product
from mercato.storefront.links import product_path, product_slug
from mercato.storefront.visitors import log_product_page


@require_safe
def product(request, public_id: str, slug: str = ""):
    product = product_with_details(public_id)
    if product is None:
        raise Http404("no such product")
    if slug and slug != product_slug(product):
        query = request.GET.urlencode()
        return redirect(product_path(product) + (f"?{query}" if query else ""), permanent=True)
    log_product_page(request, product)
    marketplace = request.marketplace
    offers = (offers_for_product(product.id, marketplace) if marketplace is not None
              else ProductOffers(None, [], "no marketplace"))
    buyer = buyer_for(request.user, marketplace) if offers.all else None
    promises = offer_promises([view.offer for view in offers.all], buyer) if offers.all else {}
    deal = product_deal([view.offer for view in offers.all], buyer)
    return render(request, "storefront/product.html", {
        "product": product,
        "crumbs": breadcrumbs(product.category.path),
        "attributes": display_attributes(product),
        "offers": offers,
        "featured": offers.featured,
        "other_offers": [(view, promises.get(view.offer.id)) for view in offers.others],
        "promises": promises,
        "recommendations": product_recommendations(product, marketplace) if marketplace is not None else None,
        "featured_promise": promises.get(offers.featured.offer.id) if offers.featured else None,
        "currency": marketplace.currency if marketplace else "",
        "deal": deal,
        "deal_promise": promises.get(deal.deal.offer_id) if deal else None,
        # A deal open to the shopper on the featured offer takes the Buy Box's place.
        "deal_is_buybox": bool(deal and deal.buyable_now and offers.featured
                               and deal.deal.offer_id == offers.featured.offer.id),
    })
