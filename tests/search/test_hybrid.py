import pytest

from mercato.search.hybrid import fuse, weighted_sum


def ids(ranked):
    return [product_id for product_id, _ in ranked]


@pytest.mark.parametrize("fusion", [fuse, weighted_sum])
def test_a_product_found_by_both_words_and_meaning_ranks_above_those_found_by_one(fusion):
    bm25 = [(1, 12.0), (2, 8.0)]
    vectors = [(3, 0.80), (2, 0.70), (4, 0.30)]
    assert ids(fusion(bm25, vectors))[0] == 2


def test_fused_scores_add_each_lists_reciprocal_rank_by_the_weight():
    fused = dict(fuse([(1, 10.0), (2, 5.0)], [(2, 0.9), (3, 0.5)], vector_weight=0.25, k=10))
    assert fused == {
        1: pytest.approx(0.75 / 11),
        2: pytest.approx(0.75 / 12 + 0.25 / 11),
        3: pytest.approx(0.25 / 12),
    }


@pytest.mark.parametrize("fusion", [fuse, weighted_sum])
def test_weight_zero_ranks_by_words_alone_and_weight_one_by_meaning_alone(fusion):
    bm25 = [(1, 3.0), (2, 2.0), (3, 1.0)]
    vectors = [(3, 0.9), (2, 0.5), (1, 0.2)]
    assert ids(fusion(bm25, vectors, vector_weight=0.0)) == [1, 2, 3]
    assert ids(fusion(bm25, vectors, vector_weight=1.0)) == [3, 2, 1]


def test_without_vectors_the_bm25_order_is_kept_and_nothing_in_gives_nothing_out():
    assert ids(fuse([(5, 1.0), (9, 4.0), (2, 2.5)], [])) == [9, 2, 5]
    assert fuse([], []) == []
    assert ids(fuse([], [(4, -0.2), (6, 0.3)])) == [6, 4]


def test_equal_fused_scores_rank_the_lower_product_id_first():
    assert ids(fuse([(8, 1.0)], [(3, 1.0)])) == [3, 8]


def test_a_product_listed_twice_counts_once_at_its_best_rank():
    assert fuse([(1, 2.0), (1, 4.0), (2, 3.0)], [], vector_weight=0.0, k=0) == [(1, 1.0), (2, 0.5)]


def test_the_weighted_sum_combines_the_normalised_scores():
    fused = dict(weighted_sum([(1, 10.0), (2, 5.0)], [(2, 0.9), (3, 0.5), (4, 0.1)], vector_weight=0.5))
    # BM25 divided by its best (1: 1.0, 2: 0.5); cosines min-max (2: 1.0, 3: 0.5, 4: 0.0).
    assert fused == {1: pytest.approx(0.5), 2: pytest.approx(0.75), 3: pytest.approx(0.25), 4: pytest.approx(0.0)}


@pytest.mark.parametrize("fusion", [fuse, weighted_sum])
def test_a_weight_outside_zero_to_one_is_refused(fusion):
    with pytest.raises(ValueError, match="vector_weight"):
        fusion([(1, 1.0)], [], vector_weight=1.5)
