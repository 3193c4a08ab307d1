"""Writes of the fulfillment network: centers, choosing network fulfillment, inbound shipments.

Lock order, shared with placement and shipping: offers (by primary key), then their center stock rows
(by primary key), then center days (by center).
"""
from __future__ import annotations

from collections.abc import Mapping
from datetime import time, timedelta

from django.db import transaction
from django.db.models import Count, F, Sum
from django.utils import timezone

from mercato.core import ledger
from mercato.core.errors import Conflict, Invalid, NotAllowed, NotFound
from mercato.core.ids import new_public_id
from mercato.core.text import clean_text, parse_whole_number
from mercato.fulfillment import demand, transit
from mercato.fulfillment.models import CenterStock, FulfillmentCenter, InboundLine, InboundShipment, Shipment
from mercato.marketplaces.models import Marketplace
from mercato.offers.models import FulfillmentChannel, Offer
from mercato.sellers.models import Seller

MAX_INBOUND_UNITS = 100_000


def create_center(*, marketplace: Marketplace, code: str, name: str, city: str, latitude: float, longitude: float,
                  capacity_units: int, capacity_orders_per_day: int, cutoff_time: time,
                  speeds: tuple[str, ...] = transit.SPEEDS) -> FulfillmentCenter:
    code = clean_text(code, field="code", max_length=8).upper()
    if not (-90 <= latitude <= 90):
        raise Invalid("latitude must be between -90 and 90", field="latitude")
    if not (-180 <= longitude <= 180):
        raise Invalid("longitude must be between -180 and 180", field="longitude")
    unknown = set(speeds) - set(transit.SPEEDS)
    if not speeds or unknown:
        raise Invalid(f"speeds must be some of {', '.join(transit.SPEEDS)}", field="speeds")
    if FulfillmentCenter.objects.filter(code=code).exists():
        raise Conflict(f"a center with code {code} exists", field="code")
    return FulfillmentCenter.objects.create(
        marketplace=marketplace, code=code, name=clean_text(name, field="name", max_length=120),
        city=clean_text(city, field="city", max_length=100), latitude=latitude, longitude=longitude,
        capacity_units=parse_whole_number(capacity_units, field="capacity_units", minimum=1, maximum=10**9),
        capacity_orders_per_day=parse_whole_number(capacity_orders_per_day, field="capacity_orders_per_day",
                                                   minimum=1, maximum=10**8),
        cutoff_time=cutoff_time, speeds=list(speeds))


def _seller_offer(seller: Seller, offer_id, *, lock: bool = False) -> Offer:
    query = Offer.objects.select_for_update() if lock else Offer.objects
    offer = query.filter(pk=offer_id, seller=seller).select_related("product").first() if offer_id else None
    if offer is None:
        raise NotFound("no such offer", field="offer")
    return offer


@transaction.atomic
def set_fulfillment_channel(*, seller: Seller, offer_id: int, channel: str) -> Offer:
    """Switch an offer between shipping it yourself and having Mercato's network ship it.

    Network offers sell exactly the units received in centers, so switching to the network starts from
    those (none at first: send an inbound shipment); switching back needs the network stock gone first."""
    if channel not in FulfillmentChannel.values:
        raise Invalid("fulfillment channel must be merchant or network", field="fulfillment_channel")
    offer = _seller_offer(seller, offer_id, lock=True)
    if offer.fulfillment_channel == channel:
        return offer
    held = CenterStock.objects.filter(offer=offer).aggregate(units=Sum("on_hand"))["units"] or 0
    if channel == FulfillmentChannel.MERCHANT and held:
        raise Conflict(f"{held} units of this offer are in Mercato's centers; sell them or have them returned "
                       "before shipping it yourself", field="fulfillment_channel")
    if channel == FulfillmentChannel.NETWORK and offer.reservations.filter(status="reserved").exists():
        raise Conflict("an order for this offer is being placed; try again in a minute", field="fulfillment_channel")
    offer.fulfillment_channel = channel
    offer.quantity = _network_available(offer) if channel == FulfillmentChannel.NETWORK else 0
    offer.save(update_fields=["fulfillment_channel", "quantity", "updated_at"])
    _refresh_buybox_on_commit(offer)
    return offer


def _network_available(offer: Offer) -> int:
    return (CenterStock.objects.filter(offer=offer).aggregate(units=Sum(F("on_hand") - F("allocated")))["units"]
            or 0)


def _refresh_buybox_on_commit(*offers: Offer) -> None:
    from mercato.offers.services import refresh_buyboxes

    pairs = [(offer.product_id, offer.marketplace_id) for offer in offers]
    transaction.on_commit(lambda: refresh_buyboxes(pairs))


