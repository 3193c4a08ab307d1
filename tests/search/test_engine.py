"""The product search engine as a shopper sees it: what is found, in what order, which facets."""

from __future__ import annotations

import dataclasses
import tempfile
from pathlib import Path

import pytest
import tantivy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mercato.search import engine
from mercato.search.engine import (
    IndexBusy,
    ProductDocument,
    ProductIndex,
    SearchFilters,
    SearchResult,
    SortOrder,
)


def make_document(product_id: int, **overrides) -> ProductDocument:
    values = dict(
        product_id=product_id,
        marketplace="gb",
        public_id=f"P{product_id:06d}",
        title=f"Product {product_id}",
        brand="Acme",
        category_path=("home-decor", "candles-holders"),
        description="A useful thing for the home.",
        attributes={"colour": "Red", "material": "Ceramic"},
        price_minor=1_500,
        conditions=("new",),
        fulfillment_channels=("merchant",),
        seller_ids=(1,),
        in_stock=True,
        units_sold=0,
        listed_at=1_700_000_000,
    )
    values.update(overrides)
    return ProductDocument(**values)


@pytest.fixture
def index(tmp_path: Path) -> ProductIndex:
    return ProductIndex.open_or_create(tmp_path / "search")


def ids(result: SearchResult) -> list[int]:
    return [hit.product_id for hit in result.hits]


def search(index: ProductIndex, text: str = "", **options) -> SearchResult:
    options.setdefault("marketplace", "gb")
    options.setdefault("limit", 100)
    return index.search(text=text, **options)


# Text matching and ranking.


def test_word_in_title_outranks_same_word_only_in_description(index):
    index.upsert(
        [
            make_document(
                1, title="Garden hose reel", description="Keeps your lantern cable tidy."
            ),
            make_document(2, title="Hanging lantern", description="Glass and steel."),
        ]
    )
    assert ids(search(index, "lantern")) == [2, 1]


def test_plural_query_finds_singular_title(index):
    index.upsert([make_document(1, title="Stoneware Mug"), make_document(2, title="Teapot")])
    assert ids(search(index, "mugs")) == [1]


def test_brand_category_and_attribute_words_are_searchable(index):
    index.upsert(
        [
            make_document(1, brand="Lumora", title="Lamp"),
            make_document(2, title="Pillar", category_path=("home-decor", "candles-holders")),
            make_document(3, title="Bowl", attributes={"colour": "Blue", "material": "Bamboo"}),
            make_document(4, title="Chair", category_path=("furniture",), attributes={}),
        ]
    )
    assert ids(search(index, "lumora")) == [1]
    assert 2 in ids(search(index, "candle"))
    assert ids(search(index, "bamboo")) == [3]


def test_every_word_must_match_when_enough_products_have_them_all(index):
    mugs = [make_document(n, title=f"Red ceramic mug no. {n}", attributes={})
            for n in range(1, engine.MIN_ALL_WORDS_MATCHES + 1)]
    index.upsert([*mugs, make_document(100, title="Blue ceramic mug", attributes={}),
                  make_document(101, title="Red scarf", attributes={})])
    result = search(index, "red mug")
    assert sorted(ids(result)) == list(range(1, engine.MIN_ALL_WORDS_MATCHES + 1))
    assert result.matched_all_terms


def test_a_few_products_with_every_word_come_first_and_the_rest_follow(index):
    index.upsert(
        [
            make_document(1, title="Red ceramic mug", attributes={}),
            make_document(2, title="Blue ceramic mug", attributes={}),
            make_document(3, title="Red scarf", attributes={}),
        ]
    )
    result = search(index, "red mug")
    assert ids(result)[0] == 1 and set(ids(result)) == {1, 2, 3}
    assert not result.matched_all_terms


def test_any_word_matches_when_no_product_has_them_all_and_more_words_rank_higher(index):
    index.upsert(
        [
            make_document(1, title="Red scarf", description="Warm wool.", attributes={}),
            make_document(2, title="Green bowl", description="Oak.", attributes={}),
            make_document(3, title="Red woollen hat", description="Soft.", attributes={}),
        ]
    )
    result = search(index, "red hat teapot")
    assert not result.matched_all_terms
    assert ids(result)[0] == 3
    assert set(ids(result)) == {1, 3}


def test_stop_words_do_not_block_a_match(index):
    index.upsert([make_document(1, title="Travel mug", description="Keeps tea hot.")])
    assert ids(search(index, "mug for the tea")) == [1]


