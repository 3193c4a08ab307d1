"""Query understanding: a brand, colour, category or price bound named in the search box becomes a filter.

Pure module: no Django. `understand("red mug under 10", vocabulary)` gives colour "Red", a price
of at most 1000 minor units and the text "mug". Every recognised filter keeps its span in the
query; a shopper who removes one searches again with `ignore={kind}`, and its words go back
into the text.

Rules, for the ambiguous cases:
- Price bounds are read with a currency sign (£20, $15, €5) or a bound word: under/below/less than/
  up to/max 10, over/above/more than/at least 50, 10-20, 10 to 20, between 10 and 20, from 10 to
  20. Bounds are inclusive; amounts are major units with up to two decimals. Without a currency
  sign, a number is not a price when a unit follows it ("under 10 inches", "10-20 lbs") or, for a
  bare range, when a size or age word comes before it ("size 10-12"); nor is a bound word after
  a word for people or animals ("toys for kids under 5", "women over 50").
- Brands, categories and colours are phrases of whole words, compared without case, accents,
  apostrophes or a plural "s" ("black & decker" = "BLACK+DECKER", "levis" = "Levi's").
- A brand, colour or category right after "not", "no", "without" or "except" is an exclusion
  and stays text ("silicone not clear").
- A colour word inside a known brand or category name ("Red Bull", "Old Navy") or a known
  compound ("orange juice", "green tea"; see COLOUR_COMPOUNDS) is no colour. One colour only:
  a query naming two ("black and white wall art") is a pattern, not a filter, and keeps its words.
- A brand, colour or category is taken out of the text only if other words remain: "red",
  "adidas" and "makeup" search as typed. When several would strip the last words, the brand goes
  first, then the colour; the category (usually the product type) stays as text.
- A category name shared by several categories ("Women", "Accessories") is ambiguous and never
  a filter; so is a brand named by one colour word or a placeholder ("Blue", "Generic").
"""

from __future__ import annotations

import bisect
import dataclasses
import re
import unicodedata
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Collection, Iterable, Mapping

if TYPE_CHECKING:
    from mercato.search.query import SearchFilters

BRAND, COLOUR, CATEGORY, PRICE = "brand", "colour", "category", "price"
KINDS = (BRAND, COLOUR, CATEGORY, PRICE)
MAX_PHRASE_WORDS = 6
MAX_QUERY_CHARS = 200  # filters are named in the first words; bounds the work on long input

COLOUR_COMPOUNDS = (
    "orange juice", "red wine", "white wine", "rose wine", "green tea", "black tea", "white tea",
    "black pepper", "white pepper", "red pepper", "green pepper", "brown sugar", "brown rice",
    "white rice", "black beans", "green beans", "red onion", "white chocolate", "white noise",
    "black friday", "red velvet", "green screen", "white board", "black board", "blue cheese",
)


def word_key(word: str) -> str:
    """How words compare: no case, accents or apostrophes; a plural "s" dropped."""
    word = unicodedata.normalize("NFKD", word.casefold())
    word = "".join(c for c in word if not unicodedata.combining(c)).replace("'", "").replace("’", "")
    if len(word) > 3 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def _keys(words: str) -> frozenset[str]:
    return frozenset(word_key(word) for word in words.split())


PLACEHOLDER_BRANDS = frozenset({"generic", "unknown", "unbranded", "no brand", "none", "na", "n a"})
NEGATIONS = _keys("not no non without except excluding")
STOP_WORDS = _keys("a an and at by for from in of on or the to with w")
_PERSON_WORDS = _keys(
    "kids children child toddlers baby babies boys girls men man women woman adults seniors teens "
    "people age ages aged dogs cats puppy puppies"
)
_SIZE_WORDS = _keys("size age aged year model no number pack set fits fit")
_UNIT_WORDS = _keys(
    "inches cm mm m ft feet foot lbs kg g oz ml l packs count ct pcs pieces years yrs months "
    "weeks days hours minutes mins people person watts w v volts gb tb mb mah x gauge degrees "
    "percent sq seater seats"
)

