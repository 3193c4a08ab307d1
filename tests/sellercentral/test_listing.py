"""Listing a product: find it by GTIN or text, set the offer, or add a new product and offer together."""
import pytest
from django.urls import reverse

from mercato.catalog.models import Brand, Product
from mercato.offers.models import BuyBox, Offer
from tests.factories import make_attribute, make_category, make_marketplace, make_offer, make_product, make_seller
from tests.sellercentral.pages import field_errors, text

OFFER = {"condition": "new", "price": "12.50", "shipping": "", "quantity": "8", "handling_days": "2",
         "condition_note": "", "seller_sku": ""}


def test_exact_gtin_jumps_to_the_offer_form_and_the_offer_shows_in_the_table(seller_client, seller, marketplace):
    product = make_product("Red enamel mug", gtin="5012345678900")
    found = seller_client.get(reverse("sellercentral:list_product"), {"q": "5012345678900"})
    assert found.status_code == 302
    assert found.url == reverse("sellercentral:list_offer", args=[product.public_id])

    form = seller_client.get(found.url)
    assert "Red enamel mug" in text(form)
    listed = seller_client.post(found.url, {**OFFER, "seller_sku": "MUG-RED"})
    assert listed.status_code == 302 and listed.url == reverse("sellercentral:offers")

    offer = Offer.objects.get(seller=seller, product=product)
    assert (offer.price_minor, offer.shipping_minor, offer.quantity, offer.seller_sku, offer.marketplace) == (
        1250, 0, 8, "MUG-RED", marketplace)
    table = text(seller_client.get(reverse("sellercentral:offers")))
    assert "Red enamel mug" in table and "MUG-RED" in table and "£12.50" in table
    assert "Buy Box: yes" in table  # the only offer holds the Buy Box


def test_gtin_typed_as_upc_or_with_spaces_still_matches(seller_client):
    product = make_product("Kettle", gtin="0012345678905")
    found = seller_client.get(reverse("sellercentral:list_product"), {"q": " 012345678905 "})
    assert found.url == reverse("sellercentral:list_offer", args=[product.public_id])


def test_platform_id_jumps_to_the_offer_form(seller_client):
    product = make_product("Teapot")
    found = seller_client.get(reverse("sellercentral:list_product"), {"q": product.public_id.lower()})
    assert found.url == reverse("sellercentral:list_offer", args=[product.public_id])


def test_text_search_finds_products_on_sale_and_products_nobody_sells_yet(seller_client, marketplace, reindex):
    on_sale = make_product("Blue stoneware mug")
    make_offer(product=on_sale, marketplace=marketplace)
    unsold = make_product("Green stoneware mug")
    make_product("Cast iron pan")
    reindex()
    page = text(seller_client.get(reverse("sellercentral:list_product"), {"q": "stoneware mug"}))
    assert "Blue stoneware mug" in page
    page = text(seller_client.get(reverse("sellercentral:list_product"), {"q": "green stoneware"}))
    assert unsold.title in page and "Cast iron pan" not in page


def test_unknown_gtin_offers_to_create_the_product(seller_client):
    page = seller_client.get(reverse("sellercentral:list_product"), {"q": "4006381333931"})
    assert page.status_code == 200
    assert "Create a new product with GTIN 4006381333931" in text(page)
    new_form = seller_client.get(reverse("sellercentral:list_new"), {"gtin": "4006381333931"})
    assert 'value="4006381333931"' in new_form.content.decode()


def test_new_product_and_offer_are_created_in_one_go(seller_client, seller, marketplace):
    make_category("home/kitchen")
    make_attribute("colour")
    make_attribute("capacity", value_type="integer", unit="ml")
    response = seller_client.post(reverse("sellercentral:list_new"), {
        "title": "Speckled espresso cup", "category": "home/kitchen", "brand": "Harbour Pottery",
        "gtin": "4006381333931", "description": "Hand thrown.", "attr_colour": "Sand", "attr_capacity": "90",
        "length_mm": "70", "width_mm": "70", "height_mm": "60", "weight_grams": "150",
        **OFFER, "price": "9.00", "shipping": "1.50"})
    assert response.status_code == 302
    product = Product.objects.get(gtin="4006381333931")
    assert (product.title, product.brand.name, product.created_by_seller, product.attributes) == (
        "Speckled espresso cup", "Harbour Pottery", seller, {"colour": "Sand", "capacity": 90})
    offer = Offer.objects.get(product=product)
    assert (offer.seller, offer.price_minor, offer.shipping_minor) == (seller, 900, 150)
    assert BuyBox.objects.get(product=product, marketplace=marketplace).offer_id == offer.id


def test_new_product_with_a_bad_offer_writes_neither(seller_client):
    make_category("home/kitchen")
    response = seller_client.post(reverse("sellercentral:list_new"), {
        "title": "Speckled espresso cup", "category": "home/kitchen", "brand": "Brand new brand", "gtin": "",
        **OFFER, "price": "0"})
    assert field_errors(response, "price") == ["Price must be more than zero"]
    assert not Product.objects.exists() and not Brand.objects.exists()


def test_new_product_refused_by_the_service_after_the_product_was_made_rolls_back(seller_client, seller):
    make_category("home/kitchen")
    make_offer(seller=seller, seller_sku="TAKEN")  # the offer's SKU clashes only once the product exists
    products_before = Product.objects.count()
    response = seller_client.post(reverse("sellercentral:list_new"), {
        "title": "Espresso cup", "category": "home/kitchen", **OFFER, "seller_sku": "TAKEN"})
    assert field_errors(response, "seller_sku") == ["You already use the SKU 'TAKEN' for another offer"]
    assert Product.objects.count() == products_before


