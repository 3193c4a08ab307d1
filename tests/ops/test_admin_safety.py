import pytest

from mercato.offers.models import BuyBox
from mercato.search.models import PendingReindex
from mercato.search.services import rebuild_index
from tests.factories import make_offer, make_product, make_user

pytestmark = pytest.mark.django_db


def test_lowering_a_sellers_score_in_the_admin_moves_the_buy_box(client, marketplace):
    product = make_product()
    cheap = make_offer(product=product, marketplace=marketplace, price_minor=1000)
    other = make_offer(product=product, marketplace=marketplace, price_minor=1100)
    client.force_login(make_user(is_staff=True, is_superuser=True))
    seller = cheap.seller
    form = client.get(f"/admin/sellers/seller/{seller.id}/change/").context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None and name != "status"}
    data |= {"performance_score": "0.3", "members-TOTAL_FORMS": "0", "members-INITIAL_FORMS": "0",
             "members-MIN_NUM_FORMS": "0", "members-MAX_NUM_FORMS": "1000"}
    response = client.post(f"/admin/sellers/seller/{seller.id}/change/", data)
    assert response.status_code == 302, response.content[:2000]
    assert BuyBox.objects.get(product=product).offer_id == other.id


def test_operators_cannot_delete_sellers_in_the_admin(client, marketplace):
    seller = make_offer(marketplace=marketplace).seller
    client.force_login(make_user(is_staff=True, is_superuser=True))
    assert client.get(f"/admin/sellers/seller/{seller.id}/delete/").status_code == 403


def test_a_rebuild_indexes_and_clears_what_was_queued(marketplace):
    offer = make_offer(marketplace=marketplace)
    assert PendingReindex.objects.filter(product_id=offer.product_id).exists()
    assert rebuild_index() == 1
    assert not PendingReindex.objects.exists()
