"""Facet counts for drill-down, computed by tantivy aggregations over fast-field columns.

Facets are disjunctive: a group's counts ignore that group's own filter (but honour all
others), so choosing brand "Acme" still shows "Zeta: 12", and 12 is exactly how many results
brand "Zeta" alone would give. Category is the exception: its facet lists the children of the
chosen category, counted under every filter including the category itself.

Price, condition and fulfillment are read from one column of offer profiles (see
`documents.OFFER_PROFILE`): one terms aggregation counts each profile, and the counts per
bucket, condition and channel are sums over the profiles that contain them.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any, Sequence

import tantivy

from mercato.search import documents as fields
from mercato.search import query as groups
from mercato.search.query import SearchFilters, combine

# How many values a group shows; chosen values are always shown on top of these.
VALUES_SHOWN = {groups.CATEGORY: 50, groups.BRAND: 30, groups.COLOUR: 30}
# Per segment tantivy keeps this many candidates before merging; counts are exact as long as
# no segment holds more distinct values than this.
_SEGMENT_CANDIDATES = 1_000
# Every possible profile: each price bucket or none, times each set of conditions and channels.
_PROFILES_POSSIBLE = (
    (len(fields.PRICE_BUCKET_EDGES_MINOR) + 2)
    * 2 ** len(fields.CONDITIONS)
    * 2 ** len(fields.FULFILLMENT_CHANNELS)
)

FACET_GROUPS = (
    groups.CATEGORY,
    groups.BRAND,
    groups.COLOUR,
    groups.PRICE,
    groups.CONDITION,
    groups.FULFILLMENT,
)
DISJUNCTIVE_GROUPS = FACET_GROUPS[1:]
_PROFILE_GROUPS = (groups.PRICE, groups.CONDITION, groups.FULFILLMENT)
_PROFILE_AGGREGATION = "offer_profiles"
_PRICE_WINDOW = "price_window"


@dataclass(frozen=True)
class FacetValue:
    value: str
    count: int
    selected: bool


@dataclass(frozen=True)
class PriceBucket:
    min_minor: int  # inclusive
    max_minor: int | None  # exclusive; None for "and above"
    count: int
    selected: bool

    @property
    def filter_bounds_minor(self) -> tuple[int, int | None]:
        """The inclusive (price_min_minor, price_max_minor) that choose exactly this bucket."""
        return self.min_minor, None if self.max_minor is None else self.max_minor - 1


@dataclass(frozen=True)
class Facets:
    categories: list[FacetValue]  # children of the filtered category (or the top level)
    brands: list[FacetValue]
    colours: list[FacetValue]
    conditions: list[FacetValue]
    fulfillment_channels: list[FacetValue]
    prices: list[PriceBucket]

    @classmethod
    def none(cls) -> Facets:
        return cls(
            categories=[], brands=[], colours=[], conditions=[], fulfillment_channels=[], prices=[]
        )


@dataclass(frozen=True)
class FacetPass:
    """One aggregation over `query`, counting `facet_groups`."""

    query: tantivy.Query
    facet_groups: list[str]


def facet_passes(
    text_query: tantivy.Query | None,
    required: list[tantivy.Query],
    group_queries: dict[str, tantivy.Query],
) -> list[FacetPass]:
    """Groups without a filter of their own share one pass over the query with every filter;
    each filtered group needs a pass with its own filter left out. The price filter is never in
    these queries: the aggregation requests apply it (see `aggregation_request`).
    """
    term_filters = {group: query for group, query in group_queries.items() if group != groups.PRICE}

    def query_without(left_out_group: str | None) -> tantivy.Query:
        kept = [query for group, query in term_filters.items() if group != left_out_group]
        return combine(text_query, [*required, *kept])

    own_pass = [group for group in DISJUNCTIVE_GROUPS if group in term_filters]
    shared = [group for group in FACET_GROUPS if group not in own_pass]
    return [
        FacetPass(query_without(None), shared),
        *(FacetPass(query_without(group), [group]) for group in own_pass),
    ]


def read_facets(
    passes: list[FacetPass], filters: SearchFilters, results: list[list[dict[str, Any]]]
) -> Facets:
    """Facets from each pass's aggregation results (its request's, then any follow-up's)."""
    values: dict[str, Any] = {}
    for facet_pass, pass_results in zip(passes, results):
        for group in facet_pass.facet_groups:
            values[group] = (
                read_prices(filters, pass_results[0])
                if group == groups.PRICE
                else read_values(group, filters, pass_results)
            )
    return Facets(
        categories=values[groups.CATEGORY],
        brands=values[groups.BRAND],
        colours=values[groups.COLOUR],
        conditions=values[groups.CONDITION],
        fulfillment_channels=values[groups.FULFILLMENT],
        prices=values[groups.PRICE],
    )


def selected_values(group: str, filters: SearchFilters) -> tuple[str, ...]:
    return {
        groups.BRAND: filters.brands,
        groups.COLOUR: filters.colours,
        groups.CONDITION: filters.conditions,
        groups.FULFILLMENT: filters.fulfillment_channels,
    }.get(group, ())


