"""The ops console's search ranking page: weights per marketplace and the explain view."""
import pytest
from django.utils import timezone

from mercato.search.models import ProductSignal, RankingWeights as RankingWeightsRow
from mercato.search.ranking import FEATURES, RankingWeights
from mercato.search.weights import ranking_weights_for
from tests.factories import make_offer, make_operator, make_product, make_seller, make_user
from tests.sellercentral.pages import text

PAGE = "/ops/search/ranking/"


@pytest.fixture
def operator_client(client, db):
    client.force_login(make_operator())
    return client


@pytest.fixture
def lamps(marketplace, reindex):
    seller = make_seller()
    products = [make_product(title) for title in ("Brass desk lamp", "Desk lamp with clamp", "Floor lamp")]
    for product in products:
        make_offer(seller=seller, product=product, marketplace=marketplace)
    ProductSignal.objects.create(marketplace=marketplace, product_id=products[2].id, units_per_day=30.0, in_stock=True,
                                 computed_at=timezone.now())
    reindex()
    return products


def weights_form(marketplace, **changes):
    values = RankingWeights(**changes).as_dict()
    return {f"{marketplace.code}-{name}": value for name, value in values.items()}


def test_explain_shows_each_result_with_its_signals_and_score(operator_client, marketplace, lamps):
    response = operator_client.get(PAGE, {"marketplace": marketplace.code, "q": "lamp"})

    assert response.status_code == 200
    page = text(response)
    assert "3 products match" in page
    rows = response.content.decode().count('class="explain-row"')
    assert rows == 3
    assert "Floor lamp" in page and "Sales velocity" in page


def test_saving_weights_changes_the_marketplaces_formula(operator_client, marketplace, lamps,
                                                         django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = operator_client.post(f"{PAGE}{marketplace.code}/", weights_form(marketplace, sales_velocity=3.0))

    assert response.status_code == 302
    assert ranking_weights_for(marketplace).sales_velocity == 3.0
    explained = operator_client.get(PAGE, {"marketplace": marketplace.code, "q": "lamp"})
    assert explained.content.decode().index("Floor lamp") < explained.content.decode().index("Brass desk lamp")


@pytest.mark.parametrize("field, value, message", [
    ("text_relevance", "0", "must be above 0"),
    ("rating", "-1", "greater than or equal to 0"),
    ("personal", "abc", "Enter a number"),
    ("delivery_speed", "11", "less than or equal to 10"),
])
def test_bad_weights_show_the_form_again_and_save_nothing(operator_client, marketplace, field, value, message):
    form = weights_form(marketplace) | {f"{marketplace.code}-{field}": value}

    response = operator_client.post(f"{PAGE}{marketplace.code}/", form)

    assert response.status_code == 400
    assert message in text(response)
    assert not RankingWeightsRow.objects.exists()


def test_explaining_as_an_unknown_shopper_says_so(operator_client, marketplace, lamps):
    response = operator_client.get(PAGE, {"marketplace": marketplace.code, "q": "lamp", "shopper": "nobody@example.com"})
    assert response.status_code == 400
    assert "No shopper has this email" in text(response)


def test_the_page_lists_every_weight_with_its_current_value(operator_client, marketplace):
    page = operator_client.get(PAGE).content.decode()
    for name in FEATURES:
        assert f'name="{marketplace.code}-{name}"' in page


def test_only_operators_see_or_change_the_ranking(client, marketplace):
    client.force_login(make_user())
    assert client.get(PAGE).status_code == 403
    assert client.post(f"{PAGE}{marketplace.code}/", weights_form(marketplace)).status_code == 403
    assert not RankingWeightsRow.objects.exists()
