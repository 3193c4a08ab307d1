"""The nightly job computes and stores the lists; the product page, the home page and the API serve them."""
import json
from datetime import date

import pytest

from mercato.api.keys import create_customer_api_key
from mercato.recommendations.models import PastPurchase, RecommendationList
from mercato.recommendations.services import compute_recommendations
from tests.factories import buy, make_category, make_offer, make_product, make_shopper
from tests.storefront.html import visible_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def shop(marketplace):
    kitchen = make_category("home/kitchen")
    products = {name: make_product(name, category=kitchen) for name in
                ("Teapot", "Tea cosy", "Biscuit tin", "Egg cup", "Cake stand", "Milk jug")}
    offers = {name: make_offer(product=product, marketplace=marketplace, quantity=50)
              for name, product in products.items()}
    # Past baskets: teapots go with tea cosies, egg cups with cake stands; biscuit tins sell to everyone.
    rows, invoice = [], 0
    for customer in range(30):
        baskets = [["Teapot", "Tea cosy", "Biscuit tin"] if customer % 2 else ["Egg cup", "Cake stand", "Biscuit tin"],
                   ["Biscuit tin"]]
        for basket in baskets:
            invoice += 1
            rows += [PastPurchase(marketplace=marketplace, product=products[name], customer_key=str(customer),
                                  order_key=str(invoice), day=date(2011, 3, 1 + invoice % 27)) for name in basket]
    PastPurchase.objects.bulk_create(rows)
    return products, offers


def test_the_job_stores_lists_that_follow_the_baskets(marketplace, shop):
    products, _ = shop

    summary = compute_recommendations(marketplace=marketplace)

    assert summary.purchases == 30 * 4 and summary.lists > 0
    together = RecommendationList.objects.get(kind="bought_together", product=products["Teapot"]).product_ids
    assert together[0] == products["Tea cosy"].id
    also = RecommendationList.objects.get(kind="also_bought", product=products["Egg cup"]).product_ids
    assert also[0] == products["Cake stand"].id
    assert products["Teapot"].id not in also


def test_the_product_page_shows_what_is_bought_together(client, marketplace, shop):
    products, _ = shop
    compute_recommendations(marketplace=marketplace)

    text = visible_text(client.get(f"/p/{products['Teapot'].public_id}/"))

    assert "Frequently bought together" in text
    assert "Tea cosy" in text.split("Frequently bought together", 1)[1]


def test_a_product_nobody_bought_yet_shows_its_category_best_sellers(client, marketplace, shop):
    products, _ = shop
    compute_recommendations(marketplace=marketplace)

    text = visible_text(client.get(f"/p/{products['Milk jug'].public_id}/"))

    assert "Popular in" in text and "Biscuit tin" in text.split("Popular in", 1)[1]


def test_the_api_serves_product_recommendations_and_refuses_unknown_products(client, marketplace, shop):
    products, _ = shop
    compute_recommendations(marketplace=marketplace)

    found = client.get(f"/api/v1/products/{products['Egg cup'].public_id}/recommendations").json()
    missing = client.get("/api/v1/products/MNOPE12345/recommendations")

    together = [item["title"] for item in found["bought_together"]]
    assert together[0] == "Cake stand"
    assert not set(together) & {item["title"] for item in found["also_bought"]}  # each product shown once
    assert missing.status_code == 404 and missing.json()["field"] == "public_id"


def test_a_shopper_sees_recommendations_from_their_own_orders(client, marketplace, shop):
    products, offers = shop
    shopper = make_shopper()
    buy(shopper, offers["Teapot"])
    buy(shopper, offers["Teapot"])
    compute_recommendations(marketplace=marketplace)
    _, secret = create_customer_api_key(customer=shopper, name="mine")

    mine = client.get("/api/v1/me/recommendations", HTTP_AUTHORIZATION=f"Bearer {secret}").json()
    client.force_login(shopper)
    home = visible_text(client.get("/"))

    assert not mine["for_you_is_fallback"]
    assert products["Teapot"].id not in [item["public_id"] for item in mine["for_you"]]
    assert [item["title"] for item in mine["buy_again"]] == ["Teapot"]
    assert "Recommended for you" in home and "Buy it again" in home
    assert json.dumps(mine)  # plain JSON


def test_the_cart_suggests_what_is_bought_with_its_items(client, marketplace, shop):
    products, offers = shop
    compute_recommendations(marketplace=marketplace)
    client.post("/cart/add/", {"offer": offers["Teapot"].id, "quantity": 1})

    text = visible_text(client.get("/cart/"))

    assert "Tea cosy" in text.split("Frequently bought with items in your cart", 1)[1]


def test_the_order_page_shows_what_buyers_of_its_items_also_bought(client, marketplace, shop):
    products, offers = shop
    compute_recommendations(marketplace=marketplace)
    shopper = make_shopper()
    order = buy(shopper, offers["Teapot"])
    client.force_login(shopper)

    text = visible_text(client.get(f"/account/orders/{order.public_id}/"))

    assert "Customers who bought these items also bought" in text
    shown = text.split("Customers who bought these items also bought", 1)[1]
    assert "Tea cosy" in shown
    assert "Teapot" not in shown  # not the item just bought


def test_an_order_of_items_nobody_else_bought_shows_no_such_row(client, marketplace, shop):
    products, offers = shop
    shopper = make_shopper()
    order = buy(shopper, offers["Milk jug"])
    client.force_login(shopper)

    assert "also bought" not in visible_text(client.get(f"/account/orders/{order.public_id}/"))
