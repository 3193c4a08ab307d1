"""The demo catalogue built from the UCI Online Retail data: what a shopper or operator relies on."""

from __future__ import annotations

import gzip
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mercato.demo import uci_catalog, uci_categories
from mercato.demo.uci_catalog import (
    CATCH_ALL_CATEGORY,
    CATEGORY_TREE,
    assign_gtins,
    attributes_for,
    brand_for,
    build_catalog,
    classify,
    describe,
    dimensions_for,
    gtin_for,
    is_valid_ean13,
    read_catalog,
    title_case,
    write_catalog,
)

SHIPPED_CATALOG = Path(uci_catalog.__file__).parent / "data" / "uci_catalog.csv.gz"
LEAF_SLUGS = {node.slug for node in CATEGORY_TREE if node.parent_slug}


def line(invoice, stock_code, description, quantity, unit_price, date="2011-03-01 10:00:00"):
    return {
        "InvoiceNo": invoice, "StockCode": stock_code, "Description": description,
        "Quantity": str(quantity), "InvoiceDate": date, "UnitPrice": str(unit_price),
        "CustomerID": "17850", "Country": "United Kingdom",
    }


def by_code(entries):
    return {entry.stock_code: entry for entry in entries}


# --- which invoice lines make a product -------------------------------------------------------


def test_charges_fees_and_vouchers_are_not_products():
    rows = [
        line("536365", "85123A", "WHITE HANGING HEART T-LIGHT HOLDER", 6, "2.55"),
        line("536366", "POST", "POSTAGE", 1, "18.00"),
        line("536367", "DOT", "DOTCOM POSTAGE", 1, "569.77"),
        line("536368", "M", "Manual", 1, "2.95"),
        line("536369", "C2", "CARRIAGE", 1, "50.00"),
        line("536370", "BANK CHARGES", "Bank Charges", 1, "15.00"),
        line("536371", "AMAZONFEE", "AMAZON FEE", 1, "13541.33"),
        line("536372", "gift_0001_20", "Dotcomgiftshop Gift Voucher £20.00", 1, "17.02"),
        line("536373", "23444", "Next Day Carriage", 1, "15.00"),
        line("536374", "23574", "PACKING CHARGE", 1, "1.00"),
    ]
    assert [entry.stock_code for entry in build_catalog(rows)] == ["85123A"]


def test_warehouse_notes_and_free_lines_never_make_or_name_a_product():
    rows = [
        line("536365", "21777", "?", 10, "0"),
        line("536366", "21778", "wet damaged", -5, "0"),
        line("536367", "21779", "check", 3, "0"),
        line("536368", "22139", "damaged", 2, "1.25"),  # a note, even with a price
        line("536369", "22139", "RETROSPOT TEA SET CERAMIC 11 PC", 1, "4.95"),
        line("536370", "22139", "found", 1, "4.95"),
        line("536371", "22139", "Found", 1, "4.95"),
    ]
    [tea_set] = build_catalog(rows)
    assert tea_set.stock_code == "22139"
    assert tea_set.title == "Retrospot Tea Set Ceramic 11 Piece"
    assert tea_set.units_sold == 1


def test_a_product_only_ever_cancelled_or_adjusted_is_not_in_the_catalogue():
    rows = [
        line("C536379", "22556", "PLASTERS IN TIN CIRCUS PARADE", -12, "1.65"),
        line("A563185", "22557", "PLASTERS IN TIN VINTAGE PAISLEY", 1, "1.65"),
    ]
    assert build_catalog(rows) == []


def test_upper_case_words_like_check_in_a_real_title_are_kept():
    rows = [line("536365", "21407", "BROWN CHECK CAT DOORSTOP", 1, "4.25")]
    assert [entry.title for entry in build_catalog(rows)] == ["Brown Check Cat Doorstop"]


