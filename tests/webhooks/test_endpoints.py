"""Adding, changing and removing webhook endpoints; refused input writes nothing."""
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mercato.core.errors import Conflict, Invalid, NotAllowed, NotFound
from mercato.webhooks.models import MAX_URL_LENGTH, WebhookDelivery, WebhookEndpoint
from mercato.webhooks.services import (
    MAX_ENDPOINTS_PER_SELLER,
    URL_PATTERN,
    clean_url,
    create_endpoint,
    delete_endpoint,
    enqueue,
    rotate_secret,
    set_endpoint_active,
)
from tests.factories import make_seller


def test_new_endpoint_gets_a_secret_and_its_topics(seller):
    endpoint = create_endpoint(seller=seller, url="https://shop.example.com/hooks?src=mercato",
                               topics=["fulfillment_order.shipped", "fulfillment_order.created",
                                       "fulfillment_order.shipped"])

    assert endpoint.url == "https://shop.example.com/hooks?src=mercato"
    assert endpoint.topics == ["fulfillment_order.created", "fulfillment_order.shipped"]
    assert endpoint.secret.startswith("whsec_") and len(endpoint.secret) > 40
    assert endpoint.active
    other = create_endpoint(seller=seller, url="http://127.0.0.1:8080/h", topics=["*", "fulfillment_order.created"])
    assert other.topics == ["*"]
    assert other.secret != endpoint.secret


@pytest.mark.parametrize("url", [
    "ftp://files.example.com/hooks",
    "javascript:alert(1)",
    "file:///etc/passwd",
    "mailto:ops@example.com",
    "data:text/plain,hello",
    "http://",
    "https:///hooks",
    "https://:443/hooks",
    "//shop.example.com/hooks",
    "shop.example.com/hooks",
    "http://user:password@shop.example.com/hooks",
    "http://shop.example.com:99999/hooks",
    "http://shop.example.com:0/hooks",
    "http://[not-an-address]/hooks",
    "http://shop example.com/hooks",
    " https://shop.example.com/hooks",
    "http://shop.example.com:/hooks",
    "http://%zz/hooks",
    "http://shop.example.com/\x00hooks",
    "https://shöp.example.com/hooks",
    "",
    "   ",
    "https://shop.example.com/" + "a" * 2000,
])
def test_url_that_is_not_a_usable_http_url_is_refused_and_nothing_is_written(seller, url):
    with pytest.raises(Invalid) as refusal:
        create_endpoint(seller=seller, url=url, topics=["*"])

    assert refusal.value.field == "url"
    assert not WebhookEndpoint.objects.exists()


@pytest.mark.parametrize("topics", [[], ["order.placed"], ["fulfillment_order.*"], "*", None])
def test_unknown_or_missing_topics_are_refused(seller, topics):
    with pytest.raises(Invalid) as refusal:
        create_endpoint(seller=seller, url="https://shop.example.com/hooks", topics=topics)

    assert refusal.value.field == "topics"
    assert not WebhookEndpoint.objects.exists()


def test_same_url_twice_and_too_many_endpoints_are_conflicts(seller):
    create_endpoint(seller=seller, url="https://shop.example.com/hooks", topics=["*"])
    with pytest.raises(Conflict) as duplicate:
        create_endpoint(seller=seller, url="https://shop.example.com/hooks", topics=["fulfillment_order.created"])
    assert duplicate.value.field == "url"

    for number in range(2, MAX_ENDPOINTS_PER_SELLER + 1):
        create_endpoint(seller=seller, url=f"https://shop.example.com/hooks/{number}", topics=["*"])
    with pytest.raises(Conflict):
        create_endpoint(seller=seller, url="https://shop.example.com/one-too-many", topics=["*"])
    assert WebhookEndpoint.objects.filter(seller=seller).count() == MAX_ENDPOINTS_PER_SELLER
    # Another seller may use the same URL.
    create_endpoint(seller=make_seller("Other Shop"), url="https://shop.example.com/hooks", topics=["*"])


def test_a_seller_not_yet_approved_gets_no_endpoint(db):
    pending = make_seller("Pending Shop", active=False)
    with pytest.raises(NotAllowed):
        create_endpoint(seller=pending, url="https://shop.example.com/hooks", topics=["*"])
    assert not WebhookEndpoint.objects.exists()


def test_rotating_the_secret_replaces_it(seller):
    endpoint = create_endpoint(seller=seller, url="https://shop.example.com/hooks", topics=["*"])

    rotated = rotate_secret(seller=seller, endpoint_id=endpoint.id)

    assert rotated.secret != endpoint.secret and rotated.secret.startswith("whsec_")
    assert WebhookEndpoint.objects.get().secret == rotated.secret
    assert rotated.secret_rotated_at is not None


def test_deleting_an_endpoint_deletes_its_delivery_log(seller):
    endpoint = create_endpoint(seller=seller, url="https://shop.example.com/hooks", topics=["*"])
    enqueue(seller_id=seller.id, topic="fulfillment_order.created", payload={"id": "F1"})

    delete_endpoint(seller=seller, endpoint_id=endpoint.id)

    assert not WebhookEndpoint.objects.exists()
    assert not WebhookDelivery.objects.exists()


def test_a_seller_cannot_change_another_sellers_endpoint(seller):
    theirs = create_endpoint(seller=make_seller("Other Shop"), url="https://other.example.com/h", topics=["*"])

    for action in (lambda: delete_endpoint(seller=seller, endpoint_id=theirs.id),
                   lambda: rotate_secret(seller=seller, endpoint_id=theirs.id),
                   lambda: set_endpoint_active(seller=seller, endpoint_id=theirs.id, active=False)):
        with pytest.raises(NotFound):
            action()
    assert WebhookEndpoint.objects.get() == theirs
    assert WebhookEndpoint.objects.get().secret == theirs.secret and WebhookEndpoint.objects.get().active


@settings(max_examples=150, deadline=None)
@given(st.from_regex(URL_PATTERN, fullmatch=True).filter(lambda url: len(url) <= MAX_URL_LENGTH))
def test_every_url_the_schema_pattern_allows_is_accepted(url):
    assert clean_url(url) == url
