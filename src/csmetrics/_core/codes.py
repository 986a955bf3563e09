"""Dense codes of integer keys, and of rows of several code columns, in sorted order.

``np.unique(..., return_inverse=True)`` sorts; integer keys of a small range
(at most about one per row) are coded in linear time with ``bincount``
instead. Rows of several small code columns are folded into one integer
(mixed radix, so the order is lexicographic) rather than sorted as rows.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    import numpy.typing as npt

__all__ = ["dense_codes", "row_codes"]

_SMALL_RANGE = 1 << 16
_MAX_FOLDED = 1 << 62


def dense_codes(
    values: npt.NDArray[np.int64],
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.intp]]:
    """The distinct values in increasing order and each value's index among them.

    >>> uniques, codes = dense_codes(np.array([30, 10, 30, 20]))
    >>> uniques.tolist(), codes.tolist()
    ([10, 20, 30], [2, 0, 2, 1])
    """
    values = np.asarray(values, dtype=np.int64).reshape(-1)
    if values.size == 0:
        return values.copy(), np.zeros(0, dtype=np.intp)
    low, high = int(values.min()), int(values.max())
    if high - low <= max(values.size, _SMALL_RANGE):
        shifted = (values - low).astype(np.intp)
        present = np.bincount(shifted, minlength=high - low + 1) > 0
        remap = np.cumsum(present) - 1
        return np.flatnonzero(present).astype(np.int64) + low, remap[shifted].astype(np.intp)
    uniques, inverse = np.unique(values, return_inverse=True)
    return uniques, inverse.reshape(-1).astype(np.intp)


def row_codes(
    columns: list[npt.NDArray[np.intp]], sizes: list[int]
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.intp]]:
    """Distinct rows of code columns (each ``0 <= code < size``) in lexicographic order.

    Returns the distinct rows (shape ``(groups, len(columns))``) and each row's group.

    >>> rows, groups = row_codes([np.array([1, 0, 1]), np.array([0, 2, 0])], [2, 3])
    >>> rows.tolist(), groups.tolist()
    ([[0, 2], [1, 0]], [1, 0, 1])
    """
    total = 1
    for size in sizes:
        total *= max(size, 1)
    if total >= _MAX_FOLDED:  # too many combinations to fold into one int64: sort the rows
        rows, inverse = np.unique(np.stack(columns, axis=1), axis=0, return_inverse=True)
        return rows.astype(np.int64), inverse.reshape(-1).astype(np.intp)
    folded = np.zeros(columns[0].shape[0], dtype=np.int64)
    for column, size in zip(columns, sizes, strict=True):
        folded = folded * max(size, 1) + column
    uniques, groups = dense_codes(folded)
    rows = np.empty((uniques.shape[0], len(columns)), dtype=np.int64)
    rest = uniques.copy()
    for j in range(len(columns) - 1, -1, -1):
        rows[:, j] = rest % max(sizes[j], 1)
        rest //= max(sizes[j], 1)
    return rows, groups
