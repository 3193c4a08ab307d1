"""The behaviour log's services: a results page is logged with what it showed; a click counts only when it
matches that page; nothing here ever raises on what a link carried."""
import pytest

from mercato.search.behaviour import query_key, record_click, record_product_view, record_search
from mercato.search.models import ProductView, SearchClick, SearchLog
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def search(marketplace, *, text="Red mugs", visitor="visitor-a", shopper=None, product_ids=(11, 12, 13)):
    return record_search(marketplace=marketplace, text=text, shopper=shopper, visitor=visitor, page=1,
                         result_count=40, product_ids=list(product_ids))


def test_a_search_is_logged_under_its_index_terms_with_the_products_it_showed(marketplace):
    logged = search(marketplace, text="  Red MUGS for tea ")

    stored = SearchLog.objects.get()
    assert stored.token == logged.token and len(stored.token) >= 20
    assert stored.query_key == "red mug tea"
    assert stored.product_ids == [11, 12, 13]
    assert (stored.visitor, stored.shopper_id, stored.page, stored.result_count) == ("visitor-a", None, 1, 40)


def test_two_spellings_of_one_query_share_a_key_and_every_page_gets_its_own_token(marketplace):
    first, second = search(marketplace, text="red mugs"), search(marketplace, text="Red Mug")

    assert first.query_key == second.query_key == query_key("RED   mug")
    assert first.token != second.token


def test_text_without_searchable_words_logs_nothing(marketplace):
    assert search(marketplace, text="!!! ??") is None
    assert not SearchLog.objects.exists()


def test_a_very_long_query_is_cut_at_a_whole_term(marketplace):
    text = " ".join(f"word{number}x" for number in range(40))

    key = search(marketplace, text=text).query_key

    assert len(key) <= 200 and key.split(" ")[-1].startswith("word") and key.split(" ")[-1].endswith("x")


def test_a_signed_in_shopper_is_logged_by_id(marketplace):
    shopper = make_user()

    assert search(marketplace, shopper=shopper).shopper_id == shopper.pk


def test_a_click_on_a_shown_result_is_logged_with_its_position(marketplace):
    logged = search(marketplace)

    click = record_click(token=logged.token, product_id=12, position=2, shopper=None, visitor="visitor-a")

    assert SearchClick.objects.get() == click
    assert (click.search_id, click.product_id, click.position, click.visitor) == (logged.pk, 12, 2, "visitor-a")


@pytest.mark.parametrize("token, product_id, position, visitor", [
    ("no-such-token", 12, 2, "visitor-a"),  # unknown token
    ("", 12, 2, "visitor-a"),
    (None, 12, 2, "visitor-a"),
    ("x" * 200, 12, 2, "visitor-a"),
    ("bad\x00token", 12, 2, "visitor-a"),  # PostgreSQL refuses NUL in text: must not reach the query
    ("LOGGED", 99, 2, "visitor-a"),  # a product the page did not show
    ("LOGGED", 12, 3, "visitor-a"),  # shown, but not at that position
    ("LOGGED", 12, 0, "visitor-a"),
    ("LOGGED", 12, -1, "visitor-a"),
    ("LOGGED", 13, 4, "visitor-a"),  # past the end of the page
    ("LOGGED", 12, True, "visitor-a"),
    ("LOGGED", 12, "2", "visitor-a"),
    ("LOGGED", 12, 2, "visitor-b"),  # a link someone else's results page made (shared or forged)
])
def test_a_click_that_does_not_match_the_logged_page_is_ignored(marketplace, token, product_id, position, visitor):
    logged = search(marketplace)

    found = record_click(token=logged.token if token == "LOGGED" else token, product_id=product_id,
                         position=position, shopper=None, visitor=visitor)

    assert found is None
    assert not SearchClick.objects.exists()


def test_a_product_view_is_logged_for_the_visitor(marketplace):
    shopper = make_user()

    record_product_view(marketplace=marketplace, product_id=7, shopper=shopper, visitor="visitor-a")

    view = ProductView.objects.get()
    assert (view.marketplace_id, view.product_id, view.shopper_id, view.visitor) == (marketplace.pk, 7, shopper.pk,
                                                                                   "visitor-a")
