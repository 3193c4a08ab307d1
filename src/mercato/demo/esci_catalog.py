"""The second demo catalogue: real Amazon US products from the ESCI shopping-queries data set.

Pure module (standard library only). The source has 6,764 products judged for 150 real shopping
queries, with title, description or bullet points, brand, colour, breadcrumb, price and ratings.
`build_catalog` turns the source rows into the records we ship (`data/esci_catalog.jsonl.gz`);
`read_catalog` reads that file into shop entries: a category slug path of at most four levels,
a brand, attributes (colour and ASIN) and a price in cents.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import re
import statistics
import unicodedata
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, replace
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path
from typing import Iterable, Mapping, Sequence

MAX_TITLE_CHARS = 200
MAX_DESCRIPTION_CHARS = 5000
MAX_CATEGORY_LEVELS = 4
MAX_SLUG_CHARS = 80

# Products whose breadcrumb is empty.
CATCH_ALL_DEPARTMENT = "Everything Else"
BOOKS_DEPARTMENT = "Books"

# A few source breadcrumbs start below their department; they are put back where the Amazon US
# tree has them (this also keeps "Kitchen & Dining" from landing on the UK demo's root of that name).
DEPARTMENT_OF: Mapping[str, tuple[str, ...]] = {
    "Kitchen & Dining": ("Home & Kitchen",),
    "Small Appliance Parts & Accessories": ("Home & Kitchen", "Kitchen & Dining"),
    "Power & Hand Tools": ("Tools & Home Improvement",),
    "Grills & Outdoor Cooking": ("Patio, Lawn & Garden",),
    "Sports & Outdoor Recreation Accessories": ("Sports & Outdoors",),
    "Food Service Equipment & Supplies": ("Industrial & Scientific",),
}

# Products the source gives no usable price get one estimated from their category: the median
# listed price of the deepest category (of the shop's four levels) with this many listed prices.
MIN_PRICES_FOR_ESTIMATE = 5
ESTIMATE_SPREAD = Decimal("0.4")  # the estimate is scaled by 0.8 .. 1.2, from a hash of the ASIN


@dataclass(frozen=True)
class CatalogRecord:
    """One line of the shipped file."""

    asin: str
    title: str
    description: str
    brand: str | None
    colour: str | None
    category: tuple[str, ...]  # category names, department first
    price_minor: int  # US cents
    price_estimated: bool  # True: the source had no price; see `estimate_prices`
    rating: float | None  # average star rating, 1..5
    rating_count: int | None


@dataclass(frozen=True)
class CatalogEntry:
    """What the shop needs to list one product."""

    asin: str
    title: str
    description: str
    brand: str | None
    category_path: tuple[str, ...]  # slugs, department first, at most MAX_CATEGORY_LEVELS
    category_names: tuple[str, ...]  # the display names of the same levels
    attributes: dict[str, str]  # "colour" (when known) and "asin"
    price_minor: int
    price_estimated: bool
    rating: float | None
    rating_count: int | None


@dataclass(frozen=True)
class CategoryNode:
    path: tuple[str, ...]  # slugs from the department down to this node
    name: str
    position: int  # among its siblings: most products first

    @property
    def parent_path(self) -> tuple[str, ...] | None:
        return self.path[:-1] or None


# --- text ----------------------------------------------------------------------------------


def slugify(text: str) -> str:
    """Django's slugify (ASCII, lower case, hyphens), cut to MAX_SLUG_CHARS at a hyphen."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    text = re.sub(r"[^\w\s-]", "", text.lower())
    slug = re.sub(r"[-\s]+", "-", text).strip("-_")
    if len(slug) > MAX_SLUG_CHARS:
        head = slug[: MAX_SLUG_CHARS + 1]
        slug = head.rsplit("-", 1)[0] if "-" in head else slug[:MAX_SLUG_CHARS]
    return slug.strip("-_")


def one_line(text: str | None) -> str:
    return " ".join((text or "").split())


def cut_at_word(text: str, limit: int) -> str:
    """`text` if it fits, else its longest start of at most `limit` characters ending at a word."""
    if len(text) <= limit:
        return text
    head = text[: limit + 1]
    space = max(head.rfind(" "), head.rfind("\n"))
    head = head[:space] if space > limit // 2 else text[:limit]
    return head.rstrip(" \n,;:-–—/(&|+")


