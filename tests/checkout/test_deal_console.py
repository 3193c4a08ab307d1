"""The ops console's deals page: operators schedule events and deals, see units claimed, cancel a deal; bad input
comes back with the message (400) and writes nothing; nobody else gets in."""
from datetime import timedelta

import pytest
from django.utils import timezone

from mercato.checkout.deal_models import Deal, Event
from tests.checkout.deal_world import make_deal, make_event
from tests.factories import buy, make_offer, make_operator, make_product, make_seller, make_shopper, make_user
from tests.sellercentral.pages import field_errors, text

pytestmark = pytest.mark.django_db


@pytest.fixture
def operator_client(client, db):
    client.force_login(make_operator())
    return client


@pytest.fixture
def offer(marketplace):
    return make_offer(marketplace=marketplace, product=make_product("Cast iron teapot"), price_minor=2000,
                      quantity=30)


def moment(delta: timedelta) -> str:
    return (timezone.now() + delta).strftime("%Y-%m-%dT%H:%M")


def deal_form(for_offer, **changes) -> dict:
    data = {"form": "deal", "deal-marketplace": for_offer.marketplace_id, "deal-offer": str(for_offer.id), "deal-event": "",
            "deal-starts_at": moment(timedelta(hours=1)), "deal-ends_at": moment(timedelta(hours=4)),
            "deal-deal_price": "14.99", "deal-member_price": "12.99", "deal-unit_cap": "25"}
    data.update({f"deal-{name}": value for name, value in changes.items()})
    return data


def event_form(marketplace, **changes) -> dict:
    data = {"form": "event", "event-marketplace": marketplace.id, "event-name": "Members' Day",
            "event-slug": "members-day", "event-starts_at": moment(timedelta(hours=1)),
            "event-ends_at": moment(timedelta(hours=25)), "event-description": "Deals all day."}
    data.update({f"event-{name}": value for name, value in changes.items()})
    return data


def test_visitors_sign_in_and_others_are_refused(client, marketplace):
    response = client.get("/ops/deals/")
    assert response.status_code == 302 and "next=" in response.url
    user = make_user()
    make_seller(user=user)
    client.force_login(user)
    assert client.get("/ops/deals/").status_code == 403
    assert client.post("/ops/deals/", event_form(marketplace)).status_code == 403
    assert not Event.objects.exists()


def test_an_operator_schedules_an_event_and_a_deal_in_it(operator_client, marketplace, offer):
    response = operator_client.post("/ops/deals/", event_form(marketplace), follow=True)
    assert "/events/members-day/" in text(response)
    event = Event.objects.get()

    response = operator_client.post("/ops/deals/", deal_form(offer, event=str(event.pk)), follow=True)

    deal = Deal.objects.get()
    assert (deal.deal_price_minor, deal.member_price_minor, deal.unit_cap, deal.event_id) == (1499, 1299, 25, event.pk)
    assert f"Deal {deal.pk} on offer {offer.id} is scheduled" in text(response)
    assert "Cast iron teapot" in text(response) and "0 / 25" in text(response)


@pytest.mark.parametrize("changes, field, message", [
    ({"deal_price": "20.00"}, "deal-deal_price", "The deal price must be below the offer's price (£20.00)"),
    ({"deal_price": "cheap"}, "deal-deal_price", "Deal price must be a number like 12.50"),
    ({"member_price": "15.50"}, "deal-member_price", "The member price must not be above the deal price"),
    ({"unit_cap": "0"}, "deal-unit_cap", "The unit cap must be at least 1"),
    ({"ends_at": moment(timedelta(minutes=30))}, "deal-ends_at", "The deal must end after it starts"),
    ({"offer": "99999"}, "deal-offer", "No offer 99999 in Mercato GB"),
    ({"starts_at": "soon"}, "deal-starts_at", "Enter a valid date/time."),
])
def test_bad_deals_come_back_with_the_message_and_nothing_is_written(operator_client, offer, changes, field, message):
    response = operator_client.post("/ops/deals/", deal_form(offer, **changes))

    assert response.status_code == 400
    assert message in " ".join(field_errors(response, field))
    assert not Deal.objects.exists()


def test_an_overlapping_deal_is_refused(operator_client, offer):
    make_deal(offer, starts_in=timedelta(hours=2))

    response = operator_client.post("/ops/deals/", deal_form(offer))

    assert response.status_code == 400
    assert "deals on one offer may not overlap" in " ".join(field_errors(response, "deal-starts_at"))
    assert Deal.objects.count() == 1


def test_a_bad_event_comes_back_with_the_message(operator_client, marketplace):
    make_event(marketplace)
    response = operator_client.post("/ops/deals/", event_form(marketplace))
    assert response.status_code == 400
    assert "exists already" in " ".join(field_errors(response, "event-slug"))

    response = operator_client.post("/ops/deals/", event_form(marketplace, slug="Bad Slug!"))
    assert response.status_code == 400 and Event.objects.count() == 1


def test_the_list_shows_units_claimed_and_given_back(operator_client, offer):
    from mercato.orders.services import cancel_order

    make_deal(offer, cap=10)
    buy(make_shopper(), (offer, 2))
    shopper = make_shopper()
    order = buy(shopper, (offer, 1))
    cancel_order(customer=shopper, order_id=order.public_id)

    page = text(operator_client.get("/ops/deals/"))

    assert "2 / 10" in page and "1 given back" in page and "Running" in page


def test_an_operator_cancels_a_deal(operator_client, offer):
    deal = make_deal(offer)

    response = operator_client.post(f"/ops/deals/{deal.pk}/cancel/", follow=True)

    assert "is cancelled" in text(response)
    assert Deal.objects.get(pk=deal.pk).status == Deal.Status.CANCELLED
    again = operator_client.post(f"/ops/deals/{deal.pk}/cancel/", follow=True)
    assert "already cancelled" in text(again)


def test_the_admin_lists_deals_read_only(admin_client, offer):
    deal = make_deal(offer)
    assert admin_client.get("/admin/checkout/deal/").status_code == 200
    assert admin_client.get(f"/admin/checkout/deal/{deal.pk}/change/").status_code == 200
    assert admin_client.get("/admin/checkout/deal/add/").status_code == 403
