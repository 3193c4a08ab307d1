"""Offline evaluation of the recommenders on the UCI Online Retail log, split by time; prints JSON.

    .venv/bin/python bench/recommendations.py                                  # test: 2011-11-01 .. end
    .venv/bin/python bench/recommendations.py --test-start 2011-10-01 --test-end 2011-11-01   # validation

Data: ../shared/data/online_retail_uci/online_retail.csv.gz (Chen 2015, UCI, CC BY 4.0). Kept: invoices not
starting with C (cancellations), quantity and unit price above zero, a customer id, and a stock code starting
with five digits (drops POST, DOT, M, C2, D, S, BANK CHARGES, AMAZONFEE, CRUK, gift vouchers, DCGS...).
Models are fitted on purchases before --test-start and evaluated on purchases from --test-start to --test-end.

Recommended for you, per test customer (bought before and during the test period), top --k:
- "new_items": targets are catalogue items bought in the test period and never before; the recommenders
  leave out what the customer bought in training. This is the discovery task.
- "all_items": targets are every catalogue item bought in the test period, repeats included; nothing is left
  out, and "buy it again" competes.
Frequently bought together, per item ("basket completion"): for every test invoice with at least two
catalogue items, each item in turn is the seed and the invoice's other items are the targets.

Catalogue = items bought in training (an item first sold in the test period cannot be recommended by any
model, so it is not a target). recall@k = hits / min(k, targets) (so 1.0 is reachable); NDCG@k with binary
gains; the standard error is that of the mean recall over queries; coverage = share of the catalogue appearing in at least one top-k list; training seconds are
wall-clock for fitting the model on 1 thread.
"""
from __future__ import annotations

import argparse
import csv
import gzip
import json
import math
import re
import statistics
import sys
import time
from collections import defaultdict
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from mercato.recommendations.als import fit_als  # noqa: E402
from mercato.recommendations.blend import reciprocal_rank_fusion  # noqa: E402
from mercato.recommendations.fbt import fit_bought_together  # noqa: E402
from mercato.recommendations.itemcf import fit_item_to_item  # noqa: E402
from mercato.recommendations.popularity import buy_it_again, fill_from, fit_popularity  # noqa: E402
from mercato.recommendations.purchases import Purchase  # noqa: E402

DATA = ROOT.parent / "shared" / "data" / "online_retail_uci" / "online_retail.csv.gz"
PRODUCT_CODE = re.compile(r"^\d{5}")


def load(path: Path) -> list[Purchase]:
    purchases = []
    with gzip.open(path, "rt", newline="") as handle:
        for row in csv.DictReader(handle):
            if (row["InvoiceNo"].startswith("C") or not row["CustomerID"] or int(row["Quantity"]) <= 0
                    or float(row["UnitPrice"]) <= 0 or not PRODUCT_CODE.match(row["StockCode"])):
                continue
            purchases.append(Purchase(customer_id=int(row["CustomerID"]), item_id=row["StockCode"].upper(),
                                      order_id=row["InvoiceNo"], timestamp=row["InvoiceDate"],
                                      quantity=int(row["Quantity"])))
    return purchases


def timed(fit):
    started = time.perf_counter()
    model = fit()
    return model, round(time.perf_counter() - started, 2)


