"""A trie's edges as an open-addressing hash table, looked up for many keys at once.

``ArrayTrie`` moves every living start one trie level down per step: it
looks up ``parent << 21 | code point`` for thousands of keys at once. A
sorted array with ``numpy.searchsorted`` would do, but a binary search (like
a sort) releases the GIL, and a thread that releases it waits up to the
interpreter's switch interval (5 ms) to get it back whenever other threads
run Python. Here a lookup is array indexing and comparisons only (which keep
the GIL at these sizes): a multiplicative hash, then linear probing, with
the table at most one eighth full so that almost every key is settled by the
first probe.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

__all__ = ["EdgeTable"]

_MULTIPLIER = 0x9E3779B97F4A7C15  # 2**64 / golden ratio (Fibonacci hashing)
_WORD = (1 << 64) - 1
_EMPTY = -1


class EdgeTable:
    """``key -> value`` for non-negative int64 keys; ``lookup`` gives -1 for a missing key.

    Examples
    --------
    >>> import numpy as np
    >>> table = EdgeTable([(5, 50), (7, 70), (1 << 40, 3)])
    >>> table.lookup(np.array([7, 6, 1 << 40, 5])).tolist()
    [70, -1, 3, 50]
    """

    __slots__ = ("_bits", "_keys", "_values")

    def __init__(self, items: Sequence[tuple[int, int]]) -> None:
        self._bits = max(4, (8 * len(items)).bit_length())
        size = 1 << self._bits
        keys = [_EMPTY] * size
        values = [0] * size
        for key, value in items:
            slot = _hash(key, self._bits)
            while keys[slot] != _EMPTY and keys[slot] != key:
                slot = (slot + 1) & (size - 1)
            keys[slot], values[slot] = key, value
        self._keys = np.array(keys, dtype=np.int64)
        self._values = np.array(values, dtype=np.int64)

    def lookup(self, keys: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
        """The value of each key, or -1 where the table does not hold it."""
        mask = np.int64((1 << self._bits) - 1)
        slots = (
            (keys.astype(np.uint64) * np.uint64(_MULTIPLIER)) >> np.uint64(64 - self._bits)
        ).astype(np.int64)
        held = self._keys[slots]
        found = held == keys
        result = np.where(found, self._values[slots], -1)
        pending = np.flatnonzero(~found & (held != _EMPTY))
        while len(pending):  # the few keys whose slot holds another key: probe on
            slots[pending] = (slots[pending] + 1) & mask
            held = self._keys[slots[pending]]
            found = held == keys[pending]
            result[pending[found]] = self._values[slots[pending[found]]]
            pending = pending[~found & (held != _EMPTY)]
        return result


def _hash(key: int, bits: int) -> int:
    return ((key * _MULTIPLIER) & _WORD) >> (64 - bits)
