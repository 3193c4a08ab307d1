"""What a category or search page was asked for, read from its querystring, and the links it shows.

Only known parameters are read: q, category, brand, colour, price, condition, fulfillment, sort,
page, ignore (a brand, colour or price recognised in the words that the shopper removed). Anything malformed is dropped with a notice for the shopper, never an error; every link a
page shows is rebuilt from the parsed request, so a hand-edited URL is cleaned on the next click.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field, replace
from urllib.parse import urlencode

from django.http import QueryDict

from mercato.catalog.selectors import category_by_path
from mercato.core.money import format_money
from mercato.offers.models import Condition, FulfillmentChannel
from mercato.search.engine import Facets, SearchFilters, SortOrder
from mercato.search.selectors import MAX_PAGE, UNDERSTOOD_KINDS
from mercato.search.understanding import BRAND, COLOUR, PRICE, UnderstoodQuery

MAX_TEXT_CHARS = 500
MAX_VALUES_PER_GROUP = 20
MAX_VALUE_CHARS = 120
_PRICE = re.compile(r"^(\d{1,12})-(\d{0,12})$")

CONDITION_LABELS = dict(Condition.choices)
FULFILLMENT_LABELS = dict(FulfillmentChannel.choices)


def sort_label(sort: SortOrder, *, has_text: bool) -> str:
    return {
        SortOrder.RELEVANCE: "Relevance" if has_text else "Featured",
        SortOrder.PRICE_LOW: "Price: low to high",
        SortOrder.PRICE_HIGH: "Price: high to low",
        SortOrder.NEWEST: "Newest arrivals",
        SortOrder.BESTSELLING: "Best sellers",
    }[sort]


def price_label(low_minor: int, high_minor: int | None, currency: str) -> str:
    """"Under £10.00", "£10.00 to £24.99", "£500.00 & above" (bounds inclusive)."""
    if high_minor is None:
        return f"{format_money(low_minor, currency)} & above"
    if low_minor <= 0:
        return f"Under {format_money(high_minor + 1, currency)}"
    return f"{format_money(low_minor, currency)} to {format_money(high_minor, currency)}"


def price_param(low_minor: int, high_minor: int | None) -> str:
    return f"{low_minor}-{'' if high_minor is None else high_minor}"


@dataclass(frozen=True)
class ListingRequest:
    text: str = ""
    category_path: tuple[str, ...] = ()
    brands: tuple[str, ...] = ()
    colours: tuple[str, ...] = ()
    price: tuple[int, int | None] | None = None  # inclusive minor-unit bounds
    conditions: tuple[str, ...] = ()
    fulfillment_channels: tuple[str, ...] = ()
    sort: SortOrder | None = None  # None: the page's default order
    page: int = 1
    # On a category page the category is the URL's path, not a parameter.
    category_in_query: bool = True
    ignored: tuple[str, ...] = ()  # recognised kinds the shopper removed: their words are searched as text
    notices: tuple[str, ...] = field(default=(), compare=False)

    @property
    def effective_sort(self) -> SortOrder:
        return self.sort or SortOrder.RELEVANCE

    @property
    def has_filters(self) -> bool:
        return bool((self.category_path and self.category_in_query) or self.brands or self.colours
                    or self.price or self.conditions or self.fulfillment_channels)

    def search_filters(self) -> SearchFilters:
        low, high = self.price or (None, None)
        return SearchFilters(category_path=self.category_path, brands=self.brands, colours=self.colours,
                             price_min_minor=low, price_max_minor=high, conditions=self.conditions,
                             fulfillment_channels=self.fulfillment_channels)

    def params(self, *, with_sort: bool = True, with_page: bool = True) -> list[tuple[str, str]]:
        pairs = [("q", self.text)] if self.text else []
        if self.category_in_query and self.category_path:
            pairs.append(("category", "/".join(self.category_path)))
        pairs += [("brand", v) for v in self.brands] + [("colour", v) for v in self.colours]
        if self.price:
            pairs.append(("price", price_param(*self.price)))
        pairs += [("condition", v) for v in self.conditions]
        pairs += [("fulfillment", v) for v in self.fulfillment_channels]
        pairs += [("ignore", kind) for kind in self.ignored]
        if with_sort and self.sort:
            pairs.append(("sort", self.sort.value))
        if with_page and self.page > 1:
            pairs.append(("page", str(self.page)))
        return pairs

    def query_string(self) -> str:
        pairs = self.params()
        return "?" + urlencode(pairs) if pairs else ""

    def changed(self, **changes) -> ListingRequest:
        """The same request with `changes`, back on page 1 (unless a page is given)."""
        changes.setdefault("page", 1)
        return replace(self, notices=(), **changes)

    def toggled(self, name: str, value: str) -> ListingRequest:
        """Add `value` to the multi-valued filter `name` (brands, colours, …) or take it out."""
        current = getattr(self, name)
        updated = tuple(v for v in current if v != value) if value in current else (*current, value)
        return self.changed(**{name: updated})


def _clean(value: str, max_chars: int) -> str:
    """Drop control characters (a NUL in a URL is not a word) and cut to size."""
    value = "".join(" " if unicodedata.category(ch) == "Cc" else ch for ch in value[: max_chars * 2])
    return " ".join(value.split())[:max_chars]


def _values(params: QueryDict, name: str) -> list[str]:
    values = [_clean(v, MAX_VALUE_CHARS) for v in params.getlist(name)[:MAX_VALUES_PER_GROUP]]
    return list(dict.fromkeys(v for v in values if v))


def parse_listing_request(params: QueryDict, *, category_path: tuple[str, ...] | None = None) -> ListingRequest:
    """Read a listing page's querystring. `category_path` is given on category pages (it is in the URL)."""
    notices: list[str] = []
    raw_text = params.get("q", "")
    text = _clean(raw_text, MAX_TEXT_CHARS)
    if len(raw_text) > MAX_TEXT_CHARS:
        notices.append(f"Your search was shortened to its first {MAX_TEXT_CHARS} characters.")

    if category_path is None:
        category_in_query = True
        category_path = ()
        chosen = _clean(params.get("category", ""), 400).strip("/")
        if chosen:
            node = category_by_path(chosen)
            if node is None:
                notices.append("We couldn't find that department, so all departments are shown.")
            else:
                category_path = node.path_slugs
    else:
        category_in_query = False

    price = None
    raw_price = params.get("price", "")
    if raw_price:
        match = _PRICE.match(raw_price.strip())
        low = int(match.group(1)) if match else None
        high = int(match.group(2)) if match and match.group(2) else None
        if match is None or (high is not None and high < low):
            notices.append("That price range wasn't recognised, so it was left out.")
        else:
            price = (low, high)

    conditions = _values(params, "condition")
    fulfillment = _values(params, "fulfillment")
    if any(v not in CONDITION_LABELS for v in conditions) or any(v not in FULFILLMENT_LABELS for v in fulfillment):
        notices.append("Some filters weren't recognised, so they were left out.")

    sort = None
    raw_sort = params.get("sort", "")
    if raw_sort:
        try:
            sort = SortOrder(raw_sort)
        except ValueError:
            notices.append("That sort order wasn't recognised, so results are in the usual order.")

    page = 1
    raw_page = params.get("page", "").strip()
    if raw_page:
        if raw_page.isascii() and raw_page.isdigit() and len(raw_page) <= 9:
            page = max(1, min(int(raw_page), MAX_PAGE))
        else:
            notices.append("That page number wasn't recognised, so the first page is shown.")

    return ListingRequest(
        text=text, category_path=tuple(category_path), brands=tuple(_values(params, "brand")),
        colours=tuple(_values(params, "colour")), price=price,
        conditions=tuple(v for v in conditions if v in CONDITION_LABELS),
        fulfillment_channels=tuple(v for v in fulfillment if v in FULFILLMENT_LABELS),
        sort=sort, page=page, category_in_query=category_in_query,
        ignored=tuple(kind for kind in UNDERSTOOD_KINDS if kind in params.getlist("ignore")[:MAX_VALUES_PER_GROUP]),
        notices=tuple(notices))


