"""Seller Central orders: the seller's own orders only, and accepting, shipping, delivering, cancelling and
refunding through the pages, with the refusals a seller meets."""
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from mercato.core import ledger
from mercato.orders.models import Order, Refund, SellerOrder
from tests.factories import buy, make_fee_rule, make_offer, make_product, make_seller, make_shopper
from tests.sellercentral.pages import field_errors, text


@pytest.fixture
def fees(marketplace):
    return make_fee_rule(marketplace, referral_rate_bp=1000, minimum_referral_minor=0, closing_fee_minor=50)


def sell(seller, marketplace, *, title="Walnut board", price_minor=2000, shipping_minor=300, quantity=1,
         channel="checkout", sku=None):
    offer = make_offer(seller=seller, product=make_product(title), marketplace=marketplace, price_minor=price_minor,
                       shipping_minor=shipping_minor, quantity=10, seller_sku=sku)
    order = buy(make_shopper(), (offer, quantity), channel=channel)
    return order.seller_orders.get(seller=seller)


def detail_url(seller_order, action=None):
    name = f"sellercentral:order_{action}" if action else "sellercentral:order_detail"
    return reverse(name, args=[seller_order.public_id])


def test_orders_list_shows_own_orders_newest_first_and_filters_by_status(seller_client, seller, marketplace):
    first = sell(seller, marketplace, title="First board")
    second = sell(seller, marketplace, title="Second board")
    theirs = sell(make_seller("Rival"), marketplace, title="Rival lamp")
    being_placed = sell(seller, marketplace)
    Order.objects.filter(pk=being_placed.order_id).update(status=Order.Status.PENDING_PAYMENT)
    SellerOrder.objects.filter(pk=first.pk).update(status=SellerOrder.Status.ACCEPTED)

    page = seller_client.get(reverse("sellercentral:orders"))
    shown = [so.public_id for so in page.context["page"].object_list]
    assert shown == [second.public_id, first.public_id]
    assert theirs.public_id not in text(page) and being_placed.public_id not in text(page)
    assert "New (1)" in text(page) and "Accepted (1)" in text(page)

    accepted = seller_client.get(reverse("sellercentral:orders"), {"status": "accepted"})
    assert [so.public_id for so in accepted.context["page"].object_list] == [first.public_id]
    assert "No orders with this status." in text(seller_client.get(reverse("sellercentral:orders"),
                                                                  {"status": "delivered"}))


def test_orders_list_is_paginated_in_a_constant_number_of_queries(seller_client, seller, marketplace,
                                                                 django_assert_max_num_queries):
    offer = make_offer(seller=seller, marketplace=marketplace, quantity=100)
    shopper = make_shopper()
    for _ in range(27):
        buy(shopper, (offer, 1))
    with django_assert_max_num_queries(8):
        first = seller_client.get(reverse("sellercentral:orders"))
    assert "Page 1 of 2" in text(first)
    assert len(seller_client.get(reverse("sellercentral:orders"), {"page": "2"}).context["page"].object_list) == 2


def test_order_page_shows_lines_totals_fees_net_and_promised_date(seller_client, seller, marketplace, fees):
    seller_order = sell(seller, marketplace, title="Walnut board", price_minor=2000, shipping_minor=300,
                        quantity=2, sku="BOARD-1")
    page = text(seller_client.get(detail_url(seller_order)))
    assert "Walnut board BOARD-1 2 £20.00 £6.00" in page
    assert "Order total £46.00" in page
    assert "Referral fee £4.60" in page and "Closing fee £1.00" in page
    assert "Net to you £40.40" in page
    assert f"{seller_order.promised_delivery_date:%A} {seller_order.promised_delivery_date.day}" in page
    assert "A cancellation by you counts against your performance" in page


def test_seller_cannot_see_or_act_on_another_sellers_order(seller_client, seller, marketplace):
    theirs = sell(make_seller("Rival"), marketplace)
    assert seller_client.get(detail_url(theirs)).status_code == 404
    posts = {"accept": {}, "ship": {"carrier": "DPD", "tracking_number": "X1"}, "deliver": {},
             "cancel": {"reason": "no stock"}, "refund": {"amount": "1.00", "reason": "x", "idempotency_key": "k"}}
    for action, data in posts.items():
        assert seller_client.post(detail_url(theirs, action), data).status_code == 404, action
    theirs.refresh_from_db()
    assert theirs.status == SellerOrder.Status.PENDING and not theirs.tracking_number
    assert seller_client.get(reverse("sellercentral:order_detail", args=["SNOPE12345"])).status_code == 404
    assert seller_client.get("/seller/orders/S-NOPE/").status_code == 404


