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
        if self.escaped and raw.count(b'""'):
            texts = [t.replace('""', '"') if '""' in t else t for t in texts]
        return texts

    def factorize(self) -> tuple[list[str], npt.NDArray[np.intp]]:
        """The distinct values (as text) and, per field, the index of its value."""
        lengths = self.lengths
        width = int(lengths.max()) if lengths.size else 0
        if width == 0:
            return [""], np.zeros(len(self), dtype=np.intp)
        if width > MAX_FACTOR_WIDTH:
            return _factorize_texts(self.strings())
        fixed = np.ascontiguousarray(self.matrix(width)).view(f"S{width}").reshape(-1)
        unique, inverse = np.unique(fixed, return_inverse=True)
        values = [v.decode("utf-8") for v in unique.tolist()]
        if self.escaped:
            values = [v.replace('""', '"') for v in values]
        return values, inverse.reshape(-1)


def _factorize_texts(texts: list[str]) -> tuple[list[str], npt.NDArray[np.intp]]:
    index: dict[str, int] = {}
    codes = [index.setdefault(t, len(index)) for t in texts]
    return list(index), np.array(codes, dtype=np.intp)
