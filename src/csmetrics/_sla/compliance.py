"""SLA compliance: how many targets were met, breached or are pending, per group."""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import numpy.typing as npt

from csmetrics._core.describe import describe
from csmetrics._core.exports import publish
from csmetrics._models.enums import Channel, Priority
from csmetrics._models.outcomes import OutcomeCounts, count_outcomes
from csmetrics._schedule.hours import shown
from csmetrics._sla.columns import results_to_columns
from csmetrics._sla.policy import METRICS, Metric
from csmetrics._sla.results import TicketSla
from csmetrics.exceptions import InputTypeError, InvalidInputError, UndefinedMetricWarning

__all__ = ["ComplianceRow", "compliance"]

GroupBy = Literal["priority", "channel", "metric"]


@dataclass(frozen=True, slots=True)
class ComplianceRow(OutcomeCounts):
    """Counts of one group: targets met, breached and pending (not decided yet).

    ``share_met`` is ``met / (met + breached)``: the share of decided targets
    that were met (``None`` when nothing is decided yet). A running target
    already past its deadline counts as breached.

    Examples
    --------
    >>> row = ComplianceRow(met=19, breached=1, pending=3)
    >>> row.total, row.share_met
    (23, 0.95)
    """


def compliance(
    results: Sequence[TicketSla] | Mapping[str, npt.NDArray[Any]],
    *,
    by: GroupBy | None = None,
    metrics: Sequence[Metric] | None = None,
) -> dict[str, ComplianceRow]:
    """Targets met / breached / pending, per priority, channel or metric.

    Parameters
    ----------
    results : list of TicketSla, or the columns of ``evaluate_many``
        What to count.
    by : {"priority", "channel", "metric"}, optional
        The grouping (``None``: one group ``"all"``). Priorities are named
        ``P1``..``P3``, channels by value; ``"none"`` collects the rest.
    metrics : sequence of str, optional
        Which metrics to count (default: every metric present).

    Returns
    -------
    dict of str to ComplianceRow
        In a stable order (priority, channel code or metric order).

    Warns
    -----
    UndefinedMetricWarning
        When a group has no decided target (its ``share_met`` is ``None``).

    Examples
    --------
    >>> import numpy as np
    >>> cols = {
    ...     "priority": np.array([1, 1, 2], dtype=np.int8),
    ...     "first_response_has_target": np.array([True, True, True]),
    ...     "first_response_breached": np.array([False, True, False]),
    ...     "first_response_stopped": np.array([True, True, True]),
    ... }
    >>> table = compliance(cols, by="priority")
    >>> table["P1"], table["P1"].share_met
    (ComplianceRow(met=1, breached=1, pending=0), 0.5)

    The columns of a table of tickets, evaluated as a whole:

    >>> import datetime as dt
    >>> from csmetrics.io import read_tickets
    >>> from csmetrics.schedule import Schedule
    >>> from csmetrics.sla import SlaPolicy, evaluate_many
    >>> tickets = read_tickets([
    ...     {"id": 1, "created_at": "2025-03-10T09:00:00+08:00", "priority": "P1",
    ...      "first_response_at": "2025-03-10T09:10:00+08:00"},
    ...     {"id": 2, "created_at": "2025-03-10T09:00:00+08:00", "priority": "P1",
    ...      "first_response_at": "2025-03-10T10:00:00+08:00"},
    ... ])
    >>> office = Schedule({"mon-fri": "09:00-18:00"}, timezone="Asia/Shanghai")
    >>> now = dt.datetime(2025, 3, 10, 10, 30, tzinfo=office.timezone)
    >>> columns = evaluate_many(tickets, policy=SlaPolicy.preset("tiered"), schedule=office,
    ...                         now=now)
    >>> compliance(columns, metrics=["first_response"])
    {'all': ComplianceRow(met=1, breached=1, pending=0)}
    """
    columns = results if isinstance(results, Mapping) else results_to_columns(results)
    _check_by(columns, by)
    chosen = _metrics(columns, metrics)
    found: dict[str, ComplianceRow] = {}
    for metric in chosen:
        has = _column(columns, f"{metric}_has_target", None)
        breached = _column(columns, f"{metric}_breached", has.shape[0])
        stopped = _column(columns, f"{metric}_stopped", has.shape[0])
        for key, rows in _groups(columns, by, metric, has.shape[0]):
            mine = has & rows
            start = found.get(key, ComplianceRow())
            found[key] = count_outcomes(breached[mine], stopped[mine], into=start)
    _warn_undefined(found)
    return found


def _check_by(columns: Mapping[str, Any], by: object) -> None:
    if by is not None and (not isinstance(by, str) or by not in ("priority", "channel", "metric")):
        msg = f"by: expected 'priority', 'channel', 'metric' or None, got {shown(by)}"
        raise InvalidInputError(msg) if isinstance(by, str) else InputTypeError(msg)
    if by in _GROUP_NAMES and by not in columns:
        msg = f"results: expected a {by!r} column to group by, got none"
        raise InvalidInputError(msg)


def _column(columns: Mapping[str, Any], name: str, size: int | None) -> npt.NDArray[np.bool_]:
    """A flag column of ``size`` rows (any size when None)."""
    array = np.asarray(columns[name])
    if array.ndim != 1 or (size is not None and array.shape[0] != size):
        msg = f"results[{name!r}]: expected a column of {size or 'n'} flags, got {describe(array)}"
        raise InvalidInputError(msg)
    return array.astype(bool)


def _metrics(columns: Mapping[str, Any], metrics: Sequence[Metric] | None) -> tuple[Metric, ...]:
    present = tuple(m for m in METRICS if f"{m}_has_target" in columns)
    if metrics is None:
        return present
    if isinstance(metrics, str | bytes) or not isinstance(metrics, Sequence):
        msg = f"metrics: expected a sequence of metric names, got {describe(metrics)}"
        raise InputTypeError(msg)
    for metric in metrics:
        if metric not in present:
            msg = f"metrics: expected metrics among {', '.join(present)}, got {shown(metric)}"
            raise InvalidInputError(msg)
    return tuple(metrics)


_GROUP_NAMES: dict[str, dict[int, str]] = {
    "priority": {0: "none"} | {p.level: p.value for p in Priority},
    "channel": {-1: "none"} | {c.code: c.value for c in Channel},
}


def _groups(
    columns: Mapping[str, Any], by: GroupBy | None, metric: str, size: int
) -> list[tuple[str, npt.NDArray[np.bool_]]]:
    if by is None or by == "metric":
        return [("all" if by is None else metric, np.ones(size, bool))]
    values = np.asarray(columns[by])
    names = _GROUP_NAMES[by]
    if values.shape != (size,) or values.dtype.kind not in "iu":
        msg = f"results[{by!r}]: expected {size} integer codes, got {describe(values)}"
        raise InvalidInputError(msg)
    unknown = set(np.unique(values).tolist()) - set(names)
    if unknown:
        msg = f"results[{by!r}]: expected codes {sorted(names)}, got {min(unknown)}"
        raise InvalidInputError(msg)
    return [(names[int(v)], values == v) for v in np.unique(values).tolist()]


def _warn_undefined(found: Mapping[str, ComplianceRow]) -> None:
    empty = [key for key, row in found.items() if not row.decided]
    if empty:
        message = f"compliance: no decided target in group(s) {', '.join(empty)}; share_met is None"
        warnings.warn(message, UndefinedMetricWarning, stacklevel=3)


publish("csmetrics.sla", ComplianceRow)
