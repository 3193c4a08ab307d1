from django.conf import settings
from django.core.cache import cache

from mercato.marketplaces.models import Marketplace

_CACHE_KEY = "marketplaces:active"


def active_marketplaces() -> list[Marketplace]:
    """Active marketplaces, cached briefly: every page needs them and they change rarely."""
    marketplaces = cache.get(_CACHE_KEY)
    if marketplaces is None:
        marketplaces = list(Marketplace.objects.filter(is_active=True))
        cache.set(_CACHE_KEY, marketplaces, 30)
    return marketplaces


def forget_cached_marketplaces() -> None:
    cache.delete(_CACHE_KEY)


def marketplace_for(code: str | None) -> Marketplace | None:
    """The marketplace with `code`, else the default one, else the first active one."""
    marketplaces = active_marketplaces()
    by_code = {m.code: m for m in marketplaces}
    return by_code.get(code or "") or by_code.get(settings.DEFAULT_MARKETPLACE) or (marketplaces[0] if marketplaces else None)


def fee_rules(marketplace: Marketplace) -> dict:
    """The marketplace's fee rules keyed by category path (None: the default), for `fees.rule_for_path`."""
    from mercato.marketplaces.fees import FeeRule as Rule
    from mercato.marketplaces.models import FeeRule

    return {(row.category.path if row.category_id else None): Rule(row.referral_rate_bp, row.minimum_referral_minor,
                                                                   row.closing_fee_minor)
            for row in FeeRule.objects.filter(marketplace=marketplace).select_related("category")}
