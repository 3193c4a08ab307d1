"""The shopper's orders: the list, one order with each seller's part, and cancelling."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST, require_safe

from mercato.core.errors import DomainError, NotFound
from mercato.fulfillment.tracking import order_shipments
from mercato.orders.selectors import customer_order, customer_orders
from mercato.orders.services import cancel_order
from mercato.recommendations.models import RecommendationList
from mercato.recommendations.selectors import basket_recommendations
from mercato.storefront.buying_forms import error_status

ORDERS_PER_PAGE = 20


@login_required
@require_safe
def order_list(request):
    page = Paginator(customer_orders(request.user), ORDERS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "storefront/orders/list.html", {"orders": page, "page": page})


def _order_page(request, public_id: str, *, error: str = "", status: int = 200):
    detail = customer_order(request.user, public_id)
    if detail is None:
        raise Http404("no such order")
    also_bought = basket_recommendations(
        [line.product_id for part in detail.seller_orders for line in part.lines.all()],
        detail.order.marketplace, kind=RecommendationList.Kind.ALSO_BOUGHT)
    return render(request, "storefront/orders/detail.html", {"detail": detail, "order": detail.order,
                                                             "parcels": order_shipments(detail.order),
                                                             "also_bought": also_bought,
                                                             "error": error}, status=status)


@login_required
@require_safe
def order_detail(request, public_id: str):
    return _order_page(request, public_id)


@login_required
@require_POST
def order_cancel(request, public_id: str):
    try:
        order = cancel_order(customer=request.user, order_id=public_id)
    except NotFound:
        raise Http404("no such order") from None
    except DomainError as error:
        return _order_page(request, public_id, error=error.detail[:1].upper() + error.detail[1:],
                           status=error_status(error))
    if order.status == order.Status.CANCELLED:
        messages.success(request, "Your order is cancelled. You have not been charged.")
    else:
        messages.success(request, "We cancelled the items no seller had accepted yet. You have not been charged "
                                  "for them.")
    return redirect("storefront:order", public_id=public_id)
