"""The operator's weights for the ranking formula, cached briefly: every relevance search reads them."""
from __future__ import annotations

from django.core.cache import cache

from mercato.marketplaces.models import Marketplace
from mercato.search import ranking
from mercato.search.models import RankingWeights

WEIGHTS_CACHE_SECONDS = 60


def ranking_weights_for(marketplace: Marketplace) -> ranking.RankingWeights:
    """The operator's weights for `marketplace`, or the documented defaults."""
    key = _weights_cache_key(marketplace)
    weights = cache.get(key)
    if weights is None:
        row = RankingWeights.objects.filter(marketplace=marketplace).values(*ranking.FEATURES).first()
        weights = ranking.RankingWeights(**row) if row else ranking.RankingWeights()
        cache.set(key, weights, WEIGHTS_CACHE_SECONDS)
    return weights


def forget_ranking_weights(marketplace: Marketplace) -> None:
    cache.delete(_weights_cache_key(marketplace))


def _weights_cache_key(marketplace: Marketplace) -> str:
    return f"search:ranking-weights:{marketplace.pk}"
