"""Managing delivery addresses through the account pages; nobody touches anyone else's."""
import pytest

from mercato.customers.models import Address
from mercato.customers.services import add_address
from tests.factories import make_user
from tests.storefront.html import elements, visible_text

HOME = {"full_name": "Sam Shopper", "line1": "221B Baker Street", "line2": "", "city": "London",
        "postal_code": "nw1 6xe", "country_code": "gb", "phone": "+44 20 7946 0000"}
WORK = {"full_name": "Sam Shopper", "line1": "1 Canada Square", "city": "London", "postal_code": "E14 5AB",
        "country_code": "GB"}


@pytest.fixture
def shopper(client, marketplace):
    user = make_user("sam@example.com")
    client.force_login(user)
    return user


def address_cards(response) -> list[str]:
    return [e.text for e in elements(response, "address-card")]


def test_add_list_edit_and_delete_an_address(client, shopper):
    response = client.post("/account/addresses/add/", HOME)
    assert response.status_code == 302 and response["Location"] == "/account/addresses/"

    listing = client.get("/account/addresses/")
    cards = address_cards(listing)
    assert len(cards) == 1
    assert "221B Baker Street" in cards[0] and "NW1 6XE" in cards[0] and "Default" in cards[0]
    address = Address.objects.get(user=shopper)

    edit_form = client.get(f"/account/addresses/{address.pk}/edit/")
    assert 'value="221B Baker Street"' in edit_form.content.decode()
    response = client.post(f"/account/addresses/{address.pk}/edit/", {**HOME, "line1": "10 Downing Street"})
    assert response.status_code == 302
    assert "10 Downing Street" in address_cards(client.get("/account/addresses/"))[0]

    assert "Delete this address?" in visible_text(client.get(f"/account/addresses/{address.pk}/delete/"))
    response = client.post(f"/account/addresses/{address.pk}/delete/")
    assert response.status_code == 302
    assert not Address.objects.exists()
    assert "You haven't saved any addresses yet" in visible_text(client.get("/account/addresses/"))


def test_set_default_keeps_exactly_one_default(client, shopper):
    client.post("/account/addresses/add/", HOME)
    client.post("/account/addresses/add/", WORK)
    work = Address.objects.get(line1="1 Canada Square")
    assert not work.is_default

    response = client.post(f"/account/addresses/{work.pk}/default/")

    assert response.status_code == 302
    assert list(Address.objects.filter(user=shopper, is_default=True).values_list("line1", flat=True)) == [
        "1 Canada Square"]
    cards = address_cards(client.get("/account/addresses/"))
    assert cards[0].startswith("Default") and "1 Canada Square" in cards[0]
    assert "1 Canada Square" in visible_text(client.get("/account/"))


@pytest.mark.parametrize("field, value, message", [
    ("postal_code", "!!", "Postcode must be 3 to 12 letters, digits, spaces or hyphens"),
    ("postal_code", "X" * 21, "Ensure this value has at most 20 characters"),
    ("country_code", "G1", "Country must be a two-letter code such as GB"),
    ("country_code", "GBR", "Ensure this value has at most 2 characters"),
    ("phone", "call me", "Phone must be 6 to 15 digits"),
    ("line1", "", "This field is required."),
])
def test_bad_address_shows_the_form_again_and_saves_nothing(client, shopper, field, value, message):
    response = client.post("/account/addresses/add/", {**HOME, field: value})

    assert response.status_code == 400
    errors = [e.text for e in elements(response, "field-error")]
    assert any(message in error for error in errors), errors
    assert not Address.objects.exists()


def test_nobody_can_see_or_change_another_users_address(client, shopper):
    neighbour = make_user("neighbour@example.com")
    theirs = add_address(user=neighbour, details=WORK)
    add_address(user=neighbour, details=HOME)

    assert "1 Canada Square" not in visible_text(client.get("/account/addresses/"))
    assert client.get(f"/account/addresses/{theirs.pk}/edit/").status_code == 404
    assert client.post(f"/account/addresses/{theirs.pk}/edit/", {**WORK, "line1": "Hijacked"}).status_code == 404
    assert client.get(f"/account/addresses/{theirs.pk}/delete/").status_code == 404
    assert client.post(f"/account/addresses/{theirs.pk}/delete/").status_code == 404
    other = Address.objects.get(line1="221B Baker Street")
    assert client.post(f"/account/addresses/{other.pk}/default/").status_code == 404
    assert client.post("/account/addresses/99999999999999999999999/default/").status_code == 404
    assert client.get("/account/addresses/99999999999999999999999/edit/").status_code == 404

    theirs.refresh_from_db()
    other.refresh_from_db()
    assert theirs.line1 == "1 Canada Square" and theirs.is_default
    assert not other.is_default
    assert Address.objects.filter(user=neighbour).count() == 2
