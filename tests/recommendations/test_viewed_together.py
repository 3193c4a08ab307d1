"""Customers who viewed this also viewed: learnt from product page views, one session per visitor per day,
stored by the recommendations job, shown on the product page and served by the API."""
from datetime import date, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from mercato.recommendations.models import PastPurchase, RecommendationList
from mercato.recommendations.services import compute_recommendations
from mercato.search.behaviour import record_product_view
from mercato.search.models import ProductView
from tests.factories import make_category, make_offer, make_product
from tests.storefront.html import visible_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def products(marketplace):
    kitchen = make_category("home/kitchen")
    found = {name: make_product(name, category=kitchen) for name in
             ("Teapot", "Tea cosy", "Kettle", "Egg cup", "Toast rack")}
    for product in found.values():
        make_offer(product=product, marketplace=marketplace)
    return found


def view(marketplace, visitor, *products, days_ago=0):
    for product in products:
        record_product_view(marketplace=marketplace, product_id=product.id, shopper=None, visitor=visitor)
    if days_ago:
        ProductView.objects.filter(visitor=visitor, product_id__in=[p.id for p in products]).update(
            viewed_at=timezone.now() - timedelta(days=days_ago))


def viewed_together(marketplace, product) -> list[int]:
    row = RecommendationList.objects.filter(marketplace=marketplace, kind="viewed_together", product=product).first()
    return row.product_ids if row else []


def test_products_viewed_in_the_same_sessions_are_listed_together(marketplace, products):
    for visitor in ("v1", "v2", "v3"):
        view(marketplace, visitor, products["Teapot"], products["Tea cosy"])
    view(marketplace, "v4", products["Teapot"], products["Egg cup"])  # once is a coincidence
    view(marketplace, "v5", products["Teapot"], products["Egg cup"])
    view(marketplace, "v5", products["Teapot"], products["Egg cup"])  # the same session twice is still once

    compute_recommendations(marketplace=marketplace)

    assert viewed_together(marketplace, products["Teapot"]) == [products["Tea cosy"].id, products["Egg cup"].id]
    assert viewed_together(marketplace, products["Tea cosy"]) == [products["Teapot"].id]
    assert viewed_together(marketplace, products["Kettle"]) == []


def test_views_on_different_days_are_different_sessions(marketplace, products):
    for visitor in ("v1", "v2", "v3"):
        view(marketplace, visitor, products["Teapot"], days_ago=2)
        view(marketplace, visitor, products["Kettle"], days_ago=1)

    compute_recommendations(marketplace=marketplace)

    assert viewed_together(marketplace, products["Teapot"]) == []


def test_views_older_than_ninety_days_are_forgotten(marketplace, products):
    for visitor in ("v1", "v2", "v3"):
        view(marketplace, visitor, products["Teapot"], products["Kettle"], days_ago=91)

    compute_recommendations(marketplace=marketplace)

    assert viewed_together(marketplace, products["Teapot"]) == []


def test_the_product_page_shows_what_visitors_viewed_next_from_their_own_page_views(marketplace, products):
    for _ in range(3):
        visitor = Client()
        for name in ("Teapot", "Toast rack"):
            assert visitor.get(f"/p/{products[name].public_id}/").status_code == 200
    compute_recommendations(marketplace=marketplace)

    page = visible_text(Client().get(f"/p/{products['Teapot'].public_id}/"))

    assert "Customers who viewed this also viewed" in page
    assert "Toast rack" in page.split("Customers who viewed this also viewed", 1)[1]


def test_products_already_shown_as_bought_together_are_not_repeated(marketplace, products):
    rows = []
    baskets = [("Teapot", "Tea cosy")] * 3 + [("Egg cup",)] * 3  # every teapot went with a tea cosy
    for customer, basket in enumerate(baskets):
        rows += [PastPurchase(marketplace=marketplace, product=products[name], customer_key=str(customer),
                              order_key=str(customer), day=date(2011, 3, 1)) for name in basket]
    PastPurchase.objects.bulk_create(rows)
    for visitor in ("v1", "v2", "v3"):
        view(marketplace, visitor, products["Teapot"], products["Tea cosy"], products["Kettle"])
    compute_recommendations(marketplace=marketplace)

    found = Client().get(f"/api/v1/products/{products['Teapot'].public_id}/recommendations").json()

    assert [item["title"] for item in found["bought_together"]] == ["Tea cosy"]
    assert [item["title"] for item in found["viewed_together"]] == ["Kettle"]
    assert set(viewed_together(marketplace, products["Teapot"])) == {products["Kettle"].id, products["Tea cosy"].id}


def test_the_api_serves_viewed_together_and_an_empty_list_without_views(client, marketplace, products):
    for visitor in ("v1", "v2"):
        view(marketplace, visitor, products["Egg cup"], products["Toast rack"])
    compute_recommendations(marketplace=marketplace)

    found = client.get(f"/api/v1/products/{products['Egg cup'].public_id}/recommendations").json()
    unseen = client.get(f"/api/v1/products/{products['Kettle'].public_id}/recommendations").json()

    assert [item["title"] for item in found["viewed_together"]] == ["Toast rack"]
    assert unseen["viewed_together"] == []
