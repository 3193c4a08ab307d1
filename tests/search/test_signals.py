"""The search-signals job: what the logs, orders and offers say about each product, on small hand-made data."""
from datetime import date, timedelta

import pytest
from django.utils import timezone

from mercato import cli
from mercato.offers.services import pause_offer
from mercato.orders.models import Order
from mercato.recommendations.models import PastPurchase
from mercato.search.behaviour import record_click, record_product_view, record_search
from mercato.search.models import ProductSignal, QueryProductSignal, SearchClick, SearchLog
from mercato.search.signals import compute_all_search_signals, compute_search_signals
from mercato.sellers.models import Seller
from tests.fulfillment.network import make_center, make_network_offer
from tests.factories import (buy, make_category, make_marketplace, make_offer, make_product, make_seller,
                             make_shopper)

pytestmark = pytest.mark.django_db


def signal(marketplace, product) -> ProductSignal:
    return ProductSignal.objects.get(marketplace=marketplace, product_id=product.id)


def query_signal(product, query_key="teapot") -> tuple[int, int, int]:
    row = QueryProductSignal.objects.get(query_key=query_key, product_id=product.id)
    return row.impressions, row.clicks, row.purchases


# Searches, clicks and the purchases they led to.

@pytest.fixture
def teapots(marketplace):
    kitchen = make_category("home/kitchen")
    iron, china = make_product("Cast iron teapot", category=kitchen), make_product("China teapot", category=kitchen)
    return (make_offer(product=iron, marketplace=marketplace, quantity=20),
            make_offer(product=china, marketplace=marketplace, quantity=20))


def search_and_click(marketplace, offers, *, visitor="visitor-1", shopper=None, clicked_ago=timedelta(hours=1)):
    """`visitor` searched "teapots", saw both teapots and opened the first, `clicked_ago` before now."""
    logged = record_search(marketplace=marketplace, text="Teapots", shopper=shopper, visitor=visitor, page=1,
                           result_count=2, product_ids=[offer.product_id for offer in offers])
    record_click(token=logged.token, product_id=offers[0].product_id, position=1, shopper=shopper, visitor=visitor)
    moment = timezone.now() - clicked_ago
    SearchLog.objects.filter(pk=logged.pk).update(searched_at=moment - timedelta(minutes=1))
    SearchClick.objects.filter(search=logged).update(clicked_at=moment)
    return logged


def test_impressions_and_clicks_are_counted_per_query_and_product(marketplace, teapots):
    iron, china = teapots
    search_and_click(marketplace, teapots, visitor="a")
    search_and_click(marketplace, teapots, visitor="b")
    logged = record_search(marketplace=marketplace, text="teapot", shopper=None, visitor="c", page=1,
                           result_count=2, product_ids=[china.product_id, iron.product_id])
    for _ in range(3):  # reloading the product page is one click, not three
        record_click(token=logged.token, product_id=china.product_id, position=1, shopper=None, visitor="c")

    summary = compute_search_signals(marketplace=marketplace)

    assert query_signal(iron.product) == (3, 2, 0)
    assert query_signal(china.product) == (3, 1, 0)
    assert (summary.searches, summary.clicks, summary.query_signals) == (3, 3, 2)


def test_a_purchase_within_a_day_of_the_click_is_credited_to_the_search(marketplace, teapots):
    shopper = make_shopper()
    search_and_click(marketplace, teapots, visitor="v", clicked_ago=timedelta(hours=3))
    # The search and click were anonymous; the visitor signed in afterwards, which ties the token to them.
    record_product_view(marketplace=marketplace, product_id=teapots[0].product_id, shopper=shopper, visitor="v")
    buy(shopper, (teapots[0], 1))

    compute_search_signals(marketplace=marketplace)

    assert query_signal(teapots[0].product) == (1, 1, 1)
    assert query_signal(teapots[1].product) == (1, 0, 0)


def test_a_purchase_more_than_a_day_after_the_click_is_not_credited(marketplace, teapots):
    shopper = make_shopper()
    search_and_click(marketplace, teapots, shopper=shopper, clicked_ago=timedelta(hours=25))
    buy(shopper, (teapots[0], 1))

    compute_search_signals(marketplace=marketplace)

    assert query_signal(teapots[0].product) == (1, 1, 0)


def test_a_purchase_by_another_shopper_is_not_credited(marketplace, teapots):
    searcher, someone_else = make_shopper(), make_shopper()
    search_and_click(marketplace, teapots, shopper=searcher)
    buy(someone_else, (teapots[0], 1))

    compute_search_signals(marketplace=marketplace)

    assert query_signal(teapots[0].product) == (1, 1, 0)


