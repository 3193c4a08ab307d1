"""Following a parcel: its journey from the fulfillment center to the shopper's door."""
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_safe

from mercato.fulfillment.tracking import shopper_tracking


@login_required
@require_safe
def track(request, public_id: str, shipment_id: str):
    tracking = shopper_tracking(request.user, order_id=public_id, shipment_id=shipment_id)
    if tracking is None:
        raise Http404("no such parcel")
    return render(request, "storefront/orders/tracking.html", {"tracking": tracking,
                                                               "shipment": tracking.shipment,
                                                               "order": tracking.shipment.order})