@pytest.mark.parametrize(
    "hostile_text",
    [
        '"red" AND (',
        "title:x",
        "*",
        "mug" * 5_000,
        "mug " * 2_500,
        "\x00\x01\x02 mug \x7f\ud800",
        "-(+[{}]) ~2 ^3 /regex/ NOT OR AND",
        "product_id:[0 TO 10]",
        "\\",
        "",
        " \t\n ",
    ],
)
def test_hostile_query_text_returns_results_without_raising(index, hostile_text):
    index.upsert([make_document(1, title="Red mug"), make_document(2, title="Title x")])
    result = search(index, hostile_text)
    assert result.total == len(result.hits)


@pytest.mark.parametrize(
    "hostile_filters",
    [
        SearchFilters(price_min_minor=-5, price_max_minor=10**30),
        SearchFilters(price_min_minor=10**30),
        SearchFilters(price_min_minor=2_000, price_max_minor=1_000),
        SearchFilters(seller_id=10**30),
        SearchFilters(seller_id=-1),
        SearchFilters(category_path=tuple(f"level-{n}" for n in range(20))),
        SearchFilters(category_path=("home-decor/candles-holders",)),
        SearchFilters(brands=("", "\x00", '"; DROP'), colours=("*",), conditions=("mint",)),
    ],
)
def test_hostile_filters_return_results_without_raising(index, hostile_filters):
    index.upsert([make_document(1), make_document(2, price_minor=None)])
    result = search(index, "product", filters=hostile_filters, offset=-3, limit=-1)
    assert result.hits == []


def test_text_with_no_words_browses_the_marketplace(index):
    index.upsert([make_document(1), make_document(2)])
    assert search(index, "*").total == 2


def test_filters_do_not_change_relevance_scores(index):
    index.upsert(
        [
            make_document(1, title="Oak lantern", brand="Acme"),
            make_document(2, title="Lantern lantern lantern", brand="Zeta"),
        ]
    )
    unfiltered = {hit.product_id: hit.score for hit in search(index, "lantern").hits}
    filtered = search(index, "lantern", filters=SearchFilters(brands=("Acme",)))
    assert [(hit.product_id, hit.score) for hit in filtered.hits] == [(1, unfiltered[1])]


# Filters.


def test_brand_filter_narrows_results_and_other_brands_keep_counts_that_match_choosing_them(index):
    brands = ["Acme", "Acme", "Acme", "Zeta", "Zeta", "Orbit"]
    index.upsert(make_document(n, title="Desk lamp", brand=b) for n, b in enumerate(brands, 1))
    result = search(index, "lamp", filters=SearchFilters(brands=("Acme",)))
    assert set(ids(result)) == {1, 2, 3}
    facet = {value.value: value for value in result.facets.brands}
    assert {name: value.count for name, value in facet.items()} == {
        "Acme": 3,
        "Zeta": 2,
        "Orbit": 1,
    }
    assert facet["Acme"].selected and not facet["Zeta"].selected
    for name, value in facet.items():
        chosen = search(index, "lamp", filters=SearchFilters(brands=(name,)))
        assert chosen.total == value.count
    both = search(index, "lamp", filters=SearchFilters(brands=("Acme", "Zeta")))
    assert both.total == facet["Acme"].count + facet["Zeta"].count


def test_chosen_brand_without_results_is_still_shown_as_chosen(index):
    index.upsert(
        [
            make_document(1, brand="Acme"),
            make_document(2, brand="Zeta", attributes={"colour": "Blue"}),
        ]
    )
    result = search(index, filters=SearchFilters(brands=("Nobody",), colours=("Red",)))
    assert result.total == 0
    assert {(v.value, v.count, v.selected) for v in result.facets.brands} == {
        ("Nobody", 0, True),
        ("Acme", 1, False),
    }


@pytest.mark.parametrize("price_max_minor", [None, 1_000_000])
def test_chosen_brand_outside_the_top_brands_is_shown_with_its_count(index, price_max_minor):
    index.upsert(
        make_document(n, brand=f"Brand {n // 2:02d}")
        for n in range(2, 82)  # 40 brands, 2 each
    )
    index.upsert([make_document(1, brand="Rare")])
    chosen = SearchFilters(brands=("Rare",), price_max_minor=price_max_minor)
    result = search(index, filters=chosen)
    brands = {value.value: value for value in result.facets.brands}
    assert len(brands) == 31
    assert (brands["Rare"].count, brands["Rare"].selected) == (1, True)


