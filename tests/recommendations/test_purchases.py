"""The shared building blocks: matrices from purchases, and deterministic top-k selection."""
import math
import random

import numpy as np
import scipy.sparse as sp

from mercato.recommendations.purchases import (
    Purchase, as_purchases, customer_item_matrix, order_item_matrix, top_k_per_row, top_scored)


def test_plain_tuples_are_accepted_as_purchases():
    assert as_purchases([("c", "i", "o"), ("c", "j", "o", 5, 2)]) == [Purchase("c", "i", "o"),
                                                                       Purchase("c", "j", "o", 5, 2)]


def test_customer_item_weights_count_orders_not_lines_or_units():
    purchases = [Purchase("c", "i", "o1", quantity=100), Purchase("c", "i", "o1"), Purchase("c", "i", "o2"),
                 Purchase("d", "j", "o3")]
    binary, customers, items = customer_item_matrix(purchases)
    assert binary.toarray().tolist() == [[1.0, 0.0], [0.0, 1.0]]
    logged, _, _ = customer_item_matrix(purchases, weighting="log_orders")
    assert math.isclose(logged[customers.position["c"], items.position["i"]], 1 + math.log(2))


def test_order_item_matrix_marks_each_item_once_per_order():
    matrix, items = order_item_matrix([("c", "i", "o1"), ("c", "i", "o1"), ("c", "j", "o1"), ("d", "j", "o2")])
    assert items.ids == ("i", "j")
    assert matrix.toarray().tolist() == [[1.0, 1.0], [0.0, 1.0]]


def test_top_scored_breaks_ties_by_lower_position_and_drops_non_positive_scores():
    ids = ["a", "b", "c", "d", "e"]
    scores = np.array([0.5, 0.9, 0.5, 0.0, -1.0])
    assert top_scored(np.arange(5), scores, k=3, ids=ids) == [("b", 0.9), ("a", 0.5), ("c", 0.5)]
    assert top_scored(np.arange(5), scores, k=10, ids=ids) == [("b", 0.9), ("a", 0.5), ("c", 0.5)]
    assert top_scored(np.arange(5), scores, k=5, ids=ids, positive_only=False)[-1] == ("e", -1.0)


def test_top_k_per_row_matches_a_plain_sort():
    rng = random.Random(2)
    dense = np.array([[rng.choice([0, 0, 1, 2, 3]) for _ in range(30)] for _ in range(25)], dtype=float)
    for k in (1, 3, 10, 40):
        kept = top_k_per_row(sp.csr_matrix(dense), k).toarray()
        for row in range(25):
            best = sorted((c for c in range(30) if dense[row, c] > 0), key=lambda c: (-dense[row, c], c))[:k]
            assert sorted(np.flatnonzero(kept[row])) == sorted(best)