def _clean_quantities(seller: Seller, quantities: Mapping, marketplace_id: int | None) -> dict[int, tuple[Offer, int]]:
    if not quantities:
        raise Invalid("add at least one offer with a quantity", field="lines")
    lines: dict[int, tuple[Offer, int]] = {}
    for offer_id, units in sorted(quantities.items()):
        offer = _seller_offer(seller, offer_id)
        field = f"lines.{offer_id}.quantity"
        if offer.fulfillment_channel != FulfillmentChannel.NETWORK:
            raise Invalid(f"{offer.seller_sku} is shipped by you; choose Fulfilled by Mercato for it first",
                          field=f"lines.{offer_id}.offer")
        if marketplace_id is not None and offer.marketplace_id != marketplace_id:
            raise Invalid(f"{offer.seller_sku} is sold in another marketplace than this center serves",
                          field=f"lines.{offer_id}.offer")
        lines[offer.id] = (offer, parse_whole_number(units, field=field, minimum=1, maximum=MAX_INBOUND_UNITS))
    return lines


def space_left(center: FulfillmentCenter) -> int:
    """Units of storage not taken by stock on hand or by inbound shipments still on their way."""
    stored = CenterStock.objects.filter(center=center).aggregate(units=Sum("on_hand"))["units"] or 0
    incoming = (InboundLine.objects.filter(inbound__center=center, inbound__status=InboundShipment.Status.CREATED)
                .aggregate(units=Sum("expected_units"))["units"] or 0)
    return max(0, center.capacity_units - stored - incoming)


def _active_center(center_id) -> FulfillmentCenter:
    # Inbound shipments are serialised per center, so two of them cannot both take its last space.
    center = FulfillmentCenter.objects.select_for_update().filter(pk=center_id, is_active=True).first()
    if center is None:
        raise NotFound("no such fulfillment center", field="center")
    return center


def _check_seller(seller: Seller) -> None:
    if not seller.is_active:
        raise NotAllowed("your seller account is not active", field="seller")


@transaction.atomic
def create_inbound_shipment(*, seller: Seller, center_id: int, quantities: Mapping[int, int]) -> InboundShipment:
    """Announce units the seller is sending to one center (`quantities`: offer id -> units)."""
    _check_seller(seller)
    center = _active_center(center_id)
    lines = _clean_quantities(seller, quantities, center.marketplace_id)
    total = sum(units for _, units in lines.values())
    free = space_left(center)
    if total > free:
        raise Invalid(f"{center.name} has room for {free} more units, not {total}", field="lines")
    return _create_inbound(seller, center, {offer_id: units for offer_id, (_, units) in lines.items()})


def _create_inbound(seller: Seller, center: FulfillmentCenter, units_by_offer: Mapping[int, int]) -> InboundShipment:
    inbound = InboundShipment.objects.create(public_id=new_public_id("IN"), seller=seller, center=center)
    InboundLine.objects.bulk_create(InboundLine(inbound=inbound, offer_id=offer_id, expected_units=units)
                                    for offer_id, units in units_by_offer.items())
    return inbound


@transaction.atomic
def create_split_inbound(*, seller: Seller, marketplace: Marketplace,
                         quantities: Mapping[int, int]) -> list[InboundShipment]:
    """Let Mercato spread the units over the marketplace's centers in proportion to where they are expected to
    sell (each center's share of recent network shipments), within each center's free space."""
    _check_seller(seller)
    lines = _clean_quantities(seller, quantities, marketplace.id)
    centers = list(FulfillmentCenter.objects.select_for_update().filter(marketplace=marketplace, is_active=True)
                   .order_by("pk"))
    if not centers:
        raise Conflict("this marketplace has no fulfillment center yet", field="center")
    room = {center.id: space_left(center) for center in centers}
    shares = _recent_demand_shares(centers)
    per_center: dict[int, dict[int, int]] = {}
    for offer_id, (offer, units) in lines.items():
        split = demand.split_units(units, shares, room)
        if split is None:
            raise Invalid(f"the network has room for {sum(room.values())} more units, not {units} of "
                          f"{offer.seller_sku}", field=f"lines.{offer_id}.quantity")
        for center_id, part in split.items():
            if part:
                per_center.setdefault(center_id, {})[offer_id] = part
                room[center_id] -= part
    by_id = {center.id: center for center in centers}
    return [_create_inbound(seller, by_id[center_id], units) for center_id, units in sorted(per_center.items())]