_WORD = re.compile(r"\w+(?:['’]\w+)*")
_NUMBER = r"\d{1,3}(?:,\d{3})+|\d{1,9}"
_UNIT = r"pounds?|quid|dollars?|bucks|euros?|gbp|usd|eur"


def _amount(name: str) -> str:
    return (rf"(?P<{name}_sign>[£$€])?\s?(?P<{name}>{_NUMBER})(?:\.(?P<{name}_cents>\d{{1,2}}))?"
            rf"(?:\s?(?P<{name}_unit>{_UNIT})\b)?(?![\w%]|[.,]\d)")


_PRICE_PATTERNS = [
    re.compile(pattern, re.IGNORECASE)
    for pattern in (
        rf"\b(?:between|from)\s+{_amount('low')}\s*(?:and|to|-|–)\s*{_amount('high')}",
        rf"(?<![\w.,/-]){_amount('low')}\s*(?:-|–|to)\s*{_amount('high')}",
        rf"(?:\b(?:under|below|less\s+than|cheaper\s+than|up\s+to|no\s+more\s+than|at\s+most|max)\s+|<=?\s*)"
        rf"{_amount('high')}",
        rf"(?:\b(?:over|above|more\s+than|greater\s+than|at\s+least|min)\s+|>=?\s*){_amount('low')}",
    )
]


def phrase_key(text: str) -> tuple[str, ...]:
    return tuple(word_key(word) for word in _WORD.findall(text))


@dataclass(frozen=True)
class Vocabulary:
    brands: dict[tuple[str, ...], str]  # phrase key -> brand name as the index holds it
    colours: dict[tuple[str, ...], str]  # phrase key -> shop colour
    categories: dict[tuple[str, ...], tuple[str, ...]]  # name key -> category slug path
    protected: frozenset[tuple[str, ...]]  # phrases whose colour words are no colour


def build_vocabulary(
    *,
    brands: Iterable[str] = (),
    colours: Mapping[str, str] | None = None,
    categories: Iterable[tuple[tuple[str, ...], str]] = (),
    compounds: Iterable[str] = COLOUR_COMPOUNDS,
) -> Vocabulary:
    """`colours` maps colour words ("navy") to shop colours ("Blue"); each shop colour also names
    itself. `categories` is (slug path, display name) pairs."""
    colour_words: dict[tuple[str, ...], str] = {}
    for word, shop_colour in (colours or {}).items():
        colour_words.setdefault(phrase_key(shop_colour), shop_colour)
        colour_words.setdefault(phrase_key(word), shop_colour)
    brand_keys: dict[tuple[str, ...], str] = {}
    for brand in brands:
        key = phrase_key(brand)
        placeholder = " ".join(key) in PLACEHOLDER_BRANDS
        if key and not placeholder and not (len(key) == 1 and key in colour_words):
            brand_keys.setdefault(key, brand)
    paths_by_name: dict[tuple[str, ...], set[tuple[str, ...]]] = {}
    for path, name in categories:
        if phrase_key(name):
            paths_by_name.setdefault(phrase_key(name), set()).add(tuple(path))
    return Vocabulary(
        brands=brand_keys,
        colours=colour_words,
        categories={key: next(iter(paths)) for key, paths in paths_by_name.items() if len(paths) == 1},
        protected=frozenset([*map(phrase_key, compounds), *paths_by_name]),
    )


@dataclass(frozen=True)
class Match:
    kind: str  # one of KINDS
    start: int  # character offsets in the query
    end: int

    def text(self, query: str) -> str:
        return query[self.start : self.end]


