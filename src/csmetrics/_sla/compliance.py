"""SLA compliance: how many targets were met, breached or are pending, per group or period."""

from __future__ import annotations

import datetime as dt
import warnings
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from csmetrics._core.codes import row_codes as combined_codes
from csmetrics._core.describe import describe
from csmetrics._core.exports import publish
from csmetrics._core.periods import PERIODS
from csmetrics._core.zones import resolve_timezone, timezone_key
from csmetrics._models.outcomes import OutcomeCounts, outcome_flags
from csmetrics._schedule.hours import shown
from csmetrics._sla.columns import results_to_columns
from csmetrics._sla.compliance_groups import Grouping, check_by, created_us, row_codes
from csmetrics._sla.compliance_table import ComplianceTable
from csmetrics._sla.policy import METRICS, Metric
from csmetrics._sla.results import TicketSla
from csmetrics.exceptions import InputTypeError, InvalidInputError, UndefinedMetricWarning

__all__ = ["ComplianceRow", "ComplianceTable", "check_metrics", "compliance"]


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
    by: Grouping | Sequence[Grouping] | None = None,
    metrics: Sequence[Metric] | None = None,
    timezone: str | dt.tzinfo = "UTC",
    created_at: object = None,
) -> ComplianceTable:
    """Targets met / breached / pending, per priority, channel, metric or period.

    Parameters
    ----------
    results : list of TicketSla, or the columns of ``evaluate_many``
        What to count.
    by : str or sequence of str, optional
        The grouping: ``"priority"``, ``"channel"``, ``"metric"``, or the
        period of the ticket's creation ``"day"``, ``"week"`` (ISO weeks,
        Monday 00:00) or ``"month"`` in ``timezone``; a sequence of them
        groups by each combination (e.g. ``("week", "priority")``). ``None``:
        one group ``"all"``. Priorities are named ``P1``..``P3``, channels by
        value; ``"none"`` collects the rest. Periods are named by their first
        day (``"2025-03-10"``).
    metrics : sequence of str, optional
        Which metrics to count (default: every metric present).
    timezone : str or tzinfo
        The reporting time zone of periods (default UTC).
    created_at : array of instants, optional
        The tickets' creation times, for periods; default: the ``created_at``
        column of ``evaluate_many`` (a list of TicketSla has none: pass it).

    Returns
    -------
    ComplianceTable
        A dict of group key -> :class:`ComplianceRow` in a stable order
        (priority, channel code, metric order, time), with ``to_frame()``.
        A key is a string for one grouping and a tuple for several.

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

    Per ISO week in Shanghai and priority (Sunday 20:00 UTC is Monday there):

    >>> created = np.array(["2025-03-09T20:00", "2025-03-09T10:00", "2025-03-10T01:00"],
    ...                    dtype="datetime64[m]")
    >>> weekly = compliance(cols, by=("week", "priority"), timezone="Asia/Shanghai",
    ...                     created_at=created)
    >>> list(weekly.items())
    [(('2025-03-03', 'P1'), ComplianceRow(met=0, breached=1, pending=0)),
     (('2025-03-10', 'P1'), ComplianceRow(met=1, breached=0, pending=0)),
     (('2025-03-10', 'P2'), ComplianceRow(met=1, breached=0, pending=0))]

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
    names = check_by(by)
    zone = resolve_timezone(timezone)
    chosen = _metrics(columns, metrics)
    size = _size(columns, chosen)
    period = None
    if any(name in PERIODS for name in names):
        period = (created_us(columns, created_at, size), zone)
    found: dict[Hashable, tuple[tuple[int, ...], ComplianceRow]] = {}
    for metric in chosen:
        has = _column(columns, f"{metric}_has_target", size)
        breached = _column(columns, f"{metric}_breached", size)
        stopped = _column(columns, f"{metric}_stopped", size)
        dims = [row_codes(columns, name, metric, size, period) for name in names]
        groups, codes = _combined(dims, size)
        rows = _counts(codes, len(groups), has, breached, stopped)
        for (key, rank), row in zip(groups, rows, strict=True):
            found[key] = (rank, found.get(key, (rank, ComplianceRow()))[1] + row)
    ordered = sorted(found.items(), key=lambda item: item[1][0])
    table = ComplianceTable(
        [(key, row) for key, (_, row) in ordered], by=names, timezone=timezone_key(zone)
    )
    _warn_undefined(table)
    return table


def _size(columns: Mapping[str, Any], chosen: tuple[Metric, ...]) -> int:
    if not chosen:
        return 0
    return int(np.asarray(columns[f"{chosen[0]}_has_target"]).reshape(-1).shape[0])


def _combined(
    dims: list[tuple[list[str], list[int], npt.NDArray[np.intp]]], size: int
) -> tuple[list[tuple[Hashable, tuple[int, ...]]], npt.NDArray[np.intp]]:
    """The combinations of group codes present (key, rank) and each row's combination."""
    if not dims:
        return [("all", ())], np.zeros(size, dtype=np.intp)
    if size == 0:
        return [], np.zeros(0, dtype=np.intp)
    unique, codes = combined_codes([c for _, _, c in dims], [len(d[0]) for d in dims])
    groups: list[tuple[Hashable, tuple[int, ...]]] = []
    for combo in unique.tolist():
        labels = tuple(dims[j][0][c] for j, c in enumerate(combo))
        rank = tuple(dims[j][1][c] for j, c in enumerate(combo))
        groups.append((labels[0] if len(labels) == 1 else labels, rank))
    return groups, codes


def _counts(
    codes: npt.NDArray[np.intp],
    size: int,
    has: npt.NDArray[np.bool_],
    breached: npt.NDArray[np.bool_],
    stopped: npt.NDArray[np.bool_],
) -> list[ComplianceRow]:
    """Per combination, the outcomes (as :func:`outcome_flags` decides them) of its targets."""
    flags = outcome_flags(breached[has], stopped[has])
    mine = codes[has]
    met, late, open_ = (
        np.bincount(mine, weights=test, minlength=size).astype(np.int64)
        for test in (flags == 1.0, flags == 0.0, np.isnan(flags))
    )
    rows = zip(met.tolist(), late.tolist(), open_.tolist(), strict=True)
    return [ComplianceRow(met=m, breached=b, pending=p) for m, b, p in rows]


def _column(columns: Mapping[str, Any], name: str, size: int) -> npt.NDArray[np.bool_]:
    """A flag column of ``size`` rows."""
    array = np.asarray(columns[name])
    if array.ndim != 1 or array.shape[0] != size:
        msg = f"results[{name!r}]: expected a column of {size} flags, got {describe(array)}"
        raise InvalidInputError(msg)
    return array.astype(bool)


def _metrics(columns: Mapping[str, Any], metrics: Sequence[Metric] | None) -> tuple[Metric, ...]:
    present = tuple(m for m in METRICS if f"{m}_has_target" in columns)
    return check_metrics(metrics, present)


def check_metrics(metrics: Sequence[Any] | None, present: tuple[Any, ...]) -> tuple[Any, ...]:
    """``metrics`` checked against the metrics ``present`` (None: all of them)."""
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


def _warn_undefined(found: Mapping[Hashable, ComplianceRow]) -> None:
    empty = [
        "/".join(map(str, k)) if isinstance(k, tuple) else str(k)
        for k, row in found.items()
        if not row.decided
    ]
    if empty:
        message = f"compliance: no decided target in group(s) {', '.join(empty)}; share_met is None"
        warnings.warn(message, UndefinedMetricWarning, stacklevel=3)


publish("csmetrics.sla", ComplianceRow)
