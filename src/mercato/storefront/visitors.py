"""Logging what a visitor does on the storefront (search results seen, results opened, product pages seen).

The logs carry a visitor token, a random id kept in the session, instead of anything that identifies a
person. Django keeps the session's data when a visitor signs in (the session key is cycled, the data
stays), so a search made before signing in is tied to the purchase made after it; signing out starts a
new session and so a new token. Only GET requests are logged (a HEAD is a check, not a visit).
"""
from mercato.core.text import parse_id
from mercato.search.behaviour import TOKEN_MAX_LENGTH, new_token, record_click, record_product_view, record_search

SESSION_KEY = "visitor"
SEARCH_TOKEN_PARAM = "sr"  # on result links: the results page's log token
POSITION_PARAM = "pos"  # on result links: 1 for the page's first result


def visitor_token(request) -> str:
    token = request.session.get(SESSION_KEY)
    if not isinstance(token, str) or not 0 < len(token) <= TOKEN_MAX_LENGTH:
        token = request.session[SESSION_KEY] = new_token()
    return token


def log_search_page(request, text: str, result) -> str:
    """Log a page of text-search results; the token its result links carry, or "" when nothing was logged
    (no text, no results, or not a GET)."""
    if not text or result is None or not result.cards or request.method != "GET" or request.marketplace is None:
        return ""
    logged = record_search(marketplace=request.marketplace, text=text, shopper=request.user,
                           visitor=visitor_token(request), page=result.page, result_count=result.total,
                           product_ids=[card.product.id for card in result.cards])
    return logged.token if logged else ""


def log_product_page(request, product) -> None:
    """Log a product page view, and the search click that led to it when the link carried one."""
    if request.method != "GET" or request.marketplace is None:
        return
    visitor = visitor_token(request)
    record_product_view(marketplace=request.marketplace, product_id=product.id, shopper=request.user,
                        visitor=visitor)
    token = request.GET.get(SEARCH_TOKEN_PARAM)
    position = parse_id(request.GET.get(POSITION_PARAM, ""))
    if token and position:
        record_click(token=token, product_id=product.id, position=position, shopper=request.user, visitor=visitor)
