"""Fields read as 64-bit words: exact keys of short fields, hashes of long ones, factorising.

A field ``data[start : start + length]`` is loaded eight bytes at a time
(one unaligned load per word, bytes past its end masked off), so a column
of short values becomes one integer per field without a field-by-width
byte matrix. Fields of at most seven bytes get an exact key (the bytes and
the length); longer ones two independent 64-bit hashes, and a factorising
built on the first is checked against the second and the length (a
collision of the first falls back to comparing the texts themselves).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    import numpy.typing as npt

__all__ = ["EXACT_WIDTH", "Words", "decode_fields", "factor"]

EXACT_WIDTH = 7
"""Widest field (bytes) whose key is exact: its bytes and its length in one word."""
_MASKS = np.array([(1 << (8 * r)) - 1 for r in range(8)] + [2**64 - 1], dtype=np.uint64)
_MIX = (np.uint64(0x9E3779B97F4A7C15), np.uint64(0xC2B2AE3D27D4EB4F))
_CHUNK = 1 << 16
"""Fields decoded per joined buffer (bounds the temporary index arrays)."""
_FEW = 1024
"""Rows sampled to guess whether a column has few distinct values."""


class Words:
    """Unaligned 64-bit loads of ``data`` at any byte position."""

    def __init__(self, data: npt.NDArray[np.uint8]) -> None:
        if data.shape[0] < 8:
            data = np.concatenate([data, np.zeros(8 - data.shape[0], dtype=np.uint8)])
        data = np.ascontiguousarray(data)
        self.size = data.shape[0]
        self.view: npt.NDArray[np.uint64] = np.ndarray(
            (self.size - 7,), dtype="<u8", buffer=data, strides=(1,)
        )

    def word(
        self, starts: npt.NDArray[np.int64], lengths: npt.NDArray[np.int64], k: int
    ) -> npt.NDArray[np.uint64]:
        """Bytes ``8k .. 8k+7`` of each field, little-endian, zero past the field's end."""
        at = starts + 8 * k
        load = np.minimum(at, self.size - 8)
        shift = (np.minimum(at - load, 7) * 8).astype(np.uint64)
        remaining = np.clip(lengths - 8 * k, 0, 8)
        return np.asarray((self.view[load] >> shift) & _MASKS[remaining], dtype=np.uint64)

    def exact_keys(
        self, starts: npt.NDArray[np.int64], lengths: npt.NDArray[np.int64]
    ) -> npt.NDArray[np.uint64]:
        """One key per field of at most ``EXACT_WIDTH`` bytes: equal keys, equal bytes."""
        keys = self.word(starts, lengths, 0)
        keys |= lengths.astype(np.uint64) << np.uint64(56)
        return keys

    def hashes(
        self, starts: npt.NDArray[np.int64], lengths: npt.NDArray[np.int64], width: int
    ) -> tuple[npt.NDArray[np.uint64], npt.NDArray[np.uint64]]:
        """Two independent 64-bit hashes of each field (of at most ``width`` bytes)."""
        size = lengths.astype(np.uint64)
        one, two = size * _MIX[0], size ^ _MIX[1]
        for k in range((width + 7) // 8):
            word = self.word(starts, lengths, k)
            one = (one ^ word) * _MIX[0]
            one ^= one >> np.uint64(29)
            two = (two + word) * _MIX[1]
            two ^= two >> np.uint64(31)
        return one, two


def factor(keys: npt.NDArray[np.uint64]) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.intp]]:
    """A row holding each distinct key, and per row the index of its key.

    A column with few distinct values (judged from a sample) is looked up
    among them with a binary search; others are sorted whole.
    """
    n = keys.shape[0]
    known = np.unique(keys[:: max(1, n // _FEW)])
    if known.shape[0] * 4 <= min(n, _FEW):
        codes = np.minimum(np.searchsorted(known, keys), known.shape[0] - 1)
        miss = known[codes] != keys
        if miss.any():
            known = np.union1d(known, keys[miss])
            codes = np.searchsorted(known, keys)
    else:
        known, codes = np.unique(keys, return_inverse=True)
        codes = codes.reshape(-1)
    rows = np.empty(known.shape[0], dtype=np.intp)
    rows[codes] = np.arange(n, dtype=np.intp)  # some row of each value
    return rows, np.asarray(codes, dtype=np.intp)


def decode_fields(
    data: npt.NDArray[np.uint8], starts: npt.NDArray[np.int64], lengths: npt.NDArray[np.int64]
) -> list[str]:
    """Each field ``data[start : start + length]`` decoded from UTF-8.

    The fields are gathered into one buffer separated by NUL bytes, decoded
    once and split (much cheaper than one ``bytes.decode`` per field); a
    field that holds a NUL itself is decoded on its own.
    """
    out: list[str] = []
    for at in range(0, starts.shape[0], _CHUNK):
        first, size = starts[at : at + _CHUNK], lengths[at : at + _CHUNK]
        ends = np.cumsum(size + 1)
        begins = ends - size - 1
        source = np.arange(int(ends[-1]) if ends.size else 0, dtype=np.int64)
        source += np.repeat(first - begins, size + 1)
        joined = data[np.minimum(source, data.shape[0] - 1)]
        separators = ends - 1
        if np.count_nonzero(joined == 0) != 0:  # a NUL inside a field: one by one
            out += [bytes(data[a : a + b]).decode("utf-8")
                    for a, b in zip(first.tolist(), size.tolist(), strict=True)]  # fmt: skip
            continue
        joined[separators] = 0
        out += joined.tobytes().decode("utf-8").split("\x00")[:-1]
    return out