def test_lower_case_stock_code_variant_is_the_same_product():
    rows = [
        line("536365", "85123A", "WHITE HANGING HEART T-LIGHT HOLDER", 6, "2.55"),
        line("536366", "85123a", "WHITE HANGING HEART T-LIGHT HOLDER", 4, "2.55"),
    ]
    [holder] = build_catalog(rows)
    assert (holder.stock_code, holder.units_sold, holder.order_count) == ("85123A", 10, 2)


def test_the_most_frequent_wording_becomes_the_title():
    rows = [
        line("1", "22776", "SWEETHEART CAKESTAND 3 TIER", 1, "9.95"),
        line("2", "22776", "SWEETHEART CAKESTAND 3 TIER", 1, "9.95"),
        line("3", "22776", "SWEETHEART 3 TIER CAKE STAND", 1, "9.95"),
    ]
    assert build_catalog(rows)[0].title == "Sweetheart Cake Stand 3 Tier"


# --- price and sales figures ------------------------------------------------------------------


def test_price_is_the_median_of_retail_size_lines_in_pence():
    rows = [
        line("1", "22423", "REGENCY CAKESTAND 3 TIER", 1, "12.75"),
        line("2", "22423", "REGENCY CAKESTAND 3 TIER", 2, "10.95"),
        line("3", "22423", "REGENCY CAKESTAND 3 TIER", 11, "12.75"),
        # wholesale lines are cheaper and would drag the shop price down
        line("4", "22423", "REGENCY CAKESTAND 3 TIER", 16, "10.95"),
        line("5", "22423", "REGENCY CAKESTAND 3 TIER", 64, "10.95"),
        line("6", "22423", "REGENCY CAKESTAND 3 TIER", 32, "10.95"),
    ]
    assert build_catalog(rows)[0].price_minor == 1275


def test_price_of_a_product_only_sold_wholesale_is_the_median_of_all_its_lines():
    rows = [
        line("1", "84879", "ASSORTED COLOUR BIRD ORNAMENT", 160, "1.45"),
        line("2", "84879", "ASSORTED COLOUR BIRD ORNAMENT", 24, "1.69"),
        line("3", "84879", "ASSORTED COLOUR BIRD ORNAMENT", 12, "1.69"),
    ]
    assert build_catalog(rows)[0].price_minor == 169


def test_median_between_two_prices_rounds_half_a_penny_up():
    rows = [
        line("1", "21212", "PACK OF 72 RETROSPOT CAKE CASES", 1, "0.55"),
        line("2", "21212", "PACK OF 72 RETROSPOT CAKE CASES", 1, "0.42"),
    ]
    assert build_catalog(rows)[0].price_minor == 49  # median 48.5p


def test_units_sold_and_orders_exclude_cancelled_invoices():
    rows = [
        line("536365", "22720", "SET OF 3 CAKE TINS PANTRY DESIGN", 6, "4.95", "2010-12-03 09:00:00"),
        line("536366", "22720", "SET OF 3 CAKE TINS PANTRY DESIGN", 12, "4.25", "2010-12-01 08:26:00"),
        line("C536367", "22720", "SET OF 3 CAKE TINS PANTRY DESIGN", -6, "4.95", "2010-11-30 10:00:00"),
        line("536368", "22720", "SET OF 3 CAKE TINS PANTRY DESIGN", 0, "4.95"),
    ]
    [tins] = build_catalog(rows)
    assert tins.units_sold == 18
    assert tins.order_count == 2
    assert tins.first_sold == "2010-12-01"


def test_uci_own_us_style_dates_are_read():
    rows = [line("536365", "71053", "WHITE METAL LANTERN", 6, "3.39", "12/1/2010 8:26")]
    assert build_catalog(rows)[0].first_sold == "2010-12-01"


# --- categories -------------------------------------------------------------------------------