@dataclass(frozen=True)
class UnderstoodQuery:
    query: str
    text: str  # the query without the recognised filters' words
    brand: str | None = None
    colour: str | None = None
    category_path: tuple[str, ...] = ()
    price_min_minor: int | None = None
    price_max_minor: int | None = None
    matches: tuple[Match, ...] = field(default=())

    @property
    def kinds(self) -> tuple[str, ...]:
        return tuple(match.kind for match in self.matches)

    def apply_to(self, filters: SearchFilters) -> SearchFilters:
        """The shopper's `SearchFilters` narrowed by what was recognised (filters they chose win)."""
        changes: dict[str, object] = {}
        if self.brand and not filters.brands:
            changes["brands"] = (self.brand,)
        if self.colour and not filters.colours:
            changes["colours"] = (self.colour,)
        if self.category_path and not filters.category_path:
            changes["category_path"] = self.category_path
        if self.price_min_minor is not None and filters.price_min_minor is None:
            changes["price_min_minor"] = self.price_min_minor
        if self.price_max_minor is not None and filters.price_max_minor is None:
            changes["price_max_minor"] = self.price_max_minor
        return dataclasses.replace(filters, **changes)


@dataclass(frozen=True)
class _Word:
    key: str
    start: int
    end: int


def understand(
    query: str,
    vocabulary: Vocabulary,
    *,
    ignore: Collection[str] = (),
    minor_per_major: int = 100,
    kinds: Collection[str] = KINDS,
) -> UnderstoodQuery:
    """The filters named in `query` (except the kinds in `ignore`) and the text left to search.

    Only `kinds` become filters; the others are still recognised, so that a category name keeps
    its colour word ("Red Wine"), but their words stay ordinary words of the text."""
    head = query[:MAX_QUERY_CHARS]  # longer input is searched as it is, past its last whole word here
    if len(query) > MAX_QUERY_CHARS and not query[MAX_QUERY_CHARS].isspace():
        head = head.rsplit(None, 1)[0] if head.strip() else ""
    words = [_Word(word_key(m.group()), m.start(), m.end()) for m in _WORD.finditer(head)]
    matches: list[Match] = []
    values: dict[str, object] = {}
    used: set[int] = set()  # indexes of words taken by a filter
    removed: set[int] = set()  # words of the filters the shopper removed (see below)

    price = _price(head, words, minor_per_major)
    if price is not None and PRICE in kinds:
        spans, low, high = price
        price_words = {
            i for i, word in enumerate(words) for start, end in spans if word.start < end and word.end > start
        }
        if PRICE in ignore:
            removed |= price_words
        else:
            values["price_min_minor"], values["price_max_minor"] = low, high
            matches += [Match(PRICE, start, end) for start, end in spans]
            used |= price_words

    brand = _phrases(words, vocabulary.brands, used)
    category = _phrases(words, vocabulary.categories, used | _covered(brand))
    compounds = _phrases(words, dict.fromkeys(vocabulary.protected, True), used)
    colour = _phrases(words, vocabulary.colours, used | _covered(brand + category + compounds))
    # "not clear", "without nike": an exclusion, which stays text.
    brand, category, colour = (
        [found for found in matched if found[0] == 0 or words[found[0] - 1].key not in NEGATIONS]
        for matched in (brand, category, colour)
    )
    if len({value for _, _, value in colour}) != 1:
        colour = []  # none, or a pattern of several colours

    candidates = (
        (BRAND, brand[:1], "brand"), (COLOUR, colour, "colour"), (CATEGORY, category[:1], "category_path")
    )
    # Words of a filter the shopper removed are back in the text, but do not count as other words:
    # removing one filter changes no other.
    for kind, found, _ in candidates:
        if kind in ignore:
            removed |= _covered(found)
    for kind, found, name in candidates:
        if not found or kind in ignore or kind not in kinds:
            continue
        taken = _covered(found)
        # "shoes by nike", "mugs in red": the joining word goes with the filter.
        joining = {BRAND: {"by", "from"}, COLOUR: {"in"}}.get(kind, set())
        taken |= {i - 1 for i in taken if i > 0 and i - 1 not in used and words[i - 1].key in joining}
        gone = used | taken | removed
        rest = [word for i, word in enumerate(words) if i not in gone]
        if all(word.key in STOP_WORDS for word in rest):
            continue  # it would take the last words of the query
        used |= taken
        values[name] = found[0][2]
        matches += [Match(kind, words[first].start, words[end - 1].end) for first, end in _runs(taken)]

    text = _without(query, sorted((m.start, m.end) for m in matches))
    return UnderstoodQuery(query=query, text=text, matches=tuple(matches), **values)  # type: ignore[arg-type]


