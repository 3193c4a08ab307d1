"""Semantic vectors of the products on sale, one store per marketplace, and the reads that use them.

`build_product_vectors` embeds what the search index holds for each product (title, brand,
categories, attributes: mercato.search.product_text) and writes one vector store per marketplace
to SEARCH_INDEX_DIR/vectors/<code>.npz. Only products whose text changed are embedded again;
products no longer on sale drop out. The ranking pipeline then asks `semantic_neighbours` (the
products nearest in meaning to a query) and `semantic_similarities` (how close given products
are); both return nothing until vectors are built, so search works on BM25 alone until then.
"""

from __future__ import annotations

import logging
import re
import threading
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterable

import numpy as np
from django.conf import settings

from mercato.core.errors import Invalid
from mercato.marketplaces.models import Marketplace
from mercato.offers.models import Offer
from mercato.search import sentence_encoder
from mercato.search.product_text import embedding_text, text_hash
from mercato.search.services import BATCH_SIZE, documents_for_products
from mercato.search.vectors import VectorStore
from mercato.sellers.models import Seller

log = logging.getLogger(__name__)

VECTORS_DIRECTORY = "vectors"
# A query longer than this is cut before embedding (the model reads 128 word pieces at most anyway).
MAX_QUERY_CHARACTERS = 500
QUERY_CACHE_SIZE = 2048
_MARKETPLACE_CODE = re.compile(r"[-a-zA-Z0-9_]{1,50}")


@dataclass(frozen=True)
class VectorBuild:
    marketplace_code: str
    products: int  # products in the store now
    embedded: int  # of which embedded in this build (new or changed text)
    removed: int  # products dropped since the last build (no longer on sale)


def vectors_directory() -> Path:
    return Path(settings.SEARCH_INDEX_DIR) / VECTORS_DIRECTORY


def store_path(marketplace_code: str) -> Path:
    return vectors_directory() / f"{marketplace_code}.npz"


def vectors_built() -> bool:
    """Whether any marketplace has a vector store yet."""
    return any(_MARKETPLACE_CODE.fullmatch(path.stem) for path in vectors_directory().glob("*.npz"))


def build_product_vectors(*, marketplace_code: str | None = None) -> list[VectorBuild]:
    """Bring the vector stores in line with the products on sale: in `marketplace_code`, or in
    every marketplace. Safe to run again at any time; an unchanged catalogue embeds nothing."""
    if marketplace_code is not None:
        if not Marketplace.objects.filter(code=marketplace_code).exists():
            raise Invalid(f"no marketplace with the code {marketplace_code!r}", field="marketplace_code")
        codes = [marketplace_code]
    else:
        codes = sorted(set(Marketplace.objects.values_list("code", flat=True))
                       | {path.stem for path in vectors_directory().glob("*.npz")
                          if _MARKETPLACE_CODE.fullmatch(path.stem)})
    texts = _texts_on_sale(marketplace_code)
    previous = {code: _read_store(store_path(code)) for code in codes}
    vectors, embedded_now = _vectors_for_texts(
        {text_hash(text): text for code in codes for text in texts.get(code, {}).values()}, previous.values())
    builds = []
    for code in codes:
        old = previous[code]
        texts_by_product = texts.get(code, {})
        hashes = {product_id: text_hash(text) for product_id, text in texts_by_product.items()}
        product_ids = sorted(hashes)
        rows = [vectors[hashes[product_id]] for product_id in product_ids]
        matrix = np.vstack(rows) if rows else np.zeros((0, sentence_encoder.DIMENSIONS), dtype=np.float32)
        store = VectorStore.build(product_ids, matrix, [hashes[product_id] for product_id in product_ids])
        store.save(store_path(code))
        old_hashes = old.text_hash_by_product() if old is not None else {}
        builds.append(VectorBuild(
            marketplace_code=code,
            products=len(store),
            embedded=sum(1 for product_id in product_ids if hashes[product_id] in embedded_now),
            removed=len(old_hashes.keys() - hashes.keys()),
        ))
    return builds