# Links shown on the page.


@dataclass(frozen=True)
class Link:
    label: str
    url: str
    count: int | None = None
    selected: bool = False


@dataclass(frozen=True)
class SortChoice:
    value: str
    label: str
    selected: bool


@dataclass(frozen=True)
class FacetPanel:
    title: str
    options: list[Link]


@dataclass(frozen=True)
class PageLink:
    number: int | None  # None: a gap ("…")
    url: str = ""
    current: bool = False


@dataclass(frozen=True)
class Pagination:
    previous_url: str
    next_url: str
    pages: list[PageLink]


class ListingLinks:
    """Builds every URL of one listing page from its parsed request."""

    def __init__(self, request: ListingRequest, *, path: str, currency: str, category_url=None):
        self.request = request
        self.path = path
        self.currency = currency
        # On category pages a sub-category is another page: category_url(path) -> its URL.
        self.category_url = category_url

    def url(self, listing: ListingRequest) -> str:
        return self.path + listing.query_string()

    def category_link_url(self, path: tuple[str, ...]) -> str:
        if self.category_url is not None:
            return self.category_url("/".join(path)) + self.request.changed(category_path=path).query_string()
        return self.url(self.request.changed(category_path=path))

    def facet_panels(self, facets: Facets, *, category_children: dict[str, str]) -> list[FacetPanel]:
        """Facet groups with counts; each option toggles its filter. `category_children`: slug -> name."""
        request = self.request
        panels = []
        categories = [Link(category_children.get(f.value, f.value.replace("-", " ").title()),
                           self.category_link_url((*request.category_path, f.value)), f.count)
                      for f in facets.categories if f.count]
        if categories:
            panels.append(FacetPanel("Department", categories))
        for title, name, values, labels in (
            ("Brand", "brands", facets.brands, None),
            ("Colour", "colours", facets.colours, None),
            ("Condition", "conditions", facets.conditions, CONDITION_LABELS),
            ("Delivery", "fulfillment_channels", facets.fulfillment_channels, FULFILLMENT_LABELS),
        ):
            options = [Link(labels.get(f.value, f.value) if labels else f.value,
                            self.url(request.toggled(name, f.value)), f.count, f.selected) for f in values]
            if options:
                panels.append(FacetPanel(title, options))
        prices = []
        for bucket in facets.prices:
            bounds = bucket.filter_bounds_minor
            target = request.changed(price=None if bucket.selected else bounds)
            prices.append(Link(price_label(*bounds, self.currency), self.url(target), bucket.count, bucket.selected))
        if prices:
            panels.insert(min(len(panels), 2), FacetPanel("Price", prices))
        return panels

    def active_filters(self, *, category_name: str = "") -> list[Link]:
        """The chosen filters, each with a link that removes it."""
        request = self.request
        chips = []
        if request.category_in_query and request.category_path:
            chips.append(Link(f"Department: {category_name or request.category_path[-1]}",
                              self.url(request.changed(category_path=()))))
        for prefix, name, labels in (("Brand", "brands", None), ("Colour", "colours", None),
                                     ("Condition", "conditions", CONDITION_LABELS),
                                     ("Delivery", "fulfillment_channels", FULFILLMENT_LABELS)):
            for value in getattr(request, name):
                label = labels.get(value, value) if labels else value
                chips.append(Link(f"{prefix}: {label}", self.url(request.toggled(name, value))))
        if request.price:
            chips.append(Link(f"Price: {price_label(*request.price, self.currency)}",
                              self.url(request.changed(price=None))))
        return chips

    def recognised_filters(self, understood: UnderstoodQuery | None) -> list[Link]:
        """The filters recognised in the shopper's words, each with a link that searches the words as typed."""
        if understood is None:
            return []
        chips = []
        for match in understood.matches:
            removed = self.url(self.request.changed(ignored=(*self.request.ignored, match.kind)))
            if match.kind == BRAND and understood.brand:
                chips.append(Link(f"Brand: {understood.brand}", removed))
            elif match.kind == COLOUR and understood.colour:
                chips.append(Link(f"Colour: {understood.colour}", removed))
            elif match.kind == PRICE:
                chips.append(Link(f"Price: {self._bounds_label(understood)}", removed))
        return chips

    def _bounds_label(self, understood: UnderstoodQuery) -> str:
        low, high = understood.price_min_minor, understood.price_max_minor
        if low is None:
            return f"up to {format_money(high or 0, self.currency)}"
        if high is None:
            return f"{format_money(low, self.currency)} & above"
        return price_label(low, high, self.currency)

    def clear_filters_url(self, understood: UnderstoodQuery | None = None) -> str:
        recognised = tuple(match.kind for match in understood.matches) if understood else ()
        return self.url(ListingRequest(text=self.request.text, sort=self.request.sort,
                                       ignored=tuple(dict.fromkeys((*self.request.ignored, *recognised))),
                                       category_in_query=self.request.category_in_query,
                                       category_path=() if self.request.category_in_query
                                       else self.request.category_path))

    def sort_options(self) -> list[SortChoice]:
        has_text = bool(self.request.text)
        return [SortChoice(sort.value, sort_label(sort, has_text=has_text), sort == self.request.effective_sort)
                for sort in SortOrder]

    def hidden_fields_for_sort(self) -> list[tuple[str, str]]:
        """What the sort form must resend so changing the order keeps every filter."""
        return self.request.params(with_sort=False, with_page=False)

    def pagination(self, page_count: int) -> Pagination | None:
        current = self.request.page
        if page_count <= 1 and current <= 1:
            return None

        def page_url(number: int) -> str:
            return self.url(self.request.changed(page=number))

        shown = sorted({1, page_count, *range(max(1, current - 2), min(page_count, current + 2) + 1)})
        pages: list[PageLink] = []
        for number in shown:
            if pages and pages[-1].number is not None and number - pages[-1].number > 1:
                pages.append(PageLink(None))
            pages.append(PageLink(number, page_url(number), number == current))
        return Pagination(previous_url=page_url(min(current - 1, page_count)) if current > 1 else "",
                          next_url=page_url(current + 1) if current < page_count else "",
                          pages=pages)