def test_a_purchase_before_the_click_or_a_cancelled_one_is_not_credited(marketplace, teapots):
    shopper = make_shopper()
    earlier = buy(shopper, (teapots[0], 1))
    Order.objects.filter(pk=earlier.pk).update(placed_at=timezone.now() - timedelta(hours=2))
    search_and_click(marketplace, teapots, shopper=shopper)
    cancelled = buy(shopper, (teapots[0], 1))
    Order.objects.filter(pk=cancelled.pk).update(status=Order.Status.CANCELLED)

    compute_search_signals(marketplace=marketplace)

    assert query_signal(teapots[0].product) == (1, 1, 0)


def test_searches_older_than_ninety_days_no_longer_count(marketplace, teapots):
    search_and_click(marketplace, teapots, clicked_ago=timedelta(days=91))
    search_and_click(marketplace, teapots, clicked_ago=timedelta(days=89))

    compute_search_signals(marketplace=marketplace)

    assert query_signal(teapots[0].product) == (1, 1, 0)


# What each product on sale looks like to the ranking.

def test_units_per_day_come_from_the_last_thirty_days_of_orders(marketplace, teapots):
    iron, china = teapots
    shopper = make_shopper()
    buy(shopper, (iron, 3))
    buy(shopper, (iron, 2), (china, 1))
    old = buy(shopper, (iron, 4))
    Order.objects.filter(pk=old.pk).update(placed_at=timezone.now() - timedelta(days=31))
    cancelled = buy(shopper, (china, 5))
    Order.objects.filter(pk=cancelled.pk).update(status=Order.Status.CANCELLED)

    summary = compute_search_signals(marketplace=marketplace)

    assert summary.velocity_source == "orders"
    assert signal(marketplace, iron.product).units_per_day == pytest.approx(5 / 30)
    assert signal(marketplace, china.product).units_per_day == pytest.approx(1 / 30)


def past_purchases(marketplace, product, *, last_day: date, quantities_by_days_back: dict[int, int]):
    PastPurchase.objects.bulk_create([
        PastPurchase(marketplace=marketplace, product=product, customer_key="12345", order_key=f"inv{days_back}",
                     day=last_day - timedelta(days=days_back), quantity=quantity)
        for days_back, quantity in quantities_by_days_back.items()])


def test_without_orders_the_imported_history_s_last_thirty_days_give_the_velocity(marketplace, teapots):
    iron, china = teapots
    last_day = date(2011, 12, 9)
    past_purchases(marketplace, iron.product, last_day=last_day, quantities_by_days_back={0: 6, 29: 9, 30: 100})
    past_purchases(marketplace, china.product, last_day=last_day, quantities_by_days_back={200: 50})

    summary = compute_search_signals(marketplace=marketplace)

    assert summary.velocity_source == "past purchases"
    assert signal(marketplace, iron.product).units_per_day == pytest.approx(15 / 30)
    assert signal(marketplace, china.product).units_per_day == 0


def test_a_few_first_orders_do_not_replace_a_fuller_history(marketplace, teapots):
    iron, china = teapots
    past_purchases(marketplace, china.product, last_day=date(2011, 12, 9), quantities_by_days_back={1: 3, 2: 3})
    buy(make_shopper(), (iron, 1))  # one order here against the history's two in its last month

    assert compute_search_signals(marketplace=marketplace).velocity_source == "past purchases"
    assert signal(marketplace, china.product).units_per_day == pytest.approx(6 / 30)

    buy(make_shopper(), (iron, 1))  # two against two: the marketplace's own orders take over

    assert compute_search_signals(marketplace=marketplace).velocity_source == "orders"
    assert signal(marketplace, iron.product).units_per_day == pytest.approx(2 / 30)


def test_price_ratio_is_the_buy_box_landed_price_over_its_category_median(marketplace):
    kitchen, garden = make_category("home/kitchen"), make_category("home/garden")
    cheap = make_offer(product=make_product("Mug", category=kitchen), marketplace=marketplace, price_minor=1000)
    middle = make_offer(product=make_product("Jug", category=kitchen), marketplace=marketplace, price_minor=1500,
                        shipping_minor=500)
    dear = make_offer(product=make_product("Teapot", category=kitchen), marketplace=marketplace, price_minor=4000)
    make_offer(product=middle.product, marketplace=marketplace, price_minor=9000)  # not the Buy Box: ignored
    alone = make_offer(product=make_product("Rake", category=garden), marketplace=marketplace, price_minor=2500)

    compute_search_signals(marketplace=marketplace)

    assert signal(marketplace, cheap.product).price_ratio == pytest.approx(0.5)
    assert signal(marketplace, middle.product).price_ratio == pytest.approx(1.0)
    assert signal(marketplace, dear.product).price_ratio == pytest.approx(2.0)
    assert signal(marketplace, alone.product).price_ratio == pytest.approx(1.0)


