"""Offers: a seller's terms for a product in a marketplace, and the Buy Box that follows from them."""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone

from mercato.catalog.models import Product
from mercato.core.errors import Conflict, DomainError, Invalid, NotAllowed, NotFound
from mercato.core.money import check_amount_minor
from mercato.core.text import clean_text, parse_whole_number
from mercato.marketplaces.models import Marketplace
from mercato.offers import buybox
from mercato.offers.delivery import delivery_days
from mercato.offers.models import BuyBox, Condition, FulfillmentChannel, Offer
from mercato.sellers.models import Seller

MAX_QUANTITY = 1_000_000
MAX_HANDLING_DAYS = 30


@dataclass(frozen=True)
class OfferTerms:
    """What a seller sets on an offer. `None` on an update means "leave as it is"."""

    price_minor: int | None = None
    quantity: int | None = None
    shipping_minor: int | None = None
    handling_days: int | None = None
    condition_note: str | None = None
    fulfillment_channel: str | None = None


def _clean_terms(terms: OfferTerms, currency: str) -> dict:
    cleaned = {}
    if terms.price_minor is not None:
        cleaned["price_minor"] = check_amount_minor(_whole(terms.price_minor, "price_minor"), currency,
                                                    field="price_minor")
    if terms.shipping_minor is not None:
        cleaned["shipping_minor"] = check_amount_minor(_whole(terms.shipping_minor, "shipping_minor"), currency,
                                                       field="shipping_minor", allow_zero=True)
    if terms.quantity is not None:
        cleaned["quantity"] = parse_whole_number(terms.quantity, field="quantity", minimum=0, maximum=MAX_QUANTITY)
    if terms.handling_days is not None:
        cleaned["handling_days"] = parse_whole_number(terms.handling_days, field="handling_days", minimum=0,
                                                      maximum=MAX_HANDLING_DAYS)
    if terms.condition_note is not None:
        cleaned["condition_note"] = clean_text(terms.condition_note, field="condition_note", max_length=300,
                                               required=False)
    if terms.fulfillment_channel is not None:
        if terms.fulfillment_channel not in FulfillmentChannel.values:
            raise Invalid("fulfillment channel must be 'merchant'", field="fulfillment_channel")
        if terms.fulfillment_channel == FulfillmentChannel.NETWORK:
            raise Invalid("an offer moves to Fulfilled by Mercato from its fulfillment page in Seller Central, "
                          "where its units are sent to a center; list it as 'merchant' first",
                          field="fulfillment_channel")
        cleaned["fulfillment_channel"] = terms.fulfillment_channel
    return cleaned