def test_category_filter_includes_subcategories_and_facets_show_the_next_level(index):
    index.upsert(
        [
            make_document(1, category_path=("home-decor",)),
            make_document(2, category_path=("home-decor", "candles-holders")),
            make_document(3, category_path=("home-decor", "candles-holders", "tealights")),
            make_document(4, category_path=("home-decor", "clocks")),
            make_document(5, category_path=("kitchen", "mugs")),
        ]
    )
    top = search(index)
    assert {(v.value, v.count) for v in top.facets.categories} == {
        ("home-decor", 4),
        ("kitchen", 1),
    }
    decor = search(index, filters=SearchFilters(category_path=("home-decor",)))
    assert set(ids(decor)) == {1, 2, 3, 4}
    assert {(v.value, v.count) for v in decor.facets.categories} == {
        ("candles-holders", 2),
        ("clocks", 1),
    }
    candles = search(index, filters=SearchFilters(category_path=("home-decor", "candles-holders")))
    assert set(ids(candles)) == {2, 3}
    assert search(index, filters=SearchFilters(category_path=("candles-holders",))).total == 0


def test_price_range_bounds_are_inclusive_and_unpriced_products_never_match(index):
    prices = {1: 999, 2: 1_000, 3: 1_500, 4: 2_000, 5: 2_001, 6: None}
    index.upsert(make_document(n, price_minor=p) for n, p in prices.items())
    between = search(index, filters=SearchFilters(price_min_minor=1_000, price_max_minor=2_000))
    assert set(ids(between)) == {2, 3, 4}
    assert set(ids(search(index, filters=SearchFilters(price_min_minor=2_001)))) == {5}
    assert set(ids(search(index, filters=SearchFilters(price_max_minor=999)))) == {1}


def test_price_buckets_count_what_choosing_them_returns(index):
    prices = [0, 999, 1_000, 2_499, 2_500, 9_999, 75_000, None]
    index.upsert(make_document(n, price_minor=p) for n, p in enumerate(prices, 1))
    result = search(index, filters=SearchFilters(price_min_minor=1_000, price_max_minor=2_499))
    assert result.total == 2
    buckets = {(b.min_minor, b.max_minor): b for b in result.facets.prices}
    assert buckets[(1_000, 2_500)].selected
    assert {key: b.count for key, b in buckets.items()} == {
        (0, 1_000): 2,
        (1_000, 2_500): 2,
        (2_500, 5_000): 1,
        (5_000, 10_000): 1,
        (50_000, None): 1,
    }
    for bucket in buckets.values():
        low, high = bucket.filter_bounds_minor
        chosen = search(index, filters=SearchFilters(price_min_minor=low, price_max_minor=high))
        assert chosen.total == bucket.count


def test_condition_fulfillment_seller_and_stock_filters(index):
    index.upsert(
        [
            make_document(
                1, conditions=("new",), fulfillment_channels=("network",), seller_ids=(7,)
            ),
            make_document(2, conditions=("new", "used_good"), fulfillment_channels=("merchant",)),
            make_document(3, conditions=("used_acceptable",), in_stock=False, seller_ids=(7, 8)),
        ]
    )
    used = SearchFilters(conditions=("used_good", "used_acceptable"))
    assert set(ids(search(index, filters=used))) == {2, 3}
    assert set(ids(search(index, filters=SearchFilters(fulfillment_channels=("network",))))) == {1}
    assert set(ids(search(index, filters=SearchFilters(seller_id=7)))) == {1, 3}
    assert set(ids(search(index, filters=SearchFilters(in_stock_only=True)))) == {1, 2}
    conditions = {v.value: v.count for v in search(index).facets.conditions}
    assert conditions == {"new": 2, "used_good": 1, "used_acceptable": 1}


def test_documents_of_another_marketplace_never_appear(index):
    index.upsert(
        [
            make_document(1, title="Red mug", marketplace="gb"),
            make_document(1, title="Red mug", marketplace="us", brand="Yankee"),
            make_document(2, title="Red mug", marketplace="us", brand="Yankee"),
        ]
    )
    result = search(index, "mug", marketplace="gb")
    assert ids(result) == [1]
    assert [v.value for v in result.facets.brands] == ["Acme"]
    assert search(index, "mug", marketplace="fr").total == 0
    assert (index.count("gb"), index.count("us"), index.count()) == (1, 2, 3)


def test_an_index_of_one_marketplace_still_shows_nothing_for_another(index):
    index.upsert([make_document(1, marketplace="gb")])
    assert search(index, marketplace="us").total == 0
    index.upsert([make_document(2, marketplace="us")])
    index.delete([2], marketplace="us")
    assert ids(search(index, marketplace="gb")) == [1]
    assert search(index, marketplace="us").total == 0


