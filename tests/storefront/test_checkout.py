"""Checkout as a shopper goes through it: address, delivery per seller, payment, review, place order."""
import re

import pytest

from mercato.checkout.models import CartLine
from mercato.checkout.services import add_to_cart, new_cart
from mercato.core.models import JournalEntry
from mercato.customers.models import Address, PaymentMethod
from mercato.offers.services import OfferTerms, update_offer
from mercato.orders.models import Order
from tests.factories import make_offer, make_product, make_seller, make_shopper, make_user
from tests.storefront.html import elements, visible_text

DECLINED_CARD = "4000000000000002"


@pytest.fixture
def kettle(marketplace):
    return make_offer(seller=make_seller("Kettle Kings"), product=make_product("Copper kettle"),
                      marketplace=marketplace, price_minor=3000, shipping_minor=250, quantity=5)


@pytest.fixture
def mug(marketplace):
    return make_offer(seller=make_seller("Mug Masters"), product=make_product("Enamel mug"),
                      marketplace=marketplace, price_minor=800, quantity=10)


@pytest.fixture
def shopper(client, marketplace, kettle, mug):
    user = make_shopper("ada@example.com")
    cart = new_cart(marketplace=marketplace, user=user)
    add_to_cart(cart=cart, offer_id=kettle.id, quantity=2)
    add_to_cart(cart=cart, offer_id=mug.id, quantity=1)
    client.force_login(user)
    return user


def hidden(response, name) -> str:
    return re.search(rf'name="{name}" value="([^"]*)"', response.content.decode()).group(1)


def form_data(page, shopper, **overrides) -> dict:
    data = {"address": str(shopper.addresses.get().pk), "payment_method": str(shopper.payment_methods.get().pk),
            "idempotency_key": hidden(page, "idempotency_key"),
            "expected_total_minor": hidden(page, "expected_total_minor"), "items_seen": hidden(page, "items_seen"),
            "action": "place"}
    return {**data, **overrides}


def errors(response) -> str:
    return " ".join(e.text for e in elements(response, "form-errors") + elements(response, "field-error"))


def test_a_guest_is_sent_to_sign_in_and_comes_back_with_the_merged_cart(client, marketplace, kettle):
    make_user("sam@example.com", password="correct-horse-battery")
    client.post("/cart/add/", {"offer": kettle.id, "quantity": 1})

    response = client.get("/checkout/")
    assert response.status_code == 302 and response["Location"] == "/account/login/?next=/checkout/"

    signed_in = client.post("/account/login/", {"username": "sam@example.com",
                                                 "password": "correct-horse-battery", "next": "/checkout/"})
    assert signed_in["Location"] == "/checkout/"
    page = client.get("/checkout/")
    assert page.status_code == 200
    assert "Copper kettle × 1" in elements(page, "checkout-review")[0].text


def test_the_checkout_page_shows_address_card_delivery_options_and_totals(client, shopper):
    page = client.get("/checkout/")

    assert page.status_code == 200
    text = visible_text(page)
    assert "2 Market Street" in text
    assert "Visa ending in 4242" in text
    assert re.search(r'name="address" value="\d+" checked', page.content.decode())
    sellers = elements(page, "checkout-seller")
    assert "Sold by Kettle Kings" in sellers[0].text and "Copper kettle × 2 £65.00" in sellers[0].text
    assert re.search(r"Standard delivery: arrives \w+day \d+ \w+ · £5\.00", sellers[0].text)
    assert re.search(r"Express delivery: arrives \w+day \d+ \w+ · £8\.99", sellers[0].text)
    assert "Standard delivery: arrives" in sellers[1].text and "· FREE" in sellers[1].text
    summary = elements(page, "checkout-summary")[0].text
    assert "Items £68.00" in summary and "Delivery £5.00" in summary and "Order total £73.00" in summary
    assert hidden(page, "expected_total_minor") == "7300"
    assert len(hidden(page, "idempotency_key")) >= 20


