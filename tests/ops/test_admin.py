"""The Django admin covers every model and stays usable: each list, search, add and change page loads."""
import pytest
from django.contrib import admin
from django.urls import reverse

from mercato.api.keys import create_api_key
from mercato.catalog.models import Product
from mercato.customers.models import Address, User
from mercato.offers.models import BuyBox, Offer
from mercato.search.models import PendingReindex
from tests.factories import make_attribute, make_offer, make_product, make_seller, make_user


@pytest.fixture
def admin_client(client, db):
    client.force_login(make_user("root@example.com", is_staff=True, is_superuser=True))
    return client


@pytest.fixture
def world(marketplace):
    make_attribute("colour")
    offer = make_offer(marketplace=marketplace, product=make_product("Red mug", gtin="5012345678900",
                                                                     attributes={"colour": "Red"}))
    create_api_key(seller=offer.seller, name="robot", scopes=["offers:read"])
    Address.objects.create(user=make_user(), full_name="A", line1="1 Road", city="Leeds", postal_code="LS1 1AA",
                           country_code="GB")
    PendingReindex.objects.get_or_create(product_id=offer.product_id)
    return offer


def mercato_models():
    return [model for model in admin.site._registry if model._meta.app_label not in ("auth",)]


def test_every_mercato_model_is_in_the_admin():
    from django.apps import apps

    ours = {m for m in apps.get_models() if m.__module__.startswith("mercato.")}
    assert ours <= set(admin.site._registry), sorted(m.__name__ for m in ours - set(admin.site._registry))


def test_every_list_and_change_page_loads(admin_client, world):
    for model in mercato_models():
        opts = model._meta
        changelist = admin_client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
        assert changelist.status_code == 200, opts.label
        instance = model.objects.first()
        if instance is not None:
            change = admin_client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[instance.pk]))
            assert change.status_code == 200, opts.label
        if admin.site._registry[model].has_add_permission(type("R", (), {"user": User(is_superuser=True,
                                                                                     is_active=True)})()):
            add = admin_client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_add"))
            assert add.status_code == 200, opts.label


def test_product_search_by_gtin_public_id_and_title(admin_client, world):
    url = reverse("admin:catalog_product_changelist")
    product = world.product
    for term in ("5012345678900", product.public_id, "red mug"):
        assert product.title in admin_client.get(url, {"q": term}).content.decode(), term
    assert "Red mug" not in admin_client.get(url, {"q": "teapot"}).content.decode()


def test_product_list_does_not_query_per_row(admin_client, marketplace, django_assert_max_num_queries):
    for _ in range(30):
        make_product()
    with django_assert_max_num_queries(15):
        admin_client.get(reverse("admin:catalog_product_changelist"))


def test_offer_list_does_not_query_per_row(admin_client, marketplace, django_assert_max_num_queries):
    seller = make_seller()
    for _ in range(30):
        make_offer(seller=seller, marketplace=marketplace)
    with django_assert_max_num_queries(15):
        admin_client.get(reverse("admin:offers_offer_changelist"))
    with django_assert_max_num_queries(15):
        admin_client.get(reverse("admin:offers_buybox_changelist"))


def test_operator_creates_a_user_by_email(admin_client):
    response = admin_client.post(reverse("admin:customers_user_add"), {
        "email": "New.Person@Example.com", "full_name": "New Person", "usable_password": "true",
        "password1": "a-long-pass-phrase", "password2": "a-long-pass-phrase"})
    assert response.status_code == 302
    user = User.objects.get(email="new.person@example.com")
    assert user.check_password("a-long-pass-phrase")


def test_admin_offer_edit_recomputes_the_buy_box(admin_client, marketplace):
    product = make_product()
    cheap = make_offer(product=product, marketplace=marketplace, price_minor=500)
    dear = make_offer(product=product, marketplace=marketplace, price_minor=900)
    assert BuyBox.objects.get(product=product).offer_id == cheap.id
    data = {"seller": cheap.seller_id, "product": product.id, "marketplace": marketplace.id,
            "seller_sku": cheap.seller_sku, "condition": "new", "condition_note": "", "price_minor": 2000,
            "shipping_minor": 0, "quantity": 5, "handling_days": 1, "fulfillment_channel": "merchant",
            "status": "active"}
    response = admin_client.post(reverse("admin:offers_offer_change", args=[cheap.id]), data)
    assert response.status_code == 302
    assert BuyBox.objects.get(product=product).offer_id == dear.id
    data["price_minor"] = 0
    refused = admin_client.post(reverse("admin:offers_offer_change", args=[cheap.id]), data)
    assert refused.status_code == 200
    assert Offer.objects.get(pk=cheap.id).price_minor == 2000


def test_admin_refuses_a_bad_gtin_and_gives_new_products_a_public_id(admin_client, marketplace):
    from tests.factories import make_category

    category = make_category("home/kitchen")
    data = {"title": "Admin mug", "description": "", "category": category.id, "gtin": "1234567890123",
            "attributes": "{}", "units_sold": 0}
    refused = admin_client.post(reverse("admin:catalog_product_add"), data)
    assert refused.status_code == 200 and "valid check digit" in refused.content.decode()
    data["gtin"] = "5012345678900"
    assert admin_client.post(reverse("admin:catalog_product_add"), data).status_code == 302
    product = Product.objects.get(title="Admin mug")
    assert product.public_id.startswith("M") and len(product.public_id) == 10


def test_seller_status_is_read_only_in_the_admin(admin_client, marketplace):
    seller = make_seller("Shop")
    page = admin_client.get(reverse("admin:sellers_seller_change", args=[seller.id])).content.decode()
    assert 'name="status"' not in page
    assert reverse("ops:sellers") in page


def test_api_key_secret_hash_is_read_only_and_keys_are_not_added_here(admin_client, world):
    key = world.seller.api_keys.get()
    page = admin_client.get(reverse("admin:api_apikey_change", args=[key.id])).content.decode()
    assert 'name="secret_hash"' not in page
    assert admin_client.get(reverse("admin:api_apikey_add")).status_code == 403
