"""Reciprocal rank fusion of ranked lists."""
import math

import pytest

from mercato.recommendations.blend import reciprocal_rank_fusion


def test_an_item_ranked_by_both_recommenders_beats_items_ranked_by_one():
    fused = reciprocal_rank_fusion([[("a", 9.0), ("b", 5.0)], [("c", 0.7), ("b", 0.6)]], k=3)
    assert fused[0][0] == "b"
    assert math.isclose(fused[0][1], 1 / 62 + 1 / 62)
    assert [item for item, _ in fused[1:]] == ["a", "c"]  # equal fused scores: lower id first


def test_weights_favour_one_list():
    fused = reciprocal_rank_fusion([[("a", 1.0)], [("c", 1.0)]], weights=[1.0, 2.0], k=2)
    assert [item for item, _ in fused] == ["c", "a"]


def test_one_weight_per_list_is_required():
    with pytest.raises(ValueError):
        reciprocal_rank_fusion([[("a", 1.0)]], weights=[1.0, 2.0])


def test_nothing_in_nothing_out():
    assert reciprocal_rank_fusion([[], []]) == []