def test_duplicate_gtin_points_to_the_existing_products_offer_form(seller_client):
    make_category("home/kitchen")
    existing = make_product("Original mug", gtin="5012345678900")
    response = seller_client.post(reverse("sellercentral:list_new"), {
        "title": "Copy mug", "category": "home/kitchen", "gtin": "5012345678900", **OFFER})
    assert response.status_code == 400
    assert "already in the catalog" in field_errors(response, "gtin")[0]
    assert reverse("sellercentral:list_offer", args=[existing.public_id]) in response.content.decode()
    assert "Original mug” has this GTIN" in text(response)
    assert Product.objects.count() == 1 and not Offer.objects.exists()


@pytest.mark.parametrize("fields, field, message", [
    ({"category": ""}, "category", "This field is required."),
    ({"gtin": "1234567890123"}, "gtin", "GTIN must be 8, 12, 13 or 14 digits with a valid check digit"),
    ({"weight_grams": "0"}, "weight_grams", "Weight grams must be between 1 and 1000000"),
    ({"attr_capacity": "lots"}, "attr_capacity", "Capacity (ml) must be a whole number"),
    ({"title": "x" * 201}, "title", "Ensure this value has at most 200 characters (it has 201)."),
])
def test_bad_product_details_are_shown_next_to_the_field(seller_client, fields, field, message):
    make_category("home/kitchen")
    make_attribute("capacity", value_type="integer", unit="ml")
    response = seller_client.post(reverse("sellercentral:list_new"), {
        "title": "Cup", "category": "home/kitchen", **OFFER, **fields})
    assert field_errors(response, field) == [message]
    assert not Product.objects.exists()


def test_category_must_be_a_leaf(seller_client):
    make_category("home/kitchen")
    form = seller_client.get(reverse("sellercentral:list_new"))
    assert 'value="home/kitchen"' in form.content.decode()
    assert 'value="home"' not in form.content.decode()  # only leaves are offered
    response = seller_client.post(reverse("sellercentral:list_new"), {"title": "Cup", "category": "home", **OFFER})
    assert field_errors(response, "category")
    assert not Product.objects.exists()


def test_duplicate_offer_is_refused_on_the_condition_and_nothing_is_written(seller_client, seller, marketplace):
    product = make_product()
    make_offer(seller=seller, product=product, marketplace=marketplace, price_minor=1000)
    response = seller_client.post(reverse("sellercentral:list_offer", args=[product.public_id]),
                                  {**OFFER, "price": "5.00"})
    assert response.status_code == 400
    assert field_errors(response, "condition") == [
        "You already have an offer for this product in this condition; edit it instead"]
    assert Offer.objects.get(seller=seller, product=product).price_minor == 1000


def test_same_product_in_another_condition_is_a_second_offer(seller_client, seller, marketplace):
    product = make_product()
    make_offer(seller=seller, product=product, marketplace=marketplace)
    response = seller_client.post(reverse("sellercentral:list_offer", args=[product.public_id]),
                                  {**OFFER, "condition": "used_good", "condition_note": "Box opened"})
    assert response.status_code == 302
    assert Offer.objects.filter(seller=seller, product=product).count() == 2


@pytest.mark.parametrize("field, value, message", [
    ("price", "twelve", "Price must be a number like 12.50"),
    ("price", "-3", "Price must be more than zero"),
    ("price", "0", "Price must be more than zero"),
    ("price", "0.001", "Price has more than 2 decimal places"),
    ("price", "5000000", "Price is above the limit of £1,000,000.00"),
    ("price", "", "This field is required."),
    ("shipping", "-1", "Shipping must be zero or more"),
    ("quantity", "many", "Enter a whole number."),
    ("quantity", "-1", "Quantity must be between 0 and 1000000"),
    ("quantity", "99999999999", "Quantity must be between 0 and 1000000"),
    ("quantity", "2.5", "Enter a whole number."),
    ("handling_days", "45", "Handling days must be between 0 and 30"),
])
def test_bad_price_and_quantity_are_refused_next_to_the_field(seller_client, field, value, message):
    product = make_product()
    response = seller_client.post(reverse("sellercentral:list_offer", args=[product.public_id]),
                                  {**OFFER, field: value})
    assert response.status_code == 400
    assert field_errors(response, field) == [message]
    assert not Offer.objects.exists()


def test_offer_goes_to_the_marketplace_the_seller_has_chosen(seller_client, seller, marketplace):
    germany = make_marketplace("de", currency="EUR", language="de-DE", country_code="DE")
    product = make_product()
    url = reverse("sellercentral:list_offer", args=[product.public_id])
    assert "Price (EUR)" in text(seller_client.get(url, {"marketplace": "de"}))
    seller_client.post(url, OFFER)
    offer = Offer.objects.get(seller=seller)
    assert (offer.marketplace, offer.currency, offer.price_minor) == (germany, "EUR", 1250)


def test_unknown_product_is_404(seller_client):
    assert seller_client.get(reverse("sellercentral:list_offer", args=["MNOSUCH"])).status_code == 404


def test_another_sellers_product_can_be_offered_too(seller_client, seller, marketplace):
    other = make_seller("Rival")
    product = make_product()
    make_offer(seller=other, product=product, marketplace=marketplace, price_minor=2000)
    seller_client.post(reverse("sellercentral:list_offer", args=[product.public_id]), {**OFFER, "price": "15.00"})
    assert BuyBox.objects.get(product=product).offer.seller == seller  # cheaper, equally good seller
