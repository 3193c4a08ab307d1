import numpy as np
import pytest

from mercato.search import sentence_encoder

# The first values of two embeddings computed by the reference implementation
# (sentence-transformers with torch, all-MiniLM-L6-v2, max_seq_length 128).
REFERENCE_EMBEDDINGS = {
    "lamp for reading": [0.034129, -0.01983, -0.055448, -0.017548, -0.038938, -0.005982],
    "garden hose 50 ft expandable": [-0.002907, 0.05658, 0.002042, -0.074183, 0.064883, 0.010682],
}


@pytest.fixture(scope="session")
def encoder():
    return sentence_encoder.default_encoder()


def cosine(encoder, first: str, second: str) -> float:
    first_vector, second_vector = encoder.encode([first, second])
    return float(first_vector @ second_vector)


def test_embeddings_match_the_reference_implementation(encoder):
    vectors = encoder.encode(list(REFERENCE_EMBEDDINGS))
    for vector, expected in zip(vectors, REFERENCE_EMBEDDINGS.values()):
        np.testing.assert_allclose(vector[:6], expected, atol=2e-5)


def test_a_reading_lamp_query_is_closest_to_the_desk_light_though_no_word_is_shared(encoder):
    desk_light = cosine(encoder, "lamp for reading", "LED desk light")
    assert desk_light > cosine(encoder, "lamp for reading", "garden hose") + 0.2
    assert desk_light > cosine(encoder, "lamp for reading", "stainless steel saucepan") + 0.2


def test_every_text_gets_a_unit_vector_of_384_floats_in_the_order_given(encoder):
    texts = ["garden hose", "", "LED desk light", "🙂 ???"]
    vectors = encoder.encode(texts)
    assert vectors.shape == (4, 384) and vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    np.testing.assert_allclose(vectors[2], encoder.encode(["LED desk light"])[0], atol=1e-6)


def test_a_text_gets_the_same_vector_alone_or_in_a_batch_of_longer_texts(encoder):
    alone = encoder.encode(["desk lamp"])[0]
    batched = encoder.encode(["desk lamp", "a much longer title about an adjustable LED desk lamp with a clamp"])[0]
    np.testing.assert_allclose(alone, batched, atol=1e-6)


def test_words_past_the_token_limit_do_not_change_the_vector(encoder):
    long_text = "solid oak dining table " * 60  # far past 128 word pieces
    first, second = encoder.encode([long_text, long_text + " with a free garden hose and a lamp"])
    np.testing.assert_allclose(first, second, atol=1e-6)


def test_no_texts_give_an_empty_matrix(encoder):
    assert encoder.encode([]).shape == (0, 384)
