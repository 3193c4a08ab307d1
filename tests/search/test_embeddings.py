"""Semantic vectors of the products on sale, built from the database, and the reads the ranker uses."""
from datetime import datetime

import pytest

from mercato import cli
from mercato.catalog.models import Product
from mercato.core.errors import Invalid
from mercato.offers.services import pause_offer
from mercato.search.documents import ProductDocument
from mercato.search.embeddings import (build_product_vectors, semantic_neighbours, semantic_similarities,
                                       vectors_built)
from mercato.search.product_text import embedding_text
from mercato.search.services import product_index
from mercato.search.tasks import build_product_vectors_job
from tests.factories import make_category, make_marketplace, make_offer, make_product, make_seller


def document(title, *, brand=None, category_names=()):
    return ProductDocument(product_id=1, marketplace="gb", public_id="P1", title=title, brand=brand,
                           category_path=(), description="A long description the vector leaves out.",
                           attributes={"colour": "White"}, price_minor=1000, conditions=("new",),
                           fulfillment_channels=("merchant",), seller_ids=(1,), in_stock=True, units_sold=0,
                           listed_at=0, category_names=category_names)


def test_a_products_text_is_its_title_its_brand_unless_the_title_names_it_and_its_own_category():
    assert embedding_text(document("  Doggy   Rubber ", category_names=("Stationery", "Pens, Pencils & Desk"))) \
        == "Doggy Rubber. Category: Pens, Pencils & Desk"
    assert embedding_text(document("LED desk light", brand="Lumo")) == "LED desk light. Brand: Lumo"
    assert embedding_text(document("LUMO LED desk light", brand="Lumo")) == "LUMO LED desk light"


@pytest.fixture
def shop(marketplace):
    """Three products on sale in Mercato UK (gb) from one seller: {name: offer}."""
    seller = make_seller()
    offers = {
        name: make_offer(seller=seller, marketplace=marketplace,
                         product=make_product(title, category=make_category(path)))
        for name, title, path in (
            ("light", "LED desk light", "home/lighting"),
            ("hose", "Garden hose, 30 m", "garden/watering"),
            ("pan", "Stainless steel saucepan", "home/kitchen"),
        )
    }
    return seller, offers


def neighbour_ids(text, k=3, marketplace_code="gb"):
    return [product_id for product_id, _ in semantic_neighbours(marketplace_code, text, k)]


def test_a_reading_lamp_finds_the_desk_light_though_no_word_is_shared(shop, reindex):
    _, offers = shop
    reindex()
    keyword_hits = product_index().search(marketplace="gb", text="lamp for reading", limit=10, with_facets=False).hits
    assert offers["light"].product_id not in [hit.product_id for hit in keyword_hits]

    build_product_vectors()

    assert neighbour_ids("lamp for reading")[0] == offers["light"].product_id
    similarities = semantic_similarities("gb", "lamp for reading", [o.product_id for o in offers.values()])
    assert max(similarities, key=similarities.get) == offers["light"].product_id


def test_a_product_taken_off_sale_disappears_after_the_next_build(shop):
    seller, offers = shop
    build_product_vectors()
    assert offers["light"].product_id in neighbour_ids("lamp for reading")

    pause_offer(seller=seller, offer_id=offers["light"].id)
    [build] = build_product_vectors()

    assert (build.products, build.removed) == (2, 1)
    assert offers["light"].product_id not in neighbour_ids("lamp for reading")
    assert semantic_similarities("gb", "lamp for reading", [offers["light"].product_id]) == {}


def test_unchanged_products_are_not_embedded_again_and_a_changed_title_is(shop):
    _, offers = shop
    assert build_product_vectors()[0].embedded == 3
    assert build_product_vectors()[0].embedded == 0

    Product.objects.filter(id=offers["hose"].product_id).update(title="Brass reading lamp")
    [build] = build_product_vectors()

    assert (build.products, build.embedded, build.removed) == (3, 1, 0)
    assert neighbour_ids("lamp for reading", k=1) == [offers["hose"].product_id]


def test_each_marketplace_has_its_own_vectors_and_can_be_built_alone(shop):
    _, offers = shop
    germany = make_marketplace("de", currency="EUR", language="de-DE", country_code="DE")
    lamp = make_offer(marketplace=germany, product=make_product("Reading lamp with clamp"))

    [build] = build_product_vectors(marketplace_code="de")

    assert (build.marketplace_code, build.products) == ("de", 1)
    assert neighbour_ids("lamp for reading", marketplace_code="de") == [lamp.product_id]
    assert neighbour_ids("lamp for reading", marketplace_code="gb") == []  # not built yet
    build_product_vectors()
    assert lamp.product_id not in neighbour_ids("lamp for reading", k=10, marketplace_code="gb")


def test_before_any_build_and_for_bad_input_the_semantic_reads_are_empty(shop):
    _, offers = shop
    assert semantic_neighbours("gb", "lamp for reading", 5) == []
    assert semantic_similarities("gb", "lamp for reading", [offers["light"].product_id]) == {}
    assert not vectors_built()
    build_product_vectors()
    assert vectors_built()
    assert semantic_neighbours("gb", "   ", 5) == []
    assert semantic_neighbours("gb", "lamp", 0) == []
    assert semantic_neighbours("../../etc", "lamp", 5) == []
    assert semantic_neighbours("xx", "lamp", 5) == []
    assert semantic_similarities("gb", "", [offers["light"].product_id]) == {}
    assert len(semantic_neighbours("gb", "lamp " * 10_000, 2)) == 2


def test_building_an_unknown_marketplace_is_refused_naming_the_field(shop):
    with pytest.raises(Invalid) as refused:
        build_product_vectors(marketplace_code="zz")
    assert refused.value.field == "marketplace_code"


def test_the_hourly_job_and_the_command_build_the_vectors(shop, capsys):
    _, offers = shop
    assert build_product_vectors_job.task_class().validate_datetime(datetime(2026, 12, 1, 9, 40))
    assert not build_product_vectors_job.task_class().validate_datetime(datetime(2026, 12, 1, 9, 41))
    assert build_product_vectors_job.call_local() == 3
    assert neighbour_ids("lamp for reading")[0] == offers["light"].product_id

    assert cli.main(["embed-products"]) == 0
    assert "gb: 3 products with vectors, 0 embedded now, 0 removed (off sale)." in capsys.readouterr().out
    assert cli.main(["embed-products", "--marketplace", "zz"]) == 2
    assert "no marketplace with the code 'zz'" in capsys.readouterr().err