def test_actions_need_post(seller_client, seller, marketplace):
    seller_order = sell(seller, marketplace)
    assert seller_client.get(detail_url(seller_order, "accept")).status_code == 405


def test_accept_ship_and_deliver_through_the_pages(seller_client, seller, marketplace, fees):
    seller_order = sell(seller, marketplace, price_minor=2000, shipping_minor=0)
    accepted = seller_client.post(detail_url(seller_order, "accept"), follow=True)
    assert f"Order {seller_order.public_id} is accepted" in text(accepted)

    shipped = seller_client.post(detail_url(seller_order, "ship"), {"carrier": "Royal Mail",
                                                                    "tracking_number": "RM123456789GB"}, follow=True)
    page = text(shipped)
    assert "is shipped with Royal Mail" in page
    assert "Royal Mail, tracking number RM123456789GB" in page
    assert "Net to you £17.50" in page
    assert -ledger.balance(ledger.seller_pending(seller.pk), "GBP") == 1750

    delivered = seller_client.post(detail_url(seller_order, "deliver"), follow=True)
    assert "is delivered" in text(delivered)
    seller_order.refresh_from_db()
    assert seller_order.status == SellerOrder.Status.DELIVERED
    assert seller_order.order.status == Order.Status.DELIVERED


def test_blank_tracking_number_is_refused_next_to_the_field(seller_client, seller, marketplace):
    seller_order = sell(seller, marketplace)
    response = seller_client.post(detail_url(seller_order, "ship"), {"carrier": "DPD", "tracking_number": "  "})
    assert response.status_code == 400
    assert field_errors(response, "tracking_number") == ["Tracking number is required"]
    seller_order.refresh_from_db()
    assert seller_order.status == SellerOrder.Status.PENDING
    assert seller_order.order.payment.captured_minor == 0


def test_delivering_an_order_not_shipped_is_refused_with_the_reason(seller_client, seller, marketplace):
    seller_order = sell(seller, marketplace)
    response = seller_client.post(detail_url(seller_order, "deliver"))
    assert response.status_code == 400
    assert f"Order {seller_order.public_id} is new; it cannot be delivered now" in text(response)


def test_cancel_needs_a_reason_and_a_second_cancel_is_refused(seller_client, seller, marketplace):
    seller_order = sell(seller, marketplace)
    blank = seller_client.post(detail_url(seller_order, "cancel"), {"reason": ""})
    assert blank.status_code == 400 and field_errors(blank, "reason") == ["Reason is required"]

    cancelled = seller_client.post(detail_url(seller_order, "cancel"), {"reason": "Damaged in our store"},
                                   follow=True)
    page = text(cancelled)
    assert "is cancelled; the shopper is not charged" in page
    assert "by the seller: Damaged in our store" in page
    seller.refresh_from_db()
    assert seller.performance_score < 0.9

    again = seller_client.post(detail_url(seller_order, "cancel"), {"reason": "again"})
    assert again.status_code == 400
    assert "is cancelled; it cannot be cancelled now" in text(again)


def test_refund_part_then_refuse_more_than_is_left(seller_client, seller, marketplace, fees):
    seller_order = sell(seller, marketplace, price_minor=2000, shipping_minor=0)
    seller_client.post(detail_url(seller_order, "ship"), {"carrier": "DPD", "tracking_number": "D1"})
    page = seller_client.get(detail_url(seller_order))
    key = page.context["refund_form"].initial["idempotency_key"]
    assert f'name="idempotency_key" value="{key}"' in page.content.decode()

    done = seller_client.post(detail_url(seller_order, "refund"),
                              {"amount": "12.50", "reason": "Scratched", "idempotency_key": key}, follow=True)
    assert "£12.50 is refunded to the shopper's card" in text(done)
    repeat = seller_client.post(detail_url(seller_order, "refund"),
                                {"amount": "12.50", "reason": "Scratched", "idempotency_key": key})
    assert repeat.status_code == 302
    assert Refund.objects.filter(seller_order=seller_order).count() == 1

    too_much = seller_client.post(detail_url(seller_order, "refund"),
                                  {"amount": "7.51", "reason": "More", "idempotency_key": "second"})
    assert too_much.status_code == 400
    assert field_errors(too_much, "amount") == ["At most £7.50 is left to refund on this order"]
    assert 'value="second"' in too_much.content.decode()  # a retry sends the same key
    typo = seller_client.post(detail_url(seller_order, "refund"),
                              {"amount": "7,5", "reason": "More", "idempotency_key": "third"})
    assert field_errors(typo, "amount") == ["Amount must be a number like 12.50 (use a point for decimals)"]
    seller_order.refresh_from_db()
    assert seller_order.refunded_minor == 1250
    assert "Refunded to the shopper £12.50" in text(seller_client.get(detail_url(seller_order)))