def test_placing_the_order_with_express_delivery_shows_the_order_and_empties_the_cart(client, shopper, kettle,
                                                                                      mug, marketplace):
    other = make_offer(product=make_product("Tea towel"), marketplace=marketplace, price_minor=500)
    add_to_cart(cart=new_cart(marketplace=marketplace, user=shopper), offer_id=other.id)
    update_offer(seller=other.seller, offer_id=other.id, terms=OfferTerms(quantity=0))  # not buyable: stays
    quote = client.post("/checkout/quote/", {f"delivery-{kettle.seller_id}": "express"}, HTTP_HX_REQUEST="true")
    page = client.get("/checkout/")

    response = client.post("/checkout/", form_data(page, shopper, **{
        f"delivery-{kettle.seller_id}": "express", "expected_total_minor": hidden(quote, "expected_total_minor")}))

    order = Order.objects.get(customer=shopper)
    assert response.status_code == 302 and response["Location"] == f"/account/orders/{order.public_id}/"
    assert order.total_minor == 7699 and order.channel == "checkout"
    parts = {part.seller_id: part.delivery_option for part in order.seller_orders.all()}
    assert parts == {kettle.seller_id: "express", mug.seller_id: "standard"}
    assert list(CartLine.objects.filter(cart__user=shopper).values_list("offer_id", flat=True)) == [other.id]
    detail = client.get(response["Location"])
    assert f"Thank you! Your order {order.public_id} is placed." in visible_text(detail)
    assert elements(detail, "cart-count")[0].text == "1"


def test_changing_delivery_requotes_with_htmx_and_without(client, shopper, kettle):
    fragment = client.post("/checkout/quote/", {f"delivery-{kettle.seller_id}": "express"},
                           HTTP_HX_REQUEST="true")
    assert fragment.status_code == 200
    assert fragment.content.decode().lstrip().startswith('<div id="checkout-review"')
    assert "Order total £76.99" in elements(fragment, "checkout-summary")[0].text
    assert hidden(fragment, "expected_total_minor") == "7699"

    page = client.get("/checkout/")
    plain = client.post("/checkout/", form_data(page, shopper, action="update",
                                                **{f"delivery-{kettle.seller_id}": "express"}))
    assert plain.status_code == 200
    assert "Order total £76.99" in elements(plain, "checkout-summary")[0].text
    assert not Order.objects.exists()


def test_a_double_submit_lands_on_the_same_order(client, shopper):
    page = client.get("/checkout/")
    data = form_data(page, shopper)

    first = client.post("/checkout/", data)
    second = client.post("/checkout/", data)

    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert Order.objects.count() == 1


def test_a_tampered_price_field_is_ignored_and_the_live_price_is_charged(client, shopper):
    page = client.get("/checkout/")

    client.post("/checkout/", form_data(page, shopper, price_minor="1", unit_price_minor="1", total_minor="1",
                                        expected_total_minor="999999"))

    order = Order.objects.get()
    assert order.total_minor == 7300
    assert order.payment.authorised_minor == 7300


def test_a_price_rise_after_the_page_was_shown_is_refused_with_a_fresh_quote(client, shopper, kettle):
    page = client.get("/checkout/")
    update_offer(seller=kettle.seller, offer_id=kettle.id, terms=OfferTerms(price_minor=3500))

    response = client.post("/checkout/", form_data(page, shopper))

    assert response.status_code == 409
    assert "Prices changed: the total is now £83.00, not £73.00; review the order again" in errors(response)
    assert "Order total £83.00" in elements(response, "checkout-summary")[0].text
    assert hidden(response, "expected_total_minor") == "8300"
    assert hidden(response, "idempotency_key") != hidden(page, "idempotency_key")
    assert not Order.objects.exists()


def test_stock_sold_meanwhile_is_refused(client, shopper, kettle):
    page = client.get("/checkout/")
    update_offer(seller=kettle.seller, offer_id=kettle.id, terms=OfferTerms(quantity=1))

    response = client.post("/checkout/", form_data(page, shopper))

    assert response.status_code == 409
    assert "Your cart changed while you were checking out; review the order again" in errors(response)
    assert "1 item in your cart can't be bought now" in visible_text(response)
    assert "Copper kettle" not in elements(response, "checkout-review")[0].text
    assert not Order.objects.exists()


