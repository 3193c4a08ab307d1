"""The CSV offer upload: parsing on its own, then the whole upload against the database."""
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile, TemporaryUploadedFile

from mercato.offers.models import Condition, Offer
from mercato.offers.services import OfferRow, RowOutcome
from mercato.offers.upload import (
    NOT_UTF8,
    UploadRefused,
    check_file,
    parse_condition,
    parse_header,
    parse_rows,
    report_csv_lines,
    template_csv,
    upload_offers,
)
from tests.factories import make_offer, make_product, make_seller


def csv_file(text: str, *, encoding="utf-8") -> SimpleUploadedFile:
    return SimpleUploadedFile("offers.csv", text.encode(encoding), content_type="text/csv")


def parsed(text: str, currency="GBP"):
    file = csv_file(text)
    check_file(file, max_rows=1000)
    return [result for _, _, result in parse_rows(file, currency=currency)]


# --- the header ---------------------------------------------------------------------------------

def test_header_is_case_insensitive_and_in_any_order():
    assert parse_header([" Quantity", "PRICE", "gtin "]) == ["quantity", "price", "gtin"]


def test_unknown_header_is_named():
    with pytest.raises(UploadRefused, match='unknown column "colour"'):
        parse_header(["product_id", "price", "quantity", "colour"])


def test_missing_headers_are_named():
    with pytest.raises(UploadRefused) as refused:
        parse_header(["sku", "condition"])
    assert 'missing column "product_id or gtin", "price", "quantity"' in refused.value.detail


def test_repeated_header_is_named():
    with pytest.raises(UploadRefused, match='repeated column "price"'):
        parse_header(["product_id", "price", "quantity", "Price"])


def test_semicolon_separated_header_gets_a_hint():
    with pytest.raises(UploadRefused, match="separated by commas"):
        parse_header(["product_id;price;quantity"])


def test_blank_column_name_is_refused():
    with pytest.raises(UploadRefused, match="column 3 has no name"):
        parse_header(["product_id", "price", "", "quantity"])


# --- encoding, emptiness and size ----------------------------------------------------------------

def test_utf8_with_byte_order_mark_is_accepted():
    file = SimpleUploadedFile("offers.csv", b"\xef\xbb\xbfproduct_id,price,quantity\nM1,1.00,1\n")
    assert check_file(file, max_rows=10) == ["product_id", "price", "quantity"]


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-32"])
def test_utf16_and_utf32_files_are_refused(encoding):
    with pytest.raises(UploadRefused, match=NOT_UTF8):
        check_file(csv_file("product_id,price,quantity\nM1,1.00,1\n", encoding=encoding), max_rows=10)


def test_latin1_bytes_are_refused_even_late_in_the_file():
    rows = "".join(f"M{n},1.00,1\n" for n in range(3000))  # push the bad byte beyond the first read
    text = "product_id,price,quantity\n" + rows + "M9,1.00,1,Café\n"
    with pytest.raises(UploadRefused, match=NOT_UTF8):
        check_file(csv_file(text, encoding="latin-1"), max_rows=10_000)


def test_empty_file_and_header_only_file_are_refused():
    with pytest.raises(UploadRefused, match="empty"):
        check_file(csv_file(""), max_rows=10)
    with pytest.raises(UploadRefused, match="no rows"):
        check_file(csv_file("product_id,price,quantity\n"), max_rows=10)


def test_more_rows_than_the_limit_is_refused():
    text = "product_id,price,quantity\n" + "M1,1.00,1\n" * 4
    assert check_file(csv_file(text), max_rows=4)
    with pytest.raises(UploadRefused, match="more than 3 rows"):
        check_file(csv_file(text), max_rows=3)


def test_blank_lines_do_not_count_as_rows():
    text = "product_id,price,quantity\n\nM1,1.00,1\n,,\n\n"
    assert check_file(csv_file(text), max_rows=1)


def test_large_file_is_streamed_from_a_temporary_file_and_left_open():
    data = ("product_id,price,quantity\n" + "M1,1.00,1\n" * 50).encode()
    file = TemporaryUploadedFile("offers.csv", "text/csv", len(data), None)
    file.write(data)
    check_file(file, max_rows=50)
    assert len(list(parse_rows(file, currency="GBP"))) == 50
    assert not file.closed


# --- rows ---------------------------------------------------------------------------------------

def test_good_row_becomes_an_offer_row_in_minor_units():
    [row] = parsed("GTIN,Price,Quantity,Shipping,Handling_Days,SKU,Condition,Condition_Note\n"
                   "5012345678900,12.50,7,2.95,3,MUG-1,Used - like new,Tiny chip\n")
    assert isinstance(row, OfferRow)
    assert (row.row_number, row.gtin, row.seller_sku, row.condition) == (2, "5012345678900", "MUG-1",
                                                                         Condition.USED_LIKE_NEW)
    assert (row.terms.price_minor, row.terms.quantity, row.terms.shipping_minor, row.terms.handling_days,
            row.terms.condition_note) == (1250, 7, 295, 3, "Tiny chip")


