"""Webhooks in Seller Central: add an endpoint (secret shown once), watch deliveries, send one again."""
import pytest
from django.urls import reverse

from mercato.webhooks.models import WebhookDelivery, WebhookEndpoint
from mercato.webhooks.services import create_endpoint, enqueue
from tests.factories import make_seller, make_user
from tests.sellercentral.pages import field_errors, text

SHIPPED = "fulfillment_order.shipped"


@pytest.fixture
def seller_user(db):
    return make_user()


@pytest.fixture
def seller(marketplace, seller_user):
    return make_seller("Acme Kitchen", user=seller_user)


@pytest.fixture
def seller_client(client, seller, seller_user):
    client.force_login(seller_user)
    return client


def test_api_key_page_offers_the_webhooks_scope(seller_client):
    page = seller_client.get(reverse("sellercentral:api_keys"))
    assert 'value="webhooks"' in page.content.decode()
    assert "Manage webhook endpoints" in text(page)


def test_seller_adds_an_endpoint_and_sees_its_secret_once(seller_client, seller, receiver):
    response = seller_client.post(reverse("sellercentral:webhooks"), {"url": receiver.url, "topics": [SHIPPED]})

    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    endpoint = WebhookEndpoint.objects.get(seller=seller)
    assert endpoint.secret in response.content.decode() and "shown only this once" in text(response)
    assert endpoint.topics == [SHIPPED]
    listing = seller_client.get(reverse("sellercentral:webhooks"))
    assert receiver.url in text(listing) and "Active" in text(listing)
    assert endpoint.secret not in listing.content.decode()


@pytest.mark.parametrize("url", ["ftp://files.example.com/in", "javascript:alert(1)", "https:///no-host"])
def test_url_that_is_not_http_is_shown_under_the_field(seller_client, url):
    response = seller_client.post(reverse("sellercentral:webhooks"), {"url": url, "topics": ["*"]})

    assert response.status_code == 400
    [message] = field_errors(response, "url")
    assert message.startswith("The URL must")
    assert not WebhookEndpoint.objects.exists()


def test_deliveries_show_their_status_and_can_be_sent_again(seller_client, seller, receiver, commits):
    receiver.fail_first = 1
    create_endpoint(seller=seller, url=receiver.url, topics=["*"])
    with commits():
        [delivery] = enqueue(seller_id=seller.id, topic=SHIPPED, payload={"n": 1})

    page = text(seller_client.get(reverse("sellercentral:webhooks")))
    assert delivery.event_id in page and "Pending" in page and "HTTP 500" in page

    with commits():
        sent_again = seller_client.post(reverse("sellercentral:webhook_redeliver", args=[delivery.id]))
    assert sent_again.status_code == 302
    page = text(seller_client.get(sent_again["Location"]))
    assert "is being sent again" in page and "Delivered" in page
    assert WebhookDelivery.objects.get().status == "delivered"


def test_seller_disables_and_deletes_an_endpoint(seller_client, seller):
    endpoint = create_endpoint(seller=seller, url="https://shop.example.com/hooks", topics=["*"])

    disabled = seller_client.post(reverse("sellercentral:webhook_toggle", args=[endpoint.id]), {"active": "0"},
                                  follow=True)
    assert "is disabled" in text(disabled) and "Disabled" in text(disabled)
    deleted = seller_client.post(reverse("sellercentral:webhook_delete", args=[endpoint.id]), follow=True)
    assert "deleted" in text(deleted)
    assert not WebhookEndpoint.objects.exists()


def test_another_sellers_endpoints_are_neither_shown_nor_changed(seller_client, seller, receiver, commits):
    other = make_seller("Other Shop")
    theirs = create_endpoint(seller=other, url="https://other.example.com/secret-hooks", topics=["*"])
    create_endpoint(seller=other, url=receiver.url, topics=["*"])
    with commits():
        [_, their_delivery] = sorted(enqueue(seller_id=other.id, topic=SHIPPED, payload={}), key=lambda d: d.id)

    assert "other.example.com" not in text(seller_client.get(reverse("sellercentral:webhooks")))
    for url in (reverse("sellercentral:webhook_toggle", args=[theirs.id]),
                reverse("sellercentral:webhook_delete", args=[theirs.id]),
                reverse("sellercentral:webhook_redeliver", args=[their_delivery.id])):
        assert seller_client.post(url, {"active": "0"}).status_code == 404
    assert WebhookEndpoint.objects.filter(seller=other, active=True).count() == 2
    assert len(receiver.received) == 1


def test_changes_need_post(seller_client, seller):
    endpoint = create_endpoint(seller=seller, url="https://shop.example.com/hooks", topics=["*"])
    assert seller_client.get(reverse("sellercentral:webhook_delete", args=[endpoint.id])).status_code == 405