def test_a_declined_new_card_shows_the_message_and_writes_nothing(client, shopper, kettle):
    page = client.get("/checkout/")
    journal_entries = JournalEntry.objects.count()

    response = client.post("/checkout/", form_data(page, shopper, payment_method="new", card_number=DECLINED_CARD,
                                                   exp_month="12", exp_year="2040", cvc="123"))

    assert response.status_code == 402
    assert "Your card was declined" in errors(response)
    assert DECLINED_CARD not in response.content.decode()
    assert not Order.objects.exists()
    assert PaymentMethod.objects.filter(user=shopper).count() == 1
    assert JournalEntry.objects.count() == journal_entries
    kettle.refresh_from_db()
    assert kettle.quantity == 5
    assert CartLine.objects.filter(cart__user=shopper).count() == 2


def test_a_new_address_and_card_can_be_saved_as_defaults(client, shopper):
    page = client.get("/checkout/")

    response = client.post("/checkout/", form_data(page, shopper, **{
        "address": "new", "new_address-full_name": "Ada at work", "new_address-line1": "9 Office Road",
        "new_address-city": "Leeds", "new_address-postal_code": "LS1 4AP", "new_address-country_code": "GB",
        "save_address_as_default": "on", "payment_method": "new", "card_number": "5555 5555 5555 4444",
        "exp_month": "8", "exp_year": "2039", "cvc": "321", "save_card_as_default": "on"}))

    assert response.status_code == 302
    order = Order.objects.get()
    assert order.ship_to_line1 == "9 Office Road"
    assert order.payment.card_brand == "Mastercard" and order.payment.card_last4 == "4444"
    assert Address.objects.get(user=shopper, is_default=True).line1 == "9 Office Road"
    assert PaymentMethod.objects.get(user=shopper, is_default=True).last4 == "4444"


def test_a_bad_new_address_is_shown_next_to_its_field(client, shopper):
    page = client.get("/checkout/")

    response = client.post("/checkout/", form_data(page, shopper, **{
        "address": "new", "new_address-full_name": "Ada", "new_address-line1": "9 Office Road",
        "new_address-city": "Leeds", "new_address-postal_code": "!!", "new_address-country_code": "GB"}))

    assert response.status_code == 400
    assert "Postcode must be 3 to 12 letters, digits, spaces or hyphens" in errors(response)
    assert Address.objects.filter(user=shopper).count() == 1
    assert not Order.objects.exists()


@pytest.mark.parametrize("overrides, message", [
    ({"address": ""}, "Choose a delivery address."),
    ({"payment_method": ""}, "Choose how to pay."),
    ({"expected_total_minor": "lots"}, "The order total is missing; review the order and place it again."),
    ({"idempotency_key": ""}, "This form has expired; review the order and place it again."),
    ({"payment_method": "new", "card_number": "4242 4242 4242 4241", "exp_month": "12", "exp_year": "2040",
      "cvc": "123"}, "The card number is not valid"),
    ({"payment_method": "new", "card_number": "", "exp_month": "", "exp_year": "", "cvc": ""},
     "This field is required."),
])
def test_incomplete_checkout_is_shown_again_with_the_message(client, shopper, overrides, message):
    page = client.get("/checkout/")

    response = client.post("/checkout/", form_data(page, shopper, **overrides))

    assert response.status_code == 400
    assert message in errors(response)
    assert not Order.objects.exists()


def test_another_shoppers_address_or_card_is_refused(client, shopper):
    stranger = make_shopper("eve@example.com")
    page = client.get("/checkout/")

    as_address = client.post("/checkout/", form_data(page, shopper, address=str(stranger.addresses.get().pk)))
    as_card = client.post("/checkout/", form_data(page, shopper,
                                                  payment_method=str(stranger.payment_methods.get().pk)))

    assert as_address.status_code == 400 and "Choose a delivery address" in errors(as_address)
    assert as_card.status_code == 400 and "Choose how to pay" in errors(as_card)
    assert not Order.objects.exists()


def test_a_tampered_delivery_option_is_refused(client, shopper, kettle):
    page = client.get("/checkout/")

    response = client.post("/checkout/", form_data(page, shopper, **{f"delivery-{kettle.seller_id}": "teleport"}))

    assert response.status_code == 400
    assert "Delivery option must be standard or express" in errors(response)
    assert not Order.objects.exists()


def test_an_empty_cart_goes_back_to_the_cart(client, marketplace):
    client.force_login(make_shopper())

    response = client.get("/checkout/", follow=True)

    assert response.redirect_chain[-1][0] == "/cart/"
    assert "Your cart has nothing to buy right now." in visible_text(response)
