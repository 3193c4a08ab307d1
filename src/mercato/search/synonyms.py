"""Synonyms: words a shopper may use for the same thing, as the operator writes them.

Pure module: no Django. An entry is a comma-separated list of phrases:

- two-way, "sofa, couch, settee": searching any of them finds products described with any;
- one-way, "tee → t shirt, tshirt" (also "->" or "=>"), or the list with `one_way`: the first
  phrase also finds the others, not the reverse ("t shirt" does not find "tee").

Phrases go through the analyzer the queries go through (`query.query_terms`: lowercase, English
stems, no stop words when other words remain), so "Couches" is "couch" and "T-Shirt" is the two
terms "t shirt". `SynonymSet.expand` turns a query's terms into words with alternatives: the
longest phrase that starts at a query term wins, and a word matches when any alternative does
(an alternative of several terms needs all of them, in any field, in any order).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable

from mercato.search.query import QueryWord, query_terms, query_words

ARROWS = ("→", "=>", "->")
MAX_ENTRY_CHARS = 500  # the stored `Synonym.terms`
MAX_PHRASE_CHARS = 100
MAX_PHRASE_WORDS = 4
MAX_PHRASES = 20
# Alternatives one query word may get from all the entries it is in; bounds the query's size.
MAX_ALTERNATIVES = 16
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f-\x9f]")


class SynonymError(ValueError):
    """An entry the operator must correct; `message` says how."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class SynonymEntry:
    phrases: tuple[str, ...]  # as the operator wrote them, trimmed; one-way: the first finds the rest
    one_way: bool

    @property
    def terms_text(self) -> str:
        """The phrases as `Synonym.terms` stores them."""
        return ", ".join(self.phrases)


def display_text(terms: str, *, one_way: bool) -> str:
    """Stored terms as the operator reads them: one-way entries with their arrow."""
    if not one_way:
        return terms
    first, _, rest = terms.partition(",")
    return f"{first.strip()} → {rest.strip()}" if rest.strip() else first.strip()


def parse_entry(text: str, *, one_way: bool = False) -> SynonymEntry:
    """The operator's entry, checked; raises SynonymError saying what to correct.

    An arrow makes the entry one-way whatever `one_way` says: its left side is one phrase.
    """
    if len(text) > MAX_ENTRY_CHARS:
        raise SynonymError(f"Write at most {MAX_ENTRY_CHARS} characters.")
    if _CONTROL_CHARACTERS.search(text):
        raise SynonymError("Remove the control characters.")
    arrow = next((arrow for arrow in ARROWS if arrow in text), None)
    if arrow is not None:
        source, _, targets = text.partition(arrow)
        if any(other in targets for other in ARROWS):
            raise SynonymError("Use one arrow: “tee → t shirt, tshirt”.")
        if "," in source:
            raise SynonymError("Put one phrase before the arrow: “tee → t shirt, tshirt”.")
        phrases = [source, *targets.split(",")]
        one_way = True
    else:
        phrases = text.split(",")
    phrases = [" ".join(phrase.split()) for phrase in phrases]
    if arrow is not None and not phrases[0]:
        raise SynonymError("Put a word or phrase before the arrow: “tee → t shirt, tshirt”.")
    if sum(1 for phrase in phrases if phrase) < 2:
        raise SynonymError("Enter at least two words or phrases, separated by commas.")
    if not all(phrases):
        raise SynonymError("Each phrase between commas needs words: remove the extra comma.")
    if len(phrases) > MAX_PHRASES:
        raise SynonymError(f"Enter at most {MAX_PHRASES} phrases; split the rest into another entry.")
    seen: dict[tuple[str, ...], str] = {}
    for phrase in phrases:
        if len(phrase) > MAX_PHRASE_CHARS:
            raise SynonymError(f"“{phrase[:20]}…” is too long: at most {MAX_PHRASE_CHARS} characters a phrase.")
        terms = tuple(query_terms(phrase))
        if not terms:
            raise SynonymError(f"“{phrase}” has no letters or digits to search for.")
        if len(terms) > MAX_PHRASE_WORDS:
            raise SynonymError(f"“{phrase}” is too long: at most {MAX_PHRASE_WORDS} words a phrase.")
        if terms in seen:
            raise SynonymError(f"“{phrase}” searches the same as “{seen[terms]}”; keep one of them.")
        seen[terms] = phrase
    return SynonymEntry(tuple(phrases), one_way)


class SynonymSet:
    """The synonyms of one marketplace, ready to expand queries."""

    def __init__(self, entries: Iterable[SynonymEntry] = ()):
        # Phrase terms -> the alternatives a query holding them may also match (themselves first).
        self._alternatives: dict[tuple[str, ...], list[tuple[str, ...]]] = {}
        for entry in entries:
            phrases = [tuple(query_terms(phrase)) for phrase in entry.phrases]
            sources = phrases[:1] if entry.one_way else phrases
            for source in sources:
                alternatives = self._alternatives.setdefault(source, [source])
                alternatives.extend(p for p in phrases if p not in alternatives)
        self._longest_phrase = max((len(phrase) for phrase in self._alternatives), default=0)

    @classmethod
    def from_stored(cls, rows: Iterable[tuple[str, bool]]) -> SynonymSet:
        """From (terms, one_way) rows as stored; a row that no longer passes the checks is left out."""
        entries = []
        for terms, one_way in rows:
            try:
                entries.append(parse_entry(terms, one_way=one_way))
            except SynonymError:
                continue
        return cls(entries)

    def __bool__(self) -> bool:
        return bool(self._alternatives)

    def alternatives(self, phrase: str) -> list[tuple[str, ...]]:
        """What a query for `phrase` also matches, as index terms, the phrase itself first."""
        terms = tuple(query_terms(phrase))
        return list(self._alternatives.get(terms, [terms]))

    def expand(self, terms: list[str]) -> list[QueryWord]:
        """The query's terms as words: a run of terms that is a synonym phrase becomes one word
        matching any of its alternatives; other terms stay words of their own."""
        if not self._alternatives:
            return query_words(terms)
        words, start = [], 0
        while start < len(terms):
            for length in range(min(self._longest_phrase, len(terms) - start), 0, -1):
                phrase = tuple(terms[start:start + length])
                alternatives = self._alternatives.get(phrase)
                if alternatives is not None:
                    words.append(QueryWord.of(*alternatives[:MAX_ALTERNATIVES]))
                    start += length
                    break
            else:
                words.append(QueryWord.of((terms[start],)))
                start += 1
        return words
