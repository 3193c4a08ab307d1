"""Typo tolerance: a word no product has is matched to the nearest words; known words stay exact."""

from __future__ import annotations

from pathlib import Path

import pytest

from mercato.search.engine import ProductIndex
from mercato.search.query import QueryWord, TermMatch, tolerate_typos, typo_distance
from tests.factories import make_offer, make_product, make_seller
from tests.search.test_engine import ids, make_document, search


@pytest.fixture
def index(tmp_path: Path) -> ProductIndex:
    index = ProductIndex.open_or_create(tmp_path / "search")
    index.upsert([
        make_document(1, title="Wireless headphones", description="Over-ear, folding."),
        make_document(2, title="Toy car", description="Die-cast metal."),
        make_document(3, title="Garden hose", description="Thirty metres."),
        make_document(4, title="Vinpocetine tablets", description="Dietary supplement."),
        make_document(5, title="Headphone stand", description="Walnut."),
    ])
    return index


@pytest.mark.parametrize("query", ["headphnes", "haedphones", "headphonse", "wirless headphnes"])
def test_misspelt_word_finds_the_product(index, query):
    assert ids(search(index, query))[0] == 1


def test_two_typos_in_a_long_word_are_forgiven(index):
    assert ids(search(index, "vinpositine")) == [4]


def test_known_word_is_never_fuzzed(index):
    index.upsert([make_document(6, title="Cat basket")])
    assert ids(search(index, "cat")) == [6]  # not the toy car, one letter away
    assert ids(search(index, "car")) == [2]


def test_short_unknown_word_is_not_fuzzed(index):
    assert ids(search(index, "cas")) == []  # one letter from "car", but only three long
    assert ids(search(index, "hsoe")) == [3]  # four letters: a swap is one edit


def test_unknown_word_with_digits_is_not_fuzzed(index):
    assert ids(search(index, "hose2")) == []


def test_known_word_does_not_match_its_neighbours(index):
    index.upsert([make_document(7, title="Rocking horse")])
    assert ids(search(index, "hose")) == [3]
    assert ids(search(index, "horse")) == [7]


def test_a_word_is_matched_within_one_or_two_edits_by_its_length():
    assert [typo_distance(term) for term in ("cat", "hose", "headphn", "vinpositin")] == [0, 1, 1, 2]
    assert typo_distance("b0xz9k") == 0


def test_only_unknown_terms_are_fuzzed_and_at_most_a_few():
    known = {"red", "mug"}
    words = tolerate_typos([QueryWord.of((t,)) for t in ("red", "mgu", "teapto", "kettel", "sacuer", "spono")],
                           known.__contains__, max_fuzzy_terms=3)
    distances = [word.alternatives[0][0].fuzzy_distance for word in words]
    assert distances == [0, 0, 1, 1, 1, 0]  # "mgu" is too short; the fourth unknown word stays exact


def test_word_whose_synonym_is_known_is_not_fuzzed():
    word = QueryWord.of(("couhc",), ("sofa",))
    assert tolerate_typos([word], {"sofa"}.__contains__) == [word]
    fuzzed = tolerate_typos([QueryWord.of(("couhc",), ("sofaa",))], set().__contains__)
    assert fuzzed[0].alternatives == ((TermMatch("couhc", 1),), (TermMatch("sofaa", 1),))


def test_storefront_search_forgives_a_typo(client, marketplace, reindex):
    seller = make_seller()
    for title in ("Noise cancelling headphones", "Desk lamp"):
        make_offer(seller=seller, product=make_product(title), marketplace=marketplace)
    reindex()

    response = client.get("/search", {"q": "headphnes"})

    assert "Noise cancelling headphones" in response.content.decode()
    assert "Desk lamp" not in response.content.decode()
