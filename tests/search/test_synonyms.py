"""Synonyms: the operator's entries parsed, queries expanded, searches finding what shoppers call things."""

from __future__ import annotations

from pathlib import Path

import pytest

from mercato.core.errors import Invalid, NotFound
from mercato.search.engine import ProductIndex
from mercato.search.models import Synonym
from mercato.search.query import QueryWord, query_terms
from mercato.search.synonym_selectors import synonyms_for
from mercato.search.synonym_services import create_synonym, delete_synonym, update_synonym
from mercato.search.synonyms import SynonymError, SynonymSet, parse_entry
from tests.factories import make_marketplace, make_offer, make_operator, make_product, make_seller, make_user
from tests.search.test_engine import ids, make_document, search
from tests.sellercentral.pages import field_errors, text

# Parsing.


def test_two_way_entry_keeps_the_phrases_as_written():
    entry = parse_entry("  Sofa ,couch,  settee ")
    assert entry.phrases == ("Sofa", "couch", "settee") and not entry.one_way
    assert entry.terms_text == "Sofa, couch, settee"


@pytest.mark.parametrize("text", ["tee → t shirt, tshirt", "tee -> t shirt, tshirt", "tee => t shirt,tshirt"])
def test_arrow_makes_a_one_way_entry(text):
    entry = parse_entry(text)
    assert entry.one_way and entry.phrases == ("tee", "t shirt", "tshirt")


@pytest.mark.parametrize("text, message", [
    ("sofa", "at least two"),
    ("sofa,", "at least two"),
    ("", "at least two"),
    ("sofa,, couch", "remove the extra comma"),
    ("sofa, sofas", "searches the same as"),
    ("sofa, !!!", "no letters or digits"),
    ("→ tee", "before the arrow"),
    ("a, b → c", "one phrase before the arrow"),
    ("a → b → c", "one arrow"),
    ("sofa, " + "x" * 101, "too long"),
    ("sofa, big comfy soft sitting thing", "at most 4 words"),
    ("sofa, co\x00uch", "control characters"),
    ("a," * 300, "at most 500 characters"),
])
def test_bad_entries_say_what_to_correct(text, message):
    with pytest.raises(SynonymError) as refused:
        parse_entry(text)
    assert message in refused.value.message.lower()


# Expanding queries.


def expanded(synonyms: SynonymSet, text: str) -> list[set[tuple[str, ...]]]:
    return [{tuple(match.term for match in terms) for terms in word.alternatives}
            for word in synonyms.expand(query_terms(text))]


def test_two_way_entry_expands_every_member():
    synonyms = SynonymSet([parse_entry("sofa, couch, settee")])
    assert expanded(synonyms, "red couches") == [{("red",)}, {("couch",), ("sofa",), ("sette",)}]
    assert expanded(synonyms, "sofa") == [{("sofa",), ("couch",), ("sette",)}]


def test_one_way_entry_expands_only_its_first_phrase():
    synonyms = SynonymSet([parse_entry("tee → t shirt")])
    assert expanded(synonyms, "tee") == [{("tee",), ("t", "shirt")}]
    assert expanded(synonyms, "t shirt") == [{("t",)}, {("shirt",)}]


def test_multi_word_phrase_in_the_query_is_one_word_with_its_synonym():
    synonyms = SynonymSet([parse_entry("T-Shirt, tee")])
    assert expanded(synonyms, "white t shirt large") == [
        {("white",)}, {("t", "shirt"), ("tee",)}, {("larg",)}]


def test_entries_sharing_a_phrase_add_up():
    synonyms = SynonymSet([parse_entry("sofa, couch"), parse_entry("couch, settee")])
    assert expanded(synonyms, "couch") == [{("couch",), ("sofa",), ("sette",)}]
    assert expanded(synonyms, "sofa") == [{("sofa",), ("couch",)}]


def test_no_synonyms_leaves_each_term_a_word():
    assert SynonymSet().expand(["red", "mug"]) == [QueryWord.of(("red",)), QueryWord.of(("mug",))]


def test_stored_rows_that_no_longer_parse_are_left_out():
    synonyms = SynonymSet.from_stored([("sofa", False), ("sofa, couch", False)])
    assert expanded(synonyms, "couch") == [{("couch",), ("sofa",)}]


# The engine.


@pytest.fixture
def index(tmp_path: Path) -> ProductIndex:
    index = ProductIndex.open_or_create(tmp_path / "search")
    index.upsert([
        make_document(1, title="Velvet sofa", description="Seats three."),
        make_document(2, title="Red velvet cushion", description="Soft."),
        make_document(3, title="Cotton T-shirt", description="Crew neck."),
        make_document(4, title="Golf tee pack", description="Wooden."),
    ])
    return index


def test_synonym_finds_products_described_with_the_other_word(index):
    synonyms = SynonymSet([parse_entry("sofa, couch")])
    assert ids(search(index, "couch")) == []
    assert ids(search(index, "couch", synonyms=synonyms)) == [1]
    assert ids(search(index, "velvet couch", synonyms=synonyms))[0] == 1  # it has both words


def test_one_way_synonym_works_one_way(index):
    synonyms = SynonymSet([parse_entry("tee → t shirt")])
    assert sorted(ids(search(index, "tee", synonyms=synonyms))) == [3, 4]
    assert ids(search(index, "t shirt", synonyms=synonyms)) == [3]


def test_single_word_finds_a_multi_word_synonym_and_back(index):
    synonyms = SynonymSet([parse_entry("tshirt, t shirt")])
    assert ids(search(index, "tshirt", synonyms=synonyms)) == [3]
    index.upsert([make_document(5, title="Plain tshirt")])
    assert sorted(ids(search(index, "t-shirt", synonyms=synonyms))) == [3, 5]


