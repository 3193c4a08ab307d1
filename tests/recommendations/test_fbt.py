"""Frequently bought together: co-occurrence within one order, with lift keeping best-sellers in their place."""
import math

import pytest

from mercato.recommendations.fbt import fit_bought_together
from mercato.recommendations.purchases import Purchase


def orders(*contents):
    """Each string is one order's items: orders("AB", "AC") is two orders."""
    return [Purchase(f"c{number}", item, f"o{number}") for number, items in enumerate(contents)
            for item in items]


# P is the best-seller, in 18 of 20 orders. Charger goes with Phone in 3 of Phone's 4 orders and is rarely
# bought otherwise; P is in all four of Phone's orders, but only because it is in nearly every order.
BEST_SELLER_SHOP = orders("FCP", "FCP", "FCP", "FP", "CP", *["P"] * 13, "X", "XY")


def test_a_true_complement_ranks_above_a_best_seller_bought_with_everything():
    model = fit_bought_together(BEST_SELLER_SHOP)
    assert model.bought_together("F", k=2)[0][0] == "C"
    lift_only = fit_bought_together(BEST_SELLER_SHOP, popularity_damping=1.0)
    assert lift_only.bought_together("F", k=2)[0][0] == "C"


def test_plain_co_occurrence_lets_the_best_seller_win():
    confidence = fit_bought_together(BEST_SELLER_SHOP, popularity_damping=0.0)
    assert confidence.bought_together("F", k=2)[0] == ("P", 1.0)


def test_a_best_seller_in_every_order_is_never_a_partner():
    model = fit_bought_together(orders("AP", "AP", "BP", "BP", "AP"), popularity_damping=0.0)
    assert model.bought_together("A") == []


def test_lift_is_computed_over_orders():
    model = fit_bought_together(BEST_SELLER_SHOP, popularity_damping=1.0)
    # 20 orders; F in 4, C in 4, together in 3: lift = 20 * 3 / (4 * 4)
    assert math.isclose(dict(model.bought_together("F"))["C"], 20 * 3 / (4 * 4))


def test_pairs_below_the_minimum_support_are_left_out():
    shop = orders("AB", "AB", "AC", "D", "D", "D")
    assert [item for item, _ in fit_bought_together(shop).bought_together("A")] == ["B"]
    assert {item for item, _ in fit_bought_together(shop, min_orders_together=1).bought_together("A")} == {"B", "C"}


def test_items_from_separate_orders_of_one_customer_are_not_bought_together():
    shop = [Purchase("c1", "A", "o1"), Purchase("c1", "B", "o2"), Purchase("c2", "A", "o3"),
            Purchase("c2", "B", "o4"), Purchase("c3", "Z", "o5")]
    assert fit_bought_together(shop, min_orders_together=1).bought_together("A") == []


def test_for_basket_favours_an_item_that_goes_with_several_cart_items_and_skips_the_cart():
    shop = orders("AX", "AX", "AX", "AY", "AY", "BY", "BY", "Q", "Q", "Q", "Q", "Q")
    model = fit_bought_together(shop)
    assert model.bought_together("A", k=1)[0][0] == "X"
    suggestions = model.for_basket(["A", "B"], k=5)
    assert suggestions[0][0] == "Y"
    assert {"A", "B"}.isdisjoint(item for item, _ in suggestions)
    assert model.for_basket([]) == []


def test_unknown_item_gives_an_empty_list():
    assert fit_bought_together(BEST_SELLER_SHOP).bought_together("nope") == []


def test_damping_outside_zero_to_one_is_refused():
    with pytest.raises(ValueError):
        fit_bought_together(BEST_SELLER_SHOP, popularity_damping=2.0)


def test_same_data_in_any_order_gives_the_same_lists():
    forward = fit_bought_together(BEST_SELLER_SHOP, min_orders_together=1)
    backward = fit_bought_together(list(reversed(BEST_SELLER_SHOP)), min_orders_together=1)
    for item in "FCPXY":
        assert forward.bought_together(item, k=5) == backward.bought_together(item, k=5)
