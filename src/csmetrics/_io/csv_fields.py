"""The fields of one column of a tokenised CSV chunk, kept as byte ranges until asked for.

A column is never turned into millions of Python strings unless it has to
be: categorical columns are read through their distinct values
(:meth:`Fields.factorize`, keys of their bytes loaded as 64-bit words),
timestamps straight from their bytes, and only free text becomes strings
(:meth:`Fields.strings`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from csmetrics._core.iso_words import byte_matrix
from csmetrics._core.optional import require_extra
from csmetrics._io.field_words import EXACT_WIDTH, Words, decode_fields, factor

if TYPE_CHECKING:
    import numpy.typing as npt

__all__ = ["MAX_FACTOR_WIDTH", "Fields"]

MAX_FACTOR_WIDTH = 96
"""Widest field (bytes) factorised from its bytes; wider columns become strings first."""
_QUOTE = 34


@dataclass(frozen=True, slots=True)
class Fields:
    """Byte ranges ``[starts, ends)`` of one column's fields in ``data``, quotes removed."""

    data: npt.NDArray[np.uint8]
    raw: bytes
    starts: npt.NDArray[np.int64]
    ends: npt.NDArray[np.int64]
    escaped: bool = True
    """Whether a doubled quote inside a field still stands for one quote (raw CSV bytes)."""
    arrow: Any = None
    """The same fields as a pyarrow string array (the arrow reader), decoded and
    factorised by pyarrow; the byte ranges serve everything else."""

    def __len__(self) -> int:
        return int(self.starts.shape[0])

    def take(self, rows: npt.NDArray[np.intp] | slice) -> Fields:
        """The fields of ``rows`` only (a slice gives views)."""
        arrow = self.arrow
        if arrow is not None:
            if isinstance(rows, slice):
                start, stop, _ = rows.indices(len(self))
                arrow = arrow.slice(start, max(stop - start, 0))
            else:
                arrow = arrow.take(_arrow_indices(rows))
        return Fields(self.data, self.raw, self.starts[rows], self.ends[rows], self.escaped, arrow)

    @property
    def lengths(self) -> npt.NDArray[np.int64]:
        """Bytes per field."""
        return self.ends - self.starts

    def matrix(self, width: int) -> npt.NDArray[np.uint8]:
        """Each field's first ``width`` bytes, zero-padded: one row per field."""
        return byte_matrix(self.data, self.starts, self.ends, width)

    def strings(self) -> list[str]:
        """Every field as text (``""`` inside a quoted field becomes ``"``)."""
        if self.arrow is not None:
            return list(self.arrow.to_pylist())
        texts = decode_fields(self.data, self.starts, self.lengths)
        if self.escaped:
            texts = [t.replace('""', '"') if '""' in t else t for t in texts]
        return texts

    def words(self) -> Words:
        """The column's bytes for 64-bit loads (keys and hashes of fields)."""
        return Words(self.data)

    def factorize(self) -> tuple[list[str], npt.NDArray[np.intp]]:
        """The distinct values (as text) and, per field, the index of its value.

        Fields of at most ``EXACT_WIDTH`` bytes are compared by an exact key;
        wider ones by a hash, checked against a second hash and the length
        (a collision falls back to comparing the texts).
        """
        if self.arrow is not None and len(self):
            encoded = self.arrow.dictionary_encode()
            return encoded.dictionary.to_pylist(), _indices(encoded.indices)
        lengths = self.lengths
        width = int(lengths.max()) if lengths.size else 0
        if width == 0:
            return [""], np.zeros(len(self), dtype=np.intp)
        if width > MAX_FACTOR_WIDTH:
            return _factorize_texts(self.strings())
        words = self.words()
        if width <= EXACT_WIDTH:
            rows, codes = factor(words.exact_keys(self.starts, lengths))
        else:
            one, two = words.hashes(self.starts, lengths, width)
            rows, codes = factor(one)
            same = rows[codes]
            if not ((two[same] == two).all() and (lengths[same] == lengths).all()):
                return _factorize_texts(self.strings())
        return self.take(rows).strings(), codes


def _arrow_indices(rows: npt.NDArray[np.intp]) -> Any:
    """``rows`` as a pyarrow array over the same memory (``take`` of a numpy array would
    import pandas, some 40 MB, to convert it)."""
    pyarrow = require_extra("pyarrow", "arrow", "reader='arrow'")
    every = np.ascontiguousarray(rows, dtype=np.int64)
    return pyarrow.Array.from_buffers(pyarrow.int64(), every.shape[0],
                                      [None, pyarrow.py_buffer(every)])  # fmt: skip


def _indices(indices: Any) -> npt.NDArray[np.intp]:
    """A pyarrow integer array (no nulls) as numpy, read from its buffer (``to_numpy``
    would import pandas, some 40 MB, only to look for its types)."""
    every = np.frombuffer(indices.buffers()[1], dtype=indices.type.to_pandas_dtype())
    return every[indices.offset : indices.offset + len(indices)].astype(np.intp)


def _factorize_texts(texts: list[str]) -> tuple[list[str], npt.NDArray[np.intp]]:
    index: dict[str, int] = {}
    codes = [index.setdefault(t, len(index)) for t in texts]
    return list(index), np.array(codes, dtype=np.intp)
