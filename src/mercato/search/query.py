"""Turning shopper text and filters into tantivy queries.

Shopper text never reaches tantivy's query-language parser: it is cut into words by the same
analyzer the index uses (`en_stem`: split on non-alphanumerics, drop words over 40 bytes,
lowercase, English stemming) and each word becomes plain term queries. So `"red" AND (`,
`title:x` or `*` are just the words "red", "and", "title", "x".
"""

from __future__ import annotations

from dataclasses import dataclass

import tantivy

from mercato.search import documents as fields

MAX_QUERY_TERMS = 32
# Longer input cannot add anything once 32 words are found; bounding it bounds the analyzer's work.
MAX_QUERY_CHARS = 1_000

_STOP_WORDS = (
    "a an and are as at be but by for from if in into is it no not of on or so such that the "
    "their then there these they this to was will with"
)

_EN_STEM = (
    tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
    .filter(tantivy.Filter.remove_long(40))
    .filter(tantivy.Filter.lowercase())
    .filter(tantivy.Filter.stemmer("english"))
    .build()
)
_STEMMED_STOP_WORDS = frozenset(_EN_STEM.analyze(_STOP_WORDS))


@dataclass(frozen=True)
class SearchFilters:
    category_path: tuple[str, ...] = ()  # this category and everything below it
    brands: tuple[str, ...] = ()  # OR within the group
    colours: tuple[str, ...] = ()  # attribute "colour"; OR within the group
    price_min_minor: int | None = None  # inclusive
    price_max_minor: int | None = None  # inclusive
    conditions: tuple[str, ...] = ()  # OR within the group
    fulfillment_channels: tuple[str, ...] = ()  # OR within the group
    seller_id: int | None = None
    in_stock_only: bool = False


def query_terms(text: str) -> list[str]:
    """The distinct index terms of `text`, in order, at most MAX_QUERY_TERMS.

    Stop words are dropped when the text has other words ("mug for tea" -> "mug", "tea"), so
    requiring every word does not hinge on a "for" in the description.
    """
    # Lone surrogates (from badly decoded input) cannot cross into Rust; drop them.
    cleaned = text[:MAX_QUERY_CHARS].encode("utf-8", "ignore").decode("utf-8")
    terms = list(dict.fromkeys(_EN_STEM.analyze(cleaned)))
    content_terms = [term for term in terms if term not in _STEMMED_STOP_WORDS]
    return (content_terms or terms)[:MAX_QUERY_TERMS]


def scored_text_query(
    schema: tantivy.Schema, terms: list[str], *, require_all_terms: bool
) -> tantivy.Query:
    """BM25 over the weighted text fields; a term may match in any field.

    With `require_all_terms` every term must match somewhere; otherwise any term matches and a
    document matching more terms scores higher (scores add up).
    """
    occur = tantivy.Occur.Must if require_all_terms else tantivy.Occur.Should
    return tantivy.Query.boolean_query(
        [(occur, _term_in_any_field(schema, term)) for term in terms]
    )


def matching_text_query(
    schema: tantivy.Schema, terms: list[str], *, require_all_terms: bool
) -> tantivy.Query:
    """The same documents as `scored_text_query`, found faster, without scores."""
    occur = tantivy.Occur.Must if require_all_terms else tantivy.Occur.Should
    return tantivy.Query.boolean_query(
        [
            (occur, tantivy.Query.term_query(schema, fields.ALL_TEXT, term, index_option="basic"))
            for term in terms
        ]
    )


def _term_in_any_field(schema: tantivy.Schema, term: str) -> tantivy.Query:
    return tantivy.Query.boolean_query(
        [
            (
                tantivy.Occur.Should,
                tantivy.Query.boost_query(
                    tantivy.Query.term_query(schema, field_name, term, index_option="freq"), boost
                ),
            )
            for field_name, boost in fields.TEXT_FIELD_BOOSTS.items()
        ]
    )


# Filter groups. Facets are disjunctive: each facet group is counted with every filter except
# its own, so these names are the keys that let the engine leave one group out.
CATEGORY = "category"
BRAND = "brand"
COLOUR = "colour"
PRICE = "price"
CONDITION = "condition"
FULFILLMENT = "fulfillment"
SELLER = "seller"
IN_STOCK = "in_stock"


def filter_queries(
    schema: tantivy.Schema, marketplace: str, filters: SearchFilters
) -> tuple[tantivy.Query, dict[str, tantivy.Query]]:
    """The marketplace restriction, and one exact query per active filter group."""
    marketplace_query = tantivy.Query.term_query(schema, fields.MARKETPLACE, marketplace)
    groups: dict[str, tantivy.Query] = {}
    if filters.category_path:
        groups[CATEGORY] = _category_query(schema, filters.category_path)
    for group, field_name, values in (
        (BRAND, fields.BRAND, filters.brands),
        (COLOUR, fields.COLOUR, filters.colours),
        (CONDITION, fields.CONDITION, filters.conditions),
        (FULFILLMENT, fields.FULFILLMENT_CHANNEL, filters.fulfillment_channels),
    ):
        if values:
            groups[group] = tantivy.Query.term_set_query(schema, field_name, list(values))
    price_bounds = price_bounds_minor(filters)
    if price_bounds is not None:
        groups[PRICE] = tantivy.Query.range_query(
            schema,
            fields.PRICE_MINOR,
            tantivy.FieldType.Integer,
            lower_bound=price_bounds[0],
            upper_bound=price_bounds[1],
        )
    if filters.seller_id is not None:
        groups[SELLER] = (
            tantivy.Query.term_query(schema, fields.SELLER_ID, filters.seller_id)
            if 0 <= filters.seller_id < 2**64
            else tantivy.Query.empty_query()
        )
    if filters.in_stock_only:
        groups[IN_STOCK] = tantivy.Query.term_query(schema, fields.IN_STOCK, True)
    return marketplace_query, groups


# Any real price fits; bounds beyond it (from a hand-edited URL) would not fit in a 64-bit column,
# and the aggregations compare in floating point, exact up to 2**53.
_PRICE_LIMIT_MINOR = 2**53


def price_bounds_minor(filters: SearchFilters) -> tuple[int | None, int | None] | None:
    """The filter's inclusive price bounds, clamped to what the index can compare; None if unset."""
    if filters.price_min_minor is None and filters.price_max_minor is None:
        return None

    def clamp(bound: int | None) -> int | None:
        return None if bound is None else max(-_PRICE_LIMIT_MINOR, min(_PRICE_LIMIT_MINOR, bound))

    return clamp(filters.price_min_minor), clamp(filters.price_max_minor)


def _category_query(schema: tantivy.Schema, category_path: tuple[str, ...]) -> tantivy.Query:
    depth = len(category_path)
    if depth > fields.MAX_CATEGORY_DEPTH or any(
        fields.CATEGORY_SEPARATOR in slug for slug in category_path
    ):
        return tantivy.Query.empty_query()  # no document can sit there
    return tantivy.Query.term_query(
        schema,
        fields.category_level_field(depth),
        fields.CATEGORY_SEPARATOR.join(category_path),
    )


def combine(text_query: tantivy.Query | None, filters: list[tantivy.Query]) -> tantivy.Query:
    """`text_query` AND every filter; filters match exactly and add nothing to the score."""
    clauses = [(tantivy.Occur.Must, tantivy.Query.const_score_query(f, 0.0)) for f in filters]
    if text_query is not None:
        clauses.insert(0, (tantivy.Occur.Must, text_query))
    if not clauses:
        return tantivy.Query.all_query()
    return tantivy.Query.boolean_query(clauses)