# Sorting and pages.


def test_sort_by_price_puts_unpriced_products_last_both_ways(index):
    prices = {1: 3_000, 2: None, 3: 1_000, 4: 2_000}
    index.upsert(make_document(n, price_minor=p) for n, p in prices.items())
    assert ids(search(index, sort=SortOrder.PRICE_LOW)) == [3, 4, 1, 2]
    assert ids(search(index, sort=SortOrder.PRICE_HIGH)) == [1, 4, 3, 2]


def test_sort_by_newest_and_bestselling(index):
    index.upsert(
        [
            make_document(1, listed_at=100, units_sold=5),
            make_document(2, listed_at=300, units_sold=1),
            make_document(3, listed_at=200, units_sold=9),
        ]
    )
    assert ids(search(index, sort=SortOrder.NEWEST)) == [2, 3, 1]
    assert ids(search(index, sort=SortOrder.BESTSELLING)) == [3, 1, 2]


def test_browsing_without_text_shows_bestsellers_first(index):
    index.upsert(make_document(n, units_sold=n * 10 % 7) for n in range(1, 7))
    sold = [n * 10 % 7 for n in ids(search(index))]
    assert sold == sorted(sold, reverse=True)


def test_pages_do_not_overlap_and_the_total_stays_the_same(index):
    index.upsert(make_document(n, title="Candle", units_sold=n % 4) for n in range(1, 51))
    for sort in (SortOrder.RELEVANCE, SortOrder.BESTSELLING, SortOrder.PRICE_LOW):
        pages = [search(index, "candle", sort=sort, offset=o, limit=12) for o in range(0, 60, 12)]
        assert {page.total for page in pages} == {50}
        seen = [product_id for page in pages for product_id in ids(page)]
        assert len(seen) == len(set(seen)) == 50


def test_a_page_of_nothing_still_counts_and_deep_pages_are_empty(index):
    index.upsert(make_document(n) for n in range(1, 4))
    assert (search(index, limit=0).total, ids(search(index, limit=0))) == (3, [])
    far = search(index, offset=10**9)
    assert (far.total, far.hits) == (3, [])


# Writes.


def test_upsert_replaces_the_earlier_document(index):
    index.upsert([make_document(1, title="Old teapot"), make_document(2, title="Vase")])
    index.upsert([make_document(1, title="New kettle")])
    assert search(index, "teapot").total == 0
    assert ids(search(index, "kettle")) == [1]
    assert index.count() == 2


def test_delete_removes_from_one_marketplace_or_all(index):
    index.upsert(
        [
            make_document(1, marketplace="gb"),
            make_document(1, marketplace="us"),
            make_document(2, marketplace="gb"),
        ]
    )
    index.delete([1], marketplace="us")
    assert (index.count("gb"), index.count("us")) == (2, 0)
    index.delete([1, 2])
    assert index.count() == 0


def test_rebuild_replaces_everything(index):
    index.upsert([make_document(1), make_document(2)])
    assert index.rebuild(make_document(n, title="Lamp") for n in (3, 4, 5)) == 3
    assert sorted(ids(search(index))) == [3, 4, 5]


def test_a_bad_document_writes_nothing(index):
    bad = make_document(2, category_path=("a/b",))
    with pytest.raises(ValueError):
        index.upsert([make_document(1), bad])
    assert index.count() == 0


def test_writer_held_by_another_process_raises_index_busy(index, tmp_path):
    index.upsert([make_document(1)])
    other = tantivy.Index.open(str(next((tmp_path / "search").iterdir())))
    held = other.writer()
    try:
        with pytest.raises(IndexBusy):
            index.upsert([make_document(2)])
    finally:
        held.wait_merging_threads()
    index.upsert([make_document(2)])
    assert index.count() == 2


def test_a_second_handle_sees_commits(tmp_path):
    writer_side = ProductIndex.open_or_create(tmp_path)
    reader_side = ProductIndex.open_or_create(tmp_path)
    writer_side.upsert([make_document(1)])
    reader_side._index.reload()  # another process's reader picks this up by itself within a second
    assert reader_side.count() == 1


# Facets agree with the results, for any catalog and any filters.

