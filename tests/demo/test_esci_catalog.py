"""The second demo catalogue, built from Amazon's ESCI products: what the shop and later search work rely on."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from django.utils.text import slugify as django_slugify
from hypothesis import given
from hypothesis import strategies as st

from mercato.demo import esci_catalog
from mercato.demo.esci_catalog import (
    MAX_CATEGORY_LEVELS,
    build_catalog,
    category_tree,
    cut_at_word,
    entry_for,
    read_catalog,
    read_records,
    slugify,
    write_catalog,
)
from mercato.demo.uci_catalog import category_tree as uci_category_tree

SHIPPED_CATALOG = Path(esci_catalog.__file__).parent / "data" / "esci_catalog.jsonl.gz"


def product(asin, title="Stainless steel water bottle", *, price=None, category=("Sports & Outdoors",), brand="Hydro",
            color="Blue", description="", bullet_points="", is_book=False, rating=4.5, rating_count=120):
    return {"product_id": asin, "title": title, "description": description, "bullet_points": bullet_points,
            "brand": brand, "color": color, "category": list(category), "price": price, "rating": rating,
            "rating_count": rating_count, "is_book": is_book, "image": "https://example.com/x.jpg"}


def by_asin(records):
    return {record.asin: record for record in records}


# --- titles and descriptions --------------------------------------------------------------------


def test_long_title_is_cut_at_a_word_to_two_hundred_characters():
    title = "SATINIOR 2 Pieces Adjustable Hat Strap Clips " + "Windproof Strap Clips for Sailing, " * 6
    [record] = build_catalog([product("B0001", title)])

    assert len(record.title) <= 200
    assert title.startswith(record.title)
    assert title[len(record.title)] == " "  # the cut falls between words
    assert not record.title.endswith(",")


def test_description_falls_back_to_bullet_points_one_per_line():
    records = by_asin(build_catalog([
        product("B0001", description="  A bottle that keeps drinks cold.  ", bullet_points="Ignored"),
        product("B0002", bullet_points="KEEPS COLD: 24 hours\n\n  LEAKPROOF lid  \nFits cup holders"),
        product("B0003"),
    ]))

    assert records["B0001"].description == "A bottle that keeps drinks cold."
    assert records["B0002"].description == "KEEPS COLD: 24 hours\nLEAKPROOF lid\nFits cup holders"
    assert records["B0003"].description == ""


def test_description_is_cut_to_five_thousand_characters_at_a_word():
    [record] = build_catalog([product("B0001", description="lorem ipsum " * 600)])

    assert len(record.description) <= 5000
    assert record.description.endswith("lorem") or record.description.endswith("ipsum")


@given(st.text(max_size=300), st.integers(min_value=10, max_value=250))
def test_cut_text_never_exceeds_the_limit_and_is_a_start_of_the_text(text, limit):
    cut = cut_at_word(text, limit)
    assert len(cut) <= limit
    assert text.startswith(cut)


# --- brands, colours, prices --------------------------------------------------------------------


def test_brand_and_colour_spellings_are_unified_to_the_most_used_one():
    records = by_asin(build_catalog([
        product("B0001", brand="Nike", color="Black"), product("B0002", brand="NIKE", color="black"),
        product("B0003", brand="Nike", color="Black"), product("B0004", brand="", color=""),
    ]))

    assert {records[asin].brand for asin in ("B0001", "B0002", "B0003")} == {"Nike"}
    assert {records[asin].colour for asin in ("B0001", "B0002", "B0003")} == {"Black"}
    assert records["B0004"].brand is None and records["B0004"].colour is None


@pytest.mark.parametrize("price, cents", [(12.99, 1299), ("$1,299.00", 129900), ("$0.79", 79), (190.0, 19000)])
def test_listed_price_becomes_us_cents(price, cents):
    [record] = build_catalog([product("B0001", price=price)])
    assert (record.price_minor, record.price_estimated) == (cents, False)


def test_product_without_a_usable_price_gets_a_deterministic_price_near_its_category_median():
    listed = [product(f"B00{n}", price=price, category=("Sports & Outdoors", "Water Bottles"))
              for n, price in enumerate((10.0, 20.0, 30.0, 40.0, 50.0))]
    unpriced = [product("B1000", price=None, category=("Sports & Outdoors", "Water Bottles")),
                product("B1001", price=0.0, category=("Sports & Outdoors", "Water Bottles")),
                product("B1002", price="see options", category=("Sports & Outdoors", "Water Bottles"))]

    records = by_asin(build_catalog(listed + unpriced))
    again = by_asin(build_catalog(listed + unpriced))

    for asin in ("B1000", "B1001", "B1002"):
        record = records[asin]
        assert record.price_estimated
        assert 0.8 * 3000 - 100 <= record.price_minor <= 1.2 * 3000 + 100  # median $30
        assert record.price_minor % 100 == 99
        assert record.price_minor == again[asin].price_minor


def test_estimate_falls_back_to_the_parent_category_then_the_whole_catalogue():
    rows = [product(f"B00{n}", price=8.0, category=("Pet Supplies", "Dogs")) for n in range(5)]
    rows.append(product("B1000", category=("Pet Supplies", "Cats")))  # no listed cat prices: Pet Supplies
    rows.append(product("B1001", category=("Gift Cards",)))  # nothing listed there: the whole catalogue

    records = by_asin(build_catalog(rows))

    assert 600 <= records["B1000"].price_minor <= 1000
    assert 600 <= records["B1001"].price_minor <= 1000


# --- categories ---------------------------------------------------------------------------------


def test_entry_has_a_slug_path_of_at_most_four_levels_and_the_asin_as_an_attribute():
    [record] = build_catalog([product("B0001", category=(
        "Grocery & Gourmet Food", "Pantry Staples", "Cooking & Baking", "Cooking Oils, Vinegars & Sprays", "Oils",
        "Canola"))])

    entry = entry_for(record)

    assert entry.category_path == ("grocery-gourmet-food", "pantry-staples", "cooking-baking",
                                   "cooking-oils-vinegars-sprays")
    assert entry.category_names[-1] == "Cooking Oils, Vinegars & Sprays"
    assert entry.attributes == {"colour": "Blue", "asin": "B0001"}
    assert entry.price_minor > 0


def test_product_without_a_colour_carries_only_its_asin():
    [record] = build_catalog([product("B0001", color=None)])
    assert entry_for(record).attributes == {"asin": "B0001"}


def test_products_without_a_breadcrumb_go_to_books_or_everything_else():
    records = by_asin(build_catalog([product("B0001", category=()), product("0316769487", category=(), is_book=True)]))

    assert entry_for(records["B0001"]).category_path == ("everything-else",)
    assert entry_for(records["0316769487"]).category_path == ("books",)


def test_breadcrumb_starting_below_its_department_is_put_back_under_it():
    [record] = build_catalog([product("B0001", category=("Kitchen & Dining", "Small Appliance Parts & Accessories"))])

    assert entry_for(record).category_path == ("home-kitchen", "kitchen-dining", "small-appliance-parts-accessories")


@pytest.mark.parametrize("name", ["Clothing, Shoes & Jewelry", "Home Décor Products", "Men's", "Arts, Crafts & Sewing",
                                  "Baby Products", "  Tools &  Home Improvement "])
def test_category_slugs_match_the_sites_slugs(name):
    assert slugify(name) == django_slugify(name)


def test_category_tree_lists_parents_first_and_busiest_siblings_first():
    entries = [entry_for(record) for record in build_catalog([
        product("B0001", category=("Pet Supplies", "Dogs", "Toys")),
        product("B0002", category=("Pet Supplies", "Cats")),
        product("B0003", category=("Pet Supplies", "Dogs", "Beds")),
        product("B0004", category=("Toys & Games",)),
    ])]

    nodes = {node.path: node for node in category_tree(entries)}
    order = [node.path for node in category_tree(entries)]

    assert order.index(("pet-supplies",)) < order.index(("pet-supplies", "dogs")) < order.index(
        ("pet-supplies", "dogs", "toys"))
    assert nodes[("pet-supplies",)].position == 0 and nodes[("toys-games",)].position == 1
    assert nodes[("pet-supplies", "dogs")].position == 0 and nodes[("pet-supplies", "cats")].position == 1
    assert nodes[("pet-supplies", "dogs")].name == "Dogs"
    assert nodes[("pet-supplies", "dogs")].parent_path == ("pet-supplies",)


# --- the file -----------------------------------------------------------------------------------


def test_written_catalogue_reads_back_identically_and_is_byte_stable(tmp_path):
    records = build_catalog([product("B0001", price=12.5), product("B0002", category=("Books",), brand=None)])
    write_catalog(records, tmp_path / "one.jsonl.gz")
    write_catalog(records, tmp_path / "two.jsonl.gz")

    assert read_records(tmp_path / "one.jsonl.gz") == records
    assert (tmp_path / "one.jsonl.gz").read_bytes() == (tmp_path / "two.jsonl.gz").read_bytes()


def test_shipped_catalogue_is_small_whole_and_ready_to_list():
    entries = read_catalog(SHIPPED_CATALOG)

    assert SHIPPED_CATALOG.stat().st_size < 4_000_000
    assert len(entries) == 6764
    assert len({entry.asin for entry in entries}) == len(entries)
    assert all(entry.price_minor > 0 and entry.title and len(entry.title) <= 200 for entry in entries)
    assert all(len(entry.description) <= 5000 for entry in entries)
    assert all(1 <= len(entry.category_path) <= MAX_CATEGORY_LEVELS for entry in entries)
    assert all(entry.attributes["asin"] == entry.asin for entry in entries)
    assert sum(not entry.price_estimated for entry in entries) > 1900  # real Amazon prices


def test_shipped_catalogue_keeps_its_departments_apart_from_the_uk_demos():
    esci_departments = {entry.category_path[0] for entry in read_catalog(SHIPPED_CATALOG)}
    uci_departments = {node.slug for node in uci_category_tree() if not node.parent_slug}

    assert esci_departments.isdisjoint(uci_departments)


def test_shipped_catalogue_holds_only_what_the_shop_needs():
    with gzip.open(SHIPPED_CATALOG, "rt", encoding="utf-8") as shipped:
        first = json.loads(shipped.readline())
    assert set(first) == {"asin", "title", "description", "brand", "colour", "category", "price_minor",
                          "price_estimated", "rating", "rating_count"}


@pytest.mark.parametrize("name, colour", [("Navy Blue/White", "Blue"), ("BLACK", "Black"), ("Space Gray", "Grey"),
                                          ("Rose Gold", "Pink"), ("001# Music Elephant", None), (None, None),
                                          ("Multi-Color", "Multicolour")])
def test_seller_colour_names_fall_under_shop_colours(name, colour):
    from mercato.demo.esci_catalog import base_colour

    assert base_colour(name) == colour
