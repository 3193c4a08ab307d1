"""A store of product vectors for one marketplace: nearest products to a query vector, by cosine.

Pure module (no Django). Rows are unit vectors, so a dot product is the cosine. The search is
brute force (one matrix-vector product and a partial sort): exact, and fast enough for a
catalogue of some hundred thousand products per marketplace (see docs/search-relevance.md).
Each row also keeps a hash of the text it was made from, so a rebuild embeds only what changed.

On disk a store is one `.npz` file, written beside its final name and renamed over it: a reader
sees the old store or the new one, never half of either.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

import numpy as np

# float16 halves the memory and changes cosines by about 1e-3 (ranking on ESCI: the same), but NumPy
# scores it 3 to 12 times slower than float32: stores are float32 unless memory is what runs out.
# float16 rows are scored in float32 chunks of this many rows.
SCORING_CHUNK_ROWS = 32_768
FORMAT_VERSION = 1


@dataclass(frozen=True)
class VectorStore:
    product_ids: np.ndarray  # int64, ascending, unique
    vectors: np.ndarray  # (len(product_ids), dimensions), unit rows, float32 or float16
    text_hashes: np.ndarray  # str per row: hash of the text the row was embedded from

    @classmethod
    def build(cls, product_ids: Iterable[int], vectors: np.ndarray, text_hashes: Iterable[str], *,
              dtype: type = np.float32) -> VectorStore:
        """A store of these rows, sorted by product id; rows are normalised to unit length."""
        ids = np.asarray(list(product_ids), dtype=np.int64)
        hashes = np.asarray(list(text_hashes), dtype=str)
        matrix = np.asarray(vectors, dtype=np.float32)
        if matrix.ndim != 2 or len(matrix) != len(ids) or len(hashes) != len(ids):
            raise ValueError(f"{len(ids)} product ids, {len(hashes)} text hashes and a matrix of shape "
                             f"{matrix.shape}: they must have one row each")
        if len(np.unique(ids)) != len(ids):
            raise ValueError("product ids must be unique")
        norms = np.linalg.norm(matrix, axis=1, keepdims=True)
        matrix = matrix / np.where(norms > 0, norms, 1.0)
        order = np.argsort(ids, kind="stable")
        return cls(ids[order], np.ascontiguousarray(matrix[order], dtype=dtype), hashes[order])

    @classmethod
    def empty(cls, dimensions: int, *, dtype: type = np.float32) -> VectorStore:
        return cls(np.zeros(0, dtype=np.int64), np.zeros((0, dimensions), dtype=dtype), np.zeros(0, dtype=str))

    def __len__(self) -> int:
        return len(self.product_ids)

    @property
    def dimensions(self) -> int:
        return self.vectors.shape[1]

    @property
    def nbytes(self) -> int:
        return self.product_ids.nbytes + self.vectors.nbytes + self.text_hashes.nbytes

    def text_hash_by_product(self) -> dict[int, str]:
        return dict(zip(self.product_ids.tolist(), self.text_hashes.tolist()))

    def rows_of(self, product_ids: Iterable[int]) -> tuple[np.ndarray, np.ndarray]:
        """(the ids among `product_ids` that the store holds, their row numbers), in the order given."""
        wanted = np.asarray(list(product_ids), dtype=np.int64)
        if not len(self) or not len(wanted):
            return wanted[:0], wanted[:0]
        rows = np.minimum(np.searchsorted(self.product_ids, wanted), len(self) - 1)
        held = self.product_ids[rows] == wanted
        return wanted[held], rows[held]

    def nearest(self, query_vector: np.ndarray, k: int) -> list[tuple[int, float]]:
        """The `k` products most similar to the query, best first: [(product_id, cosine)]. Equal
        cosines rank the lower product id first."""
        if k <= 0 or not len(self):
            return []
        scores = self._scores(query_vector, self.vectors)
        if k < len(scores):
            top = np.argpartition(-scores, k - 1)[:k]
            # Rows tied with the k-th score may be left out at random; take every tied row, then sort.
            top = np.flatnonzero(scores >= scores[top].min())
        else:
            top = np.arange(len(scores))
        top = top[np.lexsort((self.product_ids[top], -scores[top]))][:k]
        return [(int(product_id), float(score))
                for product_id, score in zip(self.product_ids[top], scores[top])]

    def similarities(self, query_vector: np.ndarray, product_ids: Iterable[int]) -> dict[int, float]:
        """Cosine of the query with each of `product_ids` that the store holds (others are left out)."""
        ids, rows = self.rows_of(product_ids)
        if not len(ids):
            return {}
        scores = self._scores(query_vector, self.vectors[rows])
        return dict(zip(ids.tolist(), scores.tolist()))

    def _scores(self, query_vector: np.ndarray, matrix: np.ndarray) -> np.ndarray:
        query = np.asarray(query_vector, dtype=np.float32).reshape(-1)
        if query.shape[0] != self.dimensions:
            raise ValueError(f"query vector has {query.shape[0]} dimensions, the store {self.dimensions}")
        norm = float(np.linalg.norm(query))
        if not np.isfinite(norm) or norm == 0.0:
            return np.zeros(len(matrix), dtype=np.float32)
        query = query / norm
        # einsum, not BLAS: a matrix-vector product is bound by memory, and BLAS threads fighting
        # the web server's threads for the cores made it 6 times slower on a busy machine.
        if matrix.dtype == np.float32:
            return np.einsum("ij,j->i", matrix, query)
        # NumPy has no fast float16 arithmetic: score in float32, a chunk at a time.
        return np.concatenate([
            np.einsum("ij,j->i", matrix[start:start + SCORING_CHUNK_ROWS].astype(np.float32), query)
            for start in range(0, len(matrix), SCORING_CHUNK_ROWS)
        ])

    def save(self, path: Path) -> None:
        """Write the store to `path` (a `.npz` file) atomically."""
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}-", suffix=".npz")
        try:
            with os.fdopen(descriptor, "wb") as file:
                np.savez(file, format_version=np.int64(FORMAT_VERSION), product_ids=self.product_ids,
                         vectors=self.vectors, text_hashes=self.text_hashes)
                file.flush()
                os.fsync(file.fileno())
            os.chmod(temporary, 0o644)  # mkstemp makes it private; web processes may run as another user
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise

    @classmethod
    def load(cls, path: Path) -> VectorStore:
        """Read a store written by `save`; ValueError if it is not one."""
        with np.load(Path(path), allow_pickle=False) as data:
            if int(data.get("format_version", -1)) != FORMAT_VERSION:
                raise ValueError(f"{path}: not a vector store of format {FORMAT_VERSION}")
            return cls(data["product_ids"].astype(np.int64), data["vectors"], data["text_hashes"])
