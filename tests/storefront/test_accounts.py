"""Sign up, sign in, sign out and the account page, as a shopper does them."""
import pytest

from mercato.customers.models import User
from tests.factories import make_user
from tests.storefront.html import elements, visible_text

GOOD_PASSWORD = "plum-orchard-lantern-42"


def signup(client, **overrides):
    data = {"full_name": "Ada Lovelace", "email": "ada@example.com", "password1": GOOD_PASSWORD,
            "password2": GOOD_PASSWORD, **overrides}
    return client.post("/account/signup/", data)


def field_errors(response) -> list[str]:
    return [e.text for e in elements(response, "field-error")]


def test_sign_up_creates_the_account_and_signs_in(client, marketplace):
    response = signup(client)

    assert response.status_code == 302 and response["Location"] == "/account/"
    user = User.objects.get(email="ada@example.com")
    assert user.full_name == "Ada Lovelace"
    account = client.get("/account/")
    assert account.status_code == 200
    assert "ada@example.com" in visible_text(account)
    assert "Welcome to Mercato, Ada Lovelace!" in visible_text(account)


def test_sign_up_honours_a_safe_next_and_ignores_an_unsafe_one(client, marketplace):
    assert signup(client, next="/account/addresses/")["Location"] == "/account/addresses/"
    client.logout()
    assert signup(client, email="bob@example.com", next="https://evil.example/")["Location"] == "/account/"


@pytest.mark.parametrize("overrides, message", [
    ({"password2": "something-else-entirely"}, "The two passwords don't match."),
    ({"password1": "password", "password2": "password"}, "This password is too common."),
    ({"password1": "x1", "password2": "x1"}, "This password is too short."),
    ({"email": "not an email"}, "Enter an email address like name@example.com"),
    ({"full_name": ""}, "This field is required."),
    ({"full_name": "Ada\x07"}, "Full name contains control characters"),
    ({"full_name": "Ada\x00"}, "Null characters are not allowed."),
])
def test_bad_sign_up_shows_the_form_again_and_writes_nothing(client, marketplace, overrides, message):
    response = signup(client, **overrides)

    assert response.status_code == 400
    assert any(message in error for error in field_errors(response)), field_errors(response)
    assert not User.objects.exists()
    assert "_auth_user_id" not in client.session


def test_sign_up_with_a_taken_email_says_so(client, marketplace):
    make_user("ada@example.com")

    response = signup(client, email="ADA@example.com")

    assert response.status_code == 400
    assert "An account with this email already exists; sign in instead" in field_errors(response)
    assert User.objects.count() == 1


def test_sign_in_and_sign_out(client, marketplace):
    make_user("sam@example.com", password=GOOD_PASSWORD, full_name="Sam")

    form = client.get("/account/login/?next=/account/addresses/")
    assert 'value="/account/addresses/"' in form.content.decode()
    response = client.post("/account/login/", {"username": "sam@example.com", "password": GOOD_PASSWORD,
                                                "next": "/account/addresses/"})
    assert response.status_code == 302 and response["Location"] == "/account/addresses/"
    assert "Hello, Sam" in visible_text(client.get("/"))

    assert client.get("/account/logout/").status_code == 405  # signing out is a POST
    response = client.post("/account/logout/")
    assert response.status_code == 302 and response["Location"] == "/"
    home = client.get("/")
    assert "You're signed out" in visible_text(home)
    assert "Hello, sign in" in visible_text(home)


def test_sign_in_with_a_wrong_password_fails_politely(client, marketplace):
    make_user("sam@example.com", password=GOOD_PASSWORD)

    response = client.post("/account/login/", {"username": "sam@example.com", "password": "nope"})

    assert response.status_code == 400
    assert "That email and password don't match an account" in visible_text(response)
    assert "_auth_user_id" not in client.session


def test_sign_in_never_redirects_off_site(client, marketplace):
    make_user("sam@example.com", password=GOOD_PASSWORD)

    response = client.post("/account/login/", {"username": "sam@example.com", "password": GOOD_PASSWORD,
                                                "next": "//evil.example/steal"})

    assert response["Location"] == "/"


def test_account_pages_need_sign_in(client, marketplace):
    for url in ("/account/", "/account/addresses/", "/account/addresses/add/"):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/account/login/?next=")