def test_category_tree_has_departments_with_three_to_eight_sub_categories():
    departments = [node for node in CATEGORY_TREE if node.parent_slug is None]
    children = Counter(node.parent_slug for node in CATEGORY_TREE if node.parent_slug)
    assert 8 <= len(departments) <= 12
    assert all(3 <= children[department.slug] <= 8 for department in departments)
    slugs = [node.slug for node in CATEGORY_TREE]
    assert len(slugs) == len(set(slugs))
    assert all(children[slug] == 0 for slug in LEAF_SLUGS)  # two levels only
    assert CATCH_ALL_CATEGORY in LEAF_SLUGS


def test_every_rule_points_at_a_leaf_category():
    assert {slug for slug, _ in uci_categories.CATEGORY_RULES} <= LEAF_SLUGS


@pytest.mark.parametrize(
    ("description", "category_slug"),
    [
        ("REGENCY CAKESTAND 3 TIER", "cake-stands-baking"),
        ("SWEETHEART 3 TIER CAKE STAND", "cake-stands-baking"),
        ("LUNCH BOX WITH CUTLERY RETROSPOT", "lunch-boxes-bags"),
        ("LUNCH BAG RED RETROSPOT", "lunch-boxes-bags"),
        ("WHITE HANGING HEART T-LIGHT HOLDER", "candle-holders-lanterns"),
        ("SET OF 6 T-LIGHTS SANTA", "candles-home-fragrance"),
        ("JUMBO BAG RED RETROSPOT", "jumbo-shopping-bags"),
        ("PACK OF 72 RETROSPOT CAKE CASES", "cake-stands-baking"),
        ("PAPER CHAIN KIT 50'S CHRISTMAS", "christmas-decorations"),
        ("SET OF 6 KASHMIR FOLKART BAUBLES", "christmas-decorations"),
        ("SET 10 CARDS XMAS CHOIR 17068", "christmas-cards-wrap"),
        ("ROLL WRAP VINTAGE CHRISTMAS", "christmas-cards-wrap"),
        ("BLACK CHRISTMAS TREE 60CM", "christmas-trees-lights"),
        ("HAND WARMER RED RETROSPOT", "hot-water-bottles-warmers"),
        ("LETTER \"K\" BLING KEY RING", "keyrings-bag-charms"),
        ("RING OF ROSES BIRTHDAY CARD", "greeting-cards"),
        ("PLAYING CARDS I LOVE LONDON", "toys-games"),
        ("WATERING CAN GREEN DINOSAUR", "watering-garden-tools"),
        ("DOG BOWL VINTAGE CREAM", "pet-accessories"),
    ],
)
def test_products_land_where_a_shopper_looks_for_them(description, category_slug):
    assert classify(description) == category_slug


def test_a_christmas_cake_stand_is_a_cake_stand_but_christmas_decorations_are_christmas():
    # Rule order (see CATEGORY_RULES): Christmas-only goods first, then what the product is,
    # then the Christmas theme. A Christmas cake stand is bought as a cake stand.
    assert classify("CHRISTMAS CAKE STAND") == "cake-stands-baking"
    assert classify("CHRISTMAS TREE T-LIGHT HOLDER") == "candle-holders-lanterns"
    assert classify("CHRISTMAS HANGING STAR WITH BELL") == "christmas-decorations"
    assert classify("CHRISTMAS RETROSPOT ANGEL WOOD") == "christmas-decorations"


def test_unplaceable_titles_go_to_everything_else():
    assert classify("FROSTED WHITE BASE") == CATCH_ALL_CATEGORY


# --- brands, attributes, titles, descriptions ---------------------------------------------------


