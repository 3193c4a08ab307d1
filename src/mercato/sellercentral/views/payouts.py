"""The seller's money: what is available for the next payout, what is held in reserve and until when,
and the statement of every past payout."""
from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_safe

from mercato.orders.seller_selectors import orders_in_reserve, seller_balances, seller_payout, seller_payouts
from mercato.sellercentral.access import seller_required
from mercato.sellers.payouts import statement_lines

PAYOUTS_PER_PAGE = 25


@require_safe
@seller_required
def payments(request):
    marketplace = getattr(request, "marketplace", None)
    page = Paginator(seller_payouts(request.seller), PAYOUTS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "sellercentral/payments.html",
                  {"seller": request.seller, "page": page, "reserve_days": settings.PAYOUT_RESERVE_DAYS,
                   "balances": seller_balances(request.seller,
                                               default_currency=marketplace.currency if marketplace else None),
                   "reserved_orders": orders_in_reserve(request.seller)})


@require_safe
@seller_required
def payout_statement(request, public_id: str):
    payout = seller_payout(request.seller, public_id)
    if payout is None:
        raise Http404("No such payout.")
    return render(request, "sellercentral/payout_statement.html",
                  {"seller": request.seller, "payout": payout, "lines": statement_lines(payout)})
