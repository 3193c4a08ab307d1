"""Keeping the search index in step with the catalog and offers."""
from __future__ import annotations

import logging
import threading
from collections import defaultdict
from collections.abc import Iterable, Iterator

from django.conf import settings
from django.db import transaction

from mercato.catalog.models import Product
from mercato.catalog.selectors import category_names_by_path
from mercato.core.errors import Invalid
from mercato.offers.models import BuyBox, Offer
from mercato.search.engine import IndexBusy, ProductDocument, ProductIndex
from mercato.search.models import PendingReindex
from mercato.search.models import RankingWeights as RankingWeightsRow
from mercato.search.ranking import RankingWeights, validate_weights
from mercato.search.weights import forget_ranking_weights
from mercato.sellers.models import Seller

log = logging.getLogger(__name__)

_indexes: dict[str, ProductIndex] = {}
_indexes_lock = threading.Lock()
BATCH_SIZE = 2_000


def product_index() -> ProductIndex:
    """The process-wide handle on the index in settings.SEARCH_INDEX_DIR (opened once, reused by every request)."""
    directory = str(settings.SEARCH_INDEX_DIR)
    with _indexes_lock:
        index = _indexes.get(directory)
        if index is None:
            settings.SEARCH_INDEX_DIR.mkdir(parents=True, exist_ok=True)
            index = _indexes[directory] = ProductIndex.open_or_create(settings.SEARCH_INDEX_DIR)
        return index


def mark_products_stale(product_ids: Iterable[int]) -> None:
    """Queue products for reindexing, inside the caller's transaction; index them once it commits."""
    product_ids = set(product_ids)
    if not product_ids:
        return
    PendingReindex.objects.bulk_create([PendingReindex(product_id=pid) for pid in product_ids],
                                       ignore_conflicts=True, batch_size=1000)
    transaction.on_commit(index_pending_products)


def index_pending_products(limit: int = 20_000) -> int:
    """Index queued products. If another process holds the index, leave the queue for the next drain."""
    queued = list(PendingReindex.objects.order_by("id").values_list("id", "product_id")[:limit])
    if not queued:
        return 0
    product_ids = [product_id for _, product_id in queued]
    try:
        index = product_index()
        documents = list(documents_for_products(product_ids))
        present = {d.product_id for d in documents}
        gone = [pid for pid in product_ids if pid not in present]
        index.delete(product_ids)
        index.upsert(documents)
        if gone:
            log.info("removed %d products from the search index", len(gone))
    except IndexBusy:
        log.info("search index busy; %d products stay queued", len(queued))
        return 0
    PendingReindex.objects.filter(id__in=[row_id for row_id, _ in queued]).delete()
    return len(product_ids)


def rebuild_index() -> int:
    """Reindex every product from the database (`mercato reindex`)."""
    last_queued = PendingReindex.objects.order_by("-id").values_list("id", flat=True).first()
    count = product_index().rebuild(all_documents(), expected_documents=Product.objects.count())
    if last_queued is not None:  # queued later than the rebuild started: index again on the next drain
        PendingReindex.objects.filter(id__lte=last_queued).delete()
    return count


def all_documents() -> Iterator[ProductDocument]:
    last_id = 0
    while True:
        ids = list(Product.objects.filter(id__gt=last_id).order_by("id").values_list("id", flat=True)[:BATCH_SIZE])
        if not ids:
            return
        yield from documents_for_products(ids)
        last_id = ids[-1]


def documents_for_products(product_ids: list[int]) -> Iterator[ProductDocument]:
    """One document per product and marketplace where it has an offer from an active seller."""
    names = category_names_by_path()
    products = Product.objects.filter(id__in=product_ids).select_related("brand", "category")
    offers_by_product = defaultdict(list)
    for offer in (Offer.objects.filter(product_id__in=product_ids, status=Offer.Status.ACTIVE,
                                       seller__status=Seller.Status.ACTIVE)
                  .select_related("marketplace")
                  .only("product_id", "seller_id", "condition", "fulfillment_channel", "quantity",
                        "marketplace__code", "created_at")):
        offers_by_product[offer.product_id].append(offer)
    buyboxes = {(b.product_id, b.marketplace_id): b.landed_price_minor
                for b in BuyBox.objects.filter(product_id__in=product_ids)}
    for product in products:
        by_marketplace = defaultdict(list)
        for offer in offers_by_product.get(product.id, []):
            by_marketplace[(offer.marketplace_id, offer.marketplace.code)].append(offer)
        path = product.category.path.split("/")
        category_names = tuple(names.get("/".join(path[:depth + 1]), "") for depth in range(len(path)))
        for (marketplace_id, code), offers in by_marketplace.items():
            in_stock = [o for o in offers if o.quantity > 0]
            yield ProductDocument(
                product_id=product.id,
                marketplace=code,
                public_id=product.public_id,
                title=product.title,
                brand=product.brand.name if product.brand else None,
                category_path=tuple(path),
                category_names=tuple(n for n in category_names if n),
                description=product.description,
                attributes={code_: str(value) for code_, value in product.attributes.items()
                            if not isinstance(value, bool)},
                price_minor=buyboxes.get((product.id, marketplace_id)),
                conditions=tuple(sorted({o.condition for o in in_stock})),
                fulfillment_channels=tuple(sorted({o.fulfillment_channel for o in in_stock})),
                seller_ids=tuple(sorted({o.seller_id for o in in_stock})),
                in_stock=bool(in_stock),
                units_sold=product.units_sold,
                listed_at=int(min(o.created_at for o in offers).timestamp()),
            )


@transaction.atomic
def set_ranking_weights(*, marketplace, weights: RankingWeights) -> RankingWeights:
    """Make `weights` the ranking formula's weights in `marketplace`; searches use them within a minute
    on every process, at once on this one."""
    problems = validate_weights(weights)
    if problems:
        field, problem = next(iter(problems.items()))
        raise Invalid(f"the {field.replace('_', ' ')} weight {problem}", field=field)
    RankingWeightsRow.objects.update_or_create(marketplace=marketplace, defaults=weights.as_dict())
    transaction.on_commit(lambda: forget_ranking_weights(marketplace))
    return weights
