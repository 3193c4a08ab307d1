"""The demo's purchase history: the UCI retailer's real invoices for the products of the demo catalogue
(`data/uci_baskets.csv.gz`, built by `build_uci_baskets`), imported as past purchases so the recommenders
have something real to learn from on the first day."""
from __future__ import annotations

import csv
import gzip
from datetime import date
from pathlib import Path

from mercato.catalog.models import Product
from mercato.marketplaces.models import Marketplace
from mercato.recommendations.models import PastPurchase

UCI_BASKETS = Path(__file__).parent / "data" / "uci_baskets.csv.gz"


def load_purchase_history(marketplace: Marketplace, gtin_by_stock_code: dict[str, str], *,
                          path: Path = UCI_BASKETS) -> int:
    """Import the baskets once per marketplace; returns the number of purchases imported."""
    if PastPurchase.objects.filter(marketplace=marketplace).exists():
        return 0
    product_by_gtin = dict(Product.objects.filter(gtin__in=set(gtin_by_stock_code.values()))
                           .values_list("gtin", "id"))
    rows = []
    with gzip.open(path, "rt", newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            product_id = product_by_gtin.get(gtin_by_stock_code.get(row["stock_code"], ""))
            if product_id is not None:
                rows.append(PastPurchase(marketplace=marketplace, product_id=product_id,
                                         customer_key=row["customer"], order_key=row["invoice"],
                                         day=date.fromisoformat(row["day"]), quantity=int(row["quantity"])))
    PastPurchase.objects.bulk_create(rows, batch_size=5_000)
    return len(rows)
