"""Logging what shoppers do with search results and product pages: the raw material of the ranking
signals (signals.py) and of "customers who viewed this also viewed".

A log row holds the shopper's id when they are signed in and otherwise only `visitor`, a random token
kept in their session; no address, name, IP address or user agent. A click is a log, not an action: a
link with an unknown, foreign or mangled search token is ignored without an error.
"""
from __future__ import annotations

import re
import secrets
from collections.abc import Sequence

from django.utils import timezone

from mercato.marketplaces.models import Marketplace
from mercato.search.models import ProductView, SearchClick, SearchLog
from mercato.search.query import query_terms

TOKEN_MAX_LENGTH = 32  # SearchLog.token and the visitor columns
_TOKEN = re.compile(r"[A-Za-z0-9_-]{1,%d}" % TOKEN_MAX_LENGTH)  # what new_token() makes, and nothing else
QUERY_KEY_MAX_LENGTH = 200  # SearchLog.query_key


def new_token() -> str:
    """A random URL-safe token (22 characters, 128 bits)."""
    return secrets.token_urlsafe(16)


def query_key(text: str) -> str:
    """What a search is logged and its signals are keyed under: the query's index terms, space separated,
    so "Red Mugs" and "red mug" are one query. Cut at a whole term to fit the column; "" for no terms."""
    key = ""
    for term in query_terms(text):
        candidate = f"{key} {term}" if key else term
        if len(candidate) > QUERY_KEY_MAX_LENGTH:
            break
        key = candidate
    return key


def _shopper_id(shopper) -> int | None:
    return shopper.pk if shopper is not None and shopper.is_authenticated else None


def record_search(*, marketplace: Marketplace, text: str, shopper, visitor: str, page: int, result_count: int,
                  product_ids: Sequence[int]) -> SearchLog | None:
    """Log one page of text-search results (the products in the order shown). Nothing is logged for text
    without searchable words; the returned log's token goes into the result links."""
    key = query_key(text)
    if not key:
        return None
    return SearchLog.objects.create(
        token=new_token(), marketplace=marketplace, query_key=key, shopper_id=_shopper_id(shopper),
        visitor=visitor[:TOKEN_MAX_LENGTH], page=max(1, page), result_count=max(0, result_count),
        product_ids=[int(product_id) for product_id in product_ids], searched_at=timezone.now())


def record_click(*, token, product_id: int, position, shopper, visitor: str) -> SearchClick | None:
    """Log that the visitor opened `product_id` from the results page logged under `token`, where it was shown
    at `position` (1 is the page's first result). Ignored (None) unless that page showed that product at
    that position to this same visitor: a forged or shared link must not count."""
    if not isinstance(token, str) or not _TOKEN.fullmatch(token):
        return None
    if isinstance(position, bool) or not isinstance(position, int) or position < 1:
        return None
    visitor = visitor[:TOKEN_MAX_LENGTH]
    search = SearchLog.objects.filter(token=token).only("id", "visitor", "product_ids").first()
    if search is None or search.visitor != visitor:
        return None
    shown = search.product_ids if isinstance(search.product_ids, list) else []
    if position > len(shown) or shown[position - 1] != product_id:
        return None
    return SearchClick.objects.create(search=search, product_id=product_id, position=position,
                                      shopper_id=_shopper_id(shopper), visitor=visitor, clicked_at=timezone.now())


def record_product_view(*, marketplace: Marketplace, product_id: int, shopper, visitor: str) -> ProductView:
    """Log that the visitor saw a product's page."""
    return ProductView.objects.create(marketplace=marketplace, product_id=product_id,
                                      shopper_id=_shopper_id(shopper), visitor=visitor[:TOKEN_MAX_LENGTH],
                                      viewed_at=timezone.now())
