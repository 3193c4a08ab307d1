"""Search and category browsing for the storefront and the API."""
from __future__ import annotations

import time
from dataclasses import dataclass

from django.core.cache import cache

from mercato.catalog.models import Product
from mercato.catalog.selectors import (
    CategoryNode,
    category_names_by_path,
    category_tree,
    product_by_code,
    products_by_ids,
)
from mercato.core.money import minor_exponent
from mercato.marketplaces.models import Marketplace
from mercato.offers.selectors import ListingPrice, listing_prices
from mercato.search import documents, understanding
from mercato.search.engine import Facets, SearchFilters, SortOrder
from mercato.search.query import query_terms
from mercato.search.reranking import hybrid_hits, rerank_window, reranked_ids
from mercato.search.services import product_index
from mercato.search.synonym_selectors import synonyms_for

PAGE_SIZE = 24
MAX_PAGE = 400  # 400 pages of 24 is the deepest the index serves (10,000 results)


@dataclass(frozen=True)
class ProductCard:
    product: Product
    price: ListingPrice | None


@dataclass(frozen=True)
class SearchPage:
    cards: list[ProductCard]
    total: int
    page: int
    page_count: int
    facets: Facets
    matched_all_terms: bool


def search_products(*, marketplace: Marketplace, text: str = "", filters: SearchFilters = SearchFilters(),
                    sort: SortOrder = SortOrder.RELEVANCE, page: int = 1, page_size: int = PAGE_SIZE,
                    with_facets: bool = True, shopper=None, typed_text: str | None = None) -> SearchPage:
    """One page of products. Ranked by relevance, the first pages follow the marketplace's ranking formula
    (search/reranking.py), personalised for a signed-in `shopper`; `typed_text` is the shopper's own words
    when `text` is what is left of them after recognised filters (the search signals are kept by those)."""
    page = max(1, min(page, MAX_PAGE))
    offset = (page - 1) * page_size
    window = rerank_window(page_size)
    reranked = sort == SortOrder.RELEVANCE and bool(query_terms(text)) and offset < window
    result = product_index().search(marketplace=marketplace.code, text=text, filters=filters, sort=sort,
                                    offset=0 if reranked else offset, limit=window if reranked else page_size,
                                    with_facets=with_facets,
                                    synonyms=synonyms_for(marketplace) if text.strip() else None)
    total = result.total
    if reranked:
        # Products found by meaning alone may fill the window, when nothing narrows the results (the facets
        # count word matches only) and the words found fewer.
        room = window - result.total if filters == SearchFilters() else 0
        hits = hybrid_hits(result.hits, marketplace=marketplace, text=text, room=room)
        total += len(hits) - len(result.hits)
        ids = reranked_ids(hits, marketplace=marketplace, text=text if typed_text is None else typed_text,
                           shopper=shopper)[offset:offset + page_size]
    else:
        ids = [hit.product_id for hit in result.hits]
    products = products_by_ids(ids)
    prices = listing_prices(ids, marketplace)
    cards = [ProductCard(products[pid], prices.get(pid)) for pid in ids if pid in products]
    page_count = min(MAX_PAGE, max(1, -(-total // page_size)))
    return SearchPage(cards, total, page, page_count, result.facets, result.matched_all_terms)


def departments_on_sale(*, marketplace: Marketplace) -> tuple[CategoryNode, ...]:
    """The top-level categories with something on sale in `marketplace`, for its menus, so a shopper is
    never sent to another marketplace's departments; all of them while nothing is on sale yet.
    Read from the search index's department facet, cached briefly like the category tree."""
    key = f"search:departments:{marketplace.code}"
    slugs = cache.get(key)
    if slugs is None:
        found = product_index().search(marketplace=marketplace.code, text="", limit=1)
        slugs = frozenset(facet.value for facet in found.facets.categories if facet.count)
        cache.set(key, slugs, 60)
    departments = category_tree()
    return tuple(node for node in departments if node.slug in slugs) if slugs else departments


@dataclass(frozen=True)
class HomeBestsellers:
    overall: list[ProductCard]
    by_department: list[tuple[object, list[ProductCard]]]  # (department node, cards), non-empty ones only


def home_bestsellers(*, marketplace: Marketplace, departments, overall: int, per_department: int,
                     department_rows: int) -> HomeBestsellers:
    """In-stock best sellers overall and for the first departments that have any. Index lookups are
    cheap; the product rows and prices for all of them are loaded once (two queries)."""
    index = product_index()

    def top(path: tuple[str, ...], limit: int) -> list[int]:
        return [hit.product_id for hit in index.search(
            marketplace=marketplace.code, text="", sort=SortOrder.BESTSELLING, limit=limit,
            filters=SearchFilters(category_path=path, in_stock_only=True), with_facets=False).hits]

    overall_ids = top((), overall)
    department_ids = []
    for department in departments:
        if len(department_ids) == department_rows:
            break
        ids = top(department.path_slugs, per_department)
        if ids:
            department_ids.append((department, ids))
    every_id = list({*overall_ids, *(pid for _, ids in department_ids for pid in ids)})
    products, prices = products_by_ids(every_id), listing_prices(every_id, marketplace)

    def cards(ids: list[int]) -> list[ProductCard]:
        return [ProductCard(products[pid], prices.get(pid)) for pid in ids if pid in products]

    return HomeBestsellers(cards(overall_ids), [(department, cards(ids)) for department, ids in department_ids])


PRODUCT_LOOKUP_LIMIT = 20


@dataclass(frozen=True)
class ProductLookup:
    exact: Product | None  # the text was this product's GTIN or platform id
    products: list[Product]  # otherwise: products whose title matches, best first


def find_products_to_list(*, text: str, marketplace: Marketplace | None,
                          limit: int = PRODUCT_LOOKUP_LIMIT) -> ProductLookup:
    """Products a seller may want to offer, for the "List a product" search.

    An exact GTIN or platform id wins outright. Otherwise the search index (ranked, but it only holds
    products that are on sale in `marketplace`) comes first, then a title match in the database, which
    also finds products nobody sells yet."""
    text = text.strip()
    if not text:
        return ProductLookup(None, [])
    exact = product_by_code(text)
    if exact is not None:
        return ProductLookup(exact, [])
    found: dict[int, Product] = {}
    if marketplace is not None:
        page = search_products(marketplace=marketplace, text=text, page_size=limit, with_facets=False)
        found.update((card.product.id, card.product) for card in page.cards)
    if len(found) < limit:
        for product in (Product.objects.select_related("brand", "category").filter(title__icontains=text)
                        .exclude(id__in=list(found)).order_by("id")[:limit - len(found)]):
            found[product.id] = product
    return ProductLookup(None, list(found.values()))


# Query understanding ("red mug under 10": colour Red, at most 10.00, the text "mug").
# A category named in the query stays text: applied as a filter it lowered NDCG@10 on the ESCI judgments
# from 0.738 to 0.453 (docs/search-relevance.md), so only brand, colour and price become filters.
UNDERSTOOD_KINDS = (understanding.BRAND, understanding.COLOUR, understanding.PRICE)
VOCABULARY_SECONDS = 600
_vocabularies: dict[int, tuple[float, understanding.Vocabulary]] = {}  # by index: one per process


def query_vocabulary() -> understanding.Vocabulary:
    """The brands and colours in the index and the category names (which protect words like "Red" in
    "Red Wine"), rebuilt every few minutes in each process."""
    index = product_index()
    built = _vocabularies.get(id(index))
    if built is None or time.monotonic() - built[0] > VOCABULARY_SECONDS:
        colours = index.field_values(documents.COLOUR)
        categories = [(tuple(path.split("/")), name) for path, name in category_names_by_path().items()]
        built = (time.monotonic(), understanding.build_vocabulary(
            brands=index.field_values(documents.BRAND), colours={colour: colour for colour in colours},
            categories=categories))
        _vocabularies[id(index)] = built
    return built[1]


def understand_query(*, marketplace: Marketplace, text: str, ignore: tuple[str, ...] = ()) -> understanding.UnderstoodQuery:
    """The brand, colour and price bounds named in `text` (except the kinds the shopper removed)."""
    return understanding.understand(text, query_vocabulary(), ignore=ignore, kinds=UNDERSTOOD_KINDS,
                                    minor_per_major=10 ** minor_exponent(marketplace.currency))


@dataclass(frozen=True)
class ShopperSearch:
    page: SearchPage
    understood: understanding.UnderstoodQuery | None  # None when nothing in the words became a filter
    # A department named in the words, offered as a refinement rather than applied (see UNDERSTOOD_KINDS).
    suggested_category: tuple[str, ...] = ()


def search_as_typed(*, marketplace: Marketplace, text: str, filters: SearchFilters = SearchFilters(),
                    sort: SortOrder = SortOrder.RELEVANCE, page: int = 1, shopper=None,
                    ignore: tuple[str, ...] = ()) -> ShopperSearch:
    """The storefront's search: a brand, colour or price bound in the words narrows the results and the rest
    of the words are searched. A filter the shopper chose for the same group wins, and the words stay words.
    A department named in the words comes back as a suggestion."""
    chosen = {understanding.BRAND: filters.brands, understanding.COLOUR: filters.colours,
              understanding.PRICE: filters.price_min_minor is not None or filters.price_max_minor is not None}
    ignore = (*ignore, *(kind for kind, values in chosen.items() if values))  # their words stay words
    understood = understand_query(marketplace=marketplace, text=text, ignore=ignore) if text else None
    suggested = ()
    if text and not filters.category_path:
        suggested = understanding.understand(text, query_vocabulary(), kinds=(understanding.CATEGORY,)).category_path
    if understood is None or not understood.matches:
        return ShopperSearch(search_products(marketplace=marketplace, text=text, filters=filters, sort=sort, page=page,
                                             shopper=shopper), None, suggested)
    return ShopperSearch(search_products(marketplace=marketplace, text=understood.text,
                                         filters=understood.apply_to(filters), sort=sort, page=page, shopper=shopper,
                                         typed_text=text), understood, suggested)
