from django.urls import reverse

from tests.factories import make_offer, make_product, make_seller
from tests.sellercentral.pages import text


def test_dashboard_counts_offers_buy_box_and_stock(seller_client, seller, marketplace):
    contested = make_product()
    make_offer(seller=make_seller("Cheaper"), product=contested, marketplace=marketplace, price_minor=500)
    make_offer(seller=seller, product=contested, marketplace=marketplace, price_minor=900)  # loses
    make_offer(seller=seller, marketplace=marketplace)  # wins
    make_offer(seller=seller, marketplace=marketplace, quantity=0)  # out of stock
    paused = make_offer(seller=seller, marketplace=marketplace)
    seller_client.post(reverse("sellercentral:offer_pause", args=[paused.id]))

    page = seller_client.get(reverse("sellercentral:dashboard"))
    counts = page.context["counts"]
    assert (counts.active, counts.paused, counts.with_buybox, counts.without_buybox, counts.out_of_stock) == (
        3, 1, 1, 2, 1)
    shown = text(page)
    assert "3 active offers" in shown and "1 hold the Buy Box" in shown and "2 do not hold the Buy Box" in shown
    assert "1 out of stock" in shown
    assert reverse("sellercentral:list_product") in page.content.decode()


def test_dashboard_counts_in_one_query(seller, django_assert_num_queries):
    from mercato.offers.selectors import seller_offer_counts

    with django_assert_num_queries(1):
        seller_offer_counts(seller)