# Services and the storefront.


def test_services_store_the_entry_and_searches_use_it(client, marketplace, reindex,
                                                      django_capture_on_commit_callbacks):
    make_offer(seller=make_seller(), product=make_product("Velvet sofa"), marketplace=marketplace)
    reindex()
    assert "Velvet sofa" not in client.get("/search", {"q": "couch"}).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        synonym = create_synonym(marketplace=marketplace, terms="sofa,couch")

    assert synonym.terms == "sofa, couch" and not synonym.one_way
    assert "Velvet sofa" in client.get("/search", {"q": "couch"}).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        update_synonym(marketplace=marketplace, synonym_id=synonym.pk, terms="sofa, settee")
    assert "Velvet sofa" not in client.get("/search", {"q": "couch"}).content.decode()
    assert "Velvet sofa" in client.get("/search", {"q": "settee"}).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        delete_synonym(marketplace=marketplace, synonym_id=synonym.pk)
    assert not synonyms_for(marketplace)


def test_services_refuse_bad_entries_naming_the_field(marketplace):
    with pytest.raises(Invalid) as refused:
        create_synonym(marketplace=marketplace, terms="sofa")
    assert refused.value.field == "terms"
    assert not Synonym.objects.exists()


def test_synonyms_belong_to_their_marketplace(marketplace):
    other = make_marketplace("de", currency="EUR", language="de-DE", country_code="DE")
    create_synonym(marketplace=other, terms="sofa, couch")
    assert not synonyms_for(marketplace)
    assert synonyms_for(other)
    with pytest.raises(NotFound) as refused:
        delete_synonym(marketplace=marketplace, synonym_id=Synonym.objects.get().pk)
    assert refused.value.field == "synonym"
    assert Synonym.objects.exists()


# The ops console.

PAGE = "/ops/search/synonyms/"


@pytest.fixture
def operator_client(client, db):
    client.force_login(make_operator())
    return client


def test_operator_adds_sofa_couch_and_a_search_for_couch_finds_the_sofa(operator_client, marketplace, reindex,
                                                                        django_capture_on_commit_callbacks):
    make_offer(seller=make_seller(), product=make_product("Velvet sofa"), marketplace=marketplace)
    reindex()

    with django_capture_on_commit_callbacks(execute=True):
        response = operator_client.post(f"{PAGE}?marketplace={marketplace.code}", {"terms": "sofa, couch"})

    assert response.status_code == 302
    listed = operator_client.get(response.url)
    assert "sofa, couch" in text(listed) and "Two-way" in text(listed)
    assert "Velvet sofa" in operator_client.get("/search", {"q": "couch"}).content.decode()


def test_operator_adds_a_one_way_entry_with_the_checkbox(operator_client, marketplace):
    operator_client.post(f"{PAGE}?marketplace={marketplace.code}", {"terms": "tee, t shirt", "one_way": "on"})
    assert "tee → t shirt" in text(operator_client.get(PAGE))


@pytest.mark.parametrize("terms, message", [
    ("sofa", "Enter at least two words or phrases"),
    ("sofa,,couch", "remove the extra comma"),
    ("", "This field is required"),
    ("x, " * 200, "at most 500 characters"),
])
def test_bad_input_shows_the_form_again_and_writes_nothing(operator_client, marketplace, terms, message):
    response = operator_client.post(f"{PAGE}?marketplace={marketplace.code}", {"terms": terms})

    assert response.status_code == 400
    assert any(message in error for error in field_errors(response, "terms"))
    assert not Synonym.objects.exists()


def test_refused_entry_is_shown_again_for_correcting(operator_client, marketplace):
    response = operator_client.post(f"{PAGE}?marketplace={marketplace.code}", {"terms": "sofa,,couch"})
    assert 'value="sofa,,couch"' in response.content.decode()


def test_operator_edits_and_deletes_an_entry(operator_client, marketplace):
    synonym = create_synonym(marketplace=marketplace, terms="sofa, couch")

    page = operator_client.get(f"{PAGE}{synonym.pk}/")
    assert 'value="sofa, couch"' in page.content.decode()
    refused = operator_client.post(f"{PAGE}{synonym.pk}/", {"terms": "sofa"})
    assert refused.status_code == 400 and field_errors(refused, "terms")
    assert operator_client.post(f"{PAGE}{synonym.pk}/", {"terms": "sofa, settee"}).status_code == 302
    synonym.refresh_from_db()
    assert synonym.terms == "sofa, settee"

    assert operator_client.post(f"{PAGE}{synonym.pk}/delete/").status_code == 302
    assert not Synonym.objects.exists()
    assert operator_client.get(f"{PAGE}{synonym.pk}/").status_code == 404


def test_only_operators_see_or_change_synonyms(client, marketplace):
    synonym = create_synonym(marketplace=marketplace, terms="sofa, couch")
    assert client.get(PAGE).status_code == 302  # visitors sign in first
    client.force_login(make_user())
    assert client.get(PAGE).status_code == 403
    assert client.post(PAGE, {"terms": "a, b"}).status_code == 403
    assert client.post(f"{PAGE}{synonym.pk}/delete/").status_code == 403
    assert list(Synonym.objects.values_list("terms", flat=True)) == ["sofa, couch"]


def test_unknown_marketplace_is_not_found(operator_client, marketplace):
    assert operator_client.get(PAGE, {"marketplace": "zz"}).status_code == 404
