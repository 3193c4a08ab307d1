"""Reads of the fulfillment network for Seller Central and the ops console. Each function answers one page with a
fixed number of queries, however many offers, centers or shipments there are."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db.models import Count, QuerySet, Sum
from django.utils import timezone

from mercato.fulfillment import fees
from mercato.fulfillment.models import (CenterDay, CenterStock, FulfillmentCenter, FulfillmentOrder, InboundLine,
                                        InboundShipment, Shipment)
from mercato.fulfillment.shipping import clock_now
from mercato.marketplaces.models import Marketplace
from mercato.offers.models import FulfillmentChannel, Offer
from mercato.orders.models import SellerOrder
from mercato.sellers.models import Seller

FEES_WINDOW_DAYS = 30
ON_TIME_WINDOW_DAYS = 30


# Seller Central ----------------------------------------------------------------------------------------------------

@dataclass
class OfferInventory:
    """One network offer's units: a stock row per center, and what is on its way in."""

    offer: Offer
    stock: list[CenterStock] = field(default_factory=list)
    inbound_units: int = 0

    @property
    def on_hand(self) -> int:
        return sum(row.on_hand for row in self.stock)

    @property
    def allocated(self) -> int:
        return sum(row.allocated for row in self.stock)

    @property
    def damaged(self) -> int:
        return sum(row.damaged for row in self.stock)

    @property
    def sellable(self) -> int:
        return self.on_hand - self.allocated


def network_offers(seller: Seller, marketplace: Marketplace) -> QuerySet[Offer]:
    """The seller's offers fulfilled by Mercato in `marketplace`: the ones an inbound shipment can carry."""
    return (Offer.objects.filter(seller=seller, marketplace=marketplace,
                                 fulfillment_channel=FulfillmentChannel.NETWORK)
            .select_related("product").order_by("product__title", "id"))


def seller_network_inventory(seller: Seller, marketplace: Marketplace) -> list[OfferInventory]:
    """Every network offer of the seller in `marketplace` with its units per center. Three queries."""
    rows = {offer.id: OfferInventory(offer) for offer in network_offers(seller, marketplace)}
    for stock in (CenterStock.objects.filter(offer_id__in=list(rows)).select_related("center")
                  .order_by("center__code")):
        rows[stock.offer_id].stock.append(stock)
    incoming = (InboundLine.objects.filter(offer_id__in=list(rows), inbound__status=InboundShipment.Status.CREATED)
                .values("offer_id").annotate(units=Sum("expected_units")))
    for line in incoming:
        rows[line["offer_id"]].inbound_units = line["units"]
    return list(rows.values())


@dataclass(frozen=True)
class FeeSummary:
    currency: str
    fulfillment_fees_minor: int  # over the last FEES_WINDOW_DAYS, on seller orders the network shipped
    shipped_seller_orders: int
    stored_cubic_mm: int
    storage_fee_minor: int  # a month's storage of what is on hand now, at this month's rate
    multi_channel_fees_minor: int  # over the last FEES_WINDOW_DAYS, on orders from other shops
    multi_channel_orders: int
    recent_orders: list  # the latest network seller orders in the window, newest first

    @property
    def stored_cubic_metres(self) -> float:
        return self.stored_cubic_mm / 10**9


def seller_network_fees(seller: Seller, marketplace: Marketplace, *, now: datetime | None = None,
                        recent: int = 10) -> FeeSummary:
    now = now or timezone.now()
    shipped = (SellerOrder.objects.filter(seller=seller, order__marketplace=marketplace, fulfilled_by_network=True,
                                          shipped_at__gte=now - timedelta(days=FEES_WINDOW_DAYS))
               .exclude(status=SellerOrder.Status.CANCELLED))
    totals = shipped.aggregate(fees=Sum("fulfillment_fee_minor"), orders=Count("id"))
    volumes = (CenterStock.objects.filter(offer__seller=seller, offer__marketplace=marketplace, on_hand__gt=0)
               .values_list("on_hand", "offer__product__length_mm", "offer__product__width_mm",
                            "offer__product__height_mm"))
    cubic_mm = sum(units * fees.unit_volume_cubic_mm(length_mm=length, width_mm=width, height_mm=height)
                   for units, length, width, height in volumes)
    outside = (FulfillmentOrder.objects.filter(seller=seller, marketplace=marketplace, fee_minor__gt=0,
                                               created_at__gte=now - timedelta(days=FEES_WINDOW_DAYS))
               .aggregate(fees=Sum("fee_minor"), orders=Count("id")))
    return FeeSummary(currency=marketplace.currency, fulfillment_fees_minor=totals["fees"] or 0,
                      shipped_seller_orders=totals["orders"], stored_cubic_mm=cubic_mm,
                      multi_channel_fees_minor=outside["fees"] or 0, multi_channel_orders=outside["orders"],
                      storage_fee_minor=fees.storage_fee_minor(cubic_mm=cubic_mm, month=timezone.localdate(now).month),
                      recent_orders=list(shipped.order_by("-shipped_at", "-id")[:recent]))


