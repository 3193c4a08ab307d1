"""The shopper's orders pages: the list, one order split by seller, and cancelling."""
import pytest

from mercato.orders.models import Order, SellerOrder
from mercato.orders.services import accept_seller_order, confirm_shipment, refund_seller_order
from tests.factories import buy, make_offer, make_product, make_seller, make_shopper
from tests.storefront.html import elements, visible_text


@pytest.fixture
def shopper(client, marketplace):
    user = make_shopper("ada@example.com")
    client.force_login(user)
    return user


def offer_from(seller_name, title, price_minor, marketplace, **terms):
    return make_offer(seller=make_seller(seller_name), product=make_product(title), marketplace=marketplace,
                      price_minor=price_minor, **terms)


@pytest.fixture
def two_seller_order(shopper, marketplace):
    kettle = offer_from("Kettle Kings", "Copper kettle", 3000, marketplace, shipping_minor=250)
    mug = offer_from("Mug Masters", "Enamel mug", 800, marketplace)
    return buy(shopper, (kettle, 2), (mug, 1), delivery_options={kettle.seller_id: "express"})


def part_of(order, seller_name) -> SellerOrder:
    return order.seller_orders.get(seller__display_name=seller_name)


def test_orders_list_newest_first_with_status_total_and_date(client, shopper, marketplace, two_seller_order):
    later = buy(shopper, offer_from("Tea Co", "Green tea", 450, marketplace))
    Order.objects.create(public_id="OPENDING01", customer=shopper, marketplace=marketplace, currency="GBP",
                         idempotency_key="still-being-placed", ship_to_name="A", ship_to_line1="B", ship_to_city="C",
                         ship_to_postal_code="D", ship_to_country_code="GB")
    someone_else = make_shopper("eve@example.com")
    buy(someone_else, offer_from("Eve's Shop", "Secret gadget", 999, marketplace))

    response = client.get("/account/orders/")

    assert response.status_code == 200
    summaries = [e.text for e in elements(response, "order-summary")]
    assert len(summaries) == 2
    assert later.public_id in summaries[0] and "Green tea" in summaries[0] and "£4.50" in summaries[0]
    assert two_seller_order.public_id in summaries[1] and "Total £76.99" in summaries[1]
    assert "Copper kettle × 2 · sold by Kettle Kings" in summaries[1] and "Placed" in summaries[1]
    assert "OPENDING01" not in visible_text(response) and "Secret gadget" not in visible_text(response)


def test_order_page_shows_each_seller_order_payment_and_cancel(client, shopper, two_seller_order):
    response = client.get(f"/account/orders/{two_seller_order.public_id}/")

    assert response.status_code == 200
    parts = [e.text for e in elements(response, "seller-order")]
    assert "Sold by Kettle Kings New" in parts[0] and "(express delivery)" in parts[0]
    assert "Copper kettle 2 £30.00 £60.00" in parts[0] and "Total from Kettle Kings £68.99" in parts[0]
    kettle_part = part_of(two_seller_order, "Kettle Kings")
    assert f"Arrives by {kettle_part.promised_delivery_date:%A} {kettle_part.promised_delivery_date.day}" in parts[0]
    assert "Sold by Mug Masters" in parts[1] and "(standard delivery)" in parts[1]
    text = visible_text(response)
    assert "Visa ending in 4242" in text
    assert "Order total £76.99" in text and "2 Market Street" in text
    assert "Cancel order" in text
    assert "cancel free of charge" not in text  # only Buy Now orders have a free-cancel window


def test_shipped_order_shows_carrier_tracking_and_refunds(client, shopper, two_seller_order):
    kettle_part = part_of(two_seller_order, "Kettle Kings")
    mug_part = part_of(two_seller_order, "Mug Masters")
    accept_seller_order(seller=mug_part.seller, seller_order_id=mug_part.public_id)
    confirm_shipment(seller=kettle_part.seller, seller_order_id=kettle_part.public_id, carrier="Royal Mail",
                     tracking_number="RM123456789GB")
    refund_seller_order(seller=kettle_part.seller, seller_order_id=kettle_part.public_id, amount_minor=500,
                        reason="Dented lid", idempotency_key="refund-1")

    response = client.get(f"/account/orders/{two_seller_order.public_id}/")

    parts = [e.text for e in elements(response, "seller-order")]
    assert "Shipped" in parts[0] and "Royal Mail · tracking number RM123456789GB" in parts[0]
    assert "Refunded £5.00" in parts[0] and "Dented lid" in parts[0]
    assert "Accepted" in parts[1] and "tracking number" not in parts[1]
    assert "Cancel order" not in visible_text(response)  # nothing is pending any more
    assert "Partially shipped" in elements(response, "page-header")[0].text


