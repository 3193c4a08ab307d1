"""One-click Buy Now from the product page, and the short checkout for shoppers without defaults."""
import re

import pytest
from django.utils import timezone

from mercato.core.models import JournalEntry
from mercato.customers.models import Address, PaymentMethod
from mercato.customers.selectors import default_address, default_payment_method
from mercato.offers.services import OfferTerms, update_offer
from mercato.orders.models import Order
from mercato.sellers.services import suspend_seller
from tests.factories import make_offer, make_product, make_seller, make_shopper, make_user
from tests.storefront.html import elements, visible_text

DECLINED_CARD = "4000000000000002"


@pytest.fixture
def teapot(db):
    return make_product("Cast iron teapot")


@pytest.fixture
def offer(marketplace, teapot):
    return make_offer(seller=make_seller("Kettle Kings"), product=teapot, marketplace=marketplace, price_minor=2500,
                      shipping_minor=300, quantity=4)


def buy_now_form(client, product) -> dict:
    """The hidden fields of the product page's Buy Now form, as the browser would send them."""
    html = client.get(f"/p/{product.public_id}/").content.decode()
    form = re.search(r'<form[^>]*action="/buy-now/".*?</form>', html, re.S).group(0)
    return dict(re.findall(r'name="(\w+)" value="([^"]*)"', form))


def errors(response) -> str:
    return " ".join(e.text for e in elements(response, "form-errors") + elements(response, "field-error"))


def test_buy_now_places_the_order_at_once_with_the_defaults(client, offer, teapot):
    shopper = make_shopper()
    client.force_login(shopper)
    form = buy_now_form(client, teapot)
    assert form["offer"] == str(offer.id) and form["quantity"] == "1" and form["expected_total_minor"] == "2800"

    response = client.post("/buy-now/", form)

    order = Order.objects.get(customer=shopper)
    assert response.status_code == 302 and response["Location"] == f"/account/orders/{order.public_id}/"
    assert order.channel == "buy_now" and order.total_minor == 2800
    assert order.ship_to_line1 == "2 Market Street"
    assert [(line.offer_id, line.quantity) for part in order.seller_orders.all() for line in part.lines.all()] == \
        [(offer.id, 1)]
    page = client.get(response["Location"])
    until = timezone.localtime(order.free_cancel_until).strftime("%H:%M")
    assert f"You can cancel free of charge until {until}." in visible_text(page)


def test_a_double_click_on_buy_now_places_one_order(client, offer, teapot):
    client.force_login(make_shopper())
    form = buy_now_form(client, teapot)

    first, second = client.post("/buy-now/", form), client.post("/buy-now/", form)

    assert first["Location"] == second["Location"]
    assert Order.objects.count() == 1
    assert buy_now_form(client, teapot)["idempotency_key"] != form["idempotency_key"]


def test_a_double_click_on_the_last_unit_lands_on_the_order_not_on_sold_out(client, marketplace):
    last_one = make_offer(product=make_product("Rare teapot"), marketplace=marketplace, price_minor=9900, quantity=1)
    client.force_login(make_shopper())
    form = buy_now_form(client, last_one.product)

    first, second = client.post("/buy-now/", form), client.post("/buy-now/", form)

    assert second.status_code == 302 and first["Location"] == second["Location"]
    assert Order.objects.count() == 1


def test_a_tampered_price_is_ignored_and_the_live_price_charged(client, offer, teapot):
    client.force_login(make_shopper())
    form = buy_now_form(client, teapot)

    client.post("/buy-now/", {**form, "expected_total_minor": "999999", "price_minor": "1"})

    assert Order.objects.get().total_minor == 2800


def test_a_price_rise_since_the_page_was_shown_is_refused(client, offer, teapot):
    client.force_login(make_shopper())
    form = buy_now_form(client, teapot)
    update_offer(seller=offer.seller, offer_id=offer.id, terms=OfferTerms(price_minor=2900))

    response = client.post("/buy-now/", form)

    assert response.status_code == 409
    assert "Prices changed: the total is now £32.00, not £28.00; review the order again" in errors(response)
    assert "Order total £32.00" in elements(response, "checkout-summary")[0].text
    assert not Order.objects.exists()


def test_a_missing_expected_price_is_refused(client, offer, teapot):
    client.force_login(make_shopper())
    form = buy_now_form(client, teapot)
    del form["expected_total_minor"]

    response = client.post("/buy-now/", form)

    assert response.status_code == 400
    assert "The price you saw is missing; check the price and buy again" in errors(response)
    assert not Order.objects.exists()


