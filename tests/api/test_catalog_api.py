from datetime import date

from mercato.offers.services import pause_offer
from tests.factories import make_category, make_marketplace, make_offer, make_product, make_seller


def test_product_shows_buy_box_and_other_offers_cheapest_landed_price_first(client, marketplace):
    product = make_product("Enamel mug", category=make_category("home/kitchen/mugs"), brand="Acme",
                           gtin="4006381333931", attributes={"colour": "Red"})
    winner = make_offer(product=product, marketplace=marketplace, price_minor=1000, shipping_minor=0)
    dearer = make_offer(product=product, marketplace=marketplace, price_minor=1100, shipping_minor=250)
    middle = make_offer(product=product, marketplace=marketplace, price_minor=1050, shipping_minor=100)
    poor = make_offer(seller=make_seller(performance_score=0.3), product=product, marketplace=marketplace,
                      price_minor=900)
    paused = make_offer(product=product, marketplace=marketplace, price_minor=500)
    pause_offer(seller=paused.seller, offer_id=paused.id)
    make_offer(product=product, marketplace=marketplace, price_minor=400, quantity=0)

    response = client.get(f"/api/v1/products/{product.public_id}")

    assert response.status_code == 200
    body = response.json()
    assert body["public_id"] == product.public_id
    assert body["title"] == "Enamel mug"
    assert body["brand"] == {"name": "Acme", "slug": "acme"}
    assert body["gtin"] == "4006381333931"
    assert body["category"]["path"] == "home/kitchen/mugs"
    assert [c["path"] for c in body["category_trail"]] == ["home", "home/kitchen", "home/kitchen/mugs"]
    assert body["attributes"] == [{"name": "Colour", "value": "Red"}]
    assert body["marketplace"] == {"code": "gb", "name": marketplace.name, "currency": "GBP"}
    # The poor seller is cheapest but cannot hold the Buy Box; paused and out-of-stock offers are not buyable.
    buy_box = body["buy_box"]
    assert buy_box["id"] == winner.id
    assert buy_box["is_featured"] is True
    assert buy_box["seller"] == {"id": winner.seller.id, "slug": winner.seller.slug,
                                 "name": winner.seller.display_name, "rating_percent": 0, "rating_count": 0}
    assert (buy_box["price_minor"], buy_box["shipping_minor"], buy_box["landed_price_minor"]) == (1000, 0, 1000)
    assert buy_box["currency"] == "GBP"
    assert buy_box["delivery_days"] == 1 + 3
    assert date.fromisoformat(buy_box["delivery_date"]) > date.today()
    assert [o["id"] for o in body["other_offers"]] == [poor.id, middle.id, dearer.id]
    assert [o["landed_price_minor"] for o in body["other_offers"]] == [900, 1150, 1350]
    assert not any(o["is_featured"] for o in body["other_offers"])


def test_product_offers_are_those_of_the_chosen_marketplace(client, marketplace):
    germany = make_marketplace("de", currency="EUR", language="de-DE", country_code="DE")
    product = make_product()
    make_offer(product=product, marketplace=marketplace, price_minor=1000)
    in_germany = make_offer(product=product, marketplace=germany, price_minor=1300)

    body = client.get(f"/api/v1/products/{product.public_id}?marketplace=de").json()

    assert body["marketplace"]["currency"] == "EUR"
    assert body["buy_box"]["id"] == in_germany.id
    assert body["buy_box"]["currency"] == "EUR"
    assert body["other_offers"] == []


def test_product_without_buyable_offers_has_no_buy_box(client, marketplace):
    product = make_product()

    body = client.get(f"/api/v1/products/{product.public_id}").json()

    assert body["buy_box"] is None
    assert body["other_offers"] == []
    assert body["buy_box_reason"] == "no offers"


def test_unknown_product_is_a_404_in_the_error_format(client, marketplace):
    response = client.get("/api/v1/products/M000000000")

    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert response.json() == {"error": "not_found", "detail": "no such product", "field": "public_id"}


def test_unknown_marketplace_is_a_404_naming_the_marketplace(client, marketplace):
    product = make_product()

    response = client.get(f"/api/v1/products/{product.public_id}?marketplace=zz")

    assert response.status_code == 404
    assert response.json()["field"] == "marketplace"


def test_malformed_product_id_is_refused_naming_it(client, marketplace):
    response = client.get("/api/v1/products/not-an-id!")

    assert response.status_code == 422
    assert response.json()["field"] == "public_id"


def test_categories_are_a_tree(client, db):
    make_category("home/kitchen/mugs")
    make_category("home/garden")
    make_category("toys/games")

    response = client.get("/api/v1/categories")

    assert response.status_code == 200
    tree = response.json()
    assert [node["path"] for node in tree] == ["home", "toys"]
    home = tree[0]
    assert sorted(child["path"] for child in home["children"]) == ["home/garden", "home/kitchen"]
    kitchen = next(child for child in home["children"] if child["slug"] == "kitchen")
    assert kitchen["children"] == [{"slug": "mugs", "name": "Mugs", "path": "home/kitchen/mugs", "children": []}]
