"""The operator's synonym entries: add, change, remove. Each write takes effect on the next search."""
from __future__ import annotations

from django.db import transaction

from mercato.core.errors import Invalid, NotFound
from mercato.marketplaces.models import Marketplace
from mercato.search.models import Synonym
from mercato.search.synonym_selectors import forget_synonyms
from mercato.search.synonyms import SynonymError, SynonymEntry, parse_entry


def _checked(terms: str, one_way: bool) -> SynonymEntry:
    if not isinstance(terms, str):
        raise Invalid("terms must be text", field="terms")
    try:
        return parse_entry(terms, one_way=one_way)
    except SynonymError as error:
        raise Invalid(error.message, field="terms") from None


@transaction.atomic
def create_synonym(*, marketplace: Marketplace, terms: str, one_way: bool = False) -> Synonym:
    """Add an entry: "sofa, couch" (two-way) or "tee → t shirt" / `one_way` (the first finds the rest)."""
    entry = _checked(terms, one_way)
    synonym = Synonym.objects.create(marketplace=marketplace, terms=entry.terms_text, one_way=entry.one_way)
    transaction.on_commit(lambda: forget_synonyms(marketplace.pk))
    return synonym


@transaction.atomic
def update_synonym(*, marketplace: Marketplace, synonym_id: int, terms: str, one_way: bool = False) -> Synonym:
    synonym = _locked(marketplace, synonym_id)
    entry = _checked(terms, one_way)
    synonym.terms, synonym.one_way = entry.terms_text, entry.one_way
    synonym.save(update_fields=["terms", "one_way", "updated_at"])
    transaction.on_commit(lambda: forget_synonyms(marketplace.pk))
    return synonym


@transaction.atomic
def delete_synonym(*, marketplace: Marketplace, synonym_id: int) -> None:
    _locked(marketplace, synonym_id).delete()
    transaction.on_commit(lambda: forget_synonyms(marketplace.pk))


def _locked(marketplace: Marketplace, synonym_id: int) -> Synonym:
    synonym = Synonym.objects.select_for_update().filter(marketplace=marketplace, pk=synonym_id).first()
    if synonym is None:
        raise NotFound("no such synonym entry in this marketplace", field="synonym")
    return synonym
