import pytest
from django.urls import reverse

from mercato.core import ledger
from mercato.offers.models import Offer
from mercato.sellers.models import Seller
from tests.factories import make_offer, make_seller, make_user
from tests.sellercentral.pages import field_errors, text

pytestmark = pytest.mark.django_db


@pytest.fixture
def retail_client(client, marketplace):
    user = make_user()
    retail = make_seller("Mercato Retail", kind=Seller.Kind.FIRST_PARTY, user=user)
    client.force_login(user)
    client.retail = retail
    return client


def receive_url(offer):
    return reverse("sellercentral:offer_receive_stock", args=[offer.id])


def test_retail_arm_receives_stock_that_goes_on_sale_at_cost(retail_client, marketplace):
    offer = make_offer(seller=retail_client.retail, marketplace=marketplace, quantity=0)

    response = retail_client.post(receive_url(offer), {"quantity": "24", "unit_cost": "3.10"}, follow=True)

    assert "24 units of" in text(response) and "received and on sale" in text(response)
    assert "On hand: 24 units at an average cost of £3.10" in text(response)
    assert Offer.objects.get(pk=offer.pk).quantity == 24
    assert ledger.balance(ledger.FIRST_PARTY_INVENTORY, "GBP") == 7440


@pytest.mark.parametrize("data, field, message", [
    ({"quantity": "0", "unit_cost": "1.00"}, "quantity", "greater than or equal to 1"),
    ({"quantity": "5", "unit_cost": "free"}, "unit_cost", "must be a number like 12.50"),
    ({"quantity": "5", "unit_cost": "0"}, "unit_cost", "more than zero"),
])
def test_bad_receipts_are_shown_next_to_the_field_and_write_nothing(retail_client, marketplace, data, field, message):
    offer = make_offer(seller=retail_client.retail, marketplace=marketplace, quantity=2)
    response = retail_client.post(receive_url(offer), data)
    assert response.status_code == 400
    assert any(message in error for error in field_errors(response, field))
    assert Offer.objects.get(pk=offer.pk).quantity == 2
    assert ledger.trial_balance() == {}


def test_third_party_sellers_have_no_goods_in(seller_client, seller, marketplace):
    offer = make_offer(seller=seller, marketplace=marketplace)
    assert "Receive stock" not in text(seller_client.get(reverse("sellercentral:offer_edit", args=[offer.id])))
    assert seller_client.post(receive_url(offer), {"quantity": "5", "unit_cost": "1.00"}).status_code == 404


def test_retail_arm_cannot_receive_onto_another_sellers_offer(retail_client, marketplace):
    other = make_offer(marketplace=marketplace, quantity=1)
    assert retail_client.post(receive_url(other), {"quantity": "5", "unit_cost": "1.00"}).status_code == 404
    assert Offer.objects.get(pk=other.pk).quantity == 1
