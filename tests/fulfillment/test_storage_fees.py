from datetime import date

import pytest

from mercato.core import ledger
from mercato.fulfillment import fees
from mercato.fulfillment.billing import charge_storage_fees
from tests.factories import make_product
from tests.fulfillment.network import make_center, make_network_offer

pytestmark = pytest.mark.django_db


def test_storage_is_charged_by_volume_once_a_month(marketplace):
    center = make_center(marketplace)
    box = make_product(title="Storage box")
    box.length_mm, box.width_mm, box.height_mm = 500, 400, 250  # 0.05 m³
    box.save()
    offer = make_network_offer(marketplace, {center: 20}, product=box)  # 1 m³ in all

    charges = charge_storage_fees(month=date(2026, 3, 31))
    again = charge_storage_fees(month=date(2026, 3, 1))

    assert [charge.amount_minor for charge in charges] == [fees.STORAGE_MINOR_PER_CUBIC_METRE]
    assert again == []
    assert ledger.balance(ledger.seller_payable(offer.seller_id), "GBP") == fees.STORAGE_MINOR_PER_CUBIC_METRE
    assert ledger.balance(ledger.revenue("storage_fees"), "GBP") == -fees.STORAGE_MINOR_PER_CUBIC_METRE


def test_peak_months_cost_more():
    assert fees.storage_fee_minor(cubic_mm=10**9, month=11) > fees.storage_fee_minor(cubic_mm=10**9, month=5)


@pytest.mark.parametrize("dimensions, weight, tier", [
    ((300, 200, 20), 80, "small envelope"),
    ((300, 200, 20), 400, "envelope"),
    ((340, 240, 100), 900, "small parcel"),
    ((440, 330, 250), 5_000, "standard"),
    ((1_200, 600, 400), 20_000, "oversize"),
    ((None, None, None), None, "small parcel"),
])
def test_size_tiers(dimensions, weight, tier):
    length, width, height = dimensions
    assert fees.size_tier(length_mm=length, width_mm=width, height_mm=height, weight_grams=weight).name == tier


def test_heavier_standard_parcels_pay_per_started_half_kilo():
    tier = fees.TIERS[3]
    assert fees.fulfillment_fee_minor(tier, 1_000) == 320
    assert fees.fulfillment_fee_minor(tier, 1_001) == 335
    assert fees.fulfillment_fee_minor(tier, 2_000) == 350