def test_delivery_days_are_the_buy_box_offer_s_handling_days_and_zero_from_the_network(
        marketplace, django_capture_on_commit_callbacks):
    slow = make_offer(marketplace=marketplace, handling_days=3)
    with django_capture_on_commit_callbacks(execute=True):  # the Buy Box follows the received stock on commit
        network = make_network_offer(marketplace, {make_center(marketplace): 10}, handling_days=2)

    compute_search_signals(marketplace=marketplace)

    assert signal(marketplace, slow.product).delivery_days == 3
    assert signal(marketplace, network.product).delivery_days == 0


def test_in_stock_and_which_products_count_as_on_sale(marketplace):
    stocked = make_offer(marketplace=marketplace, quantity=4)
    sold_out = make_offer(marketplace=marketplace, quantity=0)
    paused = make_offer(marketplace=marketplace)
    pause_offer(seller=paused.seller, offer_id=paused.pk)
    suspended = make_offer(marketplace=marketplace)
    Seller.objects.filter(pk=suspended.seller_id).update(status=Seller.Status.SUSPENDED)

    compute_search_signals(marketplace=marketplace)

    assert signal(marketplace, stocked.product).in_stock is True
    sold_out_signal = signal(marketplace, sold_out.product)
    assert sold_out_signal.in_stock is False and sold_out_signal.delivery_days is None
    assert sold_out_signal.price_ratio is None
    assert set(ProductSignal.objects.values_list("product_id", flat=True)) == {stocked.product_id,
                                                                              sold_out.product_id}


def test_rating_is_the_buy_box_seller_s_feedback_on_a_five_star_scale(marketplace):
    rated, unrated = make_seller(), make_seller()
    Seller.objects.filter(pk=rated.pk).update(rating_percent=90, rating_count=250)
    good = make_offer(seller=rated, marketplace=marketplace)
    new = make_offer(seller=unrated, marketplace=marketplace)

    compute_search_signals(marketplace=marketplace)

    assert signal(marketplace, good.product).rating_mean == pytest.approx(4.6)
    assert signal(marketplace, good.product).rating_count == 250
    assert signal(marketplace, new.product).rating_mean is None
    assert signal(marketplace, new.product).rating_count == 0


# The job.

def test_a_run_replaces_the_marketplace_s_signals_and_leaves_others_alone(marketplace, teapots):
    other = make_marketplace("de", currency="EUR")
    elsewhere = make_offer(marketplace=other)
    compute_search_signals(marketplace=other)
    search_and_click(marketplace, teapots)
    compute_search_signals(marketplace=marketplace)
    pause_offer(seller=teapots[1].seller, offer_id=teapots[1].pk)
    SearchLog.objects.all().delete()

    compute_search_signals(marketplace=marketplace)

    assert set(ProductSignal.objects.filter(marketplace=marketplace).values_list("product_id", flat=True)) == {
        teapots[0].product_id}
    assert not QueryProductSignal.objects.filter(marketplace=marketplace).exists()
    assert ProductSignal.objects.filter(marketplace=other, product_id=elsewhere.product_id).exists()


def test_the_frequent_job_run_recomputes_a_marketplace_at_most_hourly(marketplace, teapots, capsys):
    assert cli.main(["run-jobs"]) == 0
    assert "search-signals: 1 marketplace due (hourly) recomputed: 2 products" in capsys.readouterr().out
    assert cli.main(["run-jobs"]) == 0
    assert "search-signals: 0 marketplaces due (hourly) recomputed: 0 products" in capsys.readouterr().out

    ProductSignal.objects.update(computed_at=timezone.now() - timedelta(minutes=61))

    assert [summary.marketplace for summary in compute_all_search_signals(older_than=timedelta(hours=1))] == ["gb"]


def test_the_scheduled_job_recomputes_every_marketplace(marketplace, teapots):
    from mercato.search.tasks import compute_search_signals_job

    compute_search_signals_job.call_local()

    assert ProductSignal.objects.filter(marketplace=marketplace).count() == 2