def _recent_demand_shares(centers: list[FulfillmentCenter]) -> dict[int, float]:
    """Where units are expected to sell: each center's parcels over the last 90 days (plus one, so a new center
    still gets a little), or its daily order capacity while the network has no history."""
    since = timezone.now() - timedelta(days=90)
    shipped = dict(Shipment.objects.filter(center__in=centers, created_at__gte=since).values("center")
                   .annotate(parcels=Count("id")).values_list("center", "parcels"))
    if not shipped:
        return {center.id: float(center.capacity_orders_per_day) for center in centers}
    return {center.id: float(shipped.get(center.id, 0) + 1) for center in centers}


def _inbound_for(inbound_id: str, *, seller: Seller | None = None) -> InboundShipment:
    query = (InboundShipment.objects.select_for_update(of=("self",)).select_related("seller")
             .filter(public_id=inbound_id))
    if seller is not None:
        query = query.filter(seller=seller)
    inbound = query.first()
    if inbound is None:
        raise NotFound("no such inbound shipment", field="inbound")
    return inbound


@transaction.atomic
def cancel_inbound_shipment(*, seller: Seller, inbound_id: str) -> InboundShipment:
    inbound = _inbound_for(inbound_id, seller=seller)
    if inbound.status != InboundShipment.Status.CREATED:
        raise Conflict(f"inbound shipment {inbound.public_id} is {inbound.get_status_display().lower()}; "
                       "it can no longer be cancelled", field="inbound")
    inbound.status = InboundShipment.Status.CANCELLED
    inbound.save(update_fields=["status"])
    return inbound


@transaction.atomic
def receive_inbound_shipment(*, inbound_id: str, counts: Mapping[int, tuple[int, int]]) -> InboundShipment:
    """The center has counted the units: `counts` maps each line id to (good units, damaged units); what was
    expected and not counted is missing. Good units go on sale at once."""
    inbound = _inbound_for(inbound_id)
    if inbound.status != InboundShipment.Status.CREATED:
        raise Conflict(f"inbound shipment {inbound.public_id} is already {inbound.get_status_display().lower()}",
                       field="inbound")
    lines = list(inbound.lines.order_by("offer_id"))
    if set(counts) - {line.id for line in lines}:
        raise Invalid("a count names a line of another shipment", field="counts")
    parsed = {}
    for line in lines:
        good, damaged = counts.get(line.id, (0, 0))
        field = f"counts.{line.id}"
        good = parse_whole_number(good, field=f"{field}.received", minimum=0, maximum=line.expected_units)
        damaged = parse_whole_number(damaged, field=f"{field}.damaged", minimum=0, maximum=line.expected_units)
        if good + damaged > line.expected_units:
            raise Invalid(f"{good + damaged} units counted but {line.expected_units} were sent", field=field)
        parsed[line.id] = (good, damaged)
    offers = {offer.id: offer for offer in Offer.objects.select_for_update().filter(
        pk__in=[line.offer_id for line in lines]).order_by("pk")}
    for line in lines:
        good, damaged = parsed[line.id]
        line.received_units, line.damaged_units = good, damaged
        line.save(update_fields=["received_units", "damaged_units"])
        stock, _ = CenterStock.objects.get_or_create(center_id=inbound.center_id, offer_id=line.offer_id)
        CenterStock.objects.filter(pk=stock.pk).update(on_hand=F("on_hand") + good, damaged=F("damaged") + damaged)
        if good and offers[line.offer_id].fulfillment_channel == FulfillmentChannel.NETWORK:
            Offer.objects.filter(pk=line.offer_id).update(quantity=F("quantity") + good)
        if good and inbound.seller.is_first_party:
            _book_first_party_stock(offers[line.offer_id], good)
    inbound.status = InboundShipment.Status.RECEIVED
    inbound.received_at = timezone.now()
    inbound.save(update_fields=["status", "received_at"])
    _refresh_buybox_on_commit(*offers.values())
    return inbound


def _book_first_party_stock(offer: Offer, units: int) -> None:
    """The retail arm's units arriving in the network are its inventory, at the offer's unit cost, bought on
    credit from the supplier (as when it receives stock at its own site)."""
    value = (offer.unit_cost_minor or 0) * units
    ledger.post_entry(kind="stock_received", reference=offer.seller_sku[:40],
                      memo=f"{units} units of {offer.seller_sku} received in the network",
                      lines=[ledger.debit(ledger.FIRST_PARTY_INVENTORY, value, offer.currency),
                             ledger.credit(ledger.SUPPLIER_PAYABLES, value, offer.currency)])


def network_stock_is_consistent(offer: Offer) -> bool:
    """The invariant every network service keeps: sellable quantity = on hand - allocated, summed over centers."""
    offer.refresh_from_db(fields=["quantity", "fulfillment_channel"])
    return offer.fulfillment_channel != FulfillmentChannel.NETWORK or offer.quantity == _network_available(offer)

