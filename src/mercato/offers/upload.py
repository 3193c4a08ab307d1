"""Bulk offer upload from a CSV file: parse it, check it, hand the good rows to `upsert_offers`.

The file is read twice as a stream and never held in memory: the first pass checks the encoding,
the header and the row count (so a file over the limit writes nothing), the second turns each row
into an `OfferRow` that `upsert_offers` consumes as it goes. A row that cannot be parsed becomes a
rejected outcome naming its column; nothing from it is written.

Columns (header row required, case-insensitive, any order):
    product_id or gtin   which product (one of them per row)
    condition            new (default), used_like_new, used_very_good, used_good, used_acceptable
    price                major units, e.g. 12.50
    quantity             whole number of units
    shipping             optional; major units
    handling_days        optional; working days from order to dispatch
    sku                  optional; the seller's own reference
    condition_note       optional
A blank or missing optional column gives a new offer the default (shipping 0, handling 2 days,
SKU from the product id) and leaves an existing offer's value as it is.
"""
from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.conf import settings

from mercato.core.errors import DomainError, Invalid
from mercato.core.money import parse_money
from mercato.core.text import clean_text, parse_whole_number
from mercato.marketplaces.models import Marketplace
from mercato.offers.models import Condition
from mercato.offers.services import MAX_HANDLING_DAYS, MAX_QUANTITY, OfferRow, OfferTerms, RowOutcome, upsert_offers
from mercato.sellers.models import Seller

PRODUCT_COLUMNS = ("product_id", "gtin")
REQUIRED_COLUMNS = ("price", "quantity")
OPTIONAL_COLUMNS = ("condition", "shipping", "handling_days", "sku", "condition_note")
COLUMNS = PRODUCT_COLUMNS + REQUIRED_COLUMNS + OPTIONAL_COLUMNS
TEMPLATE_HEADER = ("product_id", "gtin", "condition", "price", "quantity", "shipping", "handling_days", "sku",
                   "condition_note")

NOT_UTF8 = "the file must be UTF-8 encoded CSV"
# A generous bound on one row's size, so a huge file is refused before it is read.
MAX_BYTES_PER_ROW = 2_000

# What the services call a field, as the seller's CSV column.
_COLUMN_FOR_FIELD = {"price_minor": "price", "shipping_minor": "shipping", "seller_sku": "sku",
                     "product_id": "product_id", "gtin": "gtin", "condition": "condition", "quantity": "quantity",
                     "handling_days": "handling_days", "condition_note": "condition_note"}


class UploadRefused(Exception):
    """The file as a whole cannot be used (encoding, header, size). Nothing was written."""

    def __init__(self, detail: str):
        super().__init__(detail)
        self.detail = detail


@dataclass(frozen=True)
class ReportRow:
    """One line of the upload report."""

    row_number: int
    product: str  # the product_id or GTIN as the seller typed it
    action: str  # "created", "updated" or "rejected"
    offer_id: int | None = None
    error: str = ""
    column: str | None = None


@dataclass(frozen=True)
class UploadReport:
    rows: list[ReportRow]

    @property
    def accepted_count(self) -> int:
        return sum(1 for row in self.rows if row.action != "rejected")

    @property
    def rejected_count(self) -> int:
        return sum(1 for row in self.rows if row.action == "rejected")


def upload_offers(*, seller: Seller, marketplace: Marketplace, file, max_rows: int | None = None) -> UploadReport:
    """Create or update `seller`'s offers in `marketplace` from a CSV upload, row by row.

    Raises UploadRefused (writing nothing) when the file itself is unusable."""
    max_rows = settings.OFFER_UPLOAD_MAX_ROWS if max_rows is None else max_rows
    check_file(file, max_rows=max_rows)
    products: dict[int, str] = {}
    parse_failures: list[RowOutcome] = []

    def good_rows() -> Iterator[OfferRow]:
        for row_number, product, parsed in parse_rows(file, currency=marketplace.currency):
            products[row_number] = product
            if isinstance(parsed, OfferRow):
                yield parsed
            else:
                parse_failures.append(parsed)

    outcomes = upsert_offers(seller=seller, marketplace=marketplace, rows=good_rows())
    merged = sorted([*outcomes, *parse_failures], key=lambda outcome: outcome.row_number)
    return UploadReport([ReportRow(o.row_number, products.get(o.row_number, ""), o.action, o.offer_id, o.error,
                                   _COLUMN_FOR_FIELD.get(o.field or "", o.field)) for o in merged])


