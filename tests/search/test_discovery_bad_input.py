"""Odd input to search and recommendations: a clear 4xx or an empty result, never a 500, nothing written
but the search log."""
import pytest

from mercato.search.models import SearchLog
from tests.factories import make_category, make_offer, make_product


@pytest.fixture
def catalogue(marketplace, reindex):
    mugs = make_category("home/kitchen/mugs")
    for title, colour, price_minor in (("Red enamel mug", "Red", 900), ("Blue enamel mug", "Blue", 1200)):
        make_offer(product=make_product(title, category=mugs, brand="Acme", attributes={"colour": colour}),
                   marketplace=marketplace, price_minor=price_minor)
    reindex()

ODD_QUERIES = ["", " ", "x" * 10_000, "\x00\x01\x02\ufffd", "red" * 3_000, "🙂🙂🙂", "'; DROP TABLE x; --",
               "mug under", "under 99999999999999999999", "red red red red mug"]


@pytest.mark.parametrize("query", ODD_QUERIES)
def test_odd_search_words_render_a_page(client, catalogue, query):
    response = client.get("/search", {"q": query})
    assert response.status_code == 200


@pytest.mark.parametrize("query", [q for q in ODD_QUERIES if len(q) <= 200])
def test_odd_search_words_in_the_api_answer_results_or_nothing(client, catalogue, query):
    response = client.get("/api/v1/search", {"q": query})
    assert response.status_code == 200
    assert isinstance(response.json()["results"], list)


def test_bytes_that_are_not_utf8_render_a_page(client, catalogue):
    assert client.get("/search?q=%ED%A0%80%FF%FE+mug").status_code == 200
    assert client.get("/api/v1/search?q=%ED%A0%80%FF%FE+mug").status_code in (200, 422)


def test_a_page_beyond_the_last_of_a_ranked_search_is_empty_not_an_error(client, catalogue):
    api = client.get("/api/v1/search", {"q": "mug", "page": 399})
    html = client.get("/search", {"q": "mug", "page": 399})

    assert api.status_code == 200 and api.json()["results"] == []
    assert html.status_code == 200 and "You've reached the end" in html.content.decode()


def test_unknown_filters_are_refused_in_the_api_and_dropped_on_the_page(client, catalogue):
    assert client.get("/api/v1/search", {"q": "mug", "condition": "mint"}).status_code == 422
    page = client.get("/search", {"q": "mug", "condition": "mint", "ignore": "everything"})
    assert page.status_code == 200 and "recognised, so they were left out" in page.content.decode()


def test_recommendations_for_a_product_that_does_not_exist_are_a_404(client, catalogue):
    for public_id in ("MNOPE12345", "x" * 300, "%00"):
        response = client.get(f"/api/v1/products/{public_id}/recommendations")
        assert response.status_code in (404, 422) and response.json()["field"] == "public_id"


def test_my_recommendations_need_a_key(client, catalogue):
    assert client.get("/api/v1/me/recommendations").status_code == 401


def test_empty_or_unreadable_words_are_not_logged_as_searches(client, catalogue):
    for query in ("", " ", "\x00\x01"):
        client.get("/search", {"q": query})
    assert not SearchLog.objects.exists()
