"""Group codes for compliance: priority, channel, metric and reporting periods.

Each grouping gives every row a code and every code a label; several
groupings combine into one key per distinct row of codes. A period is the
day, ISO week (Monday 00:00) or calendar month of the ticket's creation in
the reporting time zone, labelled by its first day (``"2025-03-10"``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any, Literal

import numpy as np
import numpy.typing as npt

from csmetrics._core.codes import dense_codes
from csmetrics._core.describe import describe
from csmetrics._core.instants import NAT, instants_us
from csmetrics._core.periods import PERIODS, Period, local_days, period_days
from csmetrics._models.enums import Channel, Priority
from csmetrics._schedule.hours import shown
from csmetrics._sla.policy import METRICS
from csmetrics.exceptions import InputTypeError, InvalidInputError

__all__ = ["GROUPINGS", "MISSING", "Grouping", "check_by", "created_us", "row_codes"]

Grouping = Literal["priority", "channel", "metric", "day", "week", "month"]
GROUPINGS: tuple[Grouping, ...] = ("priority", "channel", "metric", *PERIODS)
MISSING = "(missing)"
"""The period of a ticket whose creation time is missing."""

_GROUP_NAMES: dict[str, dict[int, str]] = {
    "priority": {0: "none"} | {p.level: p.value for p in Priority},
    "channel": {-1: "none"} | {c.code: c.value for c in Channel},
}


def check_by(by: object) -> tuple[Grouping, ...]:
    """The groupings asked for: ``()`` for None, one name, or a sequence of distinct names."""
    if by is None:
        return ()
    names = (by,) if isinstance(by, str) else by
    if not isinstance(names, Sequence) or isinstance(names, bytes) or not names:
        msg = f"by: expected a grouping name or a sequence of them, got {describe(by)}"
        raise InputTypeError(msg)
    for name in names:
        if not isinstance(name, str) or name not in GROUPINGS:
            msg = f"by: expected names among {', '.join(GROUPINGS)} or None, got {shown(name)}"
            raise InvalidInputError(msg) if isinstance(name, str) else InputTypeError(msg)
    if len(set(names)) != len(names):
        msg = "by: expected distinct grouping names, got one twice"
        raise InvalidInputError(msg)
    if sum(name in PERIODS for name in names) > 1:
        msg = "by: expected at most one period (day, week or month), got several"
        raise InvalidInputError(msg)
    return tuple(names)


def created_us(columns: Mapping[str, Any], created_at: object, size: int) -> npt.NDArray[np.int64]:
    """Creation instants (UTC microseconds) from ``created_at`` or the ``created_at`` column."""
    values = created_at
    if values is None:
        values = columns.get("created_at", getattr(columns, "created_at", None))
    if values is None:
        msg = (
            "created_at: expected the tickets' creation times to group by period "
            "(the result of evaluate_many holds them; else pass created_at=), got none"
        )
        raise InvalidInputError(msg)
    us = instants_us(values, "created_at").reshape(-1)
    if us.shape[0] != size:
        msg = f"created_at: expected {size} instants (one per ticket), got {us.shape[0]}"
        raise InvalidInputError(msg)
    return us


def _period_codes(
    created: npt.NDArray[np.int64], period: Period, zone: dt.tzinfo
) -> tuple[list[str], list[int], npt.NDArray[np.intp]]:
    starts = period_days(local_days(created, zone), period)
    unique, codes = dense_codes(starts)
    labels = [MISSING if d == NAT else str(np.datetime64(d, "D")) for d in unique.tolist()]
    ranks = [int(d) if d != NAT else 2**62 for d in unique.tolist()]
    return labels, ranks, codes.reshape(-1).astype(np.intp)


def _coded(columns: Mapping[str, Any], name: str, size: int) -> tuple[list[str], list[int], Any]:
    values = np.asarray(columns[name])
    names = _GROUP_NAMES[name]
    if values.shape != (size,) or values.dtype.kind not in "iu":
        msg = f"results[{name!r}]: expected {size} integer codes, got {describe(values)}"
        raise InvalidInputError(msg)
    unique, codes = dense_codes(values.astype(np.int64))
    unknown = set(unique.tolist()) - set(names)
    if unknown:
        msg = f"results[{name!r}]: expected codes {sorted(names)}, got {min(unknown)}"
        raise InvalidInputError(msg)
    found = unique.tolist()
    return [names[int(v)] for v in found], found, codes.reshape(-1).astype(np.intp)


def row_codes(
    columns: Mapping[str, Any],
    name: Grouping,
    metric: str,
    size: int,
    period: tuple[npt.NDArray[np.int64], dt.tzinfo] | None,
) -> tuple[list[str], list[int], npt.NDArray[np.intp]]:
    """Labels, sort ranks and each row's code for one grouping (``period``: created, zone)."""
    if name == "metric":
        return [metric], [METRICS.index(metric)], np.zeros(size, dtype=np.intp)
    if name in PERIODS:
        assert period is not None
        return _period_codes(period[0], name, period[1])
    if name not in columns:
        msg = f"results: expected a {name!r} column to group by, got none"
        raise InvalidInputError(msg)
    return _coded(columns, name, size)
