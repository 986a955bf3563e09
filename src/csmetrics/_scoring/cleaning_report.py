"""The report of :func:`~csmetrics.scoring.clean`: rows kept and removed, and why."""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from csmetrics._core.exports import publish
from csmetrics._core.optional import require_extra
from csmetrics._scoring.inputs import unmask

__all__ = ["CleaningReport", "RemovedRow"]


@dataclass(frozen=True, slots=True)
class RemovedRow:
    """A removed row: its position, the reasons and a readable detail per reason.

    ``index`` is the 0-based position in the input; ``label`` is the row's
    index label when the input is a pandas DataFrame (None otherwise).

    Examples
    --------
    >>> clean([{"csat": 7}], scores={"csat": (1, 5)}).removed[0]
    RemovedRow(index=0, reasons=('off_scale_score',),
               details=('csat is not an integer 1..5 (got int 7)',), label=None)
    """

    index: int
    reasons: tuple[str, ...]
    details: tuple[str, ...]
    label: Hashable | None = None


@dataclass(frozen=True, slots=True)
class CleaningReport:
    """What :func:`clean` kept and removed, and why.

    Examples
    --------
    >>> report = clean({"id": ["a", "a", "b"]}, key="id")
    >>> report.kept, report.n_kept, report.n_input, dict(report.counts)
    ((0, 2), 2, 3, {'duplicate': 1})
    >>> report.take({"id": ["a", "a", "b"]})["id"].tolist()
    ['a', 'b']
    """

    kept: tuple[int, ...]
    removed: tuple[RemovedRow, ...]
    counts: Mapping[str, int]
    n_input: int

    @property
    def n_kept(self) -> int:
        """Rows kept."""
        return len(self.kept)

    def to_frame(self) -> Any:
        """The removed rows, one per row, indexed by the input's labels (needs pandas).

        The index is the row's label in the caller's DataFrame (its position
        otherwise); ``position`` is the 0-based position, ``reasons`` and
        ``details`` are joined by ``"; "``.

        >>> from csmetrics.scoring import clean
        >>> clean({"id": ["a", "a", "b"]}, key="id").to_frame()
             position    reasons             details
        row
        1           1  duplicate  duplicate of row 0
        """
        pd = require_extra("pandas", "pandas", "to_frame()")
        labels = [r.index if r.label is None else r.label for r in self.removed]
        return pd.DataFrame(
            {
                "position": [r.index for r in self.removed],
                "reasons": ["; ".join(r.reasons) for r in self.removed],
                "details": ["; ".join(r.details) for r in self.removed],
            },
            index=pd.Index(labels, name="row", dtype=None if labels else object),
        )

    def take(self, data: Any) -> Any:
        """The kept rows of ``data`` (the input of :func:`clean`) in the same shape."""
        rows = list(self.kept)
        if hasattr(data, "iloc"):
            return data.iloc[rows]
        if isinstance(data, Mapping):
            return {name: np.asarray(unmask(col), dtype=object)[rows] for name, col in data.items()}
        return [data[i] for i in rows]


publish("csmetrics.scoring", CleaningReport, RemovedRow)
