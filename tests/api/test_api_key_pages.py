"""Where keys for the order endpoints come from: the storefront's API keys page for shoppers, Seller
Central's for sellers."""
import re

import pytest
from django.urls import reverse

from mercato.api.keys import create_customer_api_key, key_for_secret
from mercato.api.models import ApiKey
from tests.api.helpers import bearer
from tests.factories import make_shopper
from tests.storefront.html import elements, visible_text

PAGE = "/account/api-keys/"


@pytest.fixture
def shopper(db):
    return make_shopper()


@pytest.fixture
def shopper_client(client, shopper):
    client.force_login(shopper)
    return client


def test_shopper_creates_a_key_sees_it_once_and_it_works(shopper_client, shopper, marketplace):
    response = shopper_client.post(PAGE, {"name": "Reorder script"})

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    [secret] = re.findall(r'value="(mk_[^"]+)"', response.content.decode())
    assert "shown only this once" in visible_text(response)
    key = ApiKey.objects.get(customer=shopper)
    assert (key.name, key.scopes, key.seller) == ("Reorder script", ["shopper:orders"], None)
    assert key_for_secret(secret) == key
    assert shopper_client.get("/api/v1/orders", **bearer(secret)).status_code == 200

    listing = shopper_client.get(PAGE)
    assert "Reorder script" in visible_text(listing) and key.prefix in visible_text(listing)
    assert secret not in listing.content.decode()


def test_shopper_revokes_a_key(shopper_client, shopper):
    key, secret = create_customer_api_key(customer=shopper, name="Old script")

    response = shopper_client.post(PAGE, {"revoke": key.id}, follow=True)

    assert "is revoked" in visible_text(response)
    assert "Revoked" in visible_text(response)
    assert key_for_secret(secret) is None
    assert shopper_client.get("/api/v1/orders", **bearer(secret)).status_code == 401


def test_key_needs_a_name(shopper_client):
    response = shopper_client.post(PAGE, {"name": "  "})

    assert response.status_code == 400
    assert [e.text for e in elements(response, "field-error")] == ["This field is required."]
    assert not ApiKey.objects.exists()


def test_shopper_cannot_see_or_revoke_someone_elses_key(shopper_client):
    theirs, secret = create_customer_api_key(customer=make_shopper(), name="Their robot")

    assert "Their robot" not in visible_text(shopper_client.get(PAGE))
    assert shopper_client.post(PAGE, {"revoke": theirs.id}).status_code == 404
    assert shopper_client.post(PAGE, {"revoke": "x"}).status_code == 404
    assert key_for_secret(secret) == theirs


def test_page_needs_a_signed_in_shopper(client, db):
    response = client.get(PAGE)

    assert response.status_code == 302 and "/account/login/" in response["Location"]


def test_account_navigation_links_to_the_page(shopper_client):
    assert PAGE in shopper_client.get(PAGE).content.decode()
    assert PAGE in shopper_client.get("/account/").content.decode()


def test_seller_central_offers_the_order_scopes_and_not_the_shopper_one(client, marketplace):
    from tests.factories import make_seller, make_user

    user = make_user()
    seller = make_seller("Acme Kitchen", user=user)
    client.force_login(user)

    form = client.get(reverse("sellercentral:api_keys")).content.decode()
    created = client.post(reverse("sellercentral:api_keys"), {"name": "Fulfilment", "scopes": ["orders:read",
                                                                                             "orders:write"]})
    refused = client.post(reverse("sellercentral:api_keys"), {"name": "Sneaky", "scopes": ["shopper:orders"]})

    assert 'value="orders:read"' in form and 'value="orders:write"' in form
    assert 'value="shopper:orders"' not in form
    assert created.status_code == 200
    assert ApiKey.objects.get(seller=seller).scopes == ["orders:read", "orders:write"]
    assert client.get("/api/v1/seller-orders", **bearer(created.context["secret"])).status_code == 200
    assert "shopper:orders is not one of the available choices" in refused.content.decode()
    assert not ApiKey.objects.filter(name="Sneaky").exists()
