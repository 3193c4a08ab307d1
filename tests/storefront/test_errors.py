from django.test import RequestFactory

from mercato.storefront.views.errors import server_error
from tests.storefront.html import visible_text


def test_server_error_page_is_static_and_needs_no_database():
    # No `db` fixture: any query would fail this test.
    response = server_error(RequestFactory().get("/"))

    assert response.status_code == 500
    assert "Sorry, something went wrong on our side" in visible_text(response)
    assert "{%" not in response.content.decode()


def test_unknown_url_gets_the_shop_styled_404_with_a_search_box(client, marketplace):
    response = client.get("/no/such/page/")

    assert response.status_code == 404
    html = response.content.decode()
    assert "Sorry, we couldn't find that page" in visible_text(response)
    assert 'action="/search"' in html and "site-header" in html
