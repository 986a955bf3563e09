"""A batch of raw rows as columns, with where each row came from.

Every source (a CSV or JSON Lines file, a DataFrame, an iterable of dicts)
becomes a stream of ``RawBatch``: one numpy array per column (objects as the
source gave them, or ``datetime64`` instants from typed frames) and, per row,
its 0-based position in the source and its physical line (files) or index
label (frames), so that every error can say where it is.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from collections.abc import Iterable

    import numpy.typing as npt

__all__ = ["RawBatch", "RowProblem", "WallTimes", "object_array", "where"]


def object_array(values: Iterable[Any], size: int) -> npt.NDArray[np.object_]:
    """A 1-D object array of ``size`` values, whatever they are (lists stay elements)."""
    return np.fromiter(values, dtype=object, count=size)


@dataclass(frozen=True, slots=True)
class WallTimes:
    """Naive ``datetime64[us]`` wall-clock times of a typed column (they need a time zone)."""

    values: npt.NDArray[np.datetime64]

    def __len__(self) -> int:
        return int(self.values.shape[0])


@dataclass(frozen=True, slots=True)
class RowProblem:
    """A row the source itself could not read (ragged, bad JSON ...): position and reason."""

    position: int
    line: int | None
    reason: str


@dataclass(frozen=True, slots=True)
class RawBatch:
    """Raw columns of consecutive rows of one source."""

    source: str
    columns: dict[str, Any]
    positions: npt.NDArray[np.int64]
    lines: npt.NDArray[np.int64] | None = None
    labels: Any = None
    problems: tuple[RowProblem, ...] = field(default=())

    def __len__(self) -> int:
        return int(self.positions.shape[0])


def where(source: str, line: int | None, position: int, label: object = None) -> str:
    """``FILE:LINE`` for files, ``row N (label L)`` for frames and iterables.

    >>> where("tickets.csv", 12, 10), where("DataFrame", None, 3, "T-9")
    ('tickets.csv:12', "DataFrame row 3 (index 'T-9')")
    """
    if line is not None:
        return f"{source}:{line}"
    shown = "" if label is None else f" (index {label!r:.40})"
    return f"{source} row {position}{shown}"
