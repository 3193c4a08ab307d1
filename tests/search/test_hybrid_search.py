"""The storefront's search adds products found by meaning once the marketplace's vectors are built."""
import pytest

from mercato.search.embeddings import build_product_vectors
from tests.factories import make_category, make_offer, make_product, make_seller
from tests.storefront.html import card_titles


@pytest.fixture
def lighting(marketplace, reindex):
    seller = make_seller()
    for title, path in (("LED desk light", "home/lighting"), ("Garden hose, 30 m", "garden/watering"),
                        ("Stainless steel saucepan", "home/kitchen"), ("Reading glasses +1.5", "health/optical")):
        make_offer(seller=seller, marketplace=marketplace, product=make_product(title, category=make_category(path)))
    reindex()


def test_words_alone_miss_the_desk_light_and_meaning_finds_it(client, marketplace, lighting):
    assert "LED desk light" not in card_titles(client.get("/search", {"q": "lamp for reading"}))

    build_product_vectors()
    found = card_titles(client.get("/search", {"q": "lamp for reading"}))

    assert "LED desk light" in found
    assert "Garden hose, 30 m" not in found and "Stainless steel saucepan" not in found  # far in meaning


def test_a_filter_keeps_the_results_to_word_matches(client, marketplace, lighting):
    build_product_vectors()
    narrowed = card_titles(client.get("/search", {"q": "lamp for reading", "price": "0-100000"}))
    assert "LED desk light" not in narrowed


def test_when_no_word_matches_products_close_in_meaning_are_shown(client, marketplace, lighting):
    assert "No products found" in client.get("/search", {"q": "bedside lamp"}).content.decode()

    build_product_vectors()

    assert card_titles(client.get("/search", {"q": "bedside lamp"})) == ["LED desk light"]
