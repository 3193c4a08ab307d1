"""Search and category browsing for the storefront and the API."""
from __future__ import annotations

from dataclasses import dataclass

from mercato.catalog.models import Product
from mercato.catalog.selectors import product_by_code, products_by_ids
from mercato.marketplaces.models import Marketplace
from mercato.offers.selectors import ListingPrice, listing_prices
from mercato.search.engine import Facets, SearchFilters, SortOrder
from mercato.search.services import product_index

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
                    with_facets: bool = True) -> SearchPage:
    page = max(1, min(page, MAX_PAGE))
    result = product_index().search(marketplace=marketplace.code, text=text, filters=filters, sort=sort,
                                    offset=(page - 1) * page_size, limit=page_size, with_facets=with_facets)
    ids = [hit.product_id for hit in result.hits]
    products = products_by_ids(ids)
    prices = listing_prices(ids, marketplace)
    cards = [ProductCard(products[pid], prices.get(pid)) for pid in ids if pid in products]
    page_count = min(MAX_PAGE, max(1, -(-result.total // page_size)))
    return SearchPage(cards, result.total, page, page_count, result.facets, result.matched_all_terms)


def bestsellers_by_category(*, marketplace: Marketplace, category_paths: list[tuple[str, ...]],
                            per_category: int) -> dict[tuple[str, ...], list[ProductCard]]:
    """In-stock best sellers per category (() = everything); products and prices loaded once."""
    index = product_index()
    hits = {path: [hit.product_id for hit in index.search(
                marketplace=marketplace.code, text="", sort=SortOrder.BESTSELLING, limit=per_category,
                filters=SearchFilters(category_path=path, in_stock_only=True), with_facets=False).hits]
            for path in category_paths}
    ids = list({pid for pids in hits.values() for pid in pids})
    products, prices = products_by_ids(ids), listing_prices(ids, marketplace)
    return {path: [ProductCard(products[pid], prices.get(pid)) for pid in pids if pid in products]
            for path, pids in hits.items()}


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