@contextmanager
def _text_stream(file):
    """The uploaded bytes as text, decoded as UTF-8 (a byte-order mark is allowed), from the start."""
    file.seek(0)
    text = io.TextIOWrapper(file, encoding="utf-8-sig", errors="strict", newline="")
    try:
        yield text
    finally:
        # Detach so that closing the wrapper does not close the uploaded file under the caller.
        text.detach()


def _reader(text) -> Iterator[tuple[int, list[str]]]:
    """(line number, cells) for each non-blank CSV record, turning decoding trouble into UploadRefused."""
    reader = csv.reader(text)
    try:
        for cells in reader:
            if not cells or all(not cell.strip() for cell in cells):
                continue
            if any("\x00" in cell for cell in cells):  # UTF-16 text read as UTF-8 is full of NUL characters
                raise UploadRefused(NOT_UTF8)
            yield reader.line_num, cells
    except UnicodeDecodeError:
        raise UploadRefused(NOT_UTF8) from None
    except csv.Error as error:
        if "NUL" in str(error):
            raise UploadRefused(NOT_UTF8) from None
        raise UploadRefused(f"the file is not valid CSV (line {reader.line_num}: {error})") from None


def check_file(file, *, max_rows: int) -> list[str]:
    """First pass: the file decodes, has a usable header and at most `max_rows` data rows.
    Returns the column names. Reads the file as a stream; keeps nothing."""
    size = getattr(file, "size", None)
    if size == 0:
        raise UploadRefused("the file is empty")
    if size is not None and size > (max_rows + 1) * MAX_BYTES_PER_ROW:
        raise UploadRefused(f"the file is too large for {max_rows:,} rows; split it into smaller files")
    with _text_stream(file) as text:
        records = _reader(text)
        first = next(records, None)
        if first is None:
            raise UploadRefused("the file is empty; the first line must name the columns")
        columns = parse_header(first[1])
        data_rows = 0
        for _ in records:
            data_rows += 1
            if data_rows > max_rows:
                raise UploadRefused(f"the file has more than {max_rows:,} rows; split it into files of at most "
                                    f"{max_rows:,} rows")
        if data_rows == 0:
            raise UploadRefused("the file has a header but no rows")
    return columns


def parse_header(cells: list[str]) -> list[str]:
    """Column names in file order, lower-cased; UploadRefused naming any wrong, missing or repeated one."""
    columns = [cell.strip().lower() for cell in cells]
    problems = []
    blank = [str(position) for position, name in enumerate(columns, start=1) if not name]
    if blank:
        problems.append("column " + ", ".join(blank) + " has no name")
    unknown = [name for name in columns if name and name not in COLUMNS]
    if unknown:
        hint = " (columns must be separated by commas)" if any(";" in name or "\t" in name for name in unknown) else ""
        problems.append("unknown column " + ", ".join(_quoted(unknown)) + hint)
    repeated = sorted({name for name in columns if name and columns.count(name) > 1})
    if repeated:
        problems.append("repeated column " + ", ".join(_quoted(repeated)))
    missing = [name for name in REQUIRED_COLUMNS if name not in columns]
    if not any(name in columns for name in PRODUCT_COLUMNS):
        missing.insert(0, "product_id or gtin")
    if missing:
        problems.append("missing column " + ", ".join(_quoted(missing)))
    if problems:
        allowed = ", ".join(COLUMNS)
        raise UploadRefused("the header row is wrong: " + "; ".join(problems) + f". Allowed columns: {allowed}")
    return columns


def _quoted(names: list[str]) -> list[str]:
    return [f'"{name[:40]}"' for name in names]


