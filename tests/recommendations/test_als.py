"""Implicit-feedback ALS: taste groups are recovered, bought items left out, results repeatable, CPU only."""
import random

import numpy as np

from mercato.recommendations.als import fit_als
from mercato.recommendations.purchases import Purchase

KITCHEN, GARDEN = ["k1", "k2", "k3", "k4", "k5"], ["g1", "g2", "g3", "g4", "g5"]


def two_taste_groups():
    """Twenty customers buy only kitchen items, twenty only garden items; "newcomer" bought k1 and k2."""
    rng = random.Random(11)
    purchases = []
    for number in range(40):
        aisle = KITCHEN if number < 20 else GARDEN
        for item in rng.sample(aisle, 3):
            purchases.append(Purchase(f"c{number}", item, f"o{number}"))
    purchases += [Purchase("newcomer", "k1", "n1"), Purchase("newcomer", "k2", "n1")]
    return purchases


def fit(purchases):
    return fit_als(purchases, factors=2, iterations=15, regularization=0.1)  # two taste groups, two factors


def test_recommendations_come_from_the_customers_taste_group_and_skip_what_they_bought():
    recommended = [item for item, _ in fit(two_taste_groups()).recommended_for("newcomer", k=3)]
    assert set(recommended) == {"k3", "k4", "k5"}


def test_bought_items_can_be_kept():
    recommended = [item for item, _ in fit(two_taste_groups()).recommended_for("newcomer", k=5,
                                                                               exclude_bought=False)]
    assert set(recommended) == set(KITCHEN)


def test_similar_items_stay_in_their_group():
    similar = [item for item, _ in fit(two_taste_groups()).similar_items("g1", k=4)]
    assert set(similar) == {"g2", "g3", "g4", "g5"}


def test_unknown_customer_or_item_gives_an_empty_list():
    model = fit(two_taste_groups())
    assert model.recommended_for("stranger") == []
    assert model.similar_items("no-such-item") == []


def test_the_same_data_and_seed_give_the_same_model():
    first, second = fit(two_taste_groups()), fit(two_taste_groups())
    assert np.array_equal(first.item_factors, second.item_factors)
    assert np.array_equal(first.customer_factors, second.customer_factors)
    assert first.recommended_for("newcomer", k=10) == second.recommended_for("newcomer", k=10)


def test_extra_exclusions_are_respected():
    recommended = fit(two_taste_groups()).recommended_for("newcomer", k=10, exclude=["k3"])
    assert "k3" not in dict(recommended)