def _with_line_totals(query: QuerySet[InboundShipment]) -> QuerySet[InboundShipment]:
    return query.annotate(expected_units=Sum("lines__expected_units"), received_units=Sum("lines__received_units"),
                          damaged_units=Sum("lines__damaged_units"), line_count=Count("lines"))


def seller_inbound_shipments(seller: Seller) -> QuerySet[InboundShipment]:
    return _with_line_totals(InboundShipment.objects.filter(seller=seller).select_related("center")).order_by("-id")


def inbound_shipment(public_id: str, *, seller: Seller | None = None) -> InboundShipment | None:
    """One inbound shipment with its lines' offers and products; only the seller's own when `seller` is given."""
    query = InboundShipment.objects.filter(public_id=public_id).select_related("center", "seller")
    if seller is not None:
        query = query.filter(seller=seller)
    inbound = query.first()
    if inbound is not None:
        inbound.line_list = list(inbound.lines.select_related("offer__product").order_by("id"))
    return inbound


# Centers -----------------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class CenterLoad:
    center: FulfillmentCenter
    stored_units: int
    incoming_units: int
    orders_today: int

    @property
    def used_units(self) -> int:
        return self.stored_units + self.incoming_units

    @property
    def free_units(self) -> int:
        return max(0, self.center.capacity_units - self.used_units)


def centers_with_load(marketplace: Marketplace | None = None, *, active_only: bool = False) -> list[CenterLoad]:
    """Centers with the units they store, the units on their way in (which `services.space_left` also counts as
    taken) and today's orders against their daily capacity. Four queries."""
    centers = FulfillmentCenter.objects.select_related("marketplace").order_by("marketplace__code", "code")
    if marketplace is not None:
        centers = centers.filter(marketplace=marketplace)
    if active_only:
        centers = centers.filter(is_active=True)
    centers = list(centers)
    ids = [center.id for center in centers]
    stored = dict(CenterStock.objects.filter(center_id__in=ids).values("center_id")
                  .annotate(units=Sum("on_hand")).values_list("center_id", "units"))
    incoming = dict(InboundLine.objects.filter(inbound__center_id__in=ids,
                                               inbound__status=InboundShipment.Status.CREATED)
                    .values("inbound__center_id").annotate(units=Sum("expected_units"))
                    .values_list("inbound__center_id", "units"))
    today = dict(CenterDay.objects.filter(center_id__in=ids, day=timezone.localdate())
                 .values_list("center_id", "orders"))
    return [CenterLoad(center, stored.get(center.id) or 0, incoming.get(center.id) or 0, today.get(center.id, 0))
            for center in centers]


# Ops: receiving and shipments ---------------------------------------------------------------------------------------

def inbound_waiting() -> QuerySet[InboundShipment]:
    """Inbound shipments announced and not yet received, oldest first: the receiving dock's queue."""
    return (_with_line_totals(InboundShipment.objects.filter(status=InboundShipment.Status.CREATED))
            .select_related("center", "seller").order_by("id"))


def inbound_recently_received(limit: int = 20) -> list[InboundShipment]:
    return list(_with_line_totals(InboundShipment.objects.filter(status=InboundShipment.Status.RECEIVED))
                .select_related("center", "seller").order_by("-received_at", "-id")[:limit])


def recent_shipments(status: str | None = None) -> QuerySet[Shipment]:
    query = Shipment.objects.select_related("center", "order", "fulfillment_order").order_by("-id")
    return query.filter(status=status) if status else query


@dataclass(frozen=True)
class OnTimeSummary:
    delivered: int
    on_time: int
    since: datetime

    @property
    def rate(self) -> float | None:
        return self.on_time / self.delivered if self.delivered else None


def on_time_summary(*, now: datetime | None = None, days: int = ON_TIME_WINDOW_DAYS) -> OnTimeSummary:
    """The network's on-time rate: parcels delivered in the last `days` days of the carrier's clock, and how many
    of them arrived on or before their promised date. One query (plus the clock)."""
    since = (now or clock_now()) - timedelta(days=days)
    pairs = (Shipment.objects.filter(status=Shipment.Status.DELIVERED, delivered_at__gte=since)
             .values_list("promised_delivery_date", "delivered_at"))
    delivered = on_time = 0
    for promised_date, delivered_at in pairs:
        delivered += 1
        on_time += delivered_at.date() <= promised_date  # as Shipment.on_time
    return OnTimeSummary(delivered=delivered, on_time=on_time, since=since)


def shipment_counts_by_status() -> list[tuple[str, str, int]]:
    """(status, label, parcels) for each status some parcel is in, in the order of the journey."""
    counts = dict(Shipment.objects.values("status").annotate(count=Count("id")).values_list("status", "count"))
    return [(status, label, counts[status]) for status, label in Shipment.Status.choices if status in counts]

