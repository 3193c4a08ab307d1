"""The seller's offers table, editing, pausing and resuming; and that a seller only ever touches its own."""
from django.urls import reverse

from mercato.offers.models import BuyBox, Offer
from mercato.offers.selectors import offers_for_product
from tests.factories import make_marketplace, make_offer, make_product, make_seller
from tests.sellercentral.pages import field_errors, text


def test_offers_table_shows_terms_status_and_buy_box(seller_client, seller, marketplace):
    product = make_product("Walnut chopping board")
    winner = make_offer(seller=seller, product=product, marketplace=marketplace, price_minor=2500,
                        shipping_minor=395, quantity=0, handling_days=3, seller_sku="BOARD-1")
    rival = make_seller("Rival")
    make_offer(seller=rival, product=product, marketplace=marketplace, price_minor=2000)
    make_offer(seller=seller, product=make_product("Lonely lamp"), marketplace=marketplace, seller_sku="LAMP-1")
    page = seller_client.get(reverse("sellercentral:offers"))
    row = text(page).split("Walnut chopping board")[1].split("Edit")[0]
    assert "BOARD-1" in row and "£25.00" in row and "£3.95" in row and "Out of stock" in row
    assert "Buy Box: no" in row  # out of stock: the rival wins
    lamp_row = text(page).split("Lonely lamp")[1].split("Edit")[0]
    assert "Buy Box: yes" in lamp_row
    assert winner.id in [offer.id for offer in page.context["page"].object_list]
    assert "Rival" not in text(page)


def test_offers_table_filters_by_status_and_text(seller_client, seller, marketplace):
    mug = make_offer(seller=seller, product=make_product("Red mug"), marketplace=marketplace, seller_sku="MUG")
    make_offer(seller=seller, product=make_product("Blue bowl"), marketplace=marketplace, seller_sku="BOWL")
    seller_client.post(reverse("sellercentral:offer_pause", args=[mug.id]))
    paused = text(seller_client.get(reverse("sellercentral:offers"), {"status": "paused"}))
    assert "Red mug" in paused and "Blue bowl" not in paused
    found = text(seller_client.get(reverse("sellercentral:offers"), {"q": "bowl"}))
    assert "Blue bowl" in found and "Red mug" not in found
    none = text(seller_client.get(reverse("sellercentral:offers"), {"q": "zebra"}))
    assert "No offers match these filters." in none


def test_offers_table_is_paginated_with_filters_kept(seller_client, seller, marketplace):
    for number in range(30):
        make_offer(seller=seller, product=make_product(f"Candle {number:02d}"), marketplace=marketplace)
    first = seller_client.get(reverse("sellercentral:offers"), {"q": "candle"})
    assert "Page 1 of 2" in text(first)
    assert "?q=candle&amp;page=2" in first.content.decode()
    second = seller_client.get(reverse("sellercentral:offers"), {"q": "candle", "page": "2"})
    assert len(second.context["page"].object_list) == 5
    assert seller_client.get(reverse("sellercentral:offers"), {"page": "nonsense"}).status_code == 200


def test_offers_table_needs_a_constant_number_of_queries(seller_client, seller, marketplace,
                                                         django_assert_max_num_queries):
    for _ in range(20):
        make_offer(seller=seller, marketplace=marketplace)
    with django_assert_max_num_queries(7):
        assert seller_client.get(reverse("sellercentral:offers")).status_code == 200


def test_edit_offer_changes_the_terms(seller_client, seller, marketplace):
    offer = make_offer(seller=seller, marketplace=marketplace, price_minor=1000, shipping_minor=250)
    form = seller_client.get(reverse("sellercentral:offer_edit", args=[offer.id]))
    assert 'value="10.00"' in form.content.decode() and 'value="2.50"' in form.content.decode()
    response = seller_client.post(reverse("sellercentral:offer_edit", args=[offer.id]),
                                  {"price": "8.75", "shipping": "", "quantity": "40", "handling_days": "1",
                                   "condition_note": ""})
    assert response.status_code == 302
    offer.refresh_from_db()
    assert (offer.price_minor, offer.shipping_minor, offer.quantity, offer.handling_days) == (875, 0, 40, 1)


def test_bad_edit_is_shown_next_to_the_field_and_changes_nothing(seller_client, seller, marketplace):
    offer = make_offer(seller=seller, marketplace=marketplace, price_minor=1000, quantity=5)
    response = seller_client.post(reverse("sellercentral:offer_edit", args=[offer.id]),
                                  {"price": "1e9", "quantity": "-4", "handling_days": "2"})
    assert field_errors(response, "price") == ["Price is above the limit of £1,000,000.00"]
    offer.refresh_from_db()
    assert (offer.price_minor, offer.quantity) == (1000, 5)
    response = seller_client.post(reverse("sellercentral:offer_edit", args=[offer.id]),
                                  {"price": "9", "quantity": "-4", "handling_days": "2"})
    assert field_errors(response, "quantity") == ["Quantity must be between 0 and 1000000"]
    offer.refresh_from_db()
    assert offer.quantity == 5


