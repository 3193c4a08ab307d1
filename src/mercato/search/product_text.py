"""The text of a product that its semantic vector is made from, and the hash that tells it changed.

Pure module (no Django). The text says what the product is: its title, its brand when the title does
not already name it, and its most specific category ("Doggy Rubber. Category: Pens, Pencils & Desk"
is an eraser). Measured on the ESCI judgments (docs/search-relevance.md), this short text does as
well as one that adds every category level and the attributes, and costs two thirds of the time to
embed: the model's cost grows with the number of word pieces. Descriptions are left out for the same
reason.
"""

from __future__ import annotations

import hashlib

from mercato.search.documents import ProductDocument


def embedding_text(document: ProductDocument) -> str:
    """E.g. "LED desk light. Brand: Lumo. Category: Desk Lamps"."""
    title = " ".join(document.title.split())
    parts = [title]
    if document.brand and document.brand.casefold() not in title.casefold():
        parts.append(f"Brand: {document.brand}")
    if document.category_names:
        parts.append(f"Category: {document.category_names[-1]}")
    return ". ".join(part for part in parts if part)


def text_hash(text: str) -> str:
    """A short fingerprint of `text` (32 hex characters)."""
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()
