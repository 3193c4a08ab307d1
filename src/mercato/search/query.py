"""Turning shopper text and filters into tantivy queries.

Shopper text never reaches tantivy's query-language parser: it is cut into words by the same
analyzer the index uses (`en_stem`: split on non-alphanumerics, drop words over 40 bytes,
lowercase, English stemming) and each word becomes plain term queries. So `"red" AND (`,
`title:x` or `*` are just the words "red", "and", "title", "x".

A query word may carry alternatives (its synonyms, see `mercato.search.synonyms`): it matches when
any alternative does, and an alternative of several terms ("t shirt") needs all of them. A term no
product contains may be matched fuzzily (`tolerate_typos`).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import Callable, Sequence

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


# Typo tolerance: a term of this many characters or more may be this many edits from what it
# matches (a swap of two neighbouring letters is one edit). Shorter terms are never fuzzed: "cat"
# is one edit from "car", "hat", "cap" and "cut".
TYPO_DISTANCES = ((8, 2), (4, 1))
# Fuzzy terms per query: each walks the term dictionary, so a query of gibberish stays cheap.
MAX_FUZZY_TERMS = 4
# A fuzzy match scores this, times its field's boost, whatever the term it hit (tantivy gives an
# automaton query a constant score, not BM25): about what a common word's BM25 gives.
FUZZY_MATCH_SCORE = 3.0


@dataclass(frozen=True)
class TermMatch:
    """One index term of a query: matched exactly, or within `fuzzy_distance` edits when above 0."""

    term: str
    fuzzy_distance: int = 0


@dataclass(frozen=True)
class QueryWord:
    """One word of the query with its synonyms: it matches when any alternative matches, and an
    alternative matches when all its terms do (a multi-word synonym such as "t shirt")."""

    alternatives: tuple[tuple[TermMatch, ...], ...]

    @classmethod
    def of(cls, *alternatives: Sequence[str]) -> QueryWord:
        """`QueryWord.of(("tee",), ("t", "shirt"))`: exact terms, the word itself first."""
        return cls(tuple(tuple(TermMatch(term) for term in terms) for terms in alternatives))

    @property
    def terms(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(match.term for terms in self.alternatives for match in terms))

    @property
    def is_fuzzy(self) -> bool:
        return any(match.fuzzy_distance for terms in self.alternatives for match in terms)


def query_words(terms: Sequence[str | QueryWord]) -> list[QueryWord]:
    """Plain terms as words without synonyms; words as they are."""
    return [term if isinstance(term, QueryWord) else QueryWord.of((term,)) for term in terms]


def typo_distance(term: str) -> int:
    """How many edits a misspelt `term` may be from what it matches; 0 for short terms and for
    terms with digits (one edit turns one model number or size into another)."""
    if any(character.isdigit() for character in term):
        return 0
    return next((distance for length, distance in TYPO_DISTANCES if len(term) >= length), 0)


def tolerate_typos(
    words: Sequence[QueryWord], is_known: Callable[[str], bool], *, max_fuzzy_terms: int = MAX_FUZZY_TERMS
) -> list[QueryWord]:
    """The words, with each term that no product contains (`is_known` is False) matched fuzzily.

    Known terms are never fuzzed, so a correctly spelt query is as exact and as fast as ever. A
    word with an alternative whose terms are all known (a synonym the catalogue uses) is left as it
    is: its alternatives already find what the shopper meant.
    """
    fuzzy_left = max_fuzzy_terms
    tolerant = []
    for word in words:
        known = {term: is_known(term) for term in word.terms}
        if any(all(known[match.term] for match in terms) for terms in word.alternatives):
            tolerant.append(word)
            continue
        alternatives = []
        for terms in word.alternatives:
            matches = []
            for match in terms:
                distance = 0 if known[match.term] else typo_distance(match.term)
                if distance and fuzzy_left:
                    fuzzy_left -= 1
                    match = TermMatch(match.term, distance)
                matches.append(match)
            alternatives.append(tuple(matches))
        tolerant.append(QueryWord(tuple(alternatives)))
    return tolerant


def scored_text_query(
    schema: tantivy.Schema, terms: Sequence[str | QueryWord], *, require_all_terms: bool
) -> tantivy.Query:
    """BM25 over the weighted text fields; a term may match in any field.

    With `require_all_terms` every word must match somewhere; otherwise any word matches and a
    document matching more words scores higher (scores add up).
    """
    occur = tantivy.Occur.Must if require_all_terms else tantivy.Occur.Should
    return tantivy.Query.boolean_query(
        [(occur, _word_query(word, partial(_term_in_any_field, schema)))
         for word in query_words(terms)]
    )


def matching_text_query(
    schema: tantivy.Schema, terms: Sequence[str | QueryWord], *, require_all_terms: bool
) -> tantivy.Query:
    """The same documents as `scored_text_query`, found faster, without scores."""
    occur = tantivy.Occur.Must if require_all_terms else tantivy.Occur.Should
    return tantivy.Query.boolean_query(
        [(occur, _word_query(word, partial(_term_in_all_text, schema)))
         for word in query_words(terms)]
    )


def _word_query(word: QueryWord, term_query: Callable[[TermMatch], tantivy.Query]) -> tantivy.Query:
    def alternative_query(terms: tuple[TermMatch, ...]) -> tantivy.Query:
        if len(terms) == 1:
            return term_query(terms[0])
        return tantivy.Query.boolean_query([(tantivy.Occur.Must, term_query(match)) for match in terms])

    if len(word.alternatives) == 1:
        return alternative_query(word.alternatives[0])
    return tantivy.Query.boolean_query(
        [(tantivy.Occur.Should, alternative_query(terms)) for terms in word.alternatives]
    )


def _term_in_all_text(schema: tantivy.Schema, match: TermMatch) -> tantivy.Query:
    if match.fuzzy_distance:
        return _fuzzy(schema, fields.ALL_TEXT, match)
    return tantivy.Query.term_query(schema, fields.ALL_TEXT, match.term, index_option="basic")


def _term_in_any_field(schema: tantivy.Schema, match: TermMatch) -> tantivy.Query:
    if match.fuzzy_distance:
        clauses = [
            tantivy.Query.boost_query(_fuzzy(schema, field_name, match), boost * FUZZY_MATCH_SCORE)
            for field_name, boost in fields.TEXT_FIELD_BOOSTS.items()
        ]
    else:
        clauses = [
            tantivy.Query.boost_query(
                tantivy.Query.term_query(schema, field_name, match.term, index_option="freq"), boost
            )
            for field_name, boost in fields.TEXT_FIELD_BOOSTS.items()
        ]
    return tantivy.Query.boolean_query([(tantivy.Occur.Should, clause) for clause in clauses])


def _fuzzy(schema: tantivy.Schema, field_name: str, match: TermMatch) -> tantivy.Query:
    return tantivy.Query.fuzzy_term_query(
        schema, field_name, match.term, distance=match.fuzzy_distance, transposition_cost_one=True
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
