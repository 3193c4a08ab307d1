"""Build the demo's purchase history from the UCI Online Retail invoices:

    python -m mercato.demo.build_uci_baskets SOURCE.csv.gz CATALOG.csv.gz OUT.csv.gz

One row per (invoice, product) of the retailer's real sales of the products in the demo catalogue:
invoice number, customer number (the data set's own anonymous numbers), day, stock code, units. Cancelled
invoices, lines without a customer and returns are left out. The recommenders learn from these baskets.
"""
from __future__ import annotations

import argparse
import csv
import gzip
import sys
from collections import defaultdict
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("source")
    parser.add_argument("catalog")
    parser.add_argument("out")
    args = parser.parse_args(argv)
    with gzip.open(args.catalog, "rt", newline="", encoding="utf-8") as handle:
        known = {row["stock_code"] for row in csv.DictReader(handle)}
    units: dict[tuple[str, str, str, str], int] = defaultdict(int)
    with gzip.open(args.source, "rt", newline="", encoding="utf-8", errors="replace") as handle:
        for row in csv.DictReader(handle):
            invoice, code, customer = row["InvoiceNo"], row["StockCode"].strip().upper(), row["CustomerID"].strip()
            if invoice.startswith("C") or not customer or code not in known or int(row["Quantity"]) <= 0:
                continue
            customer = customer.split(".")[0]
            units[(invoice, customer, row["InvoiceDate"][:10], code)] += int(row["Quantity"])
    with gzip.open(args.out, "wt", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["invoice", "customer", "day", "stock_code", "quantity"])
        for key in sorted(units):
            writer.writerow([*key, units[key]])
    print(f"{len(units):,} basket lines, {len({k[0] for k in units}):,} invoices, "
          f"{len({k[1] for k in units}):,} customers", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
