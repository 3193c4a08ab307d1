"""Creating, listing and revoking API keys in Seller Central."""
from django.urls import reverse

from mercato.api.keys import key_for_secret
from mercato.api.models import ApiKey
from tests.factories import make_seller, make_user
from tests.sellercentral.pages import field_errors, text


def test_key_is_created_shown_once_then_revoked(seller_client, seller):
    response = seller_client.post(reverse("sellercentral:api_keys"),
                                  {"name": "Stock sync", "scopes": ["offers:read", "offers:write"]})
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    secret = response.context["secret"]
    assert secret.startswith("mk_") and secret in response.content.decode()
    assert "shown only this once" in text(response)
    key = ApiKey.objects.get(seller=seller)
    assert key_for_secret(secret) == key

    listing = seller_client.get(reverse("sellercentral:api_keys"))
    assert "Stock sync" in text(listing) and key.prefix in text(listing) and "offers:write" in text(listing)
    assert secret not in listing.content.decode()  # never again

    revoked = seller_client.post(reverse("sellercentral:api_key_revoke", args=[key.id]), follow=True)
    assert "is revoked" in text(revoked)
    assert "Revoked" in text(revoked)
    assert key_for_secret(secret) is None


def test_key_needs_a_name_and_a_scope(seller_client, seller):
    response = seller_client.post(reverse("sellercentral:api_keys"), {"name": "", "scopes": []})
    assert field_errors(response, "name") == ["This field is required."]
    assert field_errors(response, "scopes") == ["This field is required."]
    response = seller_client.post(reverse("sellercentral:api_keys"), {"name": "X", "scopes": ["admin:all"]})
    assert "admin:all is not one of the available choices" in field_errors(response, "scopes")[0]
    assert not ApiKey.objects.exists()


def test_seller_cannot_see_or_revoke_another_sellers_keys(seller_client, seller):
    from mercato.api.keys import create_api_key

    other = make_seller("Seller B")
    theirs, secret = create_api_key(seller=other, name="B's robot", scopes=["offers:read"])
    assert "B's robot" not in text(seller_client.get(reverse("sellercentral:api_keys")))
    assert seller_client.post(reverse("sellercentral:api_key_revoke", args=[theirs.id])).status_code == 404
    assert key_for_secret(secret) == theirs


def test_revoke_needs_post(seller_client, seller):
    from mercato.api.keys import create_api_key

    key, _ = create_api_key(seller=seller, name="k", scopes=["offers:read"])
    assert seller_client.get(reverse("sellercentral:api_key_revoke", args=[key.id])).status_code == 405


def test_pending_seller_gets_no_keys(client, marketplace):
    user = make_user()
    make_seller("New Shop", active=False, user=user)
    client.force_login(user)
    response = client.post(reverse("sellercentral:api_keys"), {"name": "k", "scopes": ["offers:read"]})
    assert response.status_code == 403
    assert not ApiKey.objects.exists()