def aggregation_request(facet_groups: Sequence[str], filters: SearchFilters) -> dict[str, Any]:
    """One tantivy aggregation request (Elasticsearch-style) that counts all of `facet_groups`.

    A price filter is applied here rather than in the query: the groups that honour it are
    counted inside a range bucket of the price column, and the price group outside it. A price
    range is dense (it keeps most documents), and tantivy intersects a query with a dense filter
    at several times the cost of reading one more column; this also lets the price group share
    the pass of the others instead of needing one of its own.
    """
    inside_window: dict[str, Any] = {}
    outside_window: dict[str, Any] = {}
    window = _price_window(filters)
    for group in facet_groups:
        request = outside_window if window is None or group == groups.PRICE else inside_window
        if group in _PROFILE_GROUPS:
            request[_PROFILE_AGGREGATION] = _terms(fields.OFFER_PROFILE, _PROFILES_POSSIBLE)
        elif group == groups.CATEGORY:
            if len(filters.category_path) < fields.MAX_CATEGORY_DEPTH:
                request[group] = _terms(_category_field(filters), VALUES_SHOWN[group])
        else:
            request[group] = _terms(_value_field(group), VALUES_SHOWN[group])
    if inside_window:
        outside_window[_PRICE_WINDOW] = {
            "range": {"field": fields.PRICE_MINOR, "ranges": [window]},
            "aggs": inside_window,
        }
    return outside_window


def chosen_values_request(
    facet_groups: Sequence[str], filters: SearchFilters, result: dict[str, Any]
) -> dict[str, Any]:
    """A follow-up request for chosen values that were not among the top ones counted.

    Rarely needed (the shopper usually chose from the top values), so not asked up front: a
    second terms aggregation on the same column would double its cost on every search.
    """
    inside_window: dict[str, Any] = {}
    for group in facet_groups:
        if group not in (groups.BRAND, groups.COLOUR):
            continue
        counted = _group_result(group, filters, result).get(group, {})
        found = {bucket["key"] for bucket in counted.get("buckets", [])}
        missing = [value for value in selected_values(group, filters) if value not in found]
        # With nothing left over, a value that was not counted has no results at all.
        if missing and counted.get("sum_other_doc_count", 0) > 0:
            inside_window[f"{group}:chosen"] = {
                "terms": {"field": _value_field(group), "include": missing, "size": len(missing)}
            }
    window = _price_window(filters)
    if not inside_window or window is None:
        return inside_window
    return {
        _PRICE_WINDOW: {
            "range": {"field": fields.PRICE_MINOR, "ranges": [window]},
            "aggs": inside_window,
        }
    }


def _price_window(filters: SearchFilters) -> dict[str, Any] | None:
    bounds = groups.price_bounds_minor(filters)
    if bounds is None:
        return None
    low, high = bounds
    window: dict[str, Any] = {"key": _PRICE_WINDOW}
    if low is not None:
        window["from"] = low
    if high is not None:
        window["to"] = high + 1  # range buckets exclude their upper edge; the filter includes it
    return window


def _group_result(group: str, filters: SearchFilters, result: dict[str, Any]) -> dict[str, Any]:
    """The part of an aggregation result that holds `group`'s counts."""
    if group == groups.PRICE or _price_window(filters) is None:
        return result
    for bucket in result.get(_PRICE_WINDOW, {}).get("buckets", []):
        if bucket["key"] == _PRICE_WINDOW:
            return bucket
    return {}


def _category_field(filters: SearchFilters) -> str:
    return fields.category_level_field(len(filters.category_path) + 1)


def _value_field(group: str) -> str:
    return fields.BRAND if group == groups.BRAND else fields.COLOUR


def _terms(field_name: str, size: int) -> dict[str, Any]:
    return {
        "terms": {"field": field_name, "size": size, "segment_size": max(size, _SEGMENT_CANDIDATES)}
    }


def _counts(result: dict[str, Any], name: str) -> dict[str, int]:
    return {
        bucket["key"]: int(bucket["doc_count"])
        for bucket in result.get(name, {}).get("buckets", [])
    }


def read_values(
    group: str, filters: SearchFilters, results: list[dict[str, Any]]
) -> list[FacetValue]:
    """The facet values of `group` from results of the requests above, most results first."""
    counts: dict[str, int] = Counter()
    for result in results:
        result = _group_result(group, filters, result)
        if group in (groups.CONDITION, groups.FULFILLMENT):
            part = 1 if group == groups.CONDITION else 2
            for profile, count in _counts(result, _PROFILE_AGGREGATION).items():
                for value in filter(
                    None, profile.split(fields.OFFER_PROFILE_SEPARATOR)[part].split(",")
                ):
                    counts[value] += count
        else:
            counts.update(_counts(result, group) | _counts(result, f"{group}:chosen"))
    if group == groups.CATEGORY:
        parent_prefix_chars = sum(len(slug) + 1 for slug in filters.category_path)
        counts = {path[parent_prefix_chars:]: count for path, count in counts.items()}
    chosen = selected_values(group, filters)
    values = [FacetValue(value, count, value in chosen) for value, count in counts.items()]
    values += [FacetValue(value, 0, True) for value in dict.fromkeys(chosen) if value not in counts]
    return sorted(values, key=lambda value: (-value.count, value.value))


def read_prices(filters: SearchFilters, result: dict[str, Any]) -> list[PriceBucket]:
    """Price buckets with products (or chosen), cheapest first."""
    count_by_bucket: dict[str, int] = Counter()
    for profile, count in _counts(result, _PROFILE_AGGREGATION).items():
        count_by_bucket[profile.split(fields.OFFER_PROFILE_SEPARATOR)[0]] += count
    edges = [0, *fields.PRICE_BUCKET_EDGES_MINOR, None]
    prices = []
    for bucket_index, (low, high) in enumerate(zip(edges, edges[1:])):
        bucket_bounds = (low, None if high is None else high - 1)
        # Prices are never negative, so "no lower bound" and "from 0" choose the same bucket.
        selected = (filters.price_min_minor or 0, filters.price_max_minor) == bucket_bounds
        count = count_by_bucket[str(bucket_index)]
        if count or selected:
            prices.append(PriceBucket(low, high, count, selected))
    return prices
