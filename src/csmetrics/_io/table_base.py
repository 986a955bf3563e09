"""What ticket and survey tables share: provenance, rejected rows, frames, concatenation."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar, Self

import numpy as np

from csmetrics._core.optional import require_extra
from csmetrics._io.batch import where
from csmetrics._io.events import aware
from csmetrics._io.lazy_texts import LazyColumn, LazyTexts
from csmetrics._io.rows import RejectedRow

if TYPE_CHECKING:
    import numpy.typing as npt

__all__ = ["Table", "instant_or_none"]


@dataclass(frozen=True, eq=False, kw_only=True)
class Table:
    """What both tables share: provenance, rejected rows and the column fields."""

    _COLUMNS: ClassVar[tuple[str, ...]] = ()
    source: str
    positions: npt.NDArray[np.int64]
    lines: npt.NDArray[np.int64] | None
    labels: Any
    rejected: tuple[RejectedRow, ...] = field(default=())

    def __len__(self) -> int:
        return int(self.positions.shape[0])

    def columns(self) -> dict[str, npt.NDArray[Any]]:
        """The field columns by name."""
        return {name: getattr(self, name) for name in self._COLUMNS}

    def _index(self) -> Any:
        pandas = require_extra("pandas", "pandas", "to_pandas()")
        if self.labels is not None:
            return self.labels
        if self.lines is not None:
            return pandas.Index(self.lines, name="line")
        return pandas.Index(self.positions, name="position")

    def _frame(self, columns: dict[str, Any]) -> Any:
        pandas = require_extra("pandas", "pandas", "to_pandas()")
        out: dict[str, Any] = {}
        for name, values in columns.items():
            array = np.asarray(values)
            if array.dtype.kind == "M":
                out[name] = pandas.to_datetime(array, utc=True)
            else:
                out[name] = array
        frame = pandas.DataFrame(out)
        frame.index = self._index()
        return frame

    def where(self, row: int) -> str:
        """Where row ``row`` came from: ``FILE:LINE`` or ``row N (index L)``."""
        line = None if self.lines is None else int(self.lines[row])
        label = None if self.labels is None else self.labels[row]
        return where(self.source, line, int(self.positions[row]), label)

    def _concat_fields(self, others: Sequence[Self]) -> dict[str, Any]:
        parts = [self, *others]
        labels = None
        if all(p.labels is not None for p in parts):
            labels = _concat_labels([p.labels for p in parts])
        lines = None
        if all(p.lines is not None for p in parts):
            lines = np.concatenate([p.lines for p in parts])
        merged: dict[str, Any] = {
            "source": self.source if all(p.source == self.source for p in parts) else "tables",
            "positions": np.concatenate([p.positions for p in parts]),
            "lines": lines,
            "labels": labels,
            "rejected": tuple(r for p in parts for r in p.rejected),
        }
        merged.update({n: _concat_column(parts, n) for n in self._COLUMNS})
        return merged


def _concat_column(parts: Sequence[Table], name: str) -> Any:
    """One column of ``parts`` together (texts still undecoded stay so)."""
    column = vars(type(parts[0])).get(name)
    if isinstance(column, LazyColumn):
        stored = [column.stored(p) for p in parts]
        if all(isinstance(s, LazyTexts) for s in stored):
            return stored[0].concat(stored[1:])
    return np.concatenate([getattr(p, name) for p in parts])


def _concat_labels(parts: list[Any]) -> Any:
    first = parts[0]
    if hasattr(first, "append"):
        return first.append(list(parts[1:])) if len(parts) > 1 else first
    return np.concatenate([np.asarray(p, dtype=object) for p in parts])


def instant_or_none(value: np.datetime64) -> dt.datetime | None:
    """None for NaT, else the aware UTC datetime."""
    return None if np.isnat(value) else aware(value)