def _texts_on_sale(marketplace_code: str | None) -> dict[str, dict[int, str]]:
    """marketplace code -> product id -> embedding text, for every product the search index lists
    there (an active offer from an active seller)."""
    offers = Offer.objects.filter(status=Offer.Status.ACTIVE, seller__status=Seller.Status.ACTIVE)
    if marketplace_code is not None:
        offers = offers.filter(marketplace__code=marketplace_code)
    product_ids = sorted(set(offers.values_list("product_id", flat=True)))
    texts: dict[str, dict[int, str]] = {}
    for start in range(0, len(product_ids), BATCH_SIZE):
        for document in documents_for_products(product_ids[start:start + BATCH_SIZE]):
            if marketplace_code is None or document.marketplace == marketplace_code:
                texts.setdefault(document.marketplace, {})[document.product_id] = embedding_text(document)
    return texts


def _vectors_for_texts(texts_by_hash: dict[str, str],
                       stores: Iterable[VectorStore | None]) -> tuple[dict[str, np.ndarray], set[str]]:
    """(text hash -> vector for every text, the hashes embedded now). A vector is copied from a store
    that has its text, else embedded: each distinct text once, however many marketplaces list it."""
    vectors: dict[str, np.ndarray] = {}
    for store in stores:
        if store is None:
            continue
        for row, hash_ in enumerate(store.text_hashes.tolist()):
            if hash_ in texts_by_hash and hash_ not in vectors:
                vectors[hash_] = store.vectors[row].astype(np.float32)
    missing = [hash_ for hash_ in texts_by_hash if hash_ not in vectors]
    if missing:
        for hash_, vector in zip(missing, sentence_encoder.encode([texts_by_hash[hash_] for hash_ in missing])):
            vectors[hash_] = vector
    return vectors, set(missing)


def _read_store(path: Path) -> VectorStore | None:
    try:
        store = VectorStore.load(path)
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError) as error:
        log.warning("ignoring unreadable vector store %s: %s", path, error)
        return None
    return store if store.dimensions == sentence_encoder.DIMENSIONS else None


# Reads.

_stores: dict[Path, tuple[tuple[int, int, int], VectorStore | None]] = {}
_stores_lock = threading.Lock()


def _store_for(marketplace_code: str) -> VectorStore | None:
    """The marketplace's store, read once per process and again when a build replaces the file."""
    if not isinstance(marketplace_code, str) or not _MARKETPLACE_CODE.fullmatch(marketplace_code):
        return None
    path = store_path(marketplace_code)
    try:
        status = path.stat()
    except OSError:
        return None
    signature = (status.st_ino, status.st_mtime_ns, status.st_size)
    with _stores_lock:
        cached = _stores.get(path)
        if cached is not None and cached[0] == signature:
            return cached[1]
        store = _read_store(path)
        _stores[path] = (signature, store)
        return store


@lru_cache(maxsize=QUERY_CACHE_SIZE)
def _query_vector(text: str) -> np.ndarray:
    vector = sentence_encoder.encode([text])[0]
    vector.flags.writeable = False  # shared by every caller through the cache
    return vector


def _query_text(text: object) -> str:
    return " ".join(str(text or "").split())[:MAX_QUERY_CHARACTERS]


def semantic_neighbours(marketplace_code: str, text: str, k: int = 100) -> list[tuple[int, float]]:
    """The `k` products on sale in the marketplace closest in meaning to `text`, best first:
    [(product_id, cosine in [-1, 1])]. Empty when no vectors are built or the text is blank."""
    query = _query_text(text)
    store = _store_for(marketplace_code) if query and k > 0 else None
    if store is None or not len(store):
        return []
    return store.nearest(_query_vector(query), k)


def semantic_similarities(marketplace_code: str, text: str, product_ids: Iterable[int]) -> dict[int, float]:
    """product id -> cosine between `text` and the product, for those of `product_ids` that have a
    vector in the marketplace; empty when no vectors are built or the text is blank."""
    query = _query_text(text)
    store = _store_for(marketplace_code) if query else None
    if store is None or not len(store):
        return {}
    return store.similarities(_query_vector(query), product_ids)
