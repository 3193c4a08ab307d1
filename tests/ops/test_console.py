"""The ops console: operators only; approving, rejecting, suspending and reinstating sellers."""
import pytest
from django.urls import reverse

from mercato.offers.models import BuyBox
from mercato.offers.selectors import offers_for_product
from mercato.sellers.models import Seller
from tests.factories import make_offer, make_operator, make_product, make_seller, make_user
from tests.sellercentral.pages import text


@pytest.fixture
def operator_client(client, db):
    client.force_login(make_operator())
    return client


OPS_PAGES = [("ops:dashboard", []), ("ops:sellers", [])]
OPS_ACTIONS = ["ops:seller_approve", "ops:seller_reject", "ops:seller_suspend", "ops:seller_reinstate"]


@pytest.mark.parametrize("name, args", OPS_PAGES)
def test_visitor_is_sent_to_sign_in(client, db, name, args):
    response = client.get(reverse(name, args=args))
    assert response.status_code == 302 and "next=" in response.url


@pytest.mark.parametrize("name, args", OPS_PAGES)
def test_non_operator_gets_403_even_as_a_seller(client, marketplace, name, args):
    user = make_user()
    make_seller(user=user)
    client.force_login(user)
    assert client.get(reverse(name, args=args)).status_code == 403


@pytest.mark.parametrize("name", OPS_ACTIONS)
def test_non_operator_cannot_change_a_seller(client, marketplace, name):
    applicant = make_seller("Applicant", active=False)
    client.force_login(make_user())
    assert client.post(reverse(name, args=[applicant.id]), {"reason": "x"}).status_code == 403
    applicant.refresh_from_db()
    assert applicant.status == Seller.Status.PENDING


def test_dashboard_counts_sellers_products_and_offers(operator_client, marketplace):
    make_seller("Waiting", active=False)
    make_offer(marketplace=marketplace)
    page = operator_client.get(reverse("ops:dashboard"))
    counts = page.context["counts"]
    assert counts.sellers_by_status == {"pending": 1, "active": 1, "suspended": 0, "rejected": 0}
    assert (counts.products, counts.active_offers, counts.paused_offers) == (1, 1, 0)
    assert "1 waiting for approval" in text(page)
    assert reverse("admin:index") in page.content.decode()


def test_sellers_waiting_for_approval_come_first_with_their_business_details(operator_client, marketplace):
    make_seller("Zed Active")
    make_seller("Abe Waiting", active=False)
    page = text(operator_client.get(reverse("ops:sellers")))
    waiting_section = page.split("Waiting for approval (1)")[1].split("All other sellers")[0]
    assert "Abe Waiting" in waiting_section and "Abe Waiting Ltd" in waiting_section
    assert "1 High Street" in waiting_section
    assert "Zed Active" in page.split("All other sellers")[1]


def test_sellers_can_be_filtered_by_status(operator_client, marketplace):
    make_seller("Active One")
    make_seller("Pending One", active=False)
    page = text(operator_client.get(reverse("ops:sellers"), {"status": "active"}))
    assert "Active One" in page and "Pending One" not in page


def test_operator_approves_a_seller(operator_client, marketplace):
    applicant = make_seller("Applicant", active=False)
    response = operator_client.post(reverse("ops:seller_approve", args=[applicant.id]), follow=True)
    assert "Applicant is approved" in text(response)
    applicant.refresh_from_db()
    assert applicant.status == Seller.Status.ACTIVE


def test_approving_an_active_seller_is_refused_with_a_message(operator_client, marketplace):
    seller = make_seller("Already Active")
    response = operator_client.post(reverse("ops:seller_approve", args=[seller.id]), follow=True)
    assert "Already Active: A seller that is active cannot be approved." in text(response)


def test_reject_needs_a_reason(operator_client, marketplace):
    applicant = make_seller("Applicant", active=False)
    response = operator_client.post(reverse("ops:seller_reject", args=[applicant.id]), {"reason": " "},
                                    follow=True)
    assert "Reason is required" in text(response)
    applicant.refresh_from_db()
    assert applicant.status == Seller.Status.PENDING
    operator_client.post(reverse("ops:seller_reject", args=[applicant.id]), {"reason": "No such company"})
    applicant.refresh_from_db()
    assert (applicant.status, applicant.status_reason) == (Seller.Status.REJECTED, "No such company")


def test_suspending_takes_the_sellers_offers_out_of_the_buy_box(operator_client, marketplace):
    product = make_product()
    bad = make_seller("Bad Actor")
    rival = make_seller("Rival")
    bad_offer = make_offer(seller=bad, product=product, marketplace=marketplace, price_minor=500)
    rival_offer = make_offer(seller=rival, product=product, marketplace=marketplace, price_minor=900)
    assert BuyBox.objects.get(product=product).offer_id == bad_offer.id

    refused = operator_client.post(reverse("ops:seller_suspend", args=[bad.id]), {"reason": ""}, follow=True)
    assert "Reason is required" in text(refused)
    assert BuyBox.objects.get(product=product).offer_id == bad_offer.id

    done = operator_client.post(reverse("ops:seller_suspend", args=[bad.id]),
                                {"reason": "Counterfeit reports", "status": "active"}, follow=True)
    assert "Bad Actor is suspended" in text(done)
    assert done.redirect_chain[-1][0] == reverse("ops:sellers") + "?status=active"
    assert BuyBox.objects.get(product=product).offer_id == rival_offer.id
    shown = offers_for_product(product.id, marketplace)
    assert [view.offer.id for view in shown.all] == [rival_offer.id]

    operator_client.post(reverse("ops:seller_reinstate", args=[bad.id]))
    assert BuyBox.objects.get(product=product).offer_id == bad_offer.id


def test_unknown_seller_is_404(operator_client):
    assert operator_client.post(reverse("ops:seller_approve", args=[999999])).status_code == 404


def test_actions_need_post(operator_client, marketplace):
    applicant = make_seller("Applicant", active=False)
    assert operator_client.get(reverse("ops:seller_approve", args=[applicant.id])).status_code == 405


def test_over_long_reason_is_refused_with_the_services_message(operator_client, marketplace):
    seller = make_seller("Talkative")
    response = operator_client.post(reverse("ops:seller_suspend", args=[seller.id]), {"reason": "x" * 301},
                                    follow=True)
    assert "Reason is too long (301 characters; the limit is 300)" in text(response)
    seller.refresh_from_db()
    assert seller.status == Seller.Status.ACTIVE
