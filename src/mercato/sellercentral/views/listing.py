"""List a product: find it in the catalog (or add it), then set the offer's terms."""
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render

from mercato.catalog.gtin import is_valid_gtin, normalise_gtin
from mercato.catalog.selectors import product_with_details
from mercato.core.errors import DomainError
from mercato.offers.services import create_offer
from mercato.sellercentral.access import seller_required
from mercato.sellercentral.forms.base import add_domain_error
from mercato.sellercentral.forms.offers import OfferForm
from mercato.sellercentral.forms.products import CatalogSearchForm, NewProductForm
from mercato.sellercentral.listing import list_new_product
from mercato.catalog.selectors import product_by_code
from mercato.search.selectors import find_products_to_list
from mercato.sellercentral.views.common import current_marketplace, form_status


@seller_required(active=True)
def find_product(request):
    """Step 1: a GTIN or platform id jumps straight to the offer form; text lists matching products."""
    form = CatalogSearchForm(request.GET or None)
    query = form.cleaned_data["q"].strip() if form.is_valid() else ""
    lookup = find_products_to_list(text=query, marketplace=current_marketplace(request)) if query else None
    if lookup and lookup.exact:
        return redirect("sellercentral:list_offer", public_id=lookup.exact.public_id)
    unknown_gtin = normalise_gtin(query) if query and is_valid_gtin(normalise_gtin(query)) else ""
    return render(request, "sellercentral/list_find.html",
                  {"seller": request.seller, "form": form, "query": query, "lookup": lookup,
                   "unknown_gtin": unknown_gtin})


@seller_required(active=True)
def list_offer(request, public_id: str):
    """Step 2: the terms of the seller's offer for a product already in the catalog."""
    product = product_with_details(public_id)
    if product is None:
        raise Http404("No such product.")
    marketplace = current_marketplace(request)
    form = OfferForm(request.POST if request.method == "POST" else None, currency=marketplace.currency)
    if request.method == "POST" and form.is_valid():
        try:
            create_offer(seller=request.seller, product=product, marketplace=marketplace, terms=form.terms(),
                         condition=form.cleaned_data["condition"], seller_sku=form.cleaned_data["seller_sku"] or None)
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, f"Your offer for “{product.title}” is listed in {marketplace.name}.")
            return redirect("sellercentral:offers")
    return render(request, "sellercentral/list_offer.html",
                  {"seller": request.seller, "product": product, "form": form, "marketplace": marketplace},
                  status=form_status(form))


@seller_required(active=True)
def list_new_product_view(request):
    """A product that is not in the catalog: its details and the offer, saved together or not at all."""
    marketplace = current_marketplace(request)
    data = request.POST if request.method == "POST" else None
    product_form = NewProductForm(data, initial={"gtin": request.GET.get("gtin", "")[:20]})
    offer_form = OfferForm(data, currency=marketplace.currency)
    existing_product = None
    if data is not None and all([product_form.is_valid(), offer_form.is_valid()]):
        try:
            offer = list_new_product(
                seller=request.seller, marketplace=marketplace, category_path=product_form.cleaned_data["category"],
                product_fields=product_form.product_fields(), terms=offer_form.terms(),
                condition=offer_form.cleaned_data["condition"],
                seller_sku=offer_form.cleaned_data["seller_sku"] or None)
        except DomainError as error:
            if error.field == "gtin" and error.code == "conflict":
                existing_product = product_by_code(product_form.cleaned_data.get("gtin") or "")
            add_domain_error(error, product_form, offer_form)
        else:
            messages.success(request, f"“{offer.product.title}” is in the catalog and your offer is listed in "
                                      f"{marketplace.name}.")
            return redirect("sellercentral:offers")
    return render(request, "sellercentral/list_new.html",
                  {"seller": request.seller, "product_form": product_form, "offer_form": offer_form,
                   "marketplace": marketplace, "existing_product": existing_product},
                  status=form_status(product_form, offer_form))
