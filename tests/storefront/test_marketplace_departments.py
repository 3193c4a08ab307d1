"""Department menus follow the marketplace: a shopper is never sent to a department nothing is on sale in there."""
from tests.factories import make_category, make_marketplace, make_offer, make_product, make_seller
from tests.storefront.html import elements


def test_each_marketplace_lists_only_its_own_departments_in_the_menu_and_tiles(client, marketplace, reindex):
    us = make_marketplace("us", currency="USD", name="Mercato US", language="en-US", country_code="US")
    seller = make_seller()
    make_offer(seller=seller, marketplace=marketplace,
               product=make_product("Hit mug", category=make_category("kitchen/mugs", name="Mugs")))
    make_offer(seller=seller, marketplace=us,
               product=make_product("Earbuds", category=make_category("electronics/headphones")))
    reindex()

    uk_home = client.get("/")
    uk_nav = elements(uk_home, "dept-nav")[0].text
    us_home = client.get("/", {"marketplace": "us"})
    us_nav = elements(us_home, "dept-nav")[0].text

    assert "Kitchen" in uk_nav and "Electronics" not in uk_nav
    assert 'href="/c/kitchen/"' in uk_home.content.decode()
    assert 'href="/c/electronics/"' not in uk_home.content.decode()
    assert "Electronics" in us_nav and "Kitchen" not in us_nav
    assert 'href="/c/kitchen/"' not in us_home.content.decode()
    assert [tile.text for tile in elements(us_home, "tile__link")] == ["Electronics"]


def test_a_marketplace_with_nothing_on_sale_yet_lists_every_department(client, marketplace, reindex):
    make_marketplace("us", currency="USD", name="Mercato US", language="en-US", country_code="US")
    make_offer(marketplace=marketplace, product=make_product("Hit mug", category=make_category("kitchen/mugs")))
    make_category("electronics/headphones")
    reindex()

    us_nav = elements(client.get("/", {"marketplace": "us"}), "dept-nav")[0].text

    assert "Kitchen" in us_nav and "Electronics" in us_nav
