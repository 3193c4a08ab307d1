"""The demo logs a simulated month of visits from its real invoices, so search signals and "customers who
viewed this also viewed" have data from the first run."""
import pytest

from mercato.demo.behaviour import simulate_shopper_behaviour
from mercato.demo.load import load_demo
from mercato.marketplaces.models import Marketplace
from mercato.recommendations.models import RecommendationList
from mercato.search.models import ProductSignal, ProductView, QueryProductSignal, SearchClick, SearchLog

pytestmark = pytest.mark.django_db


def test_the_demo_loads_with_search_behaviour_signals_and_viewed_together_lists():
    load_demo(product_limit=300, third_party_sellers=4)
    marketplace = Marketplace.objects.get(code="gb")

    searches = list(SearchLog.objects.values_list("query_key", "product_ids"))
    assert searches and all(key and 0 < len(shown) <= 24 for key, shown in searches)
    click = SearchClick.objects.select_related("search").first()
    assert click.search.product_ids[click.position - 1] == click.product_id
    assert ProductView.objects.count() > len(searches)
    assert QueryProductSignal.objects.filter(marketplace=marketplace, clicks__gt=0).exists()
    assert ProductSignal.objects.filter(marketplace=marketplace, units_per_day__gt=0).exists()
    assert RecommendationList.objects.filter(marketplace=marketplace, kind="viewed_together").exists()

    before = SearchLog.objects.count(), ProductView.objects.count()
    assert simulate_shopper_behaviour(marketplace).searches == 0  # once per marketplace
    assert (SearchLog.objects.count(), ProductView.objects.count()) == before
