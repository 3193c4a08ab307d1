"""Schemas shared by the API's routers: the error body, bounds on input, small nested objects."""
from __future__ import annotations

from typing import Annotated

from ninja import Schema
from pydantic import BeforeValidator, ConfigDict, Field
from pydantic_core import PydanticCustomError

from mercato.core.money import MAX_PRICE_MAJOR

# Offers are priced in minor units. The exact ceiling depends on the marketplace currency
# (1,000,000 major units); this one is exact for the two-decimal currencies (GBP, EUR, USD).
MAX_PRICE_MINOR = MAX_PRICE_MAJOR * 100
MAX_PAGE_SIZE = 100

# Text fields refuse control characters; notes may keep tabs and line breaks.
NO_CONTROL_CHARACTERS = r"^[^\x00-\x1f\x7f-\x9f]*$"
NO_CONTROL_CHARACTERS_EXCEPT_LINE_BREAKS = r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]*$"
MARKETPLACE_CODE = r"^[-a-zA-Z0-9_]+$"
PRODUCT_ID = r"^[0-9A-Za-z]+$"


def _refuse_text_and_booleans(value):
    if isinstance(value, (str, bool)):
        raise PydanticCustomError("int_type", "Input should be a valid integer")
    return value


# A whole number in a JSON body: 12 (and 12.0, which JSON Schema counts as an integer), never "12" or true.
WholeNumber = Annotated[int, BeforeValidator(_refuse_text_and_booleans)]


def _digits_only(value):
    if isinstance(value, str) and not (value.isascii() and value.isdigit()):
        raise PydanticCustomError("int_parsing", "Input should be a whole number written with digits")
    return value


# A whole number in a query string: plain digits only ("1.0" would pass pydantic's lax parsing).
QueryWholeNumber = Annotated[int, BeforeValidator(_digits_only)]


def _no_default(schema: dict) -> None:
    schema.pop("default", None)


def optional(**constraints):
    """A field the client may leave out (meaning "not given", or "keep as it is" in an update) but not
    send as null: the schema shows the plain type, without a null default."""
    return Field(None, json_schema_extra=_no_default, **constraints)


class ErrorOut(Schema):
    """Every error the API returns has this body."""

    error: str = Field(description="Machine-readable code: invalid, not_found, conflict, not_allowed, "
                                   "insufficient_scope, unauthorized, bad_request, method_not_allowed, too_large; "
                                   "when buying: payment_declined, payment_unavailable, out_of_stock, "
                                   "price_changed, capture_failed, refund_failed")
    detail: str = Field(description="What went wrong, in words for people")
    field: str | None = Field(description="The input at fault, e.g. `price_minor` or `rows.3.quantity`; "
                                          "null when the request as a whole is refused")


class InputSchema(Schema):
    """Request bodies refuse unknown fields, so a typo such as `price` for `price_minor` is an error
    instead of being silently ignored. Their numbers are `WholeNumber`s."""

    model_config = ConfigDict(extra="forbid")


class MarketplaceOut(Schema):
    code: str
    name: str
    currency: str = Field(description="ISO 4217 code of every amount in this marketplace")


class SellerOut(Schema):
    id: int
    slug: str
    name: str
    rating_percent: int = Field(description="Positive feedback over the last 12 months, 0..100")
    rating_count: int


def seller_out(seller) -> dict:
    return {"id": seller.id, "slug": seller.slug, "name": seller.display_name,
            "rating_percent": seller.rating_percent, "rating_count": seller.rating_count}


def marketplace_out(marketplace) -> dict:
    return {"code": marketplace.code, "name": marketplace.name, "currency": marketplace.currency}


def page_count(total: int, page_size: int) -> int:
    return max(1, -(-total // page_size))
