"""Saved payment cards in the shopper's account: list, add, remove, make default."""
import pytest

from mercato.customers.models import PaymentMethod
from tests.factories import make_shopper, make_user
from tests.storefront.html import elements, visible_text


@pytest.fixture
def shopper(client, marketplace):
    user = make_shopper("ada@example.com")
    client.force_login(user)
    return user


def add_card(client, **overrides):
    data = {"card_number": "5555 5555 5555 4444", "exp_month": "7", "exp_year": "2038", "cvc": "123", **overrides}
    return client.post("/account/cards/add/", data)


def test_cards_page_lists_brand_last4_expiry_and_default(client, shopper):
    add_card(client)

    response = client.get("/account/cards/")

    cards = [e.text for e in elements(response, "saved-card")]
    assert cards[0].startswith("Visa ending in 4242 expires 12/2040 Default")
    assert cards[1].startswith("Mastercard ending in 4444 expires 07/2038")
    assert "Default" not in cards[1].split("Remove")[0]
    assert "Your payment cards" in elements(response, "sidebar-nav")[0].text


def test_add_a_card_as_the_new_default(client, shopper):
    response = add_card(client, make_default="on")

    assert response.status_code == 302 and response["Location"] == "/account/cards/"
    assert "Mastercard ending in 4444 saved." in visible_text(client.get("/account/cards/"))
    assert PaymentMethod.objects.get(user=shopper, is_default=True).last4 == "4444"
    account = client.get("/account/")
    assert "Mastercard ending in 4444" in visible_text(account)


@pytest.mark.parametrize("overrides, message", [
    ({"card_number": "4242 4242 4242 4241"}, "The card number is not valid"),
    ({"cvc": "12"}, "The security code must be 3 or 4 digits"),
    ({"exp_month": "13"}, "Exp month must be between 1 and 12"),
    ({"exp_year": "2020"}, "This card has expired"),
    ({"card_number": ""}, "This field is required."),
])
def test_a_bad_card_is_shown_again_with_the_message_and_not_saved(client, shopper, overrides, message):
    response = add_card(client, **overrides)

    assert response.status_code == 400
    assert message in " ".join(e.text for e in elements(response, "field-error"))
    assert "5555" not in response.content.decode()  # the number is never written back into the page
    assert PaymentMethod.objects.filter(user=shopper).count() == 1


def test_make_default_and_remove(client, shopper):
    add_card(client)
    mastercard = PaymentMethod.objects.get(user=shopper, last4="4444")

    response = client.post(f"/account/cards/{mastercard.pk}/default/")
    assert response.status_code == 302
    assert "Mastercard ending in 4444 is now your default card." in visible_text(client.get("/account/cards/"))
    assert PaymentMethod.objects.get(user=shopper, is_default=True) == mastercard

    client.post(f"/account/cards/{mastercard.pk}/remove/")
    remaining = PaymentMethod.objects.get(user=shopper)
    assert remaining.last4 == "4242" and remaining.is_default
    assert "Card removed." in visible_text(client.get("/account/cards/"))


def test_another_shoppers_card_cannot_be_touched(client, shopper):
    theirs = make_shopper("eve@example.com").payment_methods.get()

    assert client.post(f"/account/cards/{theirs.pk}/remove/").status_code == 404
    assert client.post(f"/account/cards/{theirs.pk}/default/").status_code == 404
    assert PaymentMethod.objects.filter(pk=theirs.pk).exists()


def test_cards_need_sign_in_and_removal_is_a_post(client, marketplace):
    assert client.get("/account/cards/")["Location"] == "/account/login/?next=/account/cards/"
    client.force_login(make_user())
    assert client.get("/account/cards/1/remove/").status_code == 405
    assert "You haven't saved any cards yet." in visible_text(client.get("/account/cards/"))
