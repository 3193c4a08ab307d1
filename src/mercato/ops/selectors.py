"""The ops console's overview counts across domains (three aggregate queries)."""
from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q

from mercato.catalog.models import Product
from mercato.offers.models import Offer
from mercato.sellers.models import Seller


@dataclass(frozen=True)
class PlatformCounts:
    sellers_by_status: dict[str, int]  # every status, zero included
    products: int
    active_offers: int
    paused_offers: int


def platform_counts() -> PlatformCounts:
    """Three aggregate queries, whatever the size of the catalog."""
    by_status = dict.fromkeys(Seller.Status.values, 0)
    by_status.update(Seller.objects.values_list("status").annotate(count=Count("id")).order_by())
    offers = Offer.objects.aggregate(active=Count("id", filter=Q(status=Offer.Status.ACTIVE)),
                                     paused=Count("id", filter=Q(status=Offer.Status.PAUSED)))
    return PlatformCounts(by_status, Product.objects.count(), offers["active"], offers["paused"])
