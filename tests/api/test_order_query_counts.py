"""Order lists cost a fixed number of queries, however many orders, parts and lines they show."""
import pytest

from tests.api.helpers import ORDERS_READ, key_for, shopper_key_for
from tests.factories import buy, make_offer, make_seller, make_shopper


@pytest.mark.parametrize("order_count", [1, 4])
def test_shopper_order_list_costs_five_queries(client, marketplace, django_assert_num_queries, order_count):
    shopper = make_shopper()
    auth = shopper_key_for(shopper)
    for _ in range(order_count):
        buy(shopper, make_offer(marketplace=marketplace), make_offer(seller=make_seller(), marketplace=marketplace))
    client.get("/api/v1/orders", **auth)  # the key's first use records when it was used

    # API key with its shopper, one page of orders with marketplaces and payments, total, parts, lines
    with django_assert_num_queries(5):
        response = client.get("/api/v1/orders", **auth)

    assert len(response.json()["items"]) == order_count
    assert all(len(order["seller_orders"]) == 2 for order in response.json()["items"])


@pytest.mark.parametrize("order_count", [1, 4])
def test_seller_order_list_costs_five_queries(client, marketplace, seller, django_assert_num_queries, order_count):
    auth = key_for(seller, ORDERS_READ)
    for _ in range(order_count):
        buy(make_shopper(), make_offer(seller=seller, marketplace=marketplace),
            make_offer(seller=seller, marketplace=marketplace))
    client.get("/api/v1/seller-orders", **auth)

    # API key with its seller, one page of seller orders with orders and marketplaces, total, lines, refunds
    with django_assert_num_queries(5):
        response = client.get("/api/v1/seller-orders", **auth)

    assert len(response.json()["items"]) == order_count
    assert all(len(row["lines"]) == 2 for row in response.json()["items"])
