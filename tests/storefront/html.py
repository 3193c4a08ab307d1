"""Reading pages the way a shopper sees them: visible text, links, and the product cards shown."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import unescape
from html.parser import HTMLParser


def visible_text(response) -> str:
    body = response.content.decode()
    body = re.sub(r"(?s)<head>.*?</head>|<script.*?</script>|<style.*?</style>", " ", body)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", body)).split())


@dataclass
class Element:
    tag: str
    attrs: dict
    text_parts: list = field(default_factory=list)

    @property
    def text(self) -> str:
        return " ".join("".join(self.text_parts).split())

    @property
    def classes(self) -> set[str]:
        return set((self.attrs.get("class") or "").split())


class _Collector(HTMLParser):
    """Collects every element whose class list includes `css_class`, with its inner text."""

    def __init__(self, css_class: str):
        super().__init__(convert_charrefs=True)
        self.css_class = css_class
        self.found: list[Element] = []
        self.open: list[tuple[Element, int]] = []
        self.depth = 0

    def handle_starttag(self, tag, attrs):
        self.handle_data(" ")  # element boundaries separate words, as they do on screen
        if tag in ("img", "input", "br", "meta", "link", "hr"):
            return
        self.depth += 1
        attributes = dict(attrs)
        if self.css_class in (attributes.get("class") or "").split():
            element = Element(tag, attributes)
            self.found.append(element)
            self.open.append((element, self.depth))

    def handle_endtag(self, tag):
        self.handle_data(" ")
        if tag in ("img", "input", "br", "meta", "link", "hr"):
            return
        self.open = [(e, d) for e, d in self.open if d < self.depth]
        self.depth -= 1

    def handle_data(self, data):
        for element, _ in self.open:
            element.text_parts.append(data)


def elements(response, css_class: str) -> list[Element]:
    collector = _Collector(css_class)
    collector.feed(response.content.decode())
    return collector.found


def card_titles(response) -> list[str]:
    return [e.text for e in elements(response, "product-card__title")]


def card_prices(response) -> list[str]:
    return [e.text for e in elements(response, "price") if e.tag == "p"]


@dataclass(frozen=True)
class FacetOption:
    label: str
    count: int
    url: str
    selected: bool


def facet_options(response) -> list[FacetOption]:
    links = elements(response, "facet-option")
    labels = elements(response, "facet-option__label")
    counts = elements(response, "facet-option__count")
    return [FacetOption(label.text, int(re.search(r"\d[\d,]*", count.text).group().replace(",", "")),
                        link.attrs["href"], "is-selected" in link.classes)
            for link, label, count in zip(links, labels, counts, strict=True)]


def result_count(response) -> int:
    match = re.search(r"([\d,]+) results?\b", " ".join(e.text for e in elements(response, "results-header__count")))
    return int(match.group(1).replace(",", "")) if match else 0