BRANDS = ("Acme", "Zeta", "Orbit")
COLOURS = ("Red", "Blue", "Green")
CATEGORIES = (("a",), ("a", "b"), ("a", "b", "c"), ("a", "d"), ("e",), ("e", "f"), ())
PRICES = (None, 0, 999, 1_000, 2_499, 2_500, 7_000, 60_000)
CHANNELS = ("merchant", "network")
CONDITIONS = ("new", "used_good", "used_acceptable")
WORDS = ("mug", "red", "lamp", "oak", "candle")

documents_strategy = st.builds(
    lambda n, **values: make_document(n, **values),
    n=st.integers(1, 30),
    marketplace=st.sampled_from(("gb", "gb", "us")),
    title=st.lists(st.sampled_from(WORDS), min_size=1, max_size=3).map(" ".join),
    brand=st.sampled_from((*BRANDS, None)),
    category_path=st.sampled_from(CATEGORIES),
    attributes=st.sampled_from(COLOURS + (None,)).map(lambda c: {"colour": c} if c else {}),
    price_minor=st.sampled_from(PRICES),
    conditions=st.lists(st.sampled_from(CONDITIONS), min_size=1, max_size=2, unique=True).map(
        tuple
    ),
    fulfillment_channels=st.lists(st.sampled_from(CHANNELS), min_size=1, unique=True).map(tuple),
    seller_ids=st.lists(st.integers(1, 3), min_size=1, max_size=2, unique=True).map(tuple),
    in_stock=st.booleans(),
)


def _subset(values):
    return st.lists(st.sampled_from(values), max_size=2, unique=True).map(tuple)


filters_strategy = st.builds(
    SearchFilters,
    category_path=st.sampled_from(CATEGORIES),
    brands=_subset(BRANDS),
    colours=_subset(COLOURS),
    price_min_minor=st.sampled_from((None, 0, 1_000, 2_500)),
    price_max_minor=st.sampled_from((None, 999, 2_499, 60_000)),
    conditions=_subset(CONDITIONS),
    fulfillment_channels=_subset(CHANNELS),
    seller_id=st.sampled_from((None, 1, 2)),
    in_stock_only=st.booleans(),
)


def _matches(document: ProductDocument, filters: SearchFilters) -> bool:
    price = document.price_minor
    return (
        document.category_path[: len(filters.category_path)] == filters.category_path
        and (not filters.brands or document.brand in filters.brands)
        and (not filters.colours or document.attributes.get("colour") in filters.colours)
        and (
            filters.price_min_minor is None
            or (price is not None and price >= filters.price_min_minor)
        )
        and (
            filters.price_max_minor is None
            or (price is not None and price <= filters.price_max_minor)
        )
        and (not filters.conditions or bool(set(filters.conditions) & set(document.conditions)))
        and (
            not filters.fulfillment_channels
            or bool(set(filters.fulfillment_channels) & set(document.fulfillment_channels))
        )
        and (filters.seller_id is None or filters.seller_id in document.seller_ids)
        and (not filters.in_stock_only or document.in_stock)
    )


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    catalog=st.lists(documents_strategy, max_size=25),
    filters=filters_strategy,
    text=st.sampled_from(("", "", "mug", "red lamp", "oak candle mug", "teapot")),
)
def test_every_facet_count_equals_the_total_of_choosing_that_value(catalog, filters, text):
    with tempfile.TemporaryDirectory() as directory:
        index = ProductIndex.open_or_create(Path(directory))
        index.upsert(catalog)
        latest = {(d.product_id, d.marketplace): d for d in catalog}
        result = index.search(marketplace="gb", text=text, filters=filters, limit=100)

        def total_with(**changes) -> int:
            changed = dataclasses.replace(filters, **changes)
            return index.search(
                marketplace="gb", text=text, filters=changed, with_facets=False
            ).total

        if not text:
            expected = {
                pid for (pid, mp), d in latest.items() if mp == "gb" and _matches(d, filters)
            }
            assert set(ids(result)) == expected and result.total == len(expected)
        for value in result.facets.categories:
            assert value.count == total_with(category_path=filters.category_path + (value.value,))
        for group, field_name in (
            (result.facets.brands, "brands"),
            (result.facets.colours, "colours"),
            (result.facets.conditions, "conditions"),
            (result.facets.fulfillment_channels, "fulfillment_channels"),
        ):
            for value in group:
                assert value.count == total_with(**{field_name: (value.value,)})
                assert value.selected == (value.value in getattr(filters, field_name))
        for bucket in result.facets.prices:
            low, high = bucket.filter_bounds_minor
            assert bucket.count == total_with(price_min_minor=low, price_max_minor=high)
