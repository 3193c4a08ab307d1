"""A seller's own offers over the API, authenticated by the seller's API key.

Every operation sees only the key's seller: another seller's offer id answers 404, exactly like a
missing one. Reads need the `offers:read` scope, writes `offers:write`.
"""
from __future__ import annotations

from datetime import datetime
from typing import Literal

from django.http import HttpRequest
from ninja import Field, Path, Query, Router, Schema
from ninja.responses import Status
from pydantic import ConfigDict

from mercato.api.auth import key_seller, offers_read, offers_write
from mercato.api.errors import error_responses
from mercato.api.schemas import (
    QueryWholeNumber,
    MARKETPLACE_CODE,
    MAX_PAGE_SIZE,
    MAX_PRICE_MINOR,
    NO_CONTROL_CHARACTERS,
    NO_CONTROL_CHARACTERS_EXCEPT_LINE_BREAKS,
    PRODUCT_ID,
    InputSchema,
    WholeNumber,
    optional,
    page_count,
)
from mercato.api.selectors import (
    any_marketplace,
    holds_buybox,
    product_by_reference,
    seller_offer_page,
    seller_offer_with_buybox,
)
from mercato.catalog.services import clean_gtin
from mercato.core.errors import Invalid, NotFound
from mercato.offers.models import Condition, FulfillmentChannel, Offer
from mercato.offers.services import (
    MAX_HANDLING_DAYS,
    MAX_QUANTITY,
    OfferRow,
    OfferTerms,
    create_offer,
    pause_offer,
    resume_offer,
    update_offer,
    upsert_offers,
)

router = Router(tags=["Offers"])

MAX_BULK_ROWS = 1_000
MAX_OFFER_ID = 2**63 - 1
GTIN_DIGITS = r"^([0-9]{8}|[0-9]{12,14})$"
READ_SCOPE = "Needs an API key with the `offers:read` scope."
WRITE_SCOPE = "Needs an API key with the `offers:write` scope."


_PRICE = {"ge": 1, "le": MAX_PRICE_MINOR,
          "description": "Item price in minor units of the marketplace currency (1250 = £12.50 in GBP), "
                         f"1..{MAX_PRICE_MINOR:,}"}
_SHIPPING = {"ge": 0, "le": MAX_PRICE_MINOR,
             "description": "Delivery charge per item in minor units; 0 for free delivery"}
_QUANTITY = {"ge": 0, "le": MAX_QUANTITY, "description": "Units you can ship now"}
_HANDLING_DAYS = {"ge": 0, "le": MAX_HANDLING_DAYS,
                  "description": "Working days from order to dispatch"}
_NOTE = {"max_length": 300, "pattern": NO_CONTROL_CHARACTERS_EXCEPT_LINE_BREAKS,
         "description": "What a buyer should know about a used item's condition"}
_SKU = {"max_length": 40, "pattern": NO_CONTROL_CHARACTERS,
        "description": "Your own stock-keeping unit, unique per marketplace; default `<product_id>-<condition>`"}
_CHANNEL = {"description": "Who ships: only `merchant` (you) for now; fulfilment by the Mercato network "
                           "will be offered here when it opens"}
_PRODUCT_ID = {"max_length": 12, "pattern": PRODUCT_ID, "description": "Platform-wide product id"}
_GTIN = {"pattern": GTIN_DIGITS,
         "description": "The product's GTIN-8/12/13/14 (EAN, UPC), digits only, with a valid check digit"}


class OfferCreateIn(InputSchema):
    model_config = ConfigDict(json_schema_extra={"anyOf": [{"required": ["product_id"]}, {"required": ["gtin"]}]})

    product_id: str = optional(**_PRODUCT_ID)
    gtin: str = optional(**_GTIN)
    marketplace: str = Field(max_length=8, pattern=MARKETPLACE_CODE, description="Marketplace code, e.g. `gb`")
    condition: Condition = Condition.NEW
    condition_note: str = Field("", **_NOTE)
    price_minor: WholeNumber = Field(**_PRICE)
    quantity: WholeNumber = Field(**_QUANTITY)
    shipping_minor: WholeNumber = Field(0, **_SHIPPING)
    handling_days: WholeNumber = Field(2, **_HANDLING_DAYS)
    seller_sku: str = optional(**_SKU)
    fulfillment_channel: Literal["merchant"] = Field("merchant", **_CHANNEL)


class OfferUpdateIn(InputSchema):
    """Only the fields sent change."""

    price_minor: WholeNumber = optional(**_PRICE)
    quantity: WholeNumber = optional(**_QUANTITY)
    shipping_minor: WholeNumber = optional(**_SHIPPING)
    handling_days: WholeNumber = optional(**_HANDLING_DAYS)
    condition_note: str = optional(**_NOTE)
    fulfillment_channel: Literal["merchant"] = optional(**_CHANNEL)


