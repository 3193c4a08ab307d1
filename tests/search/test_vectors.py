import numpy as np
import pytest

from mercato.search.vectors import VectorStore


def store(dtype=np.float32) -> VectorStore:
    # Product 30 points half-way between 10 and 20; 40 is given unnormalised and opposite to 10.
    return VectorStore.build(
        [30, 10, 40, 20],
        np.array([[1.0, 1.0, 0.0], [1.0, 0.0, 0.0], [-5.0, 0.0, 0.0], [0.0, 1.0, 0.0]]),
        ["h30", "h10", "h40", "h20"],
        dtype=dtype,
    )


def test_nearest_gives_the_k_most_similar_products_with_their_cosines_best_first():
    nearest = store().nearest(np.array([1.0, 0.0, 0.0]), 3)
    assert [product_id for product_id, _ in nearest] == [10, 30, 20]
    assert [round(cosine, 6) for _, cosine in nearest] == [1.0, round(1 / np.sqrt(2), 6), 0.0]


def test_nearest_asks_for_more_than_the_store_holds_gets_all_and_for_none_gets_nothing():
    assert [product_id for product_id, _ in store().nearest(np.array([0.0, 1.0, 0.0]), 50)] == [20, 30, 10, 40]
    assert store().nearest(np.array([0.0, 1.0, 0.0]), 0) == []
    assert VectorStore.empty(3).nearest(np.array([0.0, 1.0, 0.0]), 5) == []


def test_equal_cosines_rank_the_lower_product_id_first_even_at_the_cut():
    tied = VectorStore.build([7, 3, 5], np.ones((3, 2)), ["a", "b", "c"])
    assert [product_id for product_id, _ in tied.nearest(np.array([1.0, 1.0]), 2)] == [3, 5]


def test_a_query_vector_of_any_length_scores_like_its_direction():
    assert store().nearest(np.array([0.0, 9.0, 0.0]), 1) == [(20, pytest.approx(1.0))]


def test_similarities_give_the_exact_cosine_of_each_known_product_and_leave_out_unknown_ones():
    similarities = store().similarities(np.array([1.0, 0.0, 0.0]), [20, 40, 99, 10])
    assert similarities == {20: pytest.approx(0.0), 40: pytest.approx(-1.0), 10: pytest.approx(1.0)}
    assert store().similarities(np.array([1.0, 0.0, 0.0]), []) == {}


def test_a_query_vector_of_the_wrong_size_is_refused_and_a_zero_vector_matches_nothing_better_than_another():
    with pytest.raises(ValueError, match="dimensions"):
        store().nearest(np.array([1.0, 0.0]), 2)
    assert set(store().similarities(np.zeros(3), [10, 20]).values()) == {0.0}


def test_building_refuses_mismatched_rows_and_duplicate_products():
    with pytest.raises(ValueError, match="one row each"):
        VectorStore.build([1, 2], np.ones((3, 2)), ["a", "b"])
    with pytest.raises(ValueError, match="unique"):
        VectorStore.build([1, 1], np.ones((2, 2)), ["a", "b"])


def test_a_saved_store_loads_back_the_same_and_leaves_no_temporary_file(tmp_path):
    path = tmp_path / "vectors" / "gb.npz"
    store().save(path)
    VectorStore.build([1], np.ones((1, 3)), ["only"]).save(path)  # replaces the first
    loaded = VectorStore.load(path)
    assert loaded.product_ids.tolist() == [1] and loaded.text_hash_by_product() == {1: "only"}
    assert [p.name for p in path.parent.iterdir()] == ["gb.npz"]
    store().save(path)
    assert VectorStore.load(path).nearest(np.array([1.0, 0.0, 0.0]), 2) == store().nearest(np.array([1.0, 0.0, 0.0]), 2)


def test_a_file_that_is_not_a_vector_store_is_refused(tmp_path):
    path = tmp_path / "other.npz"
    np.savez(path, something=np.zeros(3))
    with pytest.raises(ValueError, match="not a vector store"):
        VectorStore.load(path)


def test_half_precision_halves_the_vectors_memory_and_keeps_the_order():
    rng = np.random.default_rng(7)
    vectors = rng.normal(size=(500, 64))
    full = VectorStore.build(range(500), vectors, ["h"] * 500)
    half = VectorStore.build(range(500), vectors, ["h"] * 500, dtype=np.float16)
    assert half.vectors.nbytes * 2 == full.vectors.nbytes
    query = rng.normal(size=64)
    full_top, half_top = full.nearest(query, 10), half.nearest(query, 10)
    assert [product_id for product_id, _ in full_top][:5] == [product_id for product_id, _ in half_top][:5]
    np.testing.assert_allclose([c for _, c in full_top], [c for _, c in half_top], atol=2e-3)
