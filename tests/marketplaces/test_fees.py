import pytest

from mercato.marketplaces.fees import FeeRule, line_fees, proportional_share, rule_for_path


def test_referral_fee_is_a_percentage_of_items_and_shipping():
    fees = line_fees(FeeRule(1500, 30), line_total_minor=2399, quantity=1)
    assert fees.referral_minor == 360  # 15 % of 23.99, rounded half up


def test_minimum_referral_fee_applies_per_unit():
    fees = line_fees(FeeRule(1500, 30), line_total_minor=300, quantity=3)
    assert fees.referral_minor == 90


def test_fees_never_exceed_what_the_shopper_paid():
    fees = line_fees(FeeRule(1500, 100, closing_fee_minor=100), line_total_minor=120, quantity=1)
    assert fees.total_minor == 120


def test_closing_fee_per_unit():
    assert line_fees(FeeRule(1000, 0, closing_fee_minor=50), line_total_minor=5000, quantity=2).closing_minor == 100


def test_deepest_category_rule_wins_then_the_default():
    rules = {None: FeeRule(1500, 30), "home": FeeRule(1200, 30), "home/kitchen/knives": FeeRule(800, 0)}
    assert rule_for_path(rules, "home/kitchen/knives").referral_rate_bp == 800
    assert rule_for_path(rules, "home/kitchen/mugs").referral_rate_bp == 1200
    assert rule_for_path(rules, "garden").referral_rate_bp == 1500
    assert rule_for_path({}, "garden") is None


@pytest.mark.parametrize("amount, part, whole, share", [(150, 400, 1000, 60), (150, 1000, 1000, 150), (7, 1, 2, 4)])
def test_proportional_share_rounds_half_up(amount, part, whole, share):
    assert proportional_share(amount, part, whole) == share