def _phrases(
    words: list[_Word], phrases: Mapping[tuple[str, ...], object], used: set[int]
) -> list[tuple[int, int, object]]:
    """Non-overlapping (first word, end word, value) phrase matches, longest first, left to right."""
    found: list[tuple[int, int, object]] = []
    taken = set(used)
    for length in range(MAX_PHRASE_WORDS, 0, -1):
        for first in range(len(words) - length + 1):
            span = range(first, first + length)
            if taken.intersection(span):
                continue
            key = tuple(words[i].key for i in span)
            if key in phrases:
                found.append((first, first + length, phrases[key]))
                taken.update(span)
    return sorted(found, key=lambda match: match[0])


def _runs(indexes: set[int]) -> list[tuple[int, int]]:
    """Consecutive runs of word indexes as (first, end) pairs."""
    runs: list[tuple[int, int]] = []
    for i in sorted(indexes):
        if runs and runs[-1][1] == i:
            runs[-1] = (runs[-1][0], i + 1)
        else:
            runs.append((i, i + 1))
    return runs


def _covered(found: list[tuple[int, int, object]]) -> set[int]:
    return {i for first, end, _ in found for i in range(first, end)}


def _price(
    query: str, words: list[_Word], minor_per_major: int
) -> tuple[list[tuple[int, int]], int | None, int | None] | None:
    """The spans and inclusive bounds of the price in `query`: a range, or a lower and an upper
    bound ("over 20 under 40"); None when it names none."""
    found: list[tuple[int, int, int | None, int | None]] = []
    starts = [word.start for word in words]
    for pattern in _PRICE_PATTERNS:
        for match in pattern.finditer(query):
            if any(match.start() < end and start < match.end() for start, end, _, _ in found):
                continue
            groups = match.groupdict()
            money = any(groups.get(f"{side}_sign") or groups.get(f"{side}_unit") for side in ("low", "high"))
            if money or _reads_as_price(query, match, words, starts):
                low, high = (_minor(groups, side, minor_per_major) for side in ("low", "high"))
                found.append((match.start(), match.end(), low, high))
    spans: list[tuple[int, int]] = []
    low = high = None
    for start, end, bound_low, bound_high in sorted(found):
        if (bound_low is not None and low is not None) or (bound_high is not None and high is not None):
            continue  # a second bound on the same side stays text
        spans.append((start, end))
        low = bound_low if bound_low is not None else low
        high = bound_high if bound_high is not None else high
    if not spans:
        return None
    if low is not None and high is not None and low > high:
        low, high = high, low
    return spans, low, high


def _reads_as_price(query: str, match: re.Match, words: list[_Word], starts: list[int]) -> bool:
    following = bisect.bisect_left(starts, match.end())
    if following < len(words) and words[following].key in _UNIT_WORDS:
        return False
    previous = bisect.bisect_left(starts, match.start()) - 1
    first_word = query[match.start() : match.end()].split()[0].casefold()
    bare = first_word[:1].isdigit() or first_word in {"between", "from"}
    context = _SIZE_WORDS | _PERSON_WORDS if bare else _PERSON_WORDS
    return not (previous >= 0 and words[previous].key in context)


def _minor(groups: dict[str, str | None], side: str, minor_per_major: int) -> int | None:
    number = groups.get(side)
    if number is None:
        return None
    cents = (groups.get(f"{side}_cents") or "").ljust(2, "0")
    return int(number.replace(",", "")) * minor_per_major + int(cents) * minor_per_major // 100


def _without(query: str, spans: list[tuple[int, int]]) -> str:
    kept, position = [], 0
    for start, end in spans:
        kept.append(query[position:start])
        position = max(position, end)
    kept.append(query[position:])
    return " ".join(" ".join(kept).split()).strip(" ,;:-–/")
