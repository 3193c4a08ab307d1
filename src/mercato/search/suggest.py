"""Search-box suggestions as the shopper types: queries to run and products to open, by popularity.

Pure module: no Django. Phrases are normalised (`normalise`: lowercase, no accents, words of
letters and digits) and kept in one sorted list per kind, so the phrases that start with what was
typed are one contiguous run found with two binary searches; the run's weights sit in a NumPy
array beside it, and the top k are picked with a partial sort. So "desk l" finds "desk lamp" and
"desk lamps" but not "desktop": the earlier words must match whole, the last one is a prefix.

- Query suggestions match from their first word (a past search, a brand, a category name).
- Product suggestions match from any of the first `MAX_TITLE_STARTS` words of the title
  ("desk l" finds "Brightline LED Desk Lamp"), each product once, shown by its title.
"""

from __future__ import annotations

import bisect
import itertools
import re
import unicodedata
from array import array
from collections import Counter
from dataclasses import dataclass
from typing import Callable, Iterable, Sequence

import numpy as np

QUERY = "query"
PRODUCT = "product"
MAX_PREFIX_CHARS = 100
# A title is found from its first words only: later ones are rarely what a shopper starts with,
# and each start is one more key in memory.
MAX_TITLE_STARTS = 5
# Keys are cut here; a longer prefix is compared on its first this many characters.
MAX_KEY_CHARS = 40
# The answers for prefixes this short whose run has this many keys are kept once computed.
SHORT_PREFIX_CHARS = 2
LONG_RUN_KEYS = 1_000
_SEPARATORS = re.compile(r"[\W_]+")
_WORD = re.compile(r"[^\W_]+")


def normalise(text: str) -> str:
    """What phrases are compared as: "Crème Brûlée-Dish!" -> "creme brulee dish". Text that ends
    with a space or punctuation keeps one trailing space: its last word is complete."""
    text = text[:MAX_PREFIX_CHARS].casefold()
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text)
        text = "".join(character for character in text if not unicodedata.combining(character))
    normalised = _SEPARATORS.sub(" ", text).strip()
    ends_complete = normalised and not text[-1].isalnum()
    return normalised + " " if ends_complete else normalised


@dataclass(frozen=True)
class Suggestion:
    kind: str  # QUERY or PRODUCT
    text: str  # what the shopper sees and, for a query, what is searched
    weight: float  # popularity: higher first
    public_id: str = ""  # a product's platform-wide id


@dataclass(frozen=True)
class Suggestions:
    queries: list[Suggestion]
    products: list[Suggestion]

    def __bool__(self) -> bool:
        return bool(self.queries or self.products)


NO_SUGGESTIONS = Suggestions([], [])


class _SortedKeys:
    """Sorted UTF-8 keys packed in one bytes object: a fraction of the memory of a list of str,
    and no objects for the garbage collector to walk. Indexable, so `bisect` searches it."""

    def __init__(self, keys: Sequence[bytes]):
        self._blob = b"".join(keys)
        self._offsets = array("q", [0])
        self._offsets.extend(itertools.accumulate(len(key) for key in keys))

    def __len__(self) -> int:
        return len(self._offsets) - 1

    def __getitem__(self, position: int) -> bytes:
        return self._blob[self._offsets[position]:self._offsets[position + 1]]


class _PrefixTable:
    """Sorted keys, each pointing at one suggestion; the top suggestions of a key prefix by weight."""

    def __init__(self, keyed: Iterable[tuple[str, int]], weights: Sequence[float]):
        keys, targets = [], array("i")
        for key, target in keyed:
            keys.append(key.encode())
            targets.append(target)
        # NumPy sorts fixed-width bytes in C; bytes order is code point order, as in `top`.
        order = np.argsort(np.array(keys, dtype=f"S{max(map(len, keys), default=1)}"), kind="stable")
        self._keys = _SortedKeys([keys[position] for position in order.tolist()])
        self._targets = np.frombuffer(targets, dtype=np.int32)[order] if keys else np.zeros(0, np.int32)
        self._weights = np.asarray(weights, dtype=np.float64)[self._targets]  # each key's target's weight
        # The answers for short prefixes with long runs, the slowest to find, as they are first asked.
        self._short_answers: dict[tuple[bytes, int], list[int]] = {}

    def __len__(self) -> int:
        return len(self._keys)

    def top(self, prefix: str, limit: int) -> list[int]:
        """The targets of the heaviest keys that start with `prefix`, each once, at most `limit`."""
        encoded = prefix[:MAX_KEY_CHARS].encode()
        short = len(prefix) <= SHORT_PREFIX_CHARS
        if short and (encoded, limit) in self._short_answers:
            return self._short_answers[encoded, limit]
        start = bisect.bisect_left(self._keys, encoded)
        end = bisect.bisect_left(self._keys, encoded + b"\xff", lo=start)  # 0xff is never in UTF-8
        answer = self._top(start, end, limit)
        if short and end - start >= LONG_RUN_KEYS:  # only prefixes the keys have: a bounded number
            self._short_answers[encoded, limit] = answer
        return answer

    def _top(self, start: int, end: int, limit: int) -> list[int]:
        if start == end or limit <= 0:
            return []
        targets, weights = self._targets[start:end], self._weights[start:end]
        # Several keys of a run may point at one product: ask for more, then keep each once.
        wanted = limit * 3
        if len(weights) > wanted:
            picked = np.argpartition(-weights, wanted - 1)[:wanted]
        else:
            picked = np.arange(len(weights))
        # Heaviest first; equal weights in key order, so the answer never depends on the partition.
        picked = picked[np.lexsort((picked, -weights[picked]))]
        chosen = list(dict.fromkeys(targets[picked].tolist()))
        if len(chosen) < limit and len(picked) < len(weights):
            every = np.lexsort((np.arange(len(weights)), -weights))
            chosen = list(dict.fromkeys(targets[every].tolist()))
        return chosen[:limit]


