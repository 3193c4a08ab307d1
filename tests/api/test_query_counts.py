"""The API's hot reads cost a fixed number of queries, however many offers there are."""
import pytest
from django.core.cache import cache

from tests.api.helpers import key_for
from tests.factories import make_offer, make_product, make_seller


@pytest.mark.parametrize("offer_count", [1, 6])
def test_product_read_costs_five_queries_on_cold_caches(client, marketplace, django_assert_num_queries, offer_count):
    product = make_product(attributes={"colour": "Red"})
    for _ in range(offer_count):
        make_offer(seller=make_seller(), product=product, marketplace=marketplace)
    cache.clear()

    # marketplaces, product, category tree, attribute definitions, offers with their sellers
    with django_assert_num_queries(5):
        response = client.get(f"/api/v1/products/{product.public_id}")

    assert 1 + len(response.json()["other_offers"]) == offer_count


@pytest.mark.parametrize("offer_count", [1, 6])
def test_offer_list_costs_four_queries(client, marketplace, seller, django_assert_num_queries, offer_count):
    auth = key_for(seller)
    for _ in range(offer_count):
        make_offer(seller=seller, marketplace=marketplace)
    client.get("/api/v1/offers", **auth)  # the key's first use records when it was used

    # API key with its seller, one page of offers with products and marketplaces, Buy Box holders, total
    with django_assert_num_queries(4):
        response = client.get("/api/v1/offers", **auth)

    assert len(response.json()["items"]) == offer_count
