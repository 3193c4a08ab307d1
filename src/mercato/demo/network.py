"""The demo's fulfillment network: eight centers in real British logistics towns, the retail arm's stock
spread over them, and a share of third-party sellers who have their stock fulfilled by Mercato."""
from __future__ import annotations

import random
from datetime import time

from django.db.models import Q

from mercato.fulfillment.models import CenterStock, FulfillmentCenter
from mercato.fulfillment.services import create_center
from mercato.marketplaces.models import Marketplace
from mercato.offers.models import FulfillmentChannel, Offer
from mercato.sellers.models import Seller

# code, town, latitude, longitude, orders a day, cut-off
DEMO_CENTERS = (
    ("LTN1", "Dunstable", 51.886, -0.521, 60_000, time(21, 0)),
    ("LCY1", "Tilbury", 51.463, 0.358, 50_000, time(21, 0)),
    ("BRS1", "Avonmouth", 51.507, -2.699, 30_000, time(20, 0)),
    ("BHX1", "Rugeley", 52.759, -1.936, 50_000, time(21, 0)),
    ("MAN1", "Warrington", 53.390, -2.597, 45_000, time(20, 30)),
    ("LBA1", "Doncaster", 53.523, -1.128, 40_000, time(20, 30)),
    ("NCL1", "Darlington", 54.524, -1.553, 25_000, time(19, 30)),
    ("GLA1", "Bellshill", 55.816, -4.026, 25_000, time(19, 0)),
)
THIRD_PARTY_NETWORK_SHARE = 0.4  # of third-party sellers, who send their stock to Mercato


def ensure_demo_network(marketplace: Marketplace, *, keep_merchant: Seller, seed: int = 11) -> int:
    """Create the centers and move stock into them (once). Returns the number of network offers."""
    if FulfillmentCenter.objects.filter(marketplace=marketplace).exists():
        return Offer.objects.filter(marketplace=marketplace, fulfillment_channel=FulfillmentChannel.NETWORK).count()
    rng = random.Random(seed)
    centers = [create_center(marketplace=marketplace, code=code, name=f"Mercato {town}", city=town,
                             latitude=latitude, longitude=longitude, capacity_units=2_000_000,
                             capacity_orders_per_day=orders, cutoff_time=cutoff)
               for code, town, latitude, longitude, orders, cutoff in DEMO_CENTERS]
    weights = [center.capacity_orders_per_day for center in centers]
    sellers = list(Seller.objects.filter(kind=Seller.Kind.THIRD_PARTY, status=Seller.Status.ACTIVE)
                   .exclude(pk=keep_merchant.pk).order_by("pk"))
    network_sellers = [seller.pk for seller in sellers if rng.random() < THIRD_PARTY_NETWORK_SHARE]
    offers = (Offer.objects.filter(marketplace=marketplace, quantity__gt=0, condition="new")
              .filter(Q(seller__kind=Seller.Kind.FIRST_PARTY) | Q(seller_id__in=network_sellers)).order_by("pk"))
    rows, moved = [], []
    for offer_id, quantity in offers.values_list("id", "quantity").iterator():
        spread = rng.choices(centers, weights=weights, k=min(quantity, rng.choice((1, 2, 2, 3))))
        for center, units in _split(quantity, list(dict.fromkeys(spread)), rng).items():
            rows.append(CenterStock(center=center, offer_id=offer_id, on_hand=units))
        moved.append(offer_id)
    CenterStock.objects.bulk_create(rows, batch_size=2_000)
    for start in range(0, len(moved), 900):
        Offer.objects.filter(pk__in=moved[start:start + 900]).update(
            fulfillment_channel=FulfillmentChannel.NETWORK, handling_days=0)
    return len(moved)


def _split(quantity: int, centers: list, rng: random.Random) -> dict:
    if len(centers) == 1:
        return {centers[0]: quantity}
    cuts = sorted(rng.sample(range(1, quantity), len(centers) - 1))
    parts = [b - a for a, b in zip([0, *cuts], [*cuts, quantity])]
    return dict(zip(centers, parts))