class OfferRowIn(OfferUpdateIn):
    """One offer to create or update: the product by `product_id` or `gtin`, and its condition. A new
    offer needs `price_minor` and `quantity`; for an existing one, fields left out keep their value."""

    product_id: str = optional(**_PRODUCT_ID)
    gtin: str = optional(**_GTIN)
    condition: Condition = Condition.NEW
    seller_sku: str = optional(**_SKU)


class BulkIn(InputSchema):
    marketplace: str = Field(max_length=8, pattern=MARKETPLACE_CODE, description="Marketplace of every row")
    rows: list[OfferRowIn] = Field(min_length=1, max_length=MAX_BULK_ROWS,
                                   description=f"1..{MAX_BULK_ROWS:,} rows")


class OfferListQuery(Schema):
    status: Offer.Status = optional(description="Only offers in this status")
    marketplace: str = optional(max_length=8, pattern=MARKETPLACE_CODE, description="Only offers in this marketplace")
    page: QueryWholeNumber = Field(1, ge=1, le=100_000)
    page_size: QueryWholeNumber = Field(50, ge=1, le=MAX_PAGE_SIZE)


class ProductRefOut(Schema):
    public_id: str
    title: str
    gtin: str | None


class SellerOfferOut(Schema):
    id: int
    product: ProductRefOut
    marketplace: str = Field(description="Marketplace code")
    currency: str
    seller_sku: str
    condition: Condition
    condition_note: str
    price_minor: int = Field(description="Item price in minor units of `currency`")
    shipping_minor: int = Field(description="Delivery charge per item in minor units")
    landed_price_minor: int = Field(description="price_minor + shipping_minor")
    quantity: int
    handling_days: int
    fulfillment_channel: FulfillmentChannel
    status: Offer.Status = Field(description="`paused` offers are not for sale")
    has_buy_box: bool = Field(description="True while this offer is the product's Buy Box offer")
    created_at: datetime
    updated_at: datetime


class OfferPageOut(Schema):
    items: list[SellerOfferOut]
    total: int
    page: int
    page_size: int
    page_count: int


class RowOutcomeOut(Schema):
    row: int = Field(description="Index of the row in `rows`, from 0")
    accepted: bool
    action: Literal["created", "updated", "rejected"]
    offer_id: int | None
    error: str | None = Field(description="Why the row was rejected")
    field: str | None = Field(description="The row's field at fault")


class BulkOut(Schema):
    created: int
    updated: int
    rejected: int
    rows: list[RowOutcomeOut]


OfferId = Path(..., ge=1, le=MAX_OFFER_ID, description="Offer id")


# /offers/bulk comes before /offers/{offer_id}, or Django would route it there.
@router.post("/offers/bulk", auth=offers_write,
             response={200: BulkOut, **error_responses(400, 401, 403, 404, 413, 422)},
             operation_id="bulkUpsertOffers", summary="Create or update many offers",
             description="Each row stands alone: a rejected row writes nothing and the others still land, so "
                         "the answer is 200 with an outcome per row. More than 1,000 rows, or a row that "
                         f"breaks the schema, refuses the whole request with 422. {WRITE_SCOPE}")
def offer_bulk_upsert(request: HttpRequest, payload: BulkIn):
    marketplace = _marketplace(payload.marketplace)
    rows = [OfferRow(row_number=index, product_id=row.product_id or "", gtin=row.gtin or "",
                     condition=row.condition.value, seller_sku=row.seller_sku or "", terms=_terms(row))
            for index, row in enumerate(payload.rows)]
    outcomes = upsert_offers(seller=key_seller(request), marketplace=marketplace, rows=rows)
    return {
        "created": sum(o.action == "created" for o in outcomes),
        "updated": sum(o.action == "updated" for o in outcomes),
        "rejected": sum(not o.accepted for o in outcomes),
        "rows": [{"row": o.row_number, "accepted": o.accepted, "action": o.action, "offer_id": o.offer_id,
                  "error": o.error or None, "field": o.field} for o in outcomes],
    }


@router.get("/offers", auth=offers_read, response={200: OfferPageOut, **error_responses(401, 403, 404, 422)},
            operation_id="listOffers", summary="Your offers", description=f"Newest change first. {READ_SCOPE}")
def offer_list(request: HttpRequest, query: Query[OfferListQuery]):
    marketplace = _marketplace(query.marketplace) if query.marketplace else None
    page = seller_offer_page(key_seller(request), marketplace=marketplace,
                             status=query.status.value if query.status else None,
                             page=query.page, page_size=query.page_size)
    return {"items": [_offer_out(offer, offer.id in page.buybox_offer_ids) for offer in page.offers],
            "total": page.total, "page": query.page, "page_size": query.page_size,
            "page_count": page_count(page.total, query.page_size)}


