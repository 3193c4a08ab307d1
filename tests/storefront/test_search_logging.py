"""What the storefront logs as a shopper searches, opens results and reads product pages."""
import re
from html import unescape

import pytest

from mercato.search.models import ProductView, SearchClick, SearchLog
from tests.factories import make_category, make_offer, make_product, make_seller, make_user
from tests.storefront.html import card_titles, elements


@pytest.fixture
def mugs(marketplace, reindex):
    mugs, lamps = make_category("kitchen/mugs", name="Mugs"), make_category("lighting/lamps", name="Lamps")
    seller = make_seller("Kettle & Co")
    products = {title: make_product(title, category=mugs if "mug" in title else lamps)
                for title in ("Red enamel mug", "Blue enamel mug", "Green stoneware mug", "Brass desk lamp")}
    for product in products.values():
        make_offer(seller=seller, product=product, marketplace=marketplace)
    reindex()
    return products


def result_links(response) -> list[str]:
    return [unescape(re.search(r'href="([^"]+)"', element_html).group(1))
            for element_html in re.findall(r'<h3 class="product-card__title">(.*?)</h3>', response.content.decode())]


def test_a_search_logs_the_results_page_and_its_links_carry_the_log_token(client, mugs):
    response = client.get("/search", {"q": "mug"})

    logged = SearchLog.objects.get()
    titles = card_titles(response)
    assert logged.query_key == "mug" and logged.page == 1 and logged.result_count == 3
    assert logged.product_ids == [mugs[title].id for title in titles]
    assert logged.visitor and logged.shopper_id is None
    assert [link.split("?", 1)[1] for link in result_links(response)] == [
        f"sr={logged.token}&pos={position}" for position in (1, 2, 3)]


def test_browsing_a_category_or_finding_nothing_logs_no_search(client, mugs):
    category_page = client.get("/c/kitchen/")
    empty = client.get("/search", {"q": "submarine"})

    assert card_titles(category_page) and not card_titles(empty)
    assert all("?" not in link for link in result_links(category_page))
    assert not SearchLog.objects.exists()


def test_opening_a_result_logs_the_click_with_its_position_and_the_product_view(client, mugs):
    results = client.get("/search", {"q": "mug"})
    second = result_links(results)[1]

    page = client.get(second)

    assert page.status_code == 200
    logged = SearchLog.objects.get()
    click = SearchClick.objects.get()
    assert (click.search_id, click.position, click.product_id) == (logged.pk, 2, logged.product_ids[1])
    assert click.visitor == logged.visitor
    view = ProductView.objects.get()
    assert (view.product_id, view.visitor) == (logged.product_ids[1], logged.visitor)


def test_every_product_page_view_is_logged_for_the_same_visitor(client, mugs):
    for title in ("Red enamel mug", "Brass desk lamp", "Red enamel mug"):
        assert client.get(f"/p/{mugs[title].public_id}/").status_code == 200
    client.head(f"/p/{mugs['Blue enamel mug'].public_id}/")  # a check, not a visit

    views = list(ProductView.objects.order_by("id").values_list("product_id", "visitor"))
    assert [product_id for product_id, _ in views] == [mugs[t].id for t in ("Red enamel mug", "Brass desk lamp",
                                                                            "Red enamel mug")]
    assert len({visitor for _, visitor in views}) == 1


@pytest.mark.parametrize("query", [
    "sr=forged-token&pos=1", "sr=LOGGED&pos=3", "sr=LOGGED&pos=0", "sr=LOGGED&pos=abc", "sr=LOGGED&pos=-1",
    "sr=LOGGED&pos=99999999999999999999999999", "sr=LOGGED", "pos=1", "sr=" + "x" * 500 + "&pos=1",
    "sr=LOGGED&pos=1&pos=2", "sr=%00&pos=1",
])
def test_a_forged_or_broken_result_link_logs_no_click_and_still_shows_the_page(client, mugs, query):
    results = client.get("/search", {"q": "mug"})
    token = SearchLog.objects.get().token
    first_title = card_titles(results)[0]
    first = mugs[first_title]

    page = client.get(f"/p/{first.public_id}/?{query.replace('LOGGED', token)}")

    assert page.status_code == 200 and first_title in page.content.decode()
    assert not SearchClick.objects.exists()
    assert ProductView.objects.filter(product_id=first.id).count() == 1


def test_a_result_link_opened_by_another_visitor_is_not_their_click(client, mugs):
    from django.test import Client

    link = result_links(client.get("/search", {"q": "mug"}))[0]

    assert Client().get(link).status_code == 200
    assert not SearchClick.objects.exists()


def test_the_visitor_token_survives_signing_in_so_the_click_is_tied_to_the_shopper(client, mugs):
    shopper = make_user("ada@example.com", password="correct-horse-battery")
    link = result_links(client.get("/search", {"q": "mug"}))[0]

    signed_in = client.post("/account/login/", {"username": "ada@example.com", "password": "correct-horse-battery"})
    assert signed_in.status_code == 302
    client.get(link)

    logged, click = SearchLog.objects.get(), SearchClick.objects.get()
    assert logged.shopper_id is None and click.shopper_id == shopper.pk
    assert click.visitor == logged.visitor


def test_signing_out_starts_a_new_visitor(client, mugs):
    product = mugs["Red enamel mug"]
    client.force_login(make_user())
    client.get(f"/p/{product.public_id}/")
    client.post("/account/logout/")
    client.get(f"/p/{product.public_id}/")

    visitors = list(ProductView.objects.order_by("id").values_list("visitor", flat=True))
    assert len(visitors) == 2 and visitors[0] != visitors[1]


def test_the_next_results_page_is_logged_as_page_two(client, marketplace, reindex):
    seller = make_seller()
    for number in range(30):
        make_offer(seller=seller, product=make_product(f"Enamel mug {number}"), marketplace=marketplace)
    reindex()

    client.get("/search", {"q": "enamel mug", "page": "2"})

    logged = SearchLog.objects.get()
    assert logged.page == 2 and logged.result_count == 30 and len(logged.product_ids) == 6
    assert len(elements(client.get("/search", {"q": "enamel mug"}), "product-card")) == 24
