"""Fit the simulated carrier's delays to real parcels (Olist, Brazil 2016-2018); prints JSON.

    .venv/bin/python bench/calibrate_carrier.py [--include-extra-orders]

For every delivered order with a carrier pick-up time, the carrier's *planned* leg runs from the pick-up
(`order_delivered_carrier_date`) to the end of the promised day (`order_estimated_delivery_date`), and the
*actual* leg to the delivery (`order_delivered_customer_date`). Their ratio is scale-free: a parcel is late
exactly when the ratio exceeds 1, whatever the length of the journey. Brazilian legs are far longer than
British ones, so only this shape is carried over to `mercato.fulfillment.carrier.CarrierModel`.

Two lognormal fits of the ratio are printed: the maximum-likelihood one, and one that matches the median
and the share of late parcels exactly (the share late is what the on-time rate measures, so the carrier
uses that one). The empirical lateness in working days and the upper tail are printed to compare.

The Olist data is licensed CC BY-NC-SA 4.0 (non-commercial): this script reads it in place; only the few
fitted numbers go into the code.
"""
from __future__ import annotations

import argparse
import csv
import json
import math
import statistics
from datetime import date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OLIST = ROOT.parent / "shared" / "data" / "olist_marketplace"
SECONDS_PER_DAY = 86400.0


def read_orders(include_extra_orders: bool) -> list[dict]:
    folders = ["core", "extra_orders"] if include_extra_orders else ["core"]
    rows: list[dict] = []
    for folder in folders:
        with open(OLIST / folder / "olist_orders_dataset.csv", newline="", encoding="utf-8") as handle:
            rows.extend(csv.DictReader(handle))
    return rows


def working_days_between(start: date, end: date) -> int:
    """Signed count of Monday-to-Friday days after `start` up to and including `end`."""
    sign = 1 if end >= start else -1
    low, high = min(start, end), max(start, end)
    days = sum(1 for offset in range(1, (high - low).days + 1) if (low + timedelta(days=offset)).weekday() < 5)
    return sign * days


def carrier_legs(rows: list[dict]) -> tuple[list[float], list[int], int]:
    """(actual / planned leg ratios, working days late (negative: early), rows skipped as inconsistent)."""
    ratios: list[float] = []
    working_days_late: list[int] = []
    skipped = 0
    for row in rows:
        if row["order_status"] != "delivered":
            continue
        picked_up, delivered = row["order_delivered_carrier_date"], row["order_delivered_customer_date"]
        if not picked_up or not delivered or not row["order_estimated_delivery_date"]:
            skipped += 1
            continue
        picked_up_at, delivered_at = datetime.fromisoformat(picked_up), datetime.fromisoformat(delivered)
        promised_day = datetime.fromisoformat(row["order_estimated_delivery_date"]).date()
        end_of_promised_day = datetime.combine(promised_day + timedelta(days=1), datetime.min.time())
        actual_days = (delivered_at - picked_up_at).total_seconds() / SECONDS_PER_DAY
        planned_days = (end_of_promised_day - picked_up_at).total_seconds() / SECONDS_PER_DAY
        if actual_days <= 0 or planned_days <= 0:  # delivered before pick-up, or picked up after the promise
            skipped += 1
            continue
        ratios.append(actual_days / planned_days)
        working_days_late.append(working_days_between(promised_day, delivered_at.date()))
    return ratios, working_days_late, skipped


def share(values, predicate) -> float:
    return sum(1 for value in values if predicate(value)) / len(values)


def tail_above(mu: float, sigma: float, ratio: float) -> float:
    return 1 - statistics.NormalDist(mu, sigma).cdf(math.log(ratio))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--include-extra-orders", action="store_true",
                        help="also read extra_orders/ (16,469 more orders) besides core/")
    args = parser.parse_args()

    rows = read_orders(args.include_extra_orders)
    ratios, working_days_late, skipped = carrier_legs(rows)
    logs = [math.log(ratio) for ratio in ratios]
    share_late = share(ratios, lambda ratio: ratio > 1)

    mle_mu, mle_sigma = statistics.fmean(logs), statistics.pstdev(logs)
    matched_mu = statistics.median(logs)
    # P(log ratio > 0) = share_late  <=>  sigma = -mu / z(1 - share_late)
    matched_sigma = -matched_mu / statistics.NormalDist().inv_cdf(1 - share_late)

    tails = {}
    for ratio in (1.0, 1.5, 2.0, 3.0):
        tails[f"share_ratio_above_{ratio:g}"] = {
            "olist": round(share(ratios, lambda value, limit=ratio: value > limit), 4),
            "lognormal_mle": round(tail_above(mle_mu, mle_sigma, ratio), 4),
            "lognormal_matched": round(tail_above(matched_mu, matched_sigma, ratio), 4),
        }
    lateness = {
        "3_or_more_early": share(working_days_late, lambda days: days <= -3),
        "2_early": share(working_days_late, lambda days: days == -2),
        "1_early": share(working_days_late, lambda days: days == -1),
        "on_the_day": share(working_days_late, lambda days: days == 0),
        "1_late": share(working_days_late, lambda days: days == 1),
        "2_late": share(working_days_late, lambda days: days == 2),
        "3_or_more_late": share(working_days_late, lambda days: days >= 3),
    }
    folders = "core/ + extra_orders/" if args.include_extra_orders else "core/"
    print(json.dumps({
        "source": f"olist_orders_dataset.csv ({folders})",
        "orders_read": len(rows),
        "delivered_parcels_used": len(ratios),
        "skipped_inconsistent": skipped,
        "share_late": round(share_late, 4),
        "ratio_quantiles": {f"p{round(q * 100)}": round(statistics.quantiles(ratios, n=100)[round(q * 100) - 1], 3)
                            for q in (0.05, 0.25, 0.5, 0.75, 0.95, 0.99)},
        "lognormal_mle": {"log_mean": round(mle_mu, 4), "log_sigma": round(mle_sigma, 4)},
        "lognormal_matched": {"log_mean": round(matched_mu, 4), "log_sigma": round(matched_sigma, 4)},
        "tails": tails,
        "olist_working_days_late_shares": {name: round(value, 4) for name, value in lateness.items()},
        "carrier_model_defaults": {"transit_ratio_log_mean": round(matched_mu, 4),
                                   "transit_ratio_log_sigma": round(matched_sigma, 4)},
    }, indent=2))


if __name__ == "__main__":
    main()
