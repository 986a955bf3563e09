"""The fields of one column of a tokenised CSV chunk, kept as byte ranges until asked for.

A column is never turned into millions of Python strings unless it has to
be: categorical columns are read through their distinct values
(:meth:`Fields.factorize`), timestamps straight from their bytes
(:meth:`Fields.matrix`), and only free text becomes strings
(:meth:`Fields.strings`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    import numpy.typing as npt

__all__ = ["MAX_FACTOR_WIDTH", "Fields"]

MAX_FACTOR_WIDTH = 96
"""Widest field (bytes) read through a fixed-width matrix; wider columns become strings first."""
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

    def __len__(self) -> int:
        return int(self.starts.shape[0])

    def take(self, rows: npt.NDArray[np.intp]) -> Fields:
        """The fields of ``rows`` only."""
        return Fields(self.data, self.raw, self.starts[rows], self.ends[rows], self.escaped)

    @property
    def lengths(self) -> npt.NDArray[np.int64]:
        """Bytes per field."""
        return self.ends - self.starts

    def matrix(self, width: int) -> npt.NDArray[np.uint8]:
        """Each field's first ``width`` bytes, zero-padded: one row per field."""
        small: type[np.integer[Any]] = np.int32 if self.data.shape[0] < 2**31 - width else np.int64
        offsets: npt.NDArray[Any] = self.starts.astype(small)[:, None] + np.arange(
            width, dtype=small
        )
        inside = offsets < self.ends.astype(small)[:, None]
        np.minimum(offsets, self.data.shape[0] - 1, out=offsets)
        gathered: npt.NDArray[np.uint8] = self.data[offsets]
        gathered *= inside
        return gathered

    def strings(self) -> list[str]:
        """Every field as text (``""`` inside a quoted field becomes ``"``)."""
        raw = self.raw
        texts = [
            raw[a:b].decode("utf-8")
            for a, b in zip(self.starts.tolist(), self.ends.tolist(), strict=True)
        ]
        if self.escaped:
            texts = [t.replace('""', '"') if '""' in t else t for t in texts]
        return texts

    def _distinct(self, width: int) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.intp]]:
        """A first field of each distinct value, and per field the index of its value.

        Fields of at most 8 bytes are compared as one integer. Wider ones
        through two independent 64-bit hashes and their length, read one
        byte position at a time (no field-by-width matrix), so two different
        values would have to collide on 128 bits at once to be merged.
        """
        if width <= 8:
            keys = np.ascontiguousarray(self.matrix(8)).view(np.uint64).reshape(-1)
            _, first, inverse = np.unique(keys, return_index=True, return_inverse=True)
            return first, inverse.reshape(-1)
        last = self.data.shape[0] - 1
        lengths = self.lengths
        one = np.zeros(len(self), dtype=np.uint64)
        two = np.zeros(len(self), dtype=np.uint64)
        with np.errstate(over="ignore"):
            for k in range(width):
                byte = self.data[np.minimum(self.starts + k, last)].astype(np.uint64)
                byte *= (k < lengths).astype(np.uint64)
                one = (one ^ byte) * _MIX[0]
                two = (two ^ byte) * _MIX[1]
        _, first, inverse = np.unique(one, return_index=True, return_inverse=True)
        inverse = inverse.reshape(-1)
        same = first[inverse]
        if (two == two[same]).all() and (lengths == lengths[same]).all():
            return first, inverse
        texts = self.strings()  # a collision of the first hash: sort the values themselves
        values, codes = _factorize_texts(texts)
        index = {value: row for row, value in reversed(list(enumerate(texts)))}
        return np.array([index[v] for v in values], dtype=np.intp), codes

    def factorize(self) -> tuple[list[str], npt.NDArray[np.intp]]:
        """The distinct values (as text) and, per field, the index of its value."""
        lengths = self.lengths
        width = int(lengths.max()) if lengths.size else 0
        if width == 0:
            return [""], np.zeros(len(self), dtype=np.intp)
        if width > MAX_FACTOR_WIDTH:
            return _factorize_texts(self.strings())
        first, inverse = self._distinct(width)
        values = [
            self.raw[a:b].decode("utf-8")
            for a, b in zip(self.starts[first].tolist(), self.ends[first].tolist(), strict=True)
        ]
        if self.escaped:
            values = [v.replace('""', '"') for v in values]
        return values, inverse


_MIX = (np.uint64(0x9E3779B97F4A7C15), np.uint64(0xC2B2AE3D27D4EB4F))


def _factorize_texts(texts: list[str]) -> tuple[list[str], npt.NDArray[np.intp]]:
    index: dict[str, int] = {}
    codes = [index.setdefault(t, len(index)) for t in texts]
    return list(index), np.array(codes, dtype=np.intp)
