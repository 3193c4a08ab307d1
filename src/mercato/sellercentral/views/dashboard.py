from django.shortcuts import render

from mercato.sellercentral.access import seller_required
from mercato.offers.selectors import seller_offer_counts
from mercato.orders.seller_selectors import orders_to_ship_count


@seller_required
def dashboard(request):
    return render(request, "sellercentral/dashboard.html",
                  {"seller": request.seller, "counts": seller_offer_counts(request.seller),
                   "orders_to_ship": orders_to_ship_count(request.seller)})