def _whole(value, field: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise Invalid(f"{field.replace('_', ' ')} must be a whole number of minor units", field=field)
    return value


def _require_active(seller: Seller) -> None:
    if not seller.is_active:
        raise NotAllowed(f"seller account is {seller.get_status_display().lower()}; offers can be listed once it is "
                         "active", field="seller")


@transaction.atomic
def create_offer(*, seller: Seller, product: Product, marketplace: Marketplace, terms: OfferTerms,
                 condition: str = Condition.NEW, seller_sku: str | None = None,
                 refresh_buybox: bool = True) -> Offer:
    """List `product` for sale by `seller` in `marketplace`. Bulk callers pass refresh_buybox=False
    and refresh the Buy Boxes of everything they touched once, at the end."""
    _require_active(seller)
    if not marketplace.is_active:
        raise Invalid("this marketplace is closed", field="marketplace")
    if condition not in Condition.values:
        raise Invalid("condition must be one of: " + ", ".join(Condition.values), field="condition")
    if terms.price_minor is None:
        raise Invalid("price is required", field="price_minor")
    if terms.quantity is None:
        raise Invalid("quantity is required", field="quantity")
    cleaned = _clean_terms(terms, marketplace.currency)
    sku = clean_text(seller_sku, field="seller_sku", max_length=40, required=False) or f"{product.public_id}-{condition}"
    if Offer.objects.filter(seller=seller, product=product, condition=condition, marketplace=marketplace).exists():
        raise Conflict("you already have an offer for this product in this condition; edit it instead",
                       field="condition")
    if Offer.objects.filter(seller=seller, marketplace=marketplace, seller_sku=sku).exists():
        raise Conflict(f"you already use the SKU {sku!r} for another offer", field="seller_sku")
    try:
        with transaction.atomic():
            offer = Offer.objects.create(seller=seller, product=product, marketplace=marketplace, condition=condition,
                                         seller_sku=sku, currency=marketplace.currency, **cleaned)
    except IntegrityError:
        raise Conflict("you already have an offer for this product in this condition", field="condition") from None
    if refresh_buybox:
        refresh_buyboxes([(product.id, marketplace.id)])
    return offer


def _own_offer_for_update(seller: Seller, offer_id: int) -> Offer:
    offer = Offer.objects.select_for_update().filter(pk=offer_id, seller=seller).first()
    if offer is None:
        # Another seller's offer is reported exactly like a missing one: its existence is not theirs to learn.
        raise NotFound("no such offer", field="offer")
    return offer


@transaction.atomic
def update_offer(*, seller: Seller, offer_id: int, terms: OfferTerms, refresh_buybox: bool = True) -> Offer:
    _require_active(seller)
    offer = _own_offer_for_update(seller, offer_id)
    changes = _clean_terms(terms, offer.currency)
    network = offer.fulfillment_channel == FulfillmentChannel.NETWORK
    if network and changes.get("quantity", offer.quantity) != offer.quantity:
        raise Invalid("this offer is fulfilled by Mercato: its quantity is what the centers hold; send an inbound "
                      "shipment to add units", field="quantity")
    if network and "fulfillment_channel" in changes:
        changes.pop("fulfillment_channel")  # switching back goes through the network, which checks the stock
    for name, value in changes.items():
        setattr(offer, name, value)
    if changes:
        offer.save(update_fields=[*changes, "updated_at"])
        if refresh_buybox:
            refresh_buyboxes([(offer.product_id, offer.marketplace_id)])
    return offer


@transaction.atomic
def pause_offer(*, seller: Seller, offer_id: int) -> Offer:
    """Take an offer off sale without losing its terms."""
    return _set_offer_status(seller, offer_id, Offer.Status.PAUSED)


@transaction.atomic
def resume_offer(*, seller: Seller, offer_id: int) -> Offer:
    _require_active(seller)
    return _set_offer_status(seller, offer_id, Offer.Status.ACTIVE)


def _set_offer_status(seller: Seller, offer_id: int, status: str) -> Offer:
    offer = _own_offer_for_update(seller, offer_id)
    if offer.status != status:
        offer.status = status
        offer.save(update_fields=["status", "updated_at"])
        refresh_buyboxes([(offer.product_id, offer.marketplace_id)])
    return offer


@dataclass(frozen=True)
class OfferRow:
    """One row of a bulk upload: the product by platform id or GTIN, a condition, and the terms."""

    row_number: int
    product_id: str = ""
    gtin: str = ""
    condition: str = Condition.NEW
    seller_sku: str = ""
    terms: OfferTerms = OfferTerms()


@dataclass(frozen=True)
class RowOutcome:
    row_number: int
    accepted: bool
    action: str  # "created", "updated" or "rejected"
    offer_id: int | None = None
    error: str = ""
    field: str | None = None


UPSERT_CHUNK_ROWS = 500


@transaction.atomic
def upsert_offers(*, seller: Seller, marketplace: Marketplace, rows: Iterable[OfferRow]) -> list[RowOutcome]:
    """Create or update many offers. Each row stands alone: a rejected row writes nothing, the others land."""
    _require_active(seller)
    outcomes = []
    touched = set()
    for chunk in _chunks(rows, UPSERT_CHUNK_ROWS):
        # The chunk's products and the seller's existing offers on them are read up front, two queries
        # instead of two per row; each row's writes still run alone in a savepoint.
        known = _ProductsAndOffers.load(seller, marketplace, chunk)
        for row in chunk:
            try:
                with transaction.atomic():
                    offer, created = _upsert_one(seller, marketplace, row, known)
            except DomainError as error:
                outcomes.append(RowOutcome(row.row_number, False, "rejected", error=error.detail, field=error.field))
            else:
                known.remember(offer)
                touched.add((offer.product_id, offer.marketplace_id))
                outcomes.append(RowOutcome(row.row_number, True, "created" if created else "updated", offer.id))
    touched = sorted(touched)
    for start in range(0, len(touched), 500):
        refresh_buyboxes(touched[start:start + 500])
    return outcomes


def _chunks(rows: Iterable[OfferRow], size: int):
    chunk = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


@dataclass
class _ProductsAndOffers:
    by_public_id: dict[str, Product]
    by_gtin: dict[str, Product]
    offers: dict[tuple[int, str], Offer]  # (product id, condition) -> the seller's offer

    @classmethod
    def load(cls, seller: Seller, marketplace: Marketplace, rows: list[OfferRow]) -> "_ProductsAndOffers":
        from mercato.catalog.gtin import normalise_gtin

        public_ids = {str(r.product_id).strip().upper() for r in rows if r.product_id}
        gtins = {normalise_gtin(str(r.gtin)) for r in rows if r.gtin and not r.product_id}
        products = list(Product.objects.filter(public_id__in=public_ids)) if public_ids else []
        products += list(Product.objects.filter(gtin__in=gtins)) if gtins else []
        offers = Offer.objects.filter(seller=seller, marketplace=marketplace, product__in=products)
        return cls({p.public_id: p for p in products}, {p.gtin: p for p in products if p.gtin},
                   {(o.product_id, o.condition): o for o in offers})

    def remember(self, offer: Offer) -> None:
        self.offers[(offer.product_id, offer.condition)] = offer


def _upsert_one(seller: Seller, marketplace: Marketplace, row: OfferRow,
                known: _ProductsAndOffers) -> tuple[Offer, bool]:
    from mercato.catalog.services import clean_gtin

    if row.product_id:
        product = known.by_public_id.get(str(row.product_id).strip().upper())
        if product is None:
            raise NotFound(f"no product with id {str(row.product_id)[:20]!r}", field="product_id")
    elif row.gtin:
        gtin = clean_gtin(row.gtin)
        product = known.by_gtin.get(gtin)
        if product is None:
            raise NotFound(f"no product with GTIN {gtin}; create the product first", field="gtin")
    else:
        raise Invalid("give a product_id or a gtin", field="product_id")
    condition = (row.condition or Condition.NEW).strip()
    if condition not in Condition.values:
        raise Invalid("condition must be one of: " + ", ".join(Condition.values), field="condition")
    existing = known.offers.get((product.id, condition))
    if existing is None:
        return create_offer(seller=seller, product=product, marketplace=marketplace, terms=row.terms,
                            condition=condition, seller_sku=row.seller_sku or None, refresh_buybox=False), True
    if row.seller_sku and row.seller_sku.strip() != existing.seller_sku:
        raise Conflict(f"this offer already has the SKU {existing.seller_sku!r}", field="seller_sku")
    return update_offer(seller=seller, offer_id=existing.id, terms=row.terms, refresh_buybox=False), False


def refresh_buyboxes(pairs: Iterable[tuple[int, int]], *, queue_reindex: bool = True) -> None:
    """Recompute the Buy Box of each (product id, marketplace id) and queue the products for reindexing
    (bulk loaders that rebuild the whole index afterwards pass queue_reindex=False)."""
    from mercato.search.services import mark_products_stale

    pairs = set(pairs)
    if not pairs:
        return
    product_ids = {product_id for product_id, _ in pairs}
    candidates = defaultdict(list)
    offers = (Offer.objects.filter(product_id__in=product_ids, status=Offer.Status.ACTIVE)
              .select_related("seller").only("id", "product_id", "marketplace_id", "price_minor", "shipping_minor",
                                             "quantity", "handling_days", "fulfillment_channel", "condition",
                                             "seller__status",
                                             "seller__performance_score"))
    for offer in offers:
        candidates[(offer.product_id, offer.marketplace_id)].append(candidate_for(offer))
    existing = {(b.product_id, b.marketplace_id): b
                for b in BuyBox.objects.filter(product_id__in=product_ids)}
    to_create, to_update = [], []
    now = timezone.now()
    for key in pairs:
        decision = buybox.choose_featured_offer(candidates.get(key, []))
        eligible = [c for c in candidates.get(key, []) if c.in_stock and c.seller_active]
        row = existing.get(key) or BuyBox(product_id=key[0], marketplace_id=key[1])
        row.offer_id = decision.winner.offer_id if decision.winner else None
        row.landed_price_minor = decision.winner.landed_price_minor if decision.winner else None
        row.lowest_price_minor = min((c.landed_price_minor for c in eligible), default=None)
        row.offer_count = len(eligible)
        row.reason = decision.reason[:200]
        row.updated_at = now
        (to_update if row.pk else to_create).append(row)
    BuyBox.objects.bulk_create(to_create, batch_size=500)
    BuyBox.objects.bulk_update(to_update, ["offer", "landed_price_minor", "lowest_price_minor", "offer_count",
                                           "reason", "updated_at"], batch_size=500)
    if queue_reindex:
        mark_products_stale(product_ids)


def candidate_for(offer: Offer) -> buybox.Candidate:
    return buybox.Candidate(
        offer_id=offer.id,
        landed_price_minor=offer.price_minor + offer.shipping_minor,
        delivery_days=delivery_days(handling_days=offer.handling_days,
                                    fulfillment_channel=offer.fulfillment_channel),
        seller_score=offer.seller.performance_score,
        in_stock=offer.quantity > 0,
        seller_active=offer.seller.status == Seller.Status.ACTIVE,
        is_new=offer.condition == Condition.NEW,
    )


def refresh_buyboxes_for_seller(seller: Seller) -> None:
    pairs = Offer.objects.filter(seller=seller).values_list("product_id", "marketplace_id").distinct()
    pairs = list(pairs)
    for start in range(0, len(pairs), 500):
        refresh_buyboxes(pairs[start:start + 500])
