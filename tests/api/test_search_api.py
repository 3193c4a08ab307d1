import pytest

from tests.factories import make_category, make_offer, make_product, make_seller


@pytest.fixture
def catalogue(marketplace, reindex):
    mugs, teapots, games = make_category("home/kitchen/mugs"), make_category("home/kitchen/teapots"), \
        make_category("toys/games")
    rows = [
        ("Red enamel mug", mugs, "Acme", "Red", 900),
        ("Blue enamel mug", mugs, "Acme", "Blue", 1200),
        ("Red china mug", mugs, "Zeta", "Red", 2600),
        ("Red enamel teapot", teapots, "Zeta", "Red", 4500),
        ("Mug board game", games, "Playco", "Green", 3000),
    ]
    products = {}
    for title, category, brand, colour, price_minor in rows:
        product = make_product(title, category=category, brand=brand, attributes={"colour": colour})
        make_offer(product=product, marketplace=marketplace, price_minor=price_minor)
        products[title] = product
    used = make_offer(seller=make_seller(), product=products["Red china mug"], marketplace=marketplace,
                      condition="used_good", price_minor=1500)
    make_product("Unlisted mug", category=mugs)
    reindex()
    return products, used


def search(client, query=""):
    response = client.get(f"/api/v1/search?{query}")
    assert response.status_code == 200, response.content
    return response.json()


def titles(body):
    return sorted(result["title"] for result in body["results"])


def test_search_finds_products_with_their_buy_box_price(client, catalogue):
    body = search(client, "q=mug&sort=price_asc")

    assert body["total"] == 4
    assert [r["title"] for r in body["results"]] == ["Red enamel mug", "Blue enamel mug", "Red china mug",
                                                     "Mug board game"]
    first = body["results"][0]
    assert first["price"] == {"landed_price_minor": 900, "currency": "GBP", "offer_count": 1,
                              "lowest_price_minor": 900}
    assert first["category_path"] == "home/kitchen/mugs"
    assert first["brand"] == "Acme"
    china = body["results"][2]
    assert china["price"]["offer_count"] == 2
    assert (body["page"], body["page_count"], body["page_size"]) == (1, 1, 24)
    assert body["marketplace"]["code"] == "gb"


def test_filters_narrow_the_results(client, catalogue):
    assert titles(search(client, "q=mug&brand=Acme")) == ["Blue enamel mug", "Red enamel mug"]
    assert titles(search(client, "q=mug&brand=Acme&brand=Zeta&colour=Red")) == ["Red china mug",
                                                                                  "Red enamel mug"]
    assert titles(search(client, "category=home/kitchen")) == ["Blue enamel mug", "Red china mug",
                                                               "Red enamel mug", "Red enamel teapot"]
    assert titles(search(client, "price_min=1000&price_max=3000")) == ["Blue enamel mug", "Mug board game",
                                                                        "Red china mug"]
    assert titles(search(client, "condition=used_good")) == ["Red china mug"]


def test_every_facet_count_is_the_total_its_filter_gives(client, catalogue):
    body = search(client, "q=mug&colour=Red")
    facets = body["facets"]
    assert {b["value"]: b["count"] for b in facets["brands"]} == {"Acme": 1, "Zeta": 1}
    assert {c["value"]: c["count"] for c in facets["colours"]} == {"Red": 2, "Blue": 1, "Green": 1}

    for brand in facets["brands"]:
        assert search(client, f"q=mug&colour=Red&brand={brand['value']}")["total"] == brand["count"]
    for colour in facets["colours"]:
        assert search(client, f"q=mug&colour={colour['value']}")["total"] == colour["count"]
    for category in facets["categories"]:
        assert search(client, f"q=mug&colour=Red&category={category['path']}")["total"] == category["count"]
    for price in facets["prices"]:
        bounds = f"price_min={price['min_minor']}"
        if price["max_minor"] is not None:
            bounds += f"&price_max={price['max_minor'] - 1}"
        assert search(client, f"q=mug&colour=Red&{bounds}")["total"] == price["count"]
    assert [c["path"] for c in facets["categories"]] == ["home"]
    assert facets["categories"][0]["name"] == "Home"
    assert next(c for c in facets["colours"] if c["value"] == "Red")["selected"] is True


def test_pages_split_the_results(client, catalogue):
    first = search(client, "sort=price_asc&page_size=2")
    third = search(client, "sort=price_asc&page_size=2&page=3")

    assert (first["total"], first["page_count"]) == (5, 3)
    assert [r["title"] for r in first["results"]] == ["Red enamel mug", "Blue enamel mug"]
    assert [r["title"] for r in third["results"]] == ["Red enamel teapot"]


@pytest.mark.parametrize("query, status, field", [
    ("category=nowhere", 404, "category"),
    ("marketplace=zz", 404, "marketplace"),
    ("page=0", 422, "page"),
    ("page_size=101", 422, "page_size"),
    ("price_min=-1", 422, "price_min"),
    ("price_max=ten", 422, "price_max"),
    ("sort=cheapest", 422, "sort"),
    ("condition=mint", 422, "condition"),
    ("q=" + "x" * 201, 422, "q"),
])
def test_bad_search_parameters_are_refused_naming_them(client, marketplace, query, status, field):
    make_category("home/kitchen/mugs")

    response = client.get(f"/api/v1/search?{query}")

    assert response.status_code == status
    assert response.json()["field"] == field