@pytest.mark.parametrize(
    ("description", "brand"),
    [
        ("JUMBO BAG RED RETROSPOT", "Retrospot"),
        ("ROSES REGENCY TEACUP AND SAUCER", "Regency"),
        ("CHILDRENS CUTLERY DOLLY GIRL", "Dolly Girl"),
        ("SPACEBOY LUNCH BOX", "Spaceboy"),
        ("LUNCH BAG PAISLEY PARK", "Paisley Park"),
        ("JUMBO BAG PINK VINTAGE PAISLEY", "Vintage Paisley"),
        ("POPPY'S PLAYHOUSE BEDROOM", "Poppy's Playhouse"),
        ("HEART OF WICKER SMALL", "Heart of Wicker"),
        ("CHARLIE+LOLA RED HOT WATER BOTTLE", "Charlie and Lola"),
        ("WHITE HANGING HEART T-LIGHT HOLDER", None),
    ],
)
def test_products_carry_their_design_range_as_brand(description, brand):
    assert brand_for(description) == brand


def test_attributes_are_only_what_the_title_names():
    assert attributes_for("SMALL PINK GLASS SUNDAE DISH") == {
        "colour": "Pink", "material": "Glass", "size": "Small",
    }
    assert attributes_for("BLACK/BLUE POLKADOT UMBRELLA") == {"colour": "Black/Blue"}
    assert attributes_for("JUMBO BAG RED RETROSPOT") == {"colour": "Red", "size": "Jumbo"}
    assert attributes_for("ICE CREAM SUNDAE LIP GLOSS") == {}
    assert attributes_for("WOODEN FRAME ANTIQUE WHITE") == {"colour": "White", "material": "Wood"}


@pytest.mark.parametrize(
    ("description", "title"),
    [
        ("WHITE HANGING HEART T-LIGHT HOLDER", "White Hanging Heart T-Light Holder"),
        ("S/4 VALENTINE DECOUPAGE HEART BOX", "Set of 4 Valentine Decoupage Heart Box"),
        ("SET/5 RED RETROSPOT LID GLASS BOWLS", "Set of 5 Red Retrospot Lid Glass Bowls"),
        ("SET 3 WICKER OVAL BASKETS W LIDS", "Set of 3 Wicker Oval Baskets with Lids"),
        ("CHILDRENS CUTLERY DOLLY GIRL ", "Children's Cutlery Dolly Girl"),
        ("POPPY'S PLAYHOUSE BEDROOM ", "Poppy's Playhouse Bedroom"),
        ("GIN + TONIC DIET METAL SIGN", "Gin & Tonic Diet Metal Sign"),
        ("LUNCH BAG SUKI  DESIGN ", "Lunch Bag Suki Design"),
        ("PACK 3 BOXES BIRD PANNETONE ", "Pack of 3 Boxes Bird Panettone"),
        ("SET 10 CARDS XMAS CHOIR 17068", "Set of 10 Cards Christmas Choir"),
        ("POLYESTER FILLER PAD 65CMx65CM", "Polyester Filler Pad 65cmx65cm"),
        ("LED TEA LIGHTS", "LED Tea Lights"),
        ('LETTER "W" BLING KEY RING', 'Letter "W" Bling Key Ring'),
        ("TEA,COFFEE,SUGAR JARS", "Tea, Coffee, Sugar Jars"),
        ("50'S CHRISTMAS GIFT BAG LARGE", "50's Christmas Gift Bag Large"),
    ],
)
def test_titles_read_like_a_shop(description, title):
    assert title_case(description) == title


def test_description_says_only_what_the_title_says():
    assert describe("LUNCH BAG RED RETROSPOT", brand="Retrospot") == (
        "From the Retrospot range: a red lunch bag."
    )
    assert describe("REGENCY CAKESTAND 3 TIER", brand="Regency") == (
        "From the Regency range: a cake stand with three tiers."
    )
    assert describe("WRAP DAISY CARPET", brand=None) == "Gift wrap in the Daisy Carpet design."
    assert describe("GLASS CLOCHE SMALL", brand=None) == "A small glass cloche."


# --- synthetic columns ------------------------------------------------------------------------