def test_refund_before_shipping_is_refused(seller_client, seller, marketplace):
    seller_order = sell(seller, marketplace)
    response = seller_client.post(detail_url(seller_order, "refund"),
                                  {"amount": "1.00", "reason": "x", "idempotency_key": "k"})
    assert response.status_code == 400
    assert "Only shipped orders are refunded" in text(response)
    assert not Refund.objects.exists()


def test_address_is_masked_as_the_order_moves_on(seller_client, seller, marketplace):
    seller_order = sell(seller, marketplace)

    def ship_to():
        return _ship_to(seller_client.get(detail_url(seller_order)))

    assert ship_to() == "Ada Shopper 2 Market Street York YO1 7HH GB"
    seller_client.post(detail_url(seller_order, "accept"))
    assert ship_to() == "Ada Shopper 2 Market Street York YO1 7HH GB"
    seller_client.post(detail_url(seller_order, "ship"), {"carrier": "DPD", "tracking_number": "D1"})
    assert ship_to() == "York YO1 GB"
    seller_client.post(detail_url(seller_order, "deliver"))
    assert ship_to() == "GB"
    page = text(seller_client.get(detail_url(seller_order)))
    assert "Market Street" not in page and "Ada" not in page and "7HH" not in page


def test_cancelled_order_shows_only_the_country(seller_client, seller, marketplace):
    seller_order = sell(seller, marketplace)
    seller_client.post(detail_url(seller_order, "cancel"), {"reason": "No stock"})
    assert _ship_to(seller_client.get(detail_url(seller_order))) == "GB"


def _ship_to(response) -> str:
    import html
    import re

    block = re.search(r'<address id="ship-to">(.*?)</address>', response.content.decode(), re.S).group(1)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", block)).split())


def test_buy_now_order_is_held_during_the_free_cancel_window(seller_client, seller, marketplace):
    seller_order = sell(seller, marketplace, channel="buy_now")
    until = seller_order.order.free_cancel_until
    page = seller_client.get(detail_url(seller_order))
    assert f"Held until {until:%H:%M}" in text(page)
    assert f"You can accept it after {until:%H:%M}" in text(page)
    assert f"You can confirm shipment after {until:%H:%M}" in text(page)
    assert page.content.decode().count('disabled aria-describedby="held-note"') == 2
    assert _ship_to(page) == "York YO1 GB"  # the street is not needed while the shopper may cancel

    refused = seller_client.post(detail_url(seller_order, "accept"))
    assert refused.status_code == 400
    assert f"cancel this Buy Now order for free until {until:%H:%M}" in text(refused)
    ship = seller_client.post(detail_url(seller_order, "ship"), {"carrier": "DPD", "tracking_number": "D1"})
    assert ship.status_code == 400 and "ship it after that" in text(ship)

    Order.objects.filter(pk=seller_order.order_id).update(free_cancel_until=timezone.now() - timedelta(minutes=1))
    page = seller_client.get(detail_url(seller_order))
    assert "Held until" not in text(page) and "disabled" not in page.content.decode()
    assert "2 Market Street" in _ship_to(page)
    assert seller_client.post(detail_url(seller_order, "accept")).status_code == 302


def test_dashboard_counts_orders_to_ship(seller_client, seller, marketplace):
    sell(seller, marketplace)
    accepted = sell(seller, marketplace)
    shipped = sell(seller, marketplace)
    sell(make_seller("Rival"), marketplace)
    seller_client.post(detail_url(accepted, "accept"))
    seller_client.post(detail_url(shipped, "ship"), {"carrier": "DPD", "tracking_number": "D1"})
    page = text(seller_client.get(reverse("sellercentral:dashboard")))
    assert "2 orders to ship" in page