def test_cancel_then_cancel_again_says_it_is_already_cancelled(client, shopper, two_seller_order):
    url = f"/account/orders/{two_seller_order.public_id}/"

    response = client.post(url + "cancel/")

    assert response.status_code == 302 and response["Location"] == url
    page = client.get(url)
    assert "Your order is cancelled. You have not been charged." in visible_text(page)
    assert "Cancelled" in elements(page, "page-header")[0].text
    assert "Cancel order" not in visible_text(page)
    two_seller_order.refresh_from_db()
    assert two_seller_order.status == Order.Status.CANCELLED

    again = client.post(url + "cancel/")

    assert again.status_code == 409
    assert "This order is already cancelled" in elements(again, "form-errors")[0].text


def test_cancel_keeps_what_a_seller_already_accepted(client, shopper, two_seller_order):
    mug_part = part_of(two_seller_order, "Mug Masters")
    accept_seller_order(seller=mug_part.seller, seller_order_id=mug_part.public_id)

    response = client.post(f"/account/orders/{two_seller_order.public_id}/cancel/", follow=True)

    assert "We cancelled the items no seller had accepted yet" in visible_text(response)
    assert part_of(two_seller_order, "Kettle Kings").status == "cancelled"
    assert part_of(two_seller_order, "Mug Masters").status == "accepted"
    again = client.post(f"/account/orders/{two_seller_order.public_id}/cancel/")
    assert again.status_code == 400
    assert "The sellers have already accepted or shipped this order" in elements(again, "form-errors")[0].text


def test_another_shoppers_order_is_not_found(client, shopper, marketplace):
    theirs = buy(make_shopper("eve@example.com"), offer_from("Eve's Shop", "Secret gadget", 999, marketplace))

    assert client.get(f"/account/orders/{theirs.public_id}/").status_code == 404
    assert client.post(f"/account/orders/{theirs.public_id}/cancel/").status_code == 404
    assert client.get("/account/orders/ONOSUCH123/").status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == Order.Status.PLACED


def test_orders_pages_need_sign_in(client, marketplace):
    assert client.get("/account/orders/")["Location"] == "/account/login/?next=/account/orders/"
    assert client.get("/account/orders/O123/").status_code == 302


def test_order_page_query_count_does_not_grow_with_seller_orders(client, shopper, marketplace,
                                                                 django_assert_num_queries):
    one = buy(shopper, offer_from("Solo", "Single thing", 1000, marketplace))
    many = buy(shopper, *[(offer_from(f"Seller {n}", f"Thing {n}", 1000 + n, marketplace), 2) for n in range(4)])
    client.get(f"/account/orders/{one.public_id}/")

    # session, user, order with payment, seller orders with sellers, lines, refunds, network parcels,
    # the stored "also bought" lists of its items
    with django_assert_num_queries(8):
        assert client.get(f"/account/orders/{one.public_id}/").status_code == 200
    with django_assert_num_queries(8):
        response = client.get(f"/account/orders/{many.public_id}/")
    assert len(elements(response, "seller-order")) == 4


def test_orders_list_query_count_does_not_grow_with_orders(client, shopper, marketplace,
                                                           django_assert_num_queries):
    buy(shopper, offer_from("Solo", "Single thing", 1000, marketplace))
    client.get("/account/orders/")
    # session, user, count, orders, seller orders with sellers, lines
    with django_assert_num_queries(6):
        client.get("/account/orders/")
    for n in range(5):
        buy(shopper, offer_from(f"Seller {n}", f"Thing {n}", 1000 + n, marketplace))
    with django_assert_num_queries(6):
        response = client.get("/account/orders/")
    assert len(elements(response, "order-summary")) == 6
