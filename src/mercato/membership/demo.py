"""The demo marketplaces' membership plan."""
from django.db import transaction

from mercato.marketplaces.models import Marketplace
from mercato.membership.models import MembershipPlan
from mercato.membership.selectors import plan_for

# Plan prices per currency (monthly, annual), VAT included; GBP for any other currency.
DEMO_PLAN_PRICES = {"GBP": (899, 9500), "USD": (1499, 13900), "EUR": (899, 8900)}


@transaction.atomic
def ensure_demo_plan(marketplace: Marketplace, *, name: str = "Mercato Plus") -> MembershipPlan:
    """The demo marketplace's plan (£8.99 a month or £95 a year in GBP, a 30-day trial), made once."""
    existing = plan_for(marketplace)
    if existing is not None:
        return existing
    monthly, annual = DEMO_PLAN_PRICES.get(marketplace.currency, DEMO_PLAN_PRICES["GBP"])
    return MembershipPlan.objects.create(marketplace=marketplace, name=name, currency=marketplace.currency,
                                         monthly_price_minor=monthly, annual_price_minor=annual, trial_days=30)