def test_gtin_is_a_valid_restricted_circulation_ean13_and_stable():
    gtin = gtin_for("85123A")
    assert is_valid_ean13(gtin)
    assert gtin[0] == "2"
    assert gtin == gtin_for("85123A") == gtin_for("85123a")
    assert gtin != gtin_for("85123B")
    assert is_valid_ean13("4006381333931")  # a real EAN-13
    assert not is_valid_ean13("4006381333932")


@given(st.text(alphabet="0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=1, max_size=12),
       st.integers(min_value=0, max_value=50))
def test_every_gtin_alternative_is_valid(stock_code, attempt):
    gtin = gtin_for(stock_code, attempt=attempt)
    assert is_valid_ean13(gtin) and 20 <= int(gtin[:2]) <= 29


def test_colliding_gtins_are_resolved_deterministically(monkeypatch):
    original = uci_catalog.gtin_for

    def colliding(stock_code, *, attempt=0):
        if attempt == 0:
            return original("SAME")
        return original(stock_code, attempt=attempt)

    monkeypatch.setattr(uci_catalog, "gtin_for", colliding)
    first = assign_gtins(["22423", "85123A", "21212"])
    second = assign_gtins(["85123A", "21212", "22423"])
    assert first == second
    assert len(set(first.values())) == 3
    assert first["21212"] == original("SAME")  # the first code in sorted order keeps it


def test_dimensions_are_plausible_deterministic_and_follow_the_size_in_the_title():
    cake_stand = dimensions_for("22423", "cake-stands-baking")
    assert cake_stand == dimensions_for("22423", "cake-stands-baking")
    assert all(value > 0 for value in cake_stand)
    earring = dimensions_for("90013B", "earrings")
    assert earring[3] < cake_stand[3]
    small = dimensions_for("21232", "storage-boxes-baskets", size="Small")
    large = dimensions_for("21232", "storage-boxes-baskets", size="Large")
    assert all(s < l for s, l in zip(small, large))
    for slug in LEAF_SLUGS:
        assert len(dimensions_for("10002", slug)) == 4


# --- the shipped file -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def shipped():
    return read_catalog(SHIPPED_CATALOG)


def test_shipped_catalogue_has_the_retailers_products(shipped):
    assert len(shipped) > 3500
    codes = [entry.stock_code for entry in shipped]
    assert len(codes) == len(set(codes))
    assert "POST" not in codes and "85123A" in codes
    assert all(entry.price_minor > 0 and entry.units_sold > 0 and entry.order_count > 0
               for entry in shipped)
    assert all(entry.title and entry.description for entry in shipped)


def test_every_gtin_in_the_shipped_file_is_a_valid_unique_ean13(shipped):
    gtins = [entry.gtin for entry in shipped]
    assert all(is_valid_ean13(gtin) and 20 <= int(gtin[:2]) <= 29 for gtin in gtins)
    assert len(set(gtins)) == len(gtins)


def test_every_category_in_the_shipped_file_is_a_leaf_of_the_tree(shipped):
    assert {entry.category_slug for entry in shipped} <= LEAF_SLUGS
    placed = sum(entry.category_slug != CATCH_ALL_CATEGORY for entry in shipped)
    assert placed / len(shipped) >= 0.9


def test_shipped_file_round_trips_through_write_and_read(shipped, tmp_path):
    copy = tmp_path / "copy.csv.gz"
    write_catalog(shipped, copy)
    assert read_catalog(copy) == shipped
    assert copy.read_bytes() == SHIPPED_CATALOG.read_bytes()  # reproducible bytes


def test_unbranded_and_attribute_free_products_round_trip(tmp_path):
    rows = [line("1", "21777", "RECIPE BOX WITH METAL HEART", 1, "7.95")]
    entries = build_catalog(rows)
    assert entries[0].brand is None and entries[0].attributes == {"material": "Metal"}
    path = tmp_path / "one.csv.gz"
    write_catalog(entries, path)
    assert read_catalog(path) == entries
    with gzip.open(path, "rt", encoding="utf-8") as text:
        assert text.readline().startswith("stock_code,title,description,category_slug,brand")
