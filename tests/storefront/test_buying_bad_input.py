"""Odd input on the buying pages gets a clear refusal, never a server error, and writes nothing."""
import pytest
from django.urls import reverse

from mercato.checkout.models import Cart, CartLine
from mercato.checkout.services import add_to_cart, new_cart
from mercato.customers.models import PaymentMethod
from mercato.orders.models import Order
from tests.factories import make_offer, make_operator, make_seller, make_shopper, make_user
from tests.storefront.test_checkout import form_data

pytestmark = pytest.mark.django_db

SUPERSCRIPT_TWO = "\u00b2"  # a "digit" to str.isdigit(), not to int()


@pytest.mark.parametrize("data", [{"offer": SUPERSCRIPT_TWO}, {"offer": "1", "quantity": SUPERSCRIPT_TWO},
                                  {"offer": "9" * 10_000}, {"offer": "1", "quantity": "9" * 10_000}])
def test_strange_numbers_on_add_to_cart_are_refused_and_leave_no_cart(client, marketplace, data):
    make_offer(marketplace=marketplace)
    response = client.post("/cart/add/", data)
    assert response.status_code in (400, 404)
    assert not Cart.objects.exists()


@pytest.mark.parametrize("path", ["/cart/update/", "/cart/remove/"])
def test_strange_line_ids_are_refused(client, marketplace, path):
    user = make_user()
    add_to_cart(cart=new_cart(marketplace=marketplace, user=user), offer_id=make_offer(marketplace=marketplace).id)
    client.force_login(user)
    assert client.post(path, {"line": SUPERSCRIPT_TWO, "quantity": "2"}).status_code in (400, 404)
    assert CartLine.objects.get().quantity == 1


def test_card_number_with_strange_digits_is_refused(client, marketplace):
    client.force_login(make_user())
    response = client.post("/account/cards/add/", {"card_number": "424242424242424" + SUPERSCRIPT_TWO,
                                                   "exp_month": "12", "exp_year": "2040", "cvc": "123"})
    assert response.status_code == 400
    assert not PaymentMethod.objects.exists()


def test_resent_checkout_form_keeps_what_was_added_since(client, marketplace):
    shopper = make_shopper()
    bought, added_later = make_offer(marketplace=marketplace), make_offer(marketplace=marketplace)
    cart = new_cart(marketplace=marketplace, user=shopper)
    add_to_cart(cart=cart, offer_id=bought.id)
    client.force_login(shopper)
    page = client.get("/checkout/")
    data = form_data(page, shopper)
    assert client.post("/checkout/", data).status_code == 302
    add_to_cart(cart=cart, offer_id=added_later.id)

    again = client.post("/checkout/", data)

    assert again.status_code == 302 and Order.objects.count() == 1
    assert list(CartLine.objects.values_list("offer_id", flat=True)) == [added_later.id]


def test_nul_in_an_idempotency_key_is_refused(client, marketplace):
    shopper = make_shopper()
    offer = make_offer(marketplace=marketplace)
    client.force_login(shopper)
    response = client.post("/buy-now/", {"offer": offer.id, "idempotency_key": "\x00", "expected_total_minor": "1000"})
    assert response.status_code in (400, 422)
    assert not Order.objects.exists()


def test_order_ids_that_cannot_exist_are_404_in_seller_central(client, marketplace):
    user = make_user()
    make_seller(user=user)
    client.force_login(user)
    assert client.get("/seller/orders/%00/").status_code == 404
    assert client.post("/seller/orders/%00/accept/").status_code == 404
    assert client.get("/seller/payments/%00/").status_code == 404


def test_read_pages_refuse_writes(client, marketplace):
    user = make_user()
    make_seller(user=user)
    client.force_login(user)
    assert client.post(reverse("sellercentral:orders")).status_code == 405
    assert client.post(reverse("sellercentral:payments")).status_code == 405
    client.force_login(make_operator())
    for name in ("ops:orders", "ops:revenue", "ops:notifications"):
        assert client.post(reverse(name)).status_code == 405
    assert client.put(reverse("ops:payouts")).status_code == 405