def _paragraphs(text: str | None) -> str:
    lines = (one_line(line) for line in (text or "").splitlines())
    return "\n".join(line for line in lines if line)


def description_for(description: str | None, bullet_points: str | None) -> str:
    """The product description, else its bullet points one per line; at most MAX_DESCRIPTION_CHARS."""
    return cut_at_word(_paragraphs(description) or _paragraphs(bullet_points), MAX_DESCRIPTION_CHARS)


def department_path(category: Sequence[str], *, is_book: bool) -> tuple[str, ...]:
    names = tuple(one_line(name) for name in category if one_line(name))
    if not names:
        return (BOOKS_DEPARTMENT if is_book else CATCH_ALL_DEPARTMENT,)
    return DEPARTMENT_OF.get(names[0], ()) + names


def price_minor_from(price: object) -> int | None:
    """US cents from the source's dollars (a number, or a string like "$12.99"); None if unusable."""
    if price is None or isinstance(price, bool):
        return None
    text = str(price).strip().lstrip("$").replace(",", "")
    try:
        cents = (Decimal(text) * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    except InvalidOperation:
        return None
    return int(cents) if cents.is_finite() and cents > 0 else None


def _hash_unit(text: str) -> Decimal:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return Decimal(int.from_bytes(digest[:8], "big")) / Decimal(2**64)


def _preferred_spellings(values: Iterable[str], key) -> dict[str, str]:
    """key -> the most used spelling among values sharing that key ("Nike" over "NIKE")."""
    counts: dict[str, Counter] = defaultdict(Counter)
    for value in values:
        counts[key(value)][value] += 1

    def rank(item):
        value, count = item
        return (-count, value.isupper() or value.islower())

    return {k: sorted(spellings.items(), key=rank)[0][0] for k, spellings in counts.items()}


def _brand_key(name: str) -> str:
    return slugify(name) or name.casefold()


# --- building the shipped file ---------------------------------------------------------------


def build_catalog(rows: Iterable[Mapping[str, object]]) -> list[CatalogRecord]:
    """Shipped records from source rows (ESCI product JSON objects), in source order, one per ASIN."""
    rows = list({str(row["product_id"]).strip(): row for row in rows}.values())
    brands = _preferred_spellings((one_line(r.get("brand")) for r in rows if one_line(r.get("brand"))), _brand_key)
    colours = _preferred_spellings((one_line(r.get("color")) for r in rows if one_line(r.get("color"))), str.casefold)
    records = []
    for row in rows:
        brand, colour = one_line(row.get("brand")), one_line(row.get("color"))
        rating, rating_count = row.get("rating"), row.get("rating_count")
        price_minor = price_minor_from(row.get("price"))
        records.append(CatalogRecord(
            asin=str(row["product_id"]).strip(),
            title=cut_at_word(one_line(row.get("title")), MAX_TITLE_CHARS),
            description=description_for(row.get("description"), row.get("bullet_points")),
            brand=brands[_brand_key(brand)] if brand else None,
            colour=colours[colour.casefold()] if colour else None,
            category=department_path(row.get("category") or (), is_book=bool(row.get("is_book"))),
            price_minor=price_minor or 0,
            price_estimated=price_minor is None,
            rating=round(float(rating), 1) if isinstance(rating, (int, float)) else None,
            rating_count=int(rating_count) if isinstance(rating_count, int) else None,
        ))
    return estimate_prices([record for record in records if record.title])


def estimate_prices(records: Sequence[CatalogRecord]) -> list[CatalogRecord]:
    """Give every record marked `price_estimated` a price: the median listed price of its deepest
    category (four levels) with MIN_PRICES_FOR_ESTIMATE listed prices, else of the whole catalogue,
    scaled by 0.8-1.2 from a hash of the ASIN and ending in .99."""
    listed: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for record in records:
        if not record.price_estimated:
            path = category_slugs(record.category)
            for depth in range(len(path) + 1):
                listed[path[:depth]].append(record.price_minor)
    estimated = []
    for record in records:
        if not record.price_estimated:
            estimated.append(record)
            continue
        path = category_slugs(record.category)
        prices = next((listed[path[:depth]] for depth in range(len(path), -1, -1)
                       if len(listed[path[:depth]]) >= MIN_PRICES_FOR_ESTIMATE), listed[()])
        base = Decimal(statistics.median_low(prices)) if prices else Decimal(1999)
        scaled = base * (1 - ESTIMATE_SPREAD / 2 + ESTIMATE_SPREAD * _hash_unit(record.asin))
        dollars = int((scaled / 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))
        estimated.append(replace(record, price_minor=max(99, dollars * 100 - 1)))
    return estimated


def write_catalog(records: Iterable[CatalogRecord], path: str | Path) -> None:
    """Gzip JSON lines, one record each; byte-identical for equal input."""
    buffer = io.StringIO()
    for record in records:
        buffer.write(json.dumps(asdict(record), ensure_ascii=False, sort_keys=True))
        buffer.write("\n")
    with open(path, "wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0) as out:
        out.write(buffer.getvalue().encode("utf-8"))


def read_records(path: str | Path) -> list[CatalogRecord]:
    with gzip.open(path, "rt", encoding="utf-8") as source:
        return [record_from_json(json.loads(line)) for line in source if line.strip()]


def record_from_json(values: Mapping[str, object]) -> CatalogRecord:
    return CatalogRecord(**{**values, "category": tuple(values["category"])})  # type: ignore[arg-type]


# --- reading it for the shop ------------------------------------------------------------------


def category_slugs(names: Sequence[str]) -> tuple[str, ...]:
    """Slugs of the first MAX_CATEGORY_LEVELS names; a name without letters or digits becomes "other"."""
    return tuple(slugify(name) or "other" for name in names[:MAX_CATEGORY_LEVELS])


# Shop colours, matched as words in the seller's colour name ("Navy Blue/White" -> Blue); the first word
# that names one wins. A name without one ("001# Music Elephant") gives the product no colour filter value.
_BASE_COLOURS = {
    "black": "Black", "white": "White", "ivory": "White", "cream": "White", "grey": "Grey", "gray": "Grey",
    "charcoal": "Grey", "silver": "Silver", "gold": "Gold", "red": "Red", "burgundy": "Red", "maroon": "Red",
    "pink": "Pink", "rose": "Pink", "orange": "Orange", "yellow": "Yellow", "green": "Green", "olive": "Green",
    "mint": "Green", "blue": "Blue", "navy": "Blue", "teal": "Blue", "turquoise": "Blue", "purple": "Purple",
    "violet": "Purple", "lavender": "Purple", "brown": "Brown", "tan": "Brown", "khaki": "Brown", "beige": "Beige",
    "clear": "Clear", "transparent": "Clear", "multicolor": "Multicolour", "multicolour": "Multicolour",
    "multi": "Multicolour", "rainbow": "Multicolour",
}


def base_colour(name: str | None) -> str | None:
    """The shop colour a seller's colour name falls under, or None."""
    for word in re.findall(r"[a-z]+", (name or "").casefold()):
        if word in _BASE_COLOURS:
            return _BASE_COLOURS[word]
    return None


def entry_for(record: CatalogRecord) -> CatalogEntry:
    colour = base_colour(record.colour)
    attributes = {"colour": colour} if colour else {}
    attributes["asin"] = record.asin
    return CatalogEntry(
        asin=record.asin, title=record.title, description=record.description, brand=record.brand,
        category_path=category_slugs(record.category),
        category_names=tuple(record.category[:MAX_CATEGORY_LEVELS]),
        attributes=attributes, price_minor=record.price_minor, price_estimated=record.price_estimated,
        rating=record.rating, rating_count=record.rating_count)


def read_catalog(path: str | Path) -> list[CatalogEntry]:
    return [entry_for(record) for record in read_records(path)]


def category_tree(entries: Iterable[CatalogEntry]) -> list[CategoryNode]:
    """Every category the entries use, parents before children; siblings with most products first.
    Names that share a slug under one parent are one category, named by its most used spelling."""
    products: Counter = Counter()
    names: dict[tuple[str, ...], Counter] = defaultdict(Counter)
    for entry in entries:
        for depth in range(1, len(entry.category_path) + 1):
            path = entry.category_path[:depth]
            products[path] += 1
            names[path][entry.category_names[depth - 1]] += 1
    ordered = sorted(products, key=lambda path: (path[:-1], -products[path], path[-1]))
    positions: Counter = Counter()
    nodes = []
    for path in ordered:
        nodes.append(CategoryNode(path, names[path].most_common(1)[0][0], positions[path[:-1]]))
        positions[path[:-1]] += 1
    return sorted(nodes, key=lambda node: (len(node.path), node.path))
