"""The demo marketplace offers membership from the start."""
from mercato.demo.load import load_demo
from mercato.marketplaces.models import Marketplace
from mercato.membership.demo import ensure_demo_plan
from mercato.membership.selectors import plan_for


def test_the_demo_offers_mercato_plus_at_its_uk_prices(db):
    load_demo(product_limit=20, third_party_sellers=2)

    plan = plan_for(Marketplace.objects.get(code="gb"))
    assert (plan.name, plan.currency, plan.monthly_price_minor, plan.annual_price_minor, plan.trial_days) == \
        ("Mercato Plus", "GBP", 899, 9500, 30)
    assert ensure_demo_plan(plan.marketplace) == plan  # made once