def parse_rows(file, *, currency: str) -> Iterator[tuple[int, str, OfferRow | RowOutcome]]:
    """Second pass: (row number, product as typed, OfferRow or a rejected RowOutcome) for each data row.
    Row numbers are line numbers in the file (the header is line 1), as a spreadsheet shows them."""
    with _text_stream(file) as text:
        records = _reader(text)
        _, header = next(records)
        columns = parse_header(header)
        for row_number, cells in records:
            values = dict(zip(columns, (cell.strip() for cell in cells)))
            product = values.get("product_id") or values.get("gtin") or ""
            if len(cells) > len(columns) and any(cell.strip() for cell in cells[len(columns):]):
                yield row_number, product[:40], RowOutcome(
                    row_number, False, "rejected",
                    error=f"the row has {len(cells)} values but the header names {len(columns)} columns")
                continue
            try:
                yield row_number, product[:40], parse_row(row_number, values, currency=currency)
            except DomainError as error:
                yield row_number, product[:40], RowOutcome(row_number, False, "rejected", error=error.detail,
                                                           field=error.field)


def parse_row(row_number: int, values: dict[str, str], *, currency: str) -> OfferRow:
    """One row's cells (by column name) as an OfferRow; Invalid naming the column when a cell is wrong."""
    product_id = clean_text(values.get("product_id"), field="product_id", max_length=20, required=False)
    gtin = clean_text(values.get("gtin"), field="gtin", max_length=20, required=False)
    if product_id and gtin:
        raise Invalid("give either a product_id or a gtin, not both", field="product_id")
    if not product_id and not gtin:
        raise Invalid("give a product_id or a gtin", field="product_id")
    return OfferRow(
        row_number=row_number,
        product_id=product_id.upper(),
        gtin=gtin,
        condition=parse_condition(values.get("condition")),
        seller_sku=clean_text(values.get("sku"), field="sku", max_length=40, required=False),
        terms=OfferTerms(
            price_minor=parse_money(values.get("price"), currency, field="price"),
            quantity=parse_whole_number(values.get("quantity"), field="quantity", minimum=0, maximum=MAX_QUANTITY),
            shipping_minor=_optional(values.get("shipping"),
                                     lambda text: parse_money(text, currency, field="shipping", allow_zero=True)),
            handling_days=_optional(values.get("handling_days"),
                                    lambda text: parse_whole_number(text, field="handling_days", minimum=0,
                                                                    maximum=MAX_HANDLING_DAYS)),
            condition_note=_optional(values.get("condition_note"),
                                     lambda text: clean_text(text, field="condition_note", max_length=300)),
        ),
    )


def _optional(text: str | None, parse):
    return None if text is None or not text.strip() else parse(text)


def parse_condition(text: str | None) -> str:
    """A condition code; blank means new. Also accepts the label ("Used - like new") and spaces for underscores."""
    if text is None or not text.strip():
        return Condition.NEW
    normalised = "_".join(text.strip().lower().replace("–", " ").replace("-", " ").split())
    if normalised in Condition.values:
        return normalised
    raise Invalid("condition must be one of: " + ", ".join(Condition.values), field="condition")


def template_csv() -> str:
    """A CSV a seller can fill in: the header and two example rows."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(TEMPLATE_HEADER)
    writer.writerow(["M4K2Q9XTB7", "", "new", "12.50", "10", "0", "2", "MUG-RED-01", ""])
    writer.writerow(["", "5012345678900", "used_good", "7.99", "1", "2.95", "3", "", "Small scratch on the lid"])
    return out.getvalue()


def report_csv_lines(report: UploadReport) -> Iterator[str]:
    """The report as CSV text, line by line (for a streamed download)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["row", "product", "action", "offer_id", "column", "reason"])
    yield _drain(out)
    for row in report.rows:
        writer.writerow([row.row_number, _safe_cell(row.product), row.action, row.offer_id or "", row.column or "",
                         _safe_cell(row.error)])
        yield _drain(out)


def _safe_cell(text: str) -> str:
    """Text a spreadsheet would run as a formula (=, +, -, @ first) is written with a leading quote."""
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def _drain(out: io.StringIO) -> str:
    text = out.getvalue()
    out.seek(0)
    out.truncate()
    return text

