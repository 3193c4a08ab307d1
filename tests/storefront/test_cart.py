"""The cart as a shopper uses it: add from the product page, change quantities, remove, see changed prices,
and keep the cart when signing in."""
import pytest

from mercato.checkout.models import Cart, CartLine
from mercato.offers.services import OfferTerms, update_offer
from mercato.sellers.services import suspend_seller
from tests.factories import make_offer, make_product, make_seller, make_user
from tests.storefront.html import elements, visible_text

PASSWORD = "correct-horse-battery"


@pytest.fixture
def teapot(db):
    return make_product("Cast iron teapot")


@pytest.fixture
def offer(marketplace, teapot):
    return make_offer(seller=make_seller("Kettle Kings"), product=teapot, marketplace=marketplace, price_minor=2500,
                      shipping_minor=299, quantity=8, handling_days=1)


def add(client, offer, quantity=1, **headers):
    return client.post("/cart/add/", {"offer": offer.id, "quantity": quantity}, **headers)


def cart_errors(response) -> str:
    return " ".join(e.text for e in elements(response, "form-errors"))


def line_of(client) -> CartLine:
    return CartLine.objects.get(cart__token=next(iter(client.session["cart_tokens"].values())))


def test_guest_adds_the_buy_box_offer_and_sees_it_in_the_cart(client, offer, teapot):
    product_page = client.get(f"/p/{teapot.public_id}/")
    buybox = elements(product_page, "buybox")[0]
    assert "Add to cart" in buybox.text and "Buy Now" in buybox.text
    assert f'name="offer" value="{offer.id}"' in product_page.content.decode()

    response = add(client, offer, 2)

    assert response.status_code == 302 and response["Location"] == "/cart/"
    cart = client.get("/cart/")
    text = visible_text(cart)
    assert "Added to your cart: Cast iron teapot" in text
    line = elements(cart, "cart-line")[0].text
    assert "Cast iron teapot" in line
    assert "£25.00 each" in line and "£2.99 delivery each" in line
    assert "Items £50.00" in line and "Delivery £5.98" in line and "Line total £55.98" in line
    assert "Arrives by" in line
    assert "Sold by Kettle Kings" in elements(cart, "cart-group")[0].text
    summary = elements(cart, "cart-summary")[0].text
    assert "Items (2) £50.00" in summary and "Total £55.98" in summary and "Proceed to checkout" in summary
    assert elements(cart, "cart-count")[0].text == "2"


def test_any_other_offer_can_be_added_and_the_cart_groups_lines_by_seller(client, marketplace, offer, teapot):
    other = make_offer(seller=make_seller("Budget Brews"), product=teapot, marketplace=marketplace,
                       price_minor=2900, quantity=3)
    page = client.get(f"/p/{teapot.public_id}/")
    assert "Add to cart from Budget Brews" in elements(page, "offer-table")[0].text

    add(client, offer)
    add(client, other)
    add(client, offer)

    cart = client.get("/cart/")
    groups = [group.text for group in elements(cart, "cart-group")]
    assert len(groups) == 2
    assert "Sold by Kettle Kings" in groups[0] and "Line total £55.98" in groups[0]
    assert "Sold by Budget Brews" in groups[1] and "Line total £29.00" in groups[1]
    assert elements(cart, "cart-count")[0].text == "3"


@pytest.mark.parametrize("quantity, message", [
    ("0", "Quantity must be at least 1"),
    ("-3", "Quantity must be at least 1"),
    ("two", "Quantity must be a whole number"),
    ("9", "Only 8 available from this seller"),
])
def test_a_refused_quantity_shows_the_cart_with_the_message_and_adds_nothing(client, offer, quantity, message):
    response = add(client, offer, quantity)

    assert response.status_code == 400
    assert message in cart_errors(response)
    assert not CartLine.objects.exists()


def test_quantity_above_the_per_order_limit_is_refused(client, marketplace, teapot, settings):
    settings.ORDER_LINE_MAX_UNITS = 4
    plenty = make_offer(product=teapot, marketplace=marketplace, quantity=50)

    response = add(client, plenty, 5)

    assert response.status_code == 400
    assert "You can buy at most 4 of one offer per order" in cart_errors(response)
    assert not CartLine.objects.exists()


def test_an_offer_of_a_suspended_seller_cannot_be_added(client, offer):
    suspend_seller(seller=offer.seller, operator=None, reason="Too many late shipments")

    response = add(client, offer)

    assert response.status_code == 400
    assert "Kettle Kings is not selling at the moment" in cart_errors(response)
    assert not CartLine.objects.exists()


def test_an_unknown_offer_is_refused_without_an_error_page(client, offer):
    for value in ("999999", "abc", "", "9" * 30):
        response = client.post("/cart/add/", {"offer": value, "quantity": 1})
        assert response.status_code == 400
        assert "No such offer" in cart_errors(response)


def test_change_quantity_and_remove(client, offer):
    add(client, offer)
    line = line_of(client)

    response = client.post("/cart/update/", {"line": line.id, "quantity": 3})
    assert response.status_code == 302
    cart = client.get("/cart/")
    assert "Line total £83.97" in elements(cart, "cart-line")[0].text
    assert elements(cart, "cart-count")[0].text == "3"

    refused = client.post("/cart/update/", {"line": line.id, "quantity": 0})
    assert refused.status_code == 400
    assert "Quantity must be at least 1" in cart_errors(refused)
    assert CartLine.objects.get(pk=line.pk).quantity == 3

    response = client.post("/cart/remove/", {"line": line.id})
    assert response.status_code == 302
    cart = client.get("/cart/")
    assert "Removed from your cart." in visible_text(cart)
    assert "Your cart is empty" in visible_text(cart)
    assert elements(cart, "cart-count")[0].text == "0"