def test_blank_optional_cells_are_left_to_defaults():
    [row] = parsed("product_id,price,quantity,shipping,handling_days\nm4k2q9xtb7,3,1,,\n")
    assert row.product_id == "M4K2Q9XTB7"
    assert row.condition == Condition.NEW
    assert row.terms.shipping_minor is None and row.terms.handling_days is None


@pytest.mark.parametrize("price, message", [
    ("abc", "price must be a number like 12.50"),
    ("-1", "price must be more than zero"),
    ("0", "price must be more than zero"),
    ("12.345", "more than 2 decimal places"),
    ("99999999", "above the limit"),
    ("", "price is required"),
    ("NaN", "price must be a number"),
])
def test_bad_price_rejects_the_row_naming_the_column(price, message):
    [row] = parsed(f"product_id,price,quantity\nM1,{price},1\n")
    assert isinstance(row, RowOutcome) and not row.accepted
    assert row.field == "price" and message in row.error


@pytest.mark.parametrize("quantity", ["-1", "1.5", "lots", "", "100000000"])
def test_bad_quantity_rejects_the_row(quantity):
    [row] = parsed(f"product_id,price,quantity\nM1,1.00,{quantity}\n")
    assert isinstance(row, RowOutcome) and row.field == "quantity"


def test_row_needs_exactly_one_of_product_id_and_gtin():
    neither, both = parsed("product_id,gtin,price,quantity\n,,1.00,1\nM1,5012345678900,1.00,1\n")
    assert neither.field == "product_id" and "give a product_id or a gtin" in neither.error
    assert both.field == "product_id" and "not both" in both.error


def test_unknown_condition_and_too_many_values_are_rejected():
    condition, extra = parsed("product_id,price,quantity,condition\nM1,1,1,mint\nM2,1,1,new,surprise\n")
    assert condition.field == "condition"
    assert "header names 4 columns" in extra.error


def test_row_numbers_are_file_lines():
    rows = parsed("product_id,price,quantity\nM1,1,1\n\nM2,x,1\n")
    assert [row.row_number for row in rows] == [2, 4]


def test_parse_condition_accepts_codes_labels_and_blank():
    assert parse_condition("") == Condition.NEW
    assert parse_condition("USED_GOOD") == Condition.USED_GOOD
    assert parse_condition("Used – very good") == Condition.USED_VERY_GOOD


def test_template_csv_parses_cleanly():
    file = csv_file(template_csv())
    assert check_file(file, max_rows=10)[:2] == ["product_id", "gtin"]
    assert all(isinstance(result, OfferRow) for _, _, result in parse_rows(file, currency="GBP"))


# --- the whole upload ---------------------------------------------------------------------------

def test_upload_creates_updates_and_rejects_row_by_row(marketplace):
    seller = make_seller()
    mug = make_product("Mug", gtin="5012345678900")
    lamp = make_product("Lamp")
    existing = make_offer(seller=seller, product=lamp, marketplace=marketplace, price_minor=5000, quantity=1,
                          shipping_minor=300)
    text = ("gtin,product_id,price,quantity,shipping\n"
            "5012345678900,,9.99,4,\n"            # creates
            f",{lamp.public_id},45.00,2,\n"       # updates; blank shipping keeps 3.00
            ",MNOSUCHPROD,1.00,1,\n"              # unknown product
            "4006381333931,,1.00,1,\n"            # valid GTIN, not in the catalog
            f",{lamp.public_id},free,1,\n")       # bad price
    report = upload_offers(seller=seller, marketplace=marketplace, file=csv_file(text))
    assert [(r.row_number, r.action, r.column) for r in report.rows] == [
        (2, "created", None), (3, "updated", None), (4, "rejected", "product_id"), (5, "rejected", "gtin"),
        (6, "rejected", "price")]
    assert (report.accepted_count, report.rejected_count) == (2, 3)
    assert report.rows[0].product == "5012345678900"
    created = Offer.objects.get(seller=seller, product=mug)
    assert (created.price_minor, created.quantity, created.shipping_minor, created.handling_days) == (999, 4, 0, 2)
    existing.refresh_from_db()
    assert (existing.price_minor, existing.quantity, existing.shipping_minor) == (4500, 2, 300)
    assert Offer.objects.filter(seller=seller).count() == 2


def test_refused_file_writes_nothing(marketplace, settings):
    seller = make_seller()
    product = make_product()
    settings.OFFER_UPLOAD_MAX_ROWS = 2
    text = "product_id,price,quantity\n" + f"{product.public_id},1.00,1\n" * 3
    with pytest.raises(UploadRefused):
        upload_offers(seller=seller, marketplace=marketplace, file=csv_file(text))
    assert not Offer.objects.filter(seller=seller).exists()


def test_report_csv_neutralises_formulas():
    from mercato.offers.upload import ReportRow, UploadReport

    report = UploadReport([ReportRow(2, "=HYPERLINK(1)", "rejected", error="bad", column="product_id")])
    text = "".join(report_csv_lines(report))
    assert text.splitlines() == ["row,product,action,offer_id,column,reason",
                                 "2,'=HYPERLINK(1),rejected,,product_id,bad"]


def test_bytesio_works_as_well_as_an_uploaded_file():
    file = io.BytesIO(b"product_id,price,quantity\nM1,2,1\n")
    assert check_file(file, max_rows=1) and not file.closed
