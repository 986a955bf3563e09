"""The result of :func:`~csmetrics.sla.compliance`: a dict of rows that also makes a frame."""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable, Iterable
from typing import Any

import numpy as np

from csmetrics._core.describe import describe
from csmetrics._core.exports import publish
from csmetrics._core.optional import require_extra
from csmetrics._core.periods import PERIODS, period_starts_us
from csmetrics._core.zones import resolve_timezone
from csmetrics._models.outcomes import OutcomeCounts
from csmetrics.exceptions import InputTypeError

__all__ = ["ComplianceTable"]

_COLUMNS = ("met", "breached", "pending", "total", "share_met")


class ComplianceTable(dict[Hashable, Any]):
    """Compliance rows by group key: a plain ``dict`` plus :meth:`to_frame`.

    A key is the group's name for one grouping (``"P1"``, ``"email"``,
    ``"first_response"``, a period's first day ``"2025-03-10"``) and a tuple
    of names for several (``("2025-03-10", "P1")``); ``"all"`` without one.
    ``by`` names the groupings and ``timezone`` the reporting zone of periods.

    Examples
    --------
    >>> from csmetrics.sla import ComplianceRow
    >>> table = ComplianceTable({"P1": ComplianceRow(met=3, breached=1)}, by=("priority",))
    >>> table["P1"].share_met, table.by
    (0.75, ('priority',))
    """

    by: tuple[str, ...]
    timezone: str

    def __init__(
        self,
        rows: Iterable[tuple[Hashable, Any]] | dict[Hashable, Any] = (),
        *,
        by: tuple[str, ...] = (),
        timezone: str = "UTC",
    ) -> None:
        try:
            super().__init__(rows)
        except (TypeError, ValueError):
            msg = f"rows: expected a mapping or (group, ComplianceRow) pairs, got {describe(rows)}"
            raise InputTypeError(msg) from None
        self.by = by
        self.timezone = timezone

    def to_frame(self) -> Any:
        """A pandas DataFrame, one row per group, indexed by the groupings (needs pandas).

        Columns ``met``, ``breached``, ``pending``, ``total`` and ``share_met``
        (NaN when nothing is decided). Period levels hold the period's start,
        local midnight in the reporting time zone.

        >>> from csmetrics.sla import ComplianceRow
        >>> table = ComplianceTable({("2025-03-10", "P1"): ComplianceRow(met=3, breached=1)},
        ...                         by=("week", "priority"), timezone="Asia/Shanghai")
        >>> frame = table.to_frame()
        >>> frame.index.names, frame.index[0][0].isoformat(), frame["share_met"].tolist()
        (FrozenList(['week', 'priority']), '2025-03-10T00:00:00+08:00', [0.75])
        """
        pd = require_extra("pandas", "pandas", "to_frame()")
        rows = [_numbers(row) for row in self.values()]
        keys = [key if isinstance(key, tuple) else (key,) for key in self]
        names: list[str | None] = [*self.by] or [None]
        levels = [self._level(pd, name, [key[i] for key in keys]) for i, name in enumerate(names)]
        if len(levels) == 1:
            index = pd.Index(levels[0], name=names[0])
        else:
            index = pd.MultiIndex.from_arrays(levels, names=names)
        return pd.DataFrame(rows, index=index, columns=list(_COLUMNS))

    def _level(self, pd: Any, name: str | None, labels: list[Any]) -> Any:
        if name not in PERIODS:
            return pd.Index(labels, dtype=object)
        zone = resolve_timezone(self.timezone)
        days = np.array(
            [np.datetime64(label, "D").astype(np.int64) if label[0].isdigit() else 0
             for label in labels], dtype=np.int64)  # fmt: skip
        starts = pd.to_datetime(period_starts_us(days, zone), unit="us", utc=True)
        missing = np.array([not label[0].isdigit() for label in labels], dtype=bool)
        return pd.DatetimeIndex(starts.where(~missing)).tz_convert(_pandas_zone(zone))


def _pandas_zone(zone: dt.tzinfo) -> Any:
    key = getattr(zone, "key", None)
    return key if isinstance(key, str) else zone


def _numbers(row: OutcomeCounts) -> dict[str, Any]:
    share = row.share_met
    return {
        "met": row.met, "breached": row.breached, "pending": row.pending, "total": row.total,
        "share_met": float("nan") if share is None else share,
    }  # fmt: skip


publish("csmetrics.sla", ComplianceTable)