def test_htmx_quantity_change_swaps_the_cart_and_the_header_count(client, offer):
    add(client, offer)
    line = line_of(client)

    response = client.post("/cart/update/", {"line": line.id, "quantity": 2}, HTTP_HX_REQUEST="true")

    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<div id="cart"') and "<html" not in html
    assert 'id="cart-count" hx-swap-oob="true"' in html
    assert elements(response, "cart-count")[0].text == "2"
    assert "Line total £55.98" in elements(response, "cart-line")[0].text

    refused = client.post("/cart/update/", {"line": line.id, "quantity": 99}, HTTP_HX_REQUEST="true")
    assert refused.status_code == 400
    assert "<html" not in refused.content.decode()
    assert "You can buy at most 10 of one offer per order" in cart_errors(refused)


def test_a_line_of_another_sessions_cart_is_answered_like_a_missing_one(client, offer, marketplace):
    other_shopper = type(client)()
    add(other_shopper, offer, 2)
    their_line = line_of(other_shopper)
    add(client, offer)

    for url, data in (("/cart/update/", {"line": their_line.id, "quantity": 1}),
                      ("/cart/remove/", {"line": their_line.id}),
                      ("/cart/remove/", {"line": "not-a-number"})):
        response = client.post(url, data)
        assert response.status_code == 400
        assert "This item is not in your cart" in cart_errors(response)
        assert "Cast iron teapot" in elements(response, "cart-line")[0].text  # our own cart, shown again

    assert CartLine.objects.get(pk=their_line.pk).quantity == 2


def test_a_changed_price_is_flagged_until_the_shopper_accepts_it(client, offer):
    add(client, offer)
    update_offer(seller=offer.seller, offer_id=offer.id, terms=OfferTerms(price_minor=2750))

    cart = client.get("/cart/")
    assert "Price went up from £25.00 to £27.50 since you added it." in elements(cart, "cart-line")[0].text
    assert "Line total £30.49" in elements(cart, "cart-line")[0].text
    assert "Accept new prices" in visible_text(cart)

    response = client.post("/cart/accept-prices/")
    assert response.status_code == 302
    cart = client.get("/cart/")
    assert "Price went up" not in visible_text(cart)
    assert "Accept new prices" not in visible_text(cart)


def test_a_sold_out_line_stays_in_the_cart_with_a_warning_and_is_not_totalled(client, marketplace, offer, teapot):
    other = make_offer(seller=make_seller("Budget Brews"), product=teapot, marketplace=marketplace,
                       price_minor=1000, quantity=3)
    add(client, offer)
    add(client, other, 3)
    update_offer(seller=other.seller, offer_id=other.id, terms=OfferTerms(quantity=1))

    cart = client.get("/cart/")

    assert "Only 1 left; lower the quantity." in elements(cart, "cart-line")[1].text
    summary = elements(cart, "cart-summary")[0].text
    assert "Total £27.99" in summary
    assert "Items that can't be bought now stay in your cart." in summary


def test_signing_in_merges_the_guest_cart_into_the_account(client, marketplace, offer, teapot):
    shopper = make_user("sam@example.com", password=PASSWORD)
    other = make_offer(seller=make_seller("Budget Brews"), product=teapot, marketplace=marketplace, quantity=5)
    from mercato.checkout.services import add_to_cart, new_cart
    add_to_cart(cart=new_cart(marketplace=marketplace, user=shopper), offer_id=offer.id, quantity=1)
    add(client, offer, 2)
    add(client, other, 1)

    response = client.post("/account/login/", {"username": "sam@example.com", "password": PASSWORD,
                                                "next": "/cart/"})

    assert response["Location"] == "/cart/"
    cart = Cart.objects.get(user=shopper)
    assert {line.offer_id: line.quantity for line in cart.lines.all()} == {offer.id: 3, other.id: 1}
    assert Cart.objects.count() == 1
    page = client.get("/cart/")
    assert elements(page, "cart-count")[0].text == "4"
    assert len(elements(page, "cart-line")) == 2


def test_signing_up_keeps_the_guest_cart(client, offer):
    add(client, offer, 2)

    client.post("/account/signup/", {"full_name": "Ada", "email": "ada@example.com",
                                     "password1": "plum-orchard-lantern-42", "password2": "plum-orchard-lantern-42"})

    cart = Cart.objects.get(user__email="ada@example.com")
    assert [line.quantity for line in cart.lines.all()] == [2]
    assert elements(client.get("/"), "cart-count")[0].text == "2"


def test_the_header_count_costs_no_query_on_the_product_page(client, offer, teapot, django_assert_max_num_queries):
    add(client, offer, 2)
    client.get(f"/p/{teapot.public_id}/")

    # the session, the product, its offers, its recommendations, the product view logged for the visitor
    with django_assert_max_num_queries(5):
        page = client.get(f"/p/{teapot.public_id}/")

    assert elements(page, "cart-count")[0].text == "2"


def test_the_cart_page_query_count_does_not_grow_with_lines(client, marketplace, offer,
                                                            django_assert_num_queries):
    add(client, offer)
    client.get("/cart/")
    # the session, the cart, its lines with offers, sellers and products, the products' categories, and what is
    # bought with them
    with django_assert_num_queries(5):
        client.get("/cart/")
    for number in range(4):
        add(client, make_offer(product=make_product(f"Mug {number}"), marketplace=marketplace))
    with django_assert_num_queries(5):
        page = client.get("/cart/")
    assert len(elements(page, "cart-line")) == 5
