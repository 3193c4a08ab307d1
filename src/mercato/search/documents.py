"""What a product looks like inside the search index: the document, the tantivy schema, the mapping.

Pure module: no Django. The index stores nothing but fast fields and postings; only
`product_id` ever comes back from a search, and it is read from its fast-field column.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import tantivy

CONDITIONS = ("new", "used_like_new", "used_very_good", "used_good", "used_acceptable")
FULFILLMENT_CHANNELS = ("merchant", "network")
COLOUR_ATTRIBUTE = "colour"

# Deep enough for a large browse tree; each level is one fast column used for the category facet.
MAX_CATEGORY_DEPTH = 8
CATEGORY_SEPARATOR = "/"

# Price facet buckets, in minor units: under 10.00, 10-25, 25-50, 50-100, 100-200, 200-500, 500+.
# Each document stores its bucket (see OFFER_PROFILE), so changing these needs a rebuild.
PRICE_BUCKET_EDGES_MINOR = (1_000, 2_500, 5_000, 10_000, 20_000, 50_000)

# Bump when the schema changes: an index written with another version is recreated empty
# (and must be rebuilt), because tantivy cannot migrate a schema in place.
SCHEMA_VERSION = 1

# Field names.
PRODUCT_ID = "product_id"
DOCUMENT_KEY = "document_key"  # "<marketplace>:<product_id>", the unit of replacement
MARKETPLACE = "marketplace"
TITLE = "title"
BRAND_TEXT = "brand_text"
CATEGORY_TEXT = "category_text"
ATTRIBUTE_TEXT = "attribute_text"
DESCRIPTION = "description"
# Every searchable word of the document in one field, without frequencies: finding which
# documents match is one posting list per word instead of a union over five fields. Only
# ranking the page of hits reads the weighted fields above.
ALL_TEXT = "all_text"
BRAND = "brand"
COLOUR = "colour"
CONDITION = "condition"
FULFILLMENT_CHANNEL = "fulfillment_channel"
SELLER_ID = "seller_id"
IN_STOCK = "in_stock"
PRICE_MINOR = "price_minor"
UNITS_SOLD = "units_sold"
LISTED_AT = "listed_at"
# "<price bucket>|<conditions>|<channels>", e.g. "2|new,used_good|network": one single-valued
# column that serves the price, condition and fulfillment facets with one terms aggregation.
# Aggregating multi-valued columns, or a range aggregation, costs several times more per document.
OFFER_PROFILE = "offer_profile"
OFFER_PROFILE_SEPARATOR = "|"
NO_PRICE_BUCKET = "-"

# BM25 weight of a match in each searchable field: a word in the title or brand says far more
# about what the product is than the same word somewhere in a long description.
TEXT_FIELD_BOOSTS: dict[str, float] = {
    TITLE: 3.0,
    BRAND_TEXT: 2.5,
    CATEGORY_TEXT: 1.5,
    ATTRIBUTE_TEXT: 1.5,
    DESCRIPTION: 1.0,
}


def category_level_field(depth: int) -> str:
    """The field holding the path prefix of `depth` slugs, e.g. 2: "home-decor/candles"."""
    return f"category_level_{depth}"


@dataclass(frozen=True)
class ProductDocument:
    product_id: int
    marketplace: str  # marketplace code, e.g. "gb"; one product has one document per marketplace
    public_id: str
    title: str
    brand: str | None
    category_path: tuple[str, ...]  # category slugs from the root
    description: str
    attributes: dict[str, str]  # attribute code -> display value
    price_minor: int | None  # Buy Box landed price (price + shipping); None when nothing is buyable
    conditions: tuple[str, ...]
    fulfillment_channels: tuple[str, ...]
    seller_ids: tuple[int, ...]
    in_stock: bool
    units_sold: int  # popularity signal
    listed_at: int  # unix seconds
    # Display names of the categories on `category_path` ("Candles & Holders"), searched as text.
    category_names: tuple[str, ...] = field(default=())

    @property
    def document_key(self) -> str:
        return document_key(self.product_id, self.marketplace)


def document_key(product_id: int, marketplace: str) -> str:
    return f"{marketplace}:{product_id}"


def build_schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_unsigned_field(PRODUCT_ID, indexed=True, fast=True)
    for exact_field in (DOCUMENT_KEY, MARKETPLACE):
        builder.add_text_field(exact_field, tokenizer_name="raw", index_option="basic")
    # "freq" keeps what BM25 needs and skips positions: no phrase queries, a smaller, faster index.
    for text_field in TEXT_FIELD_BOOSTS:
        builder.add_text_field(text_field, tokenizer_name="en_stem", index_option="freq")
    builder.add_text_field(ALL_TEXT, tokenizer_name="en_stem", index_option="basic")
    # Exact values: indexed for filters, fast (columnar) for facet aggregations.
    for facet_field in (BRAND, COLOUR, OFFER_PROFILE):
        builder.add_text_field(facet_field, tokenizer_name="raw", index_option="basic", fast=True)
    for filter_field in (CONDITION, FULFILLMENT_CHANNEL):
        builder.add_text_field(filter_field, tokenizer_name="raw", index_option="basic")
    for depth in range(1, MAX_CATEGORY_DEPTH + 1):
        builder.add_text_field(
            category_level_field(depth), tokenizer_name="raw", index_option="basic", fast=True
        )
    builder.add_unsigned_field(SELLER_ID, indexed=True)
    builder.add_boolean_field(IN_STOCK, indexed=True)
    # Range filters and sorts run on the columns; no inverted index needed.
    for numeric_field in (PRICE_MINOR, UNITS_SOLD, LISTED_AT):
        builder.add_integer_field(numeric_field, fast=True)
    return builder.build()


def category_prefixes(category_path: tuple[str, ...]) -> list[str]:
    """("a", "b", "c") -> ["a", "a/b", "a/b/c"]: one term per ancestor, one lookup per filter."""
    return [
        CATEGORY_SEPARATOR.join(category_path[: depth + 1]) for depth in range(len(category_path))
    ]


def price_bucket(price_minor: int) -> int:
    """The index of the price bucket holding `price_minor` (0 is "under the first edge")."""
    return sum(1 for edge in PRICE_BUCKET_EDGES_MINOR if price_minor >= edge)


def offer_profile(document: ProductDocument) -> str:
    bucket = (
        NO_PRICE_BUCKET if document.price_minor is None else str(price_bucket(document.price_minor))
    )
    return OFFER_PROFILE_SEPARATOR.join(
        (
            bucket,
            ",".join(sorted(set(document.conditions))),
            ",".join(sorted(set(document.fulfillment_channels))),
        )
    )


def validate(document: ProductDocument) -> None:
    if document.product_id < 0:
        raise ValueError(f"product_id must not be negative: {document.product_id}")
    if not document.marketplace:
        raise ValueError(f"product {document.product_id}: marketplace is required")
    if len(document.category_path) > MAX_CATEGORY_DEPTH:
        raise ValueError(
            f"product {document.product_id}: category path deeper than {MAX_CATEGORY_DEPTH} levels"
        )
    for slug in document.category_path:
        if not slug or CATEGORY_SEPARATOR in slug:
            raise ValueError(f"product {document.product_id}: bad category slug {slug!r}")
    if document.price_minor is not None and document.price_minor < 0:
        raise ValueError(f"product {document.product_id}: negative price_minor")
    if not set(document.conditions) <= set(CONDITIONS):
        raise ValueError(
            f"product {document.product_id}: unknown condition in {document.conditions}"
        )
    if not set(document.fulfillment_channels) <= set(FULFILLMENT_CHANNELS):
        raise ValueError(
            f"product {document.product_id}: unknown fulfillment channel in "
            f"{document.fulfillment_channels}"
        )
    if any(seller_id < 0 for seller_id in document.seller_ids):
        raise ValueError(f"product {document.product_id}: negative seller id")


def to_tantivy_document(document: ProductDocument, schema: tantivy.Schema) -> tantivy.Document:
    validate(document)
    searchable_text = {
        TITLE: [document.title],
        BRAND_TEXT: [document.brand] if document.brand else [],
        CATEGORY_TEXT: [*document.category_path, *document.category_names],
        ATTRIBUTE_TEXT: list(document.attributes.values()),
        DESCRIPTION: [document.description],
    }
    values: dict[str, object] = {
        **searchable_text,
        ALL_TEXT: [text for texts in searchable_text.values() for text in texts],
        PRODUCT_ID: document.product_id,
        DOCUMENT_KEY: document.document_key,
        MARKETPLACE: document.marketplace,
        CONDITION: sorted(set(document.conditions)),
        FULFILLMENT_CHANNEL: sorted(set(document.fulfillment_channels)),
        OFFER_PROFILE: offer_profile(document),
        SELLER_ID: sorted(set(document.seller_ids)),
        IN_STOCK: document.in_stock,
        UNITS_SOLD: document.units_sold,
        LISTED_AT: document.listed_at,
    }
    if document.brand:
        values[BRAND] = document.brand
    colour = document.attributes.get(COLOUR_ATTRIBUTE)
    if colour:
        values[COLOUR] = colour
    for depth, prefix in enumerate(category_prefixes(document.category_path), start=1):
        values[category_level_field(depth)] = prefix
    # No price means nothing is buyable: the column stays empty, so price ranges never match it
    # and sorting by price puts it last in both directions.
    if document.price_minor is not None:
        values[PRICE_MINOR] = document.price_minor
    return tantivy.Document.from_dict(
        {name: value for name, value in values.items() if value != []}, schema
    )
