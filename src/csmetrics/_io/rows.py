"""What a reader reports besides the rows it keeps: rejected rows and filled-in values."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from csmetrics._core.exports import publish
from csmetrics._io.batch import where

__all__ = ["Assigned", "RejectedRow"]


@dataclass(frozen=True, slots=True)
class RejectedRow:
    """A row left out: where it is, which column, and why (never the personal value itself)."""

    source: str
    line: int | None
    position: int
    label: Any
    column: str | None
    field: str | None
    reason: str

    def __str__(self) -> str:
        what = "" if self.column is None else f"column {self.column!r}"
        if self.field is not None and self.field != self.column:
            what += f" ({self.field})"
        place = where(self.source, self.line, self.position, self.label)
        return f"{place}: {what + ': ' if what else ''}{self.reason}"


@dataclass(frozen=True, slots=True)
class Assigned:
    """How many priorities and categories the library filled in (they were missing)."""

    priority: int = 0
    category: int = 0

    def __add__(self, other: Assigned) -> Assigned:
        return Assigned(self.priority + other.priority, self.category + other.category)


publish("csmetrics.io", Assigned, RejectedRow)
