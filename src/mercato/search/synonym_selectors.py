"""Reads of the operator's synonyms: the set a marketplace's searches expand with, and the ops list."""
from __future__ import annotations

from dataclasses import dataclass

from django.core.cache import cache

from mercato.marketplaces.models import Marketplace
from mercato.search.models import Synonym
from mercato.search.synonyms import SynonymSet, display_text

# Writes forget the cached set at once in their own process; other processes see it within this.
CACHE_SECONDS = 60


def _cache_key(marketplace_id: int) -> str:
    return f"search:synonyms:{marketplace_id}"


def synonyms_for(marketplace: Marketplace) -> SynonymSet:
    """The marketplace's synonyms, ready for `ProductIndex.search` (one query when not cached)."""
    key = _cache_key(marketplace.pk)
    synonyms = cache.get(key)
    if synonyms is None:
        synonyms = SynonymSet.from_stored(
            Synonym.objects.filter(marketplace=marketplace).values_list("terms", "one_way"))
        cache.set(key, synonyms, CACHE_SECONDS)
    return synonyms


def forget_synonyms(marketplace_id: int) -> None:
    cache.delete(_cache_key(marketplace_id))


@dataclass(frozen=True)
class SynonymRow:
    synonym: Synonym
    text: str  # "sofa, couch"; one-way: "tee → t shirt, tshirt"


def synonym_entries(marketplace: Marketplace) -> list[SynonymRow]:
    """The marketplace's entries in the order they were added, for the ops console."""
    return [SynonymRow(synonym, display_text(synonym.terms, one_way=synonym.one_way))
            for synonym in Synonym.objects.filter(marketplace=marketplace).order_by("id")]


def synonym_entry(synonym_id: int) -> Synonym | None:
    return Synonym.objects.select_related("marketplace").filter(pk=synonym_id).first()
