from mercato.catalog.models import Product
from tests.factories import make_category, make_marketplace, make_offer, make_product, make_seller
from tests.storefront.html import card_titles, elements, visible_text


def _sold(product, units):
    Product.objects.filter(pk=product.pk).update(units_sold=units)


def test_home_lists_in_stock_best_sellers_first(client, marketplace, reindex):
    seller = make_seller()
    mugs = make_category("kitchen/mugs", name="Mugs")
    lamps = make_category("lighting/lamps", name="Lamps")
    for title, category, units, quantity in [("Steady mug", mugs, 40, 5), ("Hit mug", mugs, 900, 5),
                                             ("Cult lamp", lamps, 500, 5), ("Sold-out lamp", lamps, 9999, 0),
                                             ("Quiet lamp", lamps, 1, 5)]:
        product = make_product(title, category=category)
        _sold(product, units)
        make_offer(seller=seller, product=product, marketplace=marketplace, quantity=quantity)
    reindex()

    response = client.get("/")

    assert response.status_code == 200
    sections = elements(response, "section")
    best = next(s for s in sections if s.text.startswith("Best sellers See all"))
    assert best.text.index("Hit mug") < best.text.index("Cult lamp") < best.text.index("Steady mug")
    assert "Sold-out lamp" not in best.text
    text = visible_text(response)
    assert "Best sellers in Kitchen" in text and "Best sellers in Lighting" in text
    assert "Shop by department" in text
    assert card_titles(response).count("Hit mug") == 2  # overall and in its department


def test_home_header_has_search_departments_and_account_links(client, marketplace):
    make_category("kitchen/mugs")

    response = client.get("/")

    html = response.content.decode()
    assert 'action="/search"' in html and 'name="q"' in html
    assert 'href="/c/kitchen/"' in html
    assert 'href="/account/login/"' in html
    assert 'href="/seller/"' in html
    assert "marketplace-switcher" not in html


def test_marketplace_switcher_appears_with_a_second_marketplace(client, marketplace):
    make_marketplace("de", currency="EUR", name="Mercato DE", language="de-DE", country_code="DE")

    response = client.get("/")

    assert "marketplace-switcher" in response.content.decode()
    assert "Mercato DE (EUR)" in visible_text(response)


def test_home_without_products_is_friendly(client, marketplace):
    response = client.get("/")

    assert response.status_code == 200
    assert "Nothing is for sale here yet" in visible_text(response)