def test_pause_takes_the_offer_out_of_the_buy_box_and_resume_brings_it_back(seller_client, seller, marketplace):
    product = make_product()
    offer = make_offer(seller=seller, product=product, marketplace=marketplace)
    response = seller_client.post(reverse("sellercentral:offer_pause", args=[offer.id]), follow=True)
    assert "is paused" in text(response)
    offer.refresh_from_db()
    assert offer.status == Offer.Status.PAUSED
    assert BuyBox.objects.get(product=product).offer_id is None
    assert offers_for_product(product.id, marketplace).featured is None

    seller_client.post(reverse("sellercentral:offer_resume", args=[offer.id]))
    assert BuyBox.objects.get(product=product).offer_id == offer.id


def test_pause_over_htmx_returns_the_new_row(seller_client, seller, marketplace):
    offer = make_offer(seller=seller, marketplace=marketplace)
    response = seller_client.post(reverse("sellercentral:offer_pause", args=[offer.id]),
                                  {"next": "/seller/offers/?page=1"}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    row = response.content.decode()
    assert row.lstrip().startswith(f'<tr id="offer-{offer.id}"')
    assert "Paused" in row and "Resume" in row and "Buy Box: no" in row
    assert 'value="/seller/offers/?page=1"' in row


def test_pause_needs_post(seller_client, seller, marketplace):
    offer = make_offer(seller=seller, marketplace=marketplace)
    assert seller_client.get(reverse("sellercentral:offer_pause", args=[offer.id])).status_code == 405


def test_pause_does_not_follow_an_offsite_next(seller_client, seller, marketplace):
    offer = make_offer(seller=seller, marketplace=marketplace)
    response = seller_client.post(reverse("sellercentral:offer_pause", args=[offer.id]),
                                  {"next": "https://evil.example/"})
    assert response.url == reverse("sellercentral:offers")


def test_seller_cannot_see_edit_pause_or_resume_another_sellers_offer(seller_client, seller, marketplace):
    theirs = make_offer(seller=make_seller("Seller B"), marketplace=marketplace, price_minor=1234,
                        seller_sku="B-SECRET")
    assert "B-SECRET" not in text(seller_client.get(reverse("sellercentral:offers"), {"q": "B-SECRET"}))
    assert seller_client.get(reverse("sellercentral:offer_edit", args=[theirs.id])).status_code == 404
    assert seller_client.post(reverse("sellercentral:offer_edit", args=[theirs.id]),
                              {"price": "1.00", "quantity": "1", "handling_days": "1"}).status_code == 404
    assert seller_client.post(reverse("sellercentral:offer_pause", args=[theirs.id])).status_code == 404
    assert seller_client.post(reverse("sellercentral:offer_resume", args=[theirs.id])).status_code == 404
    assert seller_client.post(reverse("sellercentral:offer_pause", args=[theirs.id]),
                              headers={"HX-Request": "true"}).status_code == 404
    theirs.refresh_from_db()
    assert (theirs.price_minor, theirs.status) == (1234, Offer.Status.ACTIVE)


def test_offers_in_every_marketplace_are_listed_with_their_own_currency(seller_client, seller, marketplace):
    germany = make_marketplace("de", currency="EUR", language="de-DE", country_code="DE")
    make_offer(seller=seller, product=make_product("Stein"), marketplace=germany, price_minor=1999)
    page = text(seller_client.get(reverse("sellercentral:offers")))
    assert "Stein" in page and "€19.99" in page and "DE" in page


def test_suspended_seller_can_pause_but_not_resume_or_edit(client, marketplace):
    from mercato.sellers.services import suspend_seller
    from tests.factories import make_user

    user = make_user()
    seller = make_seller("Paused Pete", user=user)
    offer = make_offer(seller=seller, marketplace=marketplace)
    suspend_seller(seller=seller, operator=None, reason="Checks")
    client.force_login(user)
    assert client.post(reverse("sellercentral:offer_pause", args=[offer.id])).status_code == 302
    response = client.post(reverse("sellercentral:offer_resume", args=[offer.id]), follow=True)
    assert "seller account is suspended" in text(response).lower()
    offer.refresh_from_db()
    assert offer.status == Offer.Status.PAUSED
    edit = client.post(reverse("sellercentral:offer_edit", args=[offer.id]),
                       {"price": "1.00", "quantity": "1", "handling_days": "1"})
    assert "suspended" in text(edit).lower()
    offer.refresh_from_db()
    assert offer.price_minor == 1000