def score(lists_and_targets, *, k: int, catalogue_size: int) -> dict:
    recalls, ndcgs = [], []
    shown = set()
    for recommended, targets in lists_and_targets:
        items = [item for item, _ in recommended[:k]]
        shown.update(items)
        hits = [1 if item in targets else 0 for item in items]
        recalls.append(sum(hits) / min(k, len(targets)))
        dcg = sum(hit / math.log2(rank + 2) for rank, hit in enumerate(hits))
        ideal = sum(1 / math.log2(rank + 2) for rank in range(min(k, len(targets))))
        ndcgs.append(dcg / ideal)
    return {f"recall@{k}": round(statistics.fmean(recalls), 4),
            f"recall@{k}_standard_error": round(statistics.stdev(recalls) / math.sqrt(len(recalls)), 4),
            f"ndcg@{k}": round(statistics.fmean(ndcgs), 4), "coverage": round(len(shown) / catalogue_size, 4)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--test-start", default="2011-11-01")
    parser.add_argument("--test-end", default="9999-12-31", help="exclusive; default: the end of the data")
    parser.add_argument("--k", type=int, default=10)
    parser.add_argument("--recent-days", type=int, default=30, help="window of the recent-popularity baseline")
    args = parser.parse_args()
    k = args.k

    purchases = load(args.data)
    train = [p for p in purchases if p.timestamp < args.test_start]
    test = [p for p in purchases if args.test_start <= p.timestamp < args.test_end]
    catalogue = {p.item_id for p in train}
    history = defaultdict(list)
    for p in train:
        history[p.customer_id].append(p)
    bought_before = {customer: {p.item_id for p in rows} for customer, rows in history.items()}
    bought_in_test = defaultdict(set)
    for p in test:
        if p.item_id in catalogue and p.customer_id in history:
            bought_in_test[p.customer_id].add(p.item_id)
    new_targets = {c: items - bought_before[c] for c, items in sorted(bought_in_test.items())
                   if items - bought_before[c]}
    all_targets = dict(sorted(bought_in_test.items()))

    recent_since = (datetime.fromisoformat(args.test_start) - timedelta(days=args.recent_days)).isoformat(" ")
    popularity, popularity_seconds = timed(lambda: fit_popularity(train))
    recent, recent_seconds = timed(lambda: fit_popularity(train, since=recent_since))
    itemcf, itemcf_seconds = timed(lambda: fit_item_to_item(train))
    als, als_seconds = timed(lambda: fit_als(train))
    fbt, fbt_seconds = timed(lambda: fit_bought_together(train))
    fbt_lift, lift_seconds = timed(lambda: fit_bought_together(train, popularity_damping=1.0))
    fbt_confidence, confidence_seconds = timed(lambda: fit_bought_together(train, popularity_damping=0.0))
    size = len(catalogue)

    def for_you(recommend, targets):
        return [(recommend(customer), wanted) for customer, wanted in targets.items()]

    new_items = {
        "popularity": (popularity_seconds, lambda c: popularity.top(k=k, exclude=bought_before[c])),
        "popularity_recent": (recent_seconds, lambda c: recent.top(k=k, exclude=bought_before[c])),
        "itemcf": (itemcf_seconds, lambda c: itemcf.recommended_for(bought_before[c], k=k)),
        "als": (als_seconds, lambda c: als.recommended_for(c, k=k)),
        "blend_itemcf_als": (itemcf_seconds + als_seconds, lambda c: reciprocal_rank_fusion(
            [itemcf.recommended_for(bought_before[c], k=20), als.recommended_for(c, k=20)], k=k)),
    }
    all_items = {
        "popularity": (popularity_seconds, lambda c: popularity.top(k=k)),
        "popularity_recent": (recent_seconds, lambda c: recent.top(k=k)),
        "buy_it_again": (0.0, lambda c: buy_it_again(history[c], k=k, min_orders=1)),
        "itemcf": (itemcf_seconds, lambda c: itemcf.recommended_for(bought_before[c], k=k, exclude_bought=False)),
        "als": (als_seconds, lambda c: als.recommended_for(c, k=k, exclude_bought=False)),
        "buy_it_again_then_itemcf": (itemcf_seconds, lambda c: fill_from(
            buy_it_again(history[c], k=k, min_orders=2), itemcf.recommended_for(bought_before[c], k=k), k=k)),
        "blend_buy_it_again_als": (als_seconds, lambda c: reciprocal_rank_fusion(
            [buy_it_again(history[c], k=20, min_orders=1), als.recommended_for(c, k=20, exclude_bought=False)],
            k=k)),
    }

    def evaluate(models, targets):
        results = {}
        for name, (seconds, recommend) in models.items():
            results[name] = {**score(for_you(recommend, targets), k=k, catalogue_size=size),
                             "training_seconds": round(seconds, 2)}
        return results

    baskets = defaultdict(set)
    for p in test:
        if p.item_id in catalogue:
            baskets[p.order_id].add(p.item_id)
    queries = [(seed, basket - {seed}) for _, basket in sorted(baskets.items()) if len(basket) >= 2
               for seed in sorted(basket)]
    per_item = {
        "popularity": (popularity_seconds, lambda i: popularity.top(k=k, exclude=[i])),
        "itemcf": (itemcf_seconds, lambda i: itemcf.also_bought(i, k=k)),
        "als": (als_seconds, lambda i: als.similar_items(i, k=k)),
        "fbt": (fbt_seconds, lambda i: fbt.bought_together(i, k=k)),
        "fbt_lift": (lift_seconds, lambda i: fbt_lift.bought_together(i, k=k)),
        "fbt_confidence": (confidence_seconds, lambda i: fbt_confidence.bought_together(i, k=k)),
        "fbt_then_itemcf": (fbt_seconds + itemcf_seconds, lambda i: fill_from(
            fbt.bought_together(i, k=k), itemcf.also_bought(i, k=k), k=k)),
    }
    basket_results = {}
    for name, (seconds, recommend) in per_item.items():
        cache = {}
        for seed in {seed for seed, _ in queries}:
            cache[seed] = recommend(seed)
        lists = [(cache[seed], targets) for seed, targets in queries]
        basket_results[name] = {**score(lists, k=k, catalogue_size=size), "training_seconds": round(seconds, 2)}

    print(json.dumps({
        "data": {"train_purchases": len(train), "test_purchases": len(test), "catalogue_items": size,
                 "train_customers": len(history), "test_start": args.test_start,
                 "test_end": max(p.timestamp for p in test)[:10], "k": k},
        "recommended_for_you_new_items": {"test_customers": len(new_targets), **evaluate(new_items, new_targets)},
        "recommended_for_you_all_items": {"test_customers": len(all_targets), **evaluate(all_items, all_targets)},
        "bought_together_per_item": {"test_invoices": sum(1 for b in baskets.values() if len(b) >= 2),
                                     "queries": len(queries), **basket_results},
    }, indent=2))


if __name__ == "__main__":
    main()