def test_a_declined_default_card_shows_the_message_and_writes_nothing(client, offer, teapot):
    client.force_login(make_shopper(card_number=DECLINED_CARD))
    form = buy_now_form(client, teapot)
    entries = JournalEntry.objects.count()

    response = client.post("/buy-now/", form)

    assert response.status_code == 402
    assert "Your card was declined" in errors(response)
    assert not Order.objects.exists()
    assert JournalEntry.objects.count() == entries
    offer.refresh_from_db()
    assert offer.quantity == 4


def test_an_offer_of_a_suspended_seller_cannot_be_bought(client, offer, teapot):
    client.force_login(make_shopper())
    form = buy_now_form(client, teapot)
    suspend_seller(seller=offer.seller, operator=None, reason="Late shipments")

    response = client.post("/buy-now/", form)

    assert response.status_code == 400
    assert "Sorry, this item is not available any more" in errors(response)
    assert not Order.objects.exists()


def test_a_guest_is_sent_to_sign_in_and_back_to_the_product(client, offer, teapot):
    form = buy_now_form(client, teapot)

    response = client.post("/buy-now/", form)

    assert response.status_code == 302
    assert response["Location"].startswith("/account/login/?next=/p/")
    assert teapot.public_id in response["Location"]
    assert not Order.objects.exists()


def test_a_shopper_without_defaults_gets_a_short_checkout_that_saves_them(client, offer, teapot):
    shopper = make_user()
    client.force_login(shopper)

    response = client.post("/buy-now/", buy_now_form(client, teapot))

    assert response.status_code == 302 and response["Location"] == f"/checkout/?offer={offer.id}"
    page = client.get(response["Location"])
    assert "Tell us where to send it and how to pay" in visible_text(page)
    assert "Cast iron teapot × 1 £28.00" in elements(page, "checkout-review")[0].text
    assert "Use this address as my default" in visible_text(page) and "Make this my default card" in visible_text(page)
    fields = dict(re.findall(r'name="(idempotency_key|expected_total_minor|items_seen|offer)" value="([^"]*)"',
                             page.content.decode()))
    placed = client.post("/checkout/", {
        **fields, "action": "place", "address": "new", "new_address-full_name": "Sam Shopper",
        "new_address-line1": "4 Quay Street", "new_address-city": "Bristol", "new_address-postal_code": "BS1 4DJ",
        "new_address-country_code": "GB", "save_address_as_default": "on", "payment_method": "new",
        "card_number": "4242424242424242", "exp_month": "1", "exp_year": "2041", "cvc": "999",
        "save_card_as_default": "on"})

    order = Order.objects.get(customer=shopper)
    assert placed["Location"] == f"/account/orders/{order.public_id}/"
    assert order.total_minor == 2800
    assert default_address(shopper).line1 == "4 Quay Street"
    assert default_payment_method(shopper).last4 == "4242"

    client.post("/buy-now/", buy_now_form(client, teapot))  # next time: one click
    assert Order.objects.filter(customer=shopper, channel="buy_now").count() == 1


def test_a_declined_new_card_in_the_short_checkout_saves_nothing(client, offer, teapot):
    shopper = make_user()
    client.force_login(shopper)
    page = client.get(f"/checkout/?offer={offer.id}")
    fields = dict(re.findall(r'name="(idempotency_key|expected_total_minor|items_seen|offer)" value="([^"]*)"',
                             page.content.decode()))

    response = client.post("/checkout/", {
        **fields, "action": "place", "address": "new", "new_address-full_name": "Sam Shopper",
        "new_address-line1": "4 Quay Street", "new_address-city": "Bristol", "new_address-postal_code": "BS1 4DJ",
        "new_address-country_code": "GB", "payment_method": "new", "card_number": DECLINED_CARD,
        "exp_month": "1", "exp_year": "2041", "cvc": "999"})

    assert response.status_code == 402
    assert "Your card was declined" in errors(response)
    assert not Order.objects.exists()
    assert not Address.objects.filter(user=shopper).exists()
    assert not PaymentMethod.objects.filter(user=shopper).exists()
    assert 'value="4 Quay Street"' in response.content.decode()  # what was typed stays, except the card
    assert DECLINED_CARD not in response.content.decode()
