"""The network's monthly storage fee: units on hand at the month's end, by volume, charged to each seller's
available balance (Dr seller payable, Cr storage fee revenue). Charged once per seller and month."""
from __future__ import annotations

from collections import defaultdict
from datetime import date

from django.db import IntegrityError, transaction

from mercato.core import ledger
from mercato.fulfillment import fees
from mercato.fulfillment.models import CenterStock, StorageCharge


def charge_storage_fees(*, month: date) -> list[StorageCharge]:
    """Charge every third-party seller with stock in the network for `month` (any day of it)."""
    month = month.replace(day=1)
    volumes: dict[tuple[int, str], int] = defaultdict(int)
    rows = (CenterStock.objects.filter(on_hand__gt=0, offer__seller__kind="third_party")
            .values_list("offer__seller_id", "offer__currency", "on_hand", "offer__product__length_mm",
                         "offer__product__width_mm", "offer__product__height_mm"))
    for seller_id, currency, on_hand, length, width, height in rows:
        volumes[(seller_id, currency)] += on_hand * fees.unit_volume_cubic_mm(length_mm=length, width_mm=width,
                                                                             height_mm=height)
    charges = []
    for (seller_id, currency), cubic_mm in sorted(volumes.items()):
        amount = fees.storage_fee_minor(cubic_mm=cubic_mm, month=month.month)
        try:
            with transaction.atomic():
                charge = StorageCharge.objects.create(seller_id=seller_id, month=month, currency=currency,
                                                      cubic_mm=cubic_mm, amount_minor=amount)
                ledger.post_entry(kind="storage_fee", reference=f"storage-{seller_id}-{month:%Y-%m}",
                                  memo=f"Storage fee {month:%B %Y}",
                                  lines=[ledger.debit(ledger.seller_payable(seller_id), amount, currency),
                                         ledger.credit(ledger.revenue("storage_fees"), amount, currency)])
        except IntegrityError:
            continue  # already charged for this month
        charges.append(charge)
    return charges