class SuggestionIndex:
    """The suggestions of one marketplace. Build it once from plain data; `suggest` is read-only
    and safe to call from many threads."""

    def __init__(self, *, queries: Iterable[tuple[str, float]] = (),
                 products: Iterable[tuple[str, str, float]] = ()):
        """`queries`: (text, weight); the same normalised text twice adds up, shown as the heavier.
        `products`: (public id, title, weight)."""
        merged: dict[str, tuple[str, float, float]] = {}
        for text, weight in queries:
            key = normalise(text).strip()
            if not key:
                continue
            shown, heaviest, total = merged.get(key, (text, float("-inf"), 0.0))
            if weight > heaviest:
                shown, heaviest = text.strip(), weight
            merged[key] = (shown, heaviest, total + weight)
        self._query_texts = [shown for shown, _, _ in merged.values()]
        query_weights = [total for _, _, total in merged.values()]
        self._queries = _PrefixTable(((key, target) for target, key in enumerate(merged)), query_weights)
        # Products in parallel lists: one object per product instead of one per suggestion.
        self._public_ids: list[str] = []
        self._titles: list[str] = []
        product_weights: list[float] = []
        keyed: list[tuple[str, int]] = []
        for public_id, title, weight in products:
            starts = _word_starts(normalise(title).strip())
            if not starts:
                continue
            keyed.extend((start, len(self._titles)) for start in starts)
            self._public_ids.append(public_id)
            self._titles.append(title.strip())
            product_weights.append(float(weight))
        self._products = _PrefixTable(keyed, product_weights)
        self._product_weights = product_weights
        self._query_weights = query_weights

    @property
    def size(self) -> tuple[int, int]:
        """(query keys, product keys)."""
        return len(self._queries), len(self._products)

    def suggest(self, text: str, *, queries: int = 6, products: int = 4) -> Suggestions:
        """The heaviest queries and products that start with `text` (see the module docstring)."""
        prefix = normalise(text).lstrip()
        if not prefix.strip():
            return NO_SUGGESTIONS
        return Suggestions(
            [Suggestion(QUERY, self._query_texts[target], self._query_weights[target])
             for target in self._queries.top(prefix, queries)],
            [Suggestion(PRODUCT, self._titles[target], self._product_weights[target], self._public_ids[target])
             for target in self._products.top(prefix, products)],
        )


def _word_starts(key: str) -> list[str]:
    """The key from each of its first words on: "brass desk lamp" -> itself, "desk lamp", "lamp"."""
    starts, position = [], 0
    for word in key.split(" ", MAX_TITLE_STARTS)[:MAX_TITLE_STARTS]:
        starts.append(key[position:position + MAX_KEY_CHARS])
        position += len(word) + 1
    return list(dict.fromkeys(starts))


def readable_queries(query_keys: dict[str, float], words: Counter[str],
                     stem: Callable[[str], list[str]]) -> list[tuple[str, float]]:
    """Past searches, stored as index terms ("batteri charger"), in words a shopper reads
    ("battery charger"): each term becomes the catalogue's most common word with that stem. A
    search with a term no catalogue word has is left out: it found little, and suggesting what a
    stranger typed is not wanted."""
    needed = {term for key in query_keys for term in key.split()}
    openings = {term[:3] for term in needed}
    surface: dict[str, tuple[int, str]] = {}
    for word, count in words.items():
        if word[:3] not in openings:
            continue
        stems = stem(word)
        if len(stems) == 1 and stems[0] in needed:
            best = surface.get(stems[0])
            if best is None or (count, word) > best:
                surface[stems[0]] = (count, word)
    readable = []
    for key, weight in query_keys.items():
        terms = key.split()
        if terms and all(term in surface for term in terms):
            readable.append((" ".join(surface[term][1] for term in terms), weight))
    return readable


def catalogue_words(texts: Iterable[str]) -> Counter[str]:
    """How often each lowercase word appears in `texts`."""
    counts: Counter[str] = Counter()
    for text in texts:
        counts.update(_WORD.findall(text.casefold()))
    return counts
