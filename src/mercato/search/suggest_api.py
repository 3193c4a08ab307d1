"""Search-box suggestions over the API: what to search or open for the words typed so far."""
from __future__ import annotations

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from mercato.api.errors import error_responses
from mercato.api.schemas import MARKETPLACE_CODE, NO_CONTROL_CHARACTERS, MarketplaceOut, marketplace_out, optional
from mercato.api.selectors import open_marketplace
from mercato.core.errors import NotFound
from mercato.search.suggest import PRODUCT, QUERY
from mercato.search.suggest_selectors import MAX_TEXT_CHARS, search_suggestions

router = Router(tags=["Search"])


class SuggestionsQuery(Schema):
    q: str = Field("", max_length=MAX_TEXT_CHARS, pattern=NO_CONTROL_CHARACTERS,
                   description="What the shopper has typed so far; the last word may be unfinished")
    marketplace: str = optional(max_length=8, pattern=MARKETPLACE_CODE,
                                description="Marketplace code; default: the platform's default marketplace")


class SuggestionOut(Schema):
    kind: str = Field(description=f"`{QUERY}`: search for `text`; `{PRODUCT}`: open the product `public_id`")
    text: str = Field(description="The query to search, or the product's title")
    public_id: str | None = Field(description="The product's id for `GET /products/{public_id}`; null for a query")


class SuggestionsOut(Schema):
    marketplace: MarketplaceOut
    q: str
    suggestions: list[SuggestionOut] = Field(description="Queries first, then products; each most popular first")


@router.get("/search/suggestions", response={200: SuggestionsOut, **error_responses(404, 422)},
            operation_id="searchSuggestions", summary="Suggest searches and products as the shopper types")
def suggestions(request: HttpRequest, query: Query[SuggestionsQuery]):
    """Up to 6 queries (popular past searches, brands, categories) and 4 products that start with `q`: the
    earlier words whole, the last one as a prefix ("desk l" gives "desk lamp", not "desktop"). A product is
    found from any of its title's first words. Empty `q`: no suggestions. Unknown marketplace: 404."""
    marketplace = open_marketplace(query.marketplace)
    if marketplace is None:
        raise NotFound("no such marketplace", field="marketplace")
    found = search_suggestions(marketplace=marketplace, text=query.q)
    return {
        "marketplace": marketplace_out(marketplace),
        "q": query.q,
        "suggestions": [{"kind": s.kind, "text": s.text, "public_id": s.public_id or None}
                        for s in (*found.queries, *found.products)],
    }