@router.post("/offers", auth=offers_write,
             response={201: SellerOfferOut, **error_responses(400, 401, 403, 404, 409, 413, 422)},
             operation_id="createOffer", summary="List a product for sale",
             description="Name the product by `product_id` or `gtin` (if both, `product_id`). A second offer for "
                         f"the same product, condition and marketplace is a 409 naming `condition`. {WRITE_SCOPE}")
def offer_create(request: HttpRequest, payload: OfferCreateIn):
    marketplace = _marketplace(payload.marketplace)
    product = _product(payload.product_id, payload.gtin)
    offer = create_offer(seller=key_seller(request), product=product, marketplace=marketplace,
                         condition=payload.condition.value, seller_sku=payload.seller_sku, terms=_terms(payload))
    return Status(201, _offer_out(offer, holds_buybox(offer)))


@router.get("/offers/{offer_id}", auth=offers_read,
            response={200: SellerOfferOut, **error_responses(401, 403, 404, 422)},
            operation_id="getOffer", summary="One of your offers", description=READ_SCOPE)
def offer_detail(request: HttpRequest, offer_id: int = OfferId):
    found = seller_offer_with_buybox(key_seller(request), offer_id)
    if found is None:
        raise NotFound("no such offer", field="offer")
    return _offer_out(*found)


@router.patch("/offers/{offer_id}", auth=offers_write,
              response={200: SellerOfferOut, **error_responses(400, 401, 403, 404, 413, 422)},
              operation_id="updateOffer", summary="Change an offer's terms",
              description=f"Only the fields sent change. {WRITE_SCOPE}")
def offer_update(request: HttpRequest, payload: OfferUpdateIn, offer_id: int = OfferId):
    offer = update_offer(seller=key_seller(request), offer_id=offer_id, terms=_terms(payload))
    return _offer_out(offer, holds_buybox(offer))


@router.post("/offers/{offer_id}/pause", auth=offers_write,
             response={200: SellerOfferOut, **error_responses(401, 403, 404, 422)},
             operation_id="pauseOffer", summary="Take an offer off sale",
             description=f"Its terms are kept; resume it to sell again. {WRITE_SCOPE}")
def offer_pause(request: HttpRequest, offer_id: int = OfferId):
    offer = pause_offer(seller=key_seller(request), offer_id=offer_id)
    return _offer_out(offer, holds_buybox(offer))


@router.post("/offers/{offer_id}/resume", auth=offers_write,
             response={200: SellerOfferOut, **error_responses(401, 403, 404, 422)},
             operation_id="resumeOffer", summary="Put a paused offer back on sale", description=WRITE_SCOPE)
def offer_resume(request: HttpRequest, offer_id: int = OfferId):
    offer = resume_offer(seller=key_seller(request), offer_id=offer_id)
    return _offer_out(offer, holds_buybox(offer))


def _marketplace(code: str):
    marketplace = any_marketplace(code)
    if marketplace is None:
        raise NotFound("no such marketplace", field="marketplace")
    return marketplace


def _product(public_id: str | None, gtin: str | None):
    if not public_id and not gtin:
        raise Invalid("give a product_id or a gtin", field="product_id")
    product = product_by_reference(public_id=public_id, gtin=None if public_id else clean_gtin(gtin))
    if product is None:
        field = "product_id" if public_id else "gtin"
        raise NotFound(f"no product with this {'id' if public_id else 'GTIN'}", field=field)
    return product


def _terms(payload) -> OfferTerms:
    return OfferTerms(price_minor=payload.price_minor, quantity=payload.quantity,
                      shipping_minor=payload.shipping_minor, handling_days=payload.handling_days,
                      condition_note=payload.condition_note, fulfillment_channel=payload.fulfillment_channel)


def _offer_out(offer: Offer, has_buy_box: bool) -> dict:
    return {
        "id": offer.id,
        "product": {"public_id": offer.product.public_id, "title": offer.product.title, "gtin": offer.product.gtin},
        "marketplace": offer.marketplace.code,
        "currency": offer.currency,
        "seller_sku": offer.seller_sku,
        "condition": offer.condition,
        "condition_note": offer.condition_note,
        "price_minor": offer.price_minor,
        "shipping_minor": offer.shipping_minor,
        "landed_price_minor": offer.landed_price_minor,
        "quantity": offer.quantity,
        "handling_days": offer.handling_days,
        "fulfillment_channel": offer.fulfillment_channel,
        "status": offer.status,
        "has_buy_box": has_buy_box,
        "created_at": offer.created_at,
        "updated_at": offer.updated_at,
    }
