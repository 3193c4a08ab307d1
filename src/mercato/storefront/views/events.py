"""Shopping event pages (/events/<slug>/): the event's running and upcoming lightning deals, priced for the
shopper, and the small fragment the page polls for live counts of units claimed."""
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from mercato.checkout.deal_selectors import event_counts, event_page
from mercato.checkout.selectors import buyer_for


@require_safe
def event(request, slug: str):
    marketplace = request.marketplace
    buyer = buyer_for(request.user, marketplace) if marketplace is not None else None
    page = event_page(marketplace, slug, buyer)
    if page is None:
        raise Http404("no such event")
    return render(request, "storefront/events/event.html", {"page": page})


@never_cache
@require_safe
def event_live(request, slug: str):
    counts = event_counts(request.marketplace, slug)
    if counts is None:
        raise Http404("no such event")
    return render(request, "storefront/events/_live_counts.html", {"counts": counts})
