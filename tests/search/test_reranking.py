"""The storefront's relevance order: text matches re-ordered by behaviour, weights and the shopper."""
import pytest
from django.utils import timezone

from mercato.core.errors import Invalid
from mercato.search import reranking
from mercato.search.models import ProductSignal, QueryProductSignal, RankingWeights as RankingWeightsRow
from mercato.search.ranking import RankingWeights
from mercato.search.selectors import search_products
from mercato.search.services import set_ranking_weights
from mercato.search.weights import ranking_weights_for
from tests.factories import buy, make_category, make_offer, make_product, make_seller, make_shopper


def titles(page):
    return [card.product.title for card in page.cards]


@pytest.fixture
def mugs(marketplace, reindex):
    """Three mugs whose titles match "enamel mug" about equally well; the first matches best by text."""
    seller = make_seller("Kettle & Co")
    category = make_category("kitchen/mugs", name="Mugs")
    products = {}
    for title, brand in [("Enamel mug enamel", "Acme"), ("Enamel mug", "Zeta"), ("Enamel camping mug", "Forge")]:
        product = make_product(title, category=category, brand=brand)
        make_offer(seller=seller, product=product, marketplace=marketplace)
        products[title] = product
    reindex()
    return products


def record_signals(marketplace, product, **signals):
    ProductSignal.objects.update_or_create(marketplace=marketplace, product_id=product.id,
                                           defaults={"computed_at": timezone.now(), **signals})


def record_conversion(marketplace, query_key, product, *, impressions, clicks, purchases):
    QueryProductSignal.objects.create(marketplace=marketplace, query_key=query_key, product_id=product.id,
                                      impressions=impressions, clicks=clicks, purchases=purchases,
                                      computed_at=timezone.now())


def test_without_signals_results_follow_the_text_match(marketplace, mugs):
    assert titles(search_products(marketplace=marketplace, text="enamel mug"))[0] == "Enamel mug enamel"


def test_the_product_shoppers_choose_for_this_query_comes_first(marketplace, mugs):
    camping = mugs["Enamel camping mug"]
    for product in mugs.values():
        record_conversion(marketplace, "enamel mug", product, impressions=400, clicks=4, purchases=0)
    QueryProductSignal.objects.filter(product_id=camping.id).update(clicks=120, purchases=40)

    assert titles(search_products(marketplace=marketplace, text="Enamel MUGS"))[0] == "Enamel camping mug"
    # Another query has its own record: nothing is known for "camping mug" yet.
    assert titles(search_products(marketplace=marketplace, text="enamel"))[0] == "Enamel mug enamel"


def test_an_out_of_stock_product_drops_below_those_in_stock(marketplace, mugs):
    for product in mugs.values():
        record_signals(marketplace, product, in_stock=product.title != "Enamel mug enamel")

    assert titles(search_products(marketplace=marketplace, text="enamel mug"))[-1] == "Enamel mug enamel"


def test_the_operators_weights_change_the_order(marketplace, mugs, django_capture_on_commit_callbacks):
    record_signals(marketplace, mugs["Enamel camping mug"], units_per_day=40.0, in_stock=True)
    record_signals(marketplace, mugs["Enamel mug enamel"], units_per_day=0.0, in_stock=True)
    record_signals(marketplace, mugs["Enamel mug"], units_per_day=0.0, in_stock=True)
    with django_capture_on_commit_callbacks(execute=True):
        set_ranking_weights(marketplace=marketplace, weights=RankingWeights(sales_velocity=2.0))
    assert titles(search_products(marketplace=marketplace, text="enamel mug"))[0] == "Enamel camping mug"

    with django_capture_on_commit_callbacks(execute=True):
        set_ranking_weights(marketplace=marketplace, weights=RankingWeights(sales_velocity=0.0))
    assert titles(search_products(marketplace=marketplace, text="enamel mug"))[0] == "Enamel mug enamel"


def test_unusable_weights_are_refused_and_nothing_is_saved(marketplace):
    with pytest.raises(Invalid) as refused:
        set_ranking_weights(marketplace=marketplace, weights=RankingWeights(text_relevance=0.0))
    assert refused.value.field == "text_relevance"
    with pytest.raises(Invalid) as refused:
        set_ranking_weights(marketplace=marketplace, weights=RankingWeights(rating=-1.0))
    assert refused.value.field == "rating"
    assert not RankingWeightsRow.objects.exists()
    assert ranking_weights_for(marketplace) == RankingWeights()


def test_a_signed_in_shoppers_usual_brand_and_category_nudge_the_order_for_them_only(marketplace, reindex):
    seller = make_seller()
    mugs = make_category("kitchen/mugs", name="Mugs")
    for brand in ("Acme", "Forge"):
        make_offer(seller=seller, marketplace=marketplace, product=make_product("Enamel mug", category=mugs, brand=brand))
    reindex()
    forge_fan, acme_fan = make_shopper(), make_shopper()
    buy(forge_fan, make_offer(marketplace=marketplace, product=make_product("Tin mug", category=mugs, brand="Forge")))
    buy(acme_fan, make_offer(marketplace=marketplace, product=make_product("Tin mug", category=mugs, brand="Acme")))

    def brands(shopper=None):
        page = search_products(marketplace=marketplace, text="enamel mug", shopper=shopper)
        return [card.product.brand.name for card in page.cards]

    assert brands(forge_fan) == ["Forge", "Acme"]
    assert brands(acme_fan) == ["Acme", "Forge"]
    assert brands() == brands() == brands(make_shopper())  # no history: the same order as anyone


def test_pages_across_the_ranking_window_neither_repeat_nor_lose_a_product(marketplace, reindex, monkeypatch):
    monkeypatch.setattr(reranking, "RERANK_WINDOW", 6)  # with pages of 4: a window of 8
    seller = make_seller()
    products = [make_product(f"Lamp {'desk ' * (number % 4)}{number}") for number in range(15)]
    velocity = {}
    for number, product in enumerate(products):
        make_offer(seller=seller, product=product, marketplace=marketplace)
        record_signals(marketplace, product, units_per_day=float(number), in_stock=True)
        velocity[product.title] = number
    set_ranking_weights(marketplace=marketplace, weights=RankingWeights(text_relevance=0.01, sales_velocity=10.0))
    reindex()

    seen = []
    for page in range(1, 5):
        seen += titles(search_products(marketplace=marketplace, text="lamp", page=page, page_size=4))

    assert sorted(seen) == sorted(product.title for product in products)
    window = seen[:8]
    assert [velocity[title] for title in window] == sorted((velocity[title] for title in window), reverse=True)
