"""Reads of offers and the Buy Box for product pages, listings, Seller Central and the API."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from mercato.core.text import parse_id
from mercato.marketplaces.models import Marketplace
from mercato.offers import buybox
from mercato.offers.delivery import add_working_days, delivery_days
from mercato.offers.models import BuyBox, Offer, OfferUpload
from mercato.offers.services import candidate_for
from mercato.sellers.models import Seller


@dataclass(frozen=True)
class ListingPrice:
    """What a product card shows: the Buy Box price and how many other offers there are."""

    landed_price_minor: int
    currency: str
    offer_count: int
    lowest_price_minor: int | None


def listing_prices(product_ids: list[int], marketplace: Marketplace) -> dict[int, ListingPrice]:
    rows = BuyBox.objects.filter(product_id__in=product_ids, marketplace=marketplace,
                                 landed_price_minor__isnull=False)
    return {row.product_id: ListingPrice(row.landed_price_minor, marketplace.currency, row.offer_count,
                                         row.lowest_price_minor) for row in rows}


@dataclass(frozen=True)
class OfferView:
    offer: Offer
    landed_price_minor: int
    delivery_days: int
    delivery_date: date
    is_featured: bool


@dataclass(frozen=True)
class ProductOffers:
    featured: OfferView | None
    others: list[OfferView]
    reason: str

    @property
    def all(self) -> list[OfferView]:
        return ([self.featured] if self.featured else []) + self.others


def offers_for_product(product_id: int, marketplace: Marketplace, *, today: date | None = None) -> ProductOffers:
    """The Buy Box winner and every other buyable offer, cheapest landed price first.

    The decision is made live from the offers (one query), so the page never shows a stale winner."""
    today = today or timezone.localdate()
    offers = list(Offer.objects.filter(product_id=product_id, marketplace=marketplace, status=Offer.Status.ACTIVE,
                                       seller__status=Seller.Status.ACTIVE, quantity__gt=0)
                  .select_related("seller"))
    candidates = {offer.id: candidate_for(offer) for offer in offers}
    decision = buybox.choose_featured_offer(list(candidates.values()))
    by_id = {offer.id: offer for offer in offers}

    def view(candidate: buybox.Candidate, featured: bool) -> OfferView:
        return OfferView(by_id[candidate.offer_id], candidate.landed_price_minor, candidate.delivery_days,
                         add_working_days(today, candidate.delivery_days), featured)

    winner_id = decision.winner.offer_id if decision.winner else None
    others = [view(c, False) for c in buybox.offers_by_landed_price(list(candidates.values()))
              if c.offer_id != winner_id]
    featured = view(decision.winner, True) if decision.winner else None
    return ProductOffers(featured, others, decision.reason)


def seller_offers(seller: Seller, *, marketplace: Marketplace | None = None, status: str | None = None,
                  text: str = "") -> QuerySet[Offer]:
    """A seller's own offers, newest first. Never another seller's."""
    offers = Offer.objects.filter(seller=seller).select_related("product", "marketplace").order_by("-updated_at", "-id")
    if marketplace is not None:
        offers = offers.filter(marketplace=marketplace)
    if status in Offer.Status.values:
        offers = offers.filter(status=status)
    if text:
        offers = offers.filter(Q(product__title__icontains=text) | Q(seller_sku__icontains=text)
                               | Q(product__public_id__iexact=text) | Q(product__gtin=text))
    return offers


def seller_offer(seller: Seller, offer_id: int) -> Offer | None:
    return Offer.objects.select_related("product", "marketplace").filter(seller=seller, pk=offer_id).first()


def buybox_owner_ids(offer_ids: list[int]) -> set[int]:
    """Which of these offers hold the Buy Box right now (for a seller's offer list)."""
    return set(BuyBox.objects.filter(offer_id__in=offer_ids).values_list("offer_id", flat=True))


def delivery_estimate_days(offer: Offer) -> int:
    return delivery_days(handling_days=offer.handling_days, fulfillment_channel=offer.fulfillment_channel)


@dataclass(frozen=True)
class OfferCounts:
    active: int
    paused: int
    out_of_stock: int  # active offers with no units left
    with_buybox: int

    @property
    def without_buybox(self) -> int:
        return self.active - self.with_buybox


def seller_offer_counts(seller: Seller) -> OfferCounts:
    """The dashboard's numbers in one aggregate query, however many offers the seller has."""
    holds_buybox = Exists(BuyBox.objects.filter(offer_id=OuterRef("pk")))
    active = Q(status=Offer.Status.ACTIVE)
    counts = Offer.objects.filter(seller=seller).aggregate(
        active=Count("id", filter=active),
        paused=Count("id", filter=Q(status=Offer.Status.PAUSED)),
        out_of_stock=Count("id", filter=active & Q(quantity=0)),
        with_buybox=Count("id", filter=active & Q(holds_buybox)),
    )
    return OfferCounts(**counts)


def seller_upload(seller: Seller, upload_id) -> OfferUpload | None:
    """One of the seller's own uploads (another seller's is None, like a missing one)."""
    upload_id = parse_id(upload_id)
    return None if upload_id is None else OfferUpload.objects.filter(seller=seller, pk=upload_id).first()


def seller_recent_uploads(seller: Seller, *, limit: int = 10):
    return OfferUpload.objects.filter(seller=seller).defer("content", "report_csv", "report_rows")[:limit]
