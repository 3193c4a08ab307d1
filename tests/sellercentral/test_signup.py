"""Signing up as a seller, waiting for approval, and what a seller that is not active can do."""
from django.urls import reverse

from mercato.customers.models import User
from mercato.offers.models import Offer
from mercato.sellers.models import Seller, SellerMember
from mercato.sellers.services import reject_seller, suspend_seller
from tests.factories import make_operator, make_product, make_seller, make_user
from tests.sellercentral.pages import field_errors, text

BUSINESS = {"display_name": "Harbour Books", "legal_name": "Harbour Books Ltd", "company_number": "01234567",
            "vat_number": "", "contact_email": "hello@harbour.example", "phone": "0113 496 0000",
            "address_line1": "2 Quay Street", "city": "Bristol", "postal_code": "BS1 4DJ", "country_code": "gb"}
ACCOUNT = {"email": "Maya@Harbour.example", "full_name": "Maya Patel", "password1": "tide-and-timber-42",
           "password2": "tide-and-timber-42"}


def test_visitor_signs_up_creates_account_and_pending_seller_and_is_signed_in(client, marketplace):
    response = client.post(reverse("sellercentral:signup"), {**ACCOUNT, **BUSINESS})
    assert response.status_code == 302 and response.url == reverse("sellercentral:dashboard")
    user = User.objects.get(email="maya@harbour.example")
    seller = SellerMember.objects.get(user=user).seller
    assert (seller.display_name, seller.status, seller.country_code) == ("Harbour Books", "pending", "GB")
    dashboard = client.get(reverse("sellercentral:dashboard"))  # signed in by the sign-up
    assert "Waiting for approval" in text(dashboard)
    assert "Harbour Books Ltd" in text(dashboard)


def test_signed_in_user_signs_up_with_business_details_only(client, marketplace):
    user = make_user("sam@example.com")
    client.force_login(user)
    page = client.get(reverse("sellercentral:signup"))
    assert "password1" not in page.content.decode()
    response = client.post(reverse("sellercentral:signup"), BUSINESS)
    assert response.status_code == 302
    assert SellerMember.objects.get(user=user).seller.status == Seller.Status.PENDING


def test_pending_seller_cannot_list_until_an_operator_approves(client, marketplace):
    client.post(reverse("sellercentral:signup"), {**ACCOUNT, **BUSINESS})
    product = make_product("Sea charts atlas")
    offer_form = {"condition": "new", "price": "20.00", "quantity": "3", "handling_days": "2"}

    refused = client.post(reverse("sellercentral:list_offer", args=[product.public_id]), offer_form)
    assert refused.status_code == 403
    assert "Waiting for approval" in text(refused)
    assert not Offer.objects.exists()
    assert client.get(reverse("sellercentral:upload")).status_code == 403
    assert client.get(reverse("sellercentral:api_keys")).status_code == 403

    operator = make_operator()
    seller = Seller.objects.get(display_name="Harbour Books")
    client_user = client.session["_auth_user_id"]
    client.force_login(operator)
    approved = client.post(reverse("ops:seller_approve", args=[seller.id]), follow=True)
    assert "Harbour Books is approved" in text(approved)

    client.force_login(User.objects.get(pk=client_user))
    listed = client.post(reverse("sellercentral:list_offer", args=[product.public_id]), offer_form)
    assert listed.status_code == 302
    assert Offer.objects.get(seller=seller, product=product).price_minor == 2000


def test_signup_errors_show_next_to_the_fields_and_write_nothing(client, marketplace):
    response = client.post(reverse("sellercentral:signup"),
                           {**ACCOUNT, "password2": "something-else-entirely", **BUSINESS, "country_code": "G1",
                            "legal_name": ""})
    assert response.status_code == 400
    assert field_errors(response, "password2") == ["The two passwords differ."]
    assert field_errors(response, "legal_name") == ["This field is required."]
    assert not User.objects.exists() and not Seller.objects.exists()


def test_taken_display_name_rolls_back_the_new_account(client, marketplace):
    make_seller("Harbour Books")
    users_before = User.objects.count()
    response = client.post(reverse("sellercentral:signup"), {**ACCOUNT, **BUSINESS})
    assert field_errors(response, "display_name") == ["A seller with this display name already exists"]
    assert User.objects.count() == users_before  # the account was not kept without its seller
    assert "_auth_user_id" not in client.session


def test_weak_password_and_taken_email_are_refused_next_to_the_field(client, marketplace):
    response = client.post(reverse("sellercentral:signup"),
                           {**ACCOUNT, "password1": "password", "password2": "password", **BUSINESS})
    assert field_errors(response, "password1")
    make_user("maya@harbour.example")
    response = client.post(reverse("sellercentral:signup"), {**ACCOUNT, **BUSINESS})
    assert "already exists" in field_errors(response, "email")[0]
    assert not Seller.objects.exists()


def test_existing_seller_is_sent_from_signup_to_the_dashboard(seller_client):
    response = seller_client.get(reverse("sellercentral:signup"))
    assert response.status_code == 302 and response.url == reverse("sellercentral:dashboard")


def test_rejected_seller_sees_the_reason_and_cannot_list(client, marketplace):
    user = make_user()
    seller = make_seller("Dodgy Deals", active=False, user=user)
    reject_seller(seller=seller, operator=None, reason="Company number does not match the registry")
    client.force_login(user)
    dashboard = client.get(reverse("sellercentral:dashboard"))
    assert "Your application was not approved" in text(dashboard)
    assert "Company number does not match the registry" in text(dashboard)
    assert client.get(reverse("sellercentral:list_product")).status_code == 403


def test_suspended_seller_sees_status_and_reason(client, marketplace):
    user = make_user()
    seller = make_seller("Late Larry", user=user)
    suspend_seller(seller=seller, operator=None, reason="Too many late shipments")
    client.force_login(user)
    dashboard = client.get(reverse("sellercentral:dashboard"))
    assert "Your account is suspended" in text(dashboard)
    assert "Too many late shipments" in text(dashboard)
    listing = client.get(reverse("sellercentral:list_new"))
    assert listing.status_code == 403 and "suspended" in text(listing)


def test_visitor_is_sent_to_sign_in_and_non_seller_to_signup(client, marketplace):
    response = client.get(reverse("sellercentral:offers"))
    assert response.status_code == 302 and "next=/seller/offers/" in response.url
    client.force_login(make_user())
    response = client.get(reverse("sellercentral:offers"))
    assert response.status_code == 302 and response.url == reverse("sellercentral:signup")
