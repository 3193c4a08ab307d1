"""The demo catalogue: real products of the UCI Online Retail data set, cleaned up into shop listings.

Pure module (standard library only). The raw data is 541,909 invoice lines of a UK gift-ware
retailer (prices in GBP). From it we keep one entry per real product with its real title, price
and sales figures, and derive what a shop catalogue needs but the data lacks: a category, a brand
(the retailer's design range), typed attributes, a short description, dimensions, weight and a GTIN.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import json
import re
import statistics
from collections import Counter
from dataclasses import dataclass, fields
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path
from typing import Iterable, Mapping

# The category and text halves live in their own modules; their public names are re-exported
# here so callers keep importing everything from uci_catalog.
from mercato.demo.uci_categories import (
    CATCH_ALL_CATEGORY,
    CATEGORY_TREE,
    CategoryNode,
    category_tree,
    classify,
)
from mercato.demo.uci_text import attributes_for, brand_for, describe, title_case

__all__ = [
    "CATCH_ALL_CATEGORY",
    "CATEGORY_TREE",
    "CatalogEntry",
    "CategoryNode",
    "attributes_for",
    "brand_for",
    "build_catalog",
    "category_tree",
    "classify",
    "describe",
    "dimensions_for",
    "gtin_for",
    "assign_gtins",
    "is_valid_ean13",
    "read_catalog",
    "title_case",
    "write_catalog",
]


@dataclass(frozen=True)
class CatalogEntry:
    stock_code: str
    title: str
    description: str
    category_slug: str          # a leaf of CATEGORY_TREE
    brand: str | None           # the retailer's design range, None when unbranded
    attributes: dict[str, str]  # "colour", "material", "size" when the title names them
    price_minor: int            # GBP pence, median retail-size selling price
    units_sold: int
    order_count: int            # distinct invoices that bought it
    first_sold: str             # ISO date
    length_mm: int
    width_mm: int
    height_mm: int
    weight_grams: int
    gtin: str                   # EAN-13, GS1 restricted-circulation range 20-29


# --- dimensions and weight ------------------------------------------------------------------

# Typical packed size per category: (length_mm, width_mm, height_mm, weight_grams).
_TYPICAL_SIZE: Mapping[str, tuple[int, int, int, int]] = {
    "wall-art-signs": (300, 200, 10, 450),
    "clocks": (300, 300, 50, 900),
    "frames-mirrors": (250, 200, 20, 500),
    "cushions-soft-furnishings": (450, 450, 40, 350),
    "hooks-knobs-doorstops": (120, 60, 50, 150),
    "decorations-ornaments": (150, 100, 30, 90),
    "small-furniture-shelving": (450, 300, 500, 4500),
    "vases-artificial-flowers": (400, 100, 100, 150),
    "mugs-cups-teaware": (120, 90, 100, 350),
    "cake-stands-baking": (250, 250, 150, 600),
    "lunch-boxes-bags": (250, 180, 120, 250),
    "tableware": (260, 260, 40, 450),
    "kitchen-storage": (180, 180, 200, 600),
    "kitchen-linen-utensils": (350, 200, 30, 200),
    "christmas-decorations": (120, 100, 40, 60),
    "christmas-trees-lights": (400, 200, 150, 600),
    "christmas-cards-wrap": (200, 150, 20, 150),
    "easter": (150, 120, 80, 100),
    "jumbo-shopping-bags": (500, 400, 10, 150),
    "handbags-purses": (280, 120, 200, 350),
    "storage-boxes-baskets": (300, 250, 200, 700),
    "travel-accessories": (140, 100, 10, 60),
    "greeting-cards": (170, 125, 5, 40),
    "gift-wrap-bags-ribbons": (500, 70, 70, 120),
    "notebooks-journals": (210, 150, 15, 200),
    "pens-pencils-desk": (180, 60, 30, 80),
    "stickers-craft-sewing": (250, 180, 30, 150),
    "toys-games": (250, 180, 60, 300),
    "soft-toys-dolls": (300, 150, 120, 250),
    "party-supplies": (250, 180, 40, 150),
    "baby-kids-room": (200, 150, 80, 200),
    "candle-holders-lanterns": (120, 120, 150, 350),
    "candles-home-fragrance": (100, 100, 120, 300),
    "lamps-string-lights": (300, 200, 200, 700),
    "necklaces-pendants": (120, 80, 20, 50),
    "earrings": (80, 50, 15, 20),
    "bracelets-bangles": (100, 80, 20, 40),
    "rings-brooches-badges": (60, 50, 25, 20),
    "hair-accessories": (90, 50, 20, 25),
    "keyrings-bag-charms": (110, 60, 20, 40),
    "umbrellas-scarves-accessories": (300, 150, 60, 250),
    "hot-water-bottles-warmers": (350, 220, 60, 450),
    "bathroom-toiletries": (180, 120, 80, 200),
    "wash-bags-beauty": (200, 130, 60, 180),
    "plant-pots-planters": (200, 200, 180, 800),
    "watering-garden-tools": (400, 150, 300, 700),
    "bird-houses-feeders": (250, 180, 250, 700),
    "outdoor-living-picnic": (450, 300, 250, 1500),
    "pet-accessories": (220, 220, 80, 400),
    "novelty-gadgets": (150, 100, 80, 250),
    "everything-else": (200, 150, 100, 300),
}

_SIZE_SCALE: Mapping[str, Decimal] = {
    "Mini": Decimal("0.55"),
    "Small": Decimal("0.8"),
    "Medium": Decimal("1"),
    "Large": Decimal("1.3"),
    "Jumbo": Decimal("1.6"),
}


def _hash_unit(text: str) -> Decimal:
    """A deterministic number in [0, 1) from `text` (no global random state)."""
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return Decimal(int.from_bytes(digest[:8], "big")) / Decimal(2**64)


def dimensions_for(
    stock_code: str, category_slug: str, *, size: str | None = None
) -> tuple[int, int, int, int]:
    """Plausible (length_mm, width_mm, height_mm, weight_grams) for a product of this category.

    Synthetic: the category's typical packed size, scaled by the size named in the title, with a
    deterministic +-20 % jitter per dimension from a hash of the stock code.
    """
    base = _TYPICAL_SIZE[category_slug]
    scale = _SIZE_SCALE.get(size or "", Decimal(1))
    result = []
    for index, typical in enumerate(base):
        jitter = Decimal("0.8") + Decimal("0.4") * _hash_unit(f"{stock_code}:{index}")
        # weight grows with the footprint, not with each dimension
        factor = scale * scale if index == 3 else scale
        value = (Decimal(typical) * factor * jitter).quantize(Decimal(1), ROUND_HALF_UP)
        result.append(max(int(value), 1))
    return tuple(result)  # type: ignore[return-value]


# --- GTIN -----------------------------------------------------------------------------------


def _ean13_check_digit(first_twelve: str) -> str:
    total = sum(int(digit) * (3 if position % 2 else 1) for position, digit in enumerate(first_twelve))
    return str((10 - total % 10) % 10)


def is_valid_ean13(code: str) -> bool:
    return len(code) == 13 and code.isdigit() and _ean13_check_digit(code[:12]) == code[12]


def gtin_for(stock_code: str, *, attempt: int = 0) -> str:
    """A deterministic EAN-13 for a stock code in the GS1 restricted-circulation range (prefix 2).

    Restricted-circulation numbers are meant for a company's internal numbering, so they never
    clash with a real manufacturer's barcode. `attempt` > 0 gives the alternatives used to resolve
    a collision (see assign_gtins).
    """
    salt = stock_code.upper() if attempt == 0 else f"{stock_code.upper()}#{attempt}"
    number = int.from_bytes(hashlib.sha256(salt.encode("utf-8")).digest()[:8], "big")
    first_twelve = "2" + f"{number % 10**11:011d}"
    return first_twelve + _ean13_check_digit(first_twelve)


def assign_gtins(stock_codes: Iterable[str]) -> dict[str, str]:
    """A unique GTIN per stock code: codes are served in sorted order, a later code that collides
    with an earlier one takes its next alternative (deterministic for a given set of codes)."""
    taken: set[str] = set()
    result: dict[str, str] = {}
    for stock_code in sorted(set(stock_codes)):
        attempt = 0
        gtin = gtin_for(stock_code)
        while gtin in taken:
            attempt += 1
            gtin = gtin_for(stock_code, attempt=attempt)
        taken.add(gtin)
        result[stock_code] = gtin
    return result


# --- from invoice lines to products ---------------------------------------------------------

# Stock codes that are charges, fees or bookkeeping, not goods (compared upper-case).
NON_PRODUCT_STOCK_CODES = frozenset(
    {"POST", "DOT", "M", "D", "C2", "BANK CHARGES", "AMAZONFEE", "CRUK", "PADS", "S", "B"}
)
_GIFT_VOUCHER_CODE = re.compile(r"^GIFT_\d{4}_\d+$")

# Charges and bookkeeping lines that sometimes sit under a product-like stock code.
_BOOKKEEPING_DESCRIPTION = re.compile(
    r"^(?:NEXT DAY )?CARRIAGE$|POSTAGE|^MANUAL$|DISCOUNT|AMAZON FEE|BANK CHARGES|COMMISSION|"
    r"^SAMPLES$|GIFT VOUCHER|HIGH RESOLUTION IMAGE|PACKING CHARGE|ADJUST BAD DEBT",
    re.IGNORECASE,
)
# Warehouse notes ("Damaged", "Found", "wet pallet", "sold as set on dotcom"). They are never in
# the upper case of a product name, so only mixed- and lower-case text is checked for these words.
_WAREHOUSE_NOTE = re.compile(
    r"\b(?:DAMAGE[DS]?|WET|CHECK|FOUND|MISSING|THROWN|THROW AWAY|SMASHED|CRUSHED|BROKEN|CRACKED|"
    r"FAULTY|RUSTY|MOULDY|UNSALEABLE|DESTROYED|LOST|RETURNED|MIXED UP|WRONG\w*|INCORRECT\w*|"
    r"AMAZON|EBAY|DOTCOM|DISPLAY|SHOWROOM|COUNTED|TEST|SOLD|GIVEN AWAY|ADJUST\w*|RCVD|BARCODE|"
    r"MYSTERY|SAMPLES|DAGAMED|INVC|PUT ASIDE|ERROR|BREAKAGES|MARKED|JOHN LEWIS)\b",
    re.IGNORECASE,
)


def is_product_stock_code(stock_code: str) -> bool:
    code = stock_code.strip().upper()
    return bool(code) and code not in NON_PRODUCT_STOCK_CODES and not _GIFT_VOUCHER_CODE.match(code)


def is_product_description(description: str) -> bool:
    """False for empty text, warehouse notes ("?", "wet damaged", "Found") and charges."""
    text = " ".join(description.split())
    if not text or text == text.lower() or _BOOKKEEPING_DESCRIPTION.search(text):
        return False
    return text == text.upper() or not _WAREHOUSE_NOTE.search(text)


def _price_pence(unit_price: object) -> int | None:
    try:
        pounds = Decimal(str(unit_price).strip())
    except InvalidOperation:
        return None
    return int((pounds * 100).quantize(Decimal(1), ROUND_HALF_UP))


def _iso_date(invoice_date: str) -> str:
    text = invoice_date.strip()
    if re.match(r"^\d{4}-\d{2}-\d{2}", text):
        return text[:10]
    us_style = re.match(r"^(\d{1,2})/(\d{1,2})/(\d{4})", text)  # UCI's own export: 12/1/2010 8:26
    if not us_style:
        raise ValueError(f"unreadable InvoiceDate {invoice_date!r}")
    month, day, year = us_style.groups()
    return f"{year}-{int(month):02d}-{int(day):02d}"


def _median_pence(prices_pence: list[int]) -> int:
    median = Decimal(str(statistics.median(prices_pence)))
    return int(median.quantize(Decimal(1), ROUND_HALF_UP))


RETAIL_QUANTITIES = range(1, 12)  # many customers are wholesalers; 1-11 units is a shopper's basket


@dataclass
class _Sales:
    descriptions: Counter
    retail_prices_pence: list[int]
    all_prices_pence: list[int]
    invoices: set[str]
    units_sold: int = 0
    first_sold: str = "9999-12-31"


def build_catalog(rows: Iterable[Mapping[str, object]]) -> list[CatalogEntry]:
    """One entry per real product from raw invoice rows, sorted by stock code.

    A sale is a line of a normal (all-digit) invoice with a positive quantity and price and a
    product stock code and description; cancellations ("C...") and adjustments ("A...") never
    count. Stock codes are compared upper-case ("85123a" is "85123A").
    """
    sales: dict[str, _Sales] = {}
    for row in rows:
        invoice = str(row["InvoiceNo"]).strip()
        stock_code = str(row["StockCode"]).strip().upper()
        description = " ".join(str(row.get("Description") or "").split())
        quantity = int(row["Quantity"])
        price_pence = _price_pence(row["UnitPrice"])
        if not invoice.isdigit() or quantity <= 0 or price_pence is None or price_pence <= 0:
            continue
        if not is_product_stock_code(stock_code) or not is_product_description(description):
            continue
        product = sales.get(stock_code)
        if product is None:
            product = sales[stock_code] = _Sales(Counter(), [], [], set())
        product.descriptions[description] += 1
        product.all_prices_pence.append(price_pence)
        if quantity in RETAIL_QUANTITIES:
            product.retail_prices_pence.append(price_pence)
        product.invoices.add(invoice)
        product.units_sold += quantity
        product.first_sold = min(product.first_sold, _iso_date(str(row["InvoiceDate"])))

    gtins = assign_gtins(sales)
    entries = []
    for stock_code in sorted(sales):
        product = sales[stock_code]
        # most frequent wording; ties go to the one seen first (Counter keeps insertion order)
        raw_description = product.descriptions.most_common(1)[0][0]
        entries.append(_entry(stock_code, raw_description, product, gtins[stock_code]))
    return entries


def _entry(stock_code: str, raw_description: str, product: _Sales, gtin: str) -> CatalogEntry:
    category_slug = classify(raw_description)
    brand = brand_for(raw_description)
    attributes = attributes_for(raw_description)
    length_mm, width_mm, height_mm, weight_grams = dimensions_for(
        stock_code, category_slug, size=attributes.get("size")
    )
    return CatalogEntry(
        stock_code=stock_code,
        title=title_case(raw_description),
        description=describe(raw_description, brand=brand),
        category_slug=category_slug,
        brand=brand,
        attributes=attributes,
        price_minor=_median_pence(product.retail_prices_pence or product.all_prices_pence),
        units_sold=product.units_sold,
        order_count=len(product.invoices),
        first_sold=product.first_sold,
        length_mm=length_mm,
        width_mm=width_mm,
        height_mm=height_mm,
        weight_grams=weight_grams,
        gtin=gtin,
    )


# --- the shipped file -----------------------------------------------------------------------

_COLUMNS = [field.name for field in fields(CatalogEntry)]
_INTEGER_COLUMNS = {
    "price_minor", "units_sold", "order_count", "length_mm", "width_mm", "height_mm", "weight_grams",
}


def write_catalog(entries: Iterable[CatalogEntry], path: str | Path) -> None:
    """Gzip CSV, one row per entry, attributes as a JSON object; byte-identical for equal input."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for entry in entries:
        row = {name: getattr(entry, name) for name in _COLUMNS}
        row["brand"] = entry.brand or ""
        row["attributes"] = json.dumps(entry.attributes, sort_keys=True, ensure_ascii=False)
        writer.writerow(row)
    with open(path, "wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0) as out:
        out.write(buffer.getvalue().encode("utf-8"))


def read_catalog(path: str | Path) -> list[CatalogEntry]:
    with gzip.open(path, "rt", encoding="utf-8", newline="") as source:
        return [_entry_from_row(row) for row in csv.DictReader(source)]


def _entry_from_row(row: dict[str, str]) -> CatalogEntry:
    values: dict[str, object] = dict(row)
    for name in _INTEGER_COLUMNS:
        values[name] = int(row[name])
    values["brand"] = row["brand"] or None
    values["attributes"] = json.loads(row["attributes"])
    return CatalogEntry(**values)  # type: ignore[arg-type]
