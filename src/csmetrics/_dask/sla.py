"""SLA status of every ticket (``evaluate_frame``) and compliance merged across partitions."""

from __future__ import annotations

import datetime as dt
import warnings
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from csmetrics._core.describe import describe
from csmetrics._core.validate import require_aware
from csmetrics._dask.columns import group_keys, read_section, renamed, require_by
from csmetrics._dask.engine import (
    located,
    merge_counts,
    reduce_partitions,
    require_frame,
    shared,
)
from csmetrics._dask.groups import check_zone, key_array, result_frame, week_array
from csmetrics._dask.tickets import Sla, evaluate_columns, evaluate_partition
from csmetrics._io.mapping import TicketSection
from csmetrics._models.enums import Channel, Priority
from csmetrics._schedule.schedule import Schedule
from csmetrics._sla.api import METRICS, ComplianceRow, SlaPolicy
from csmetrics._sla.compliance import check_metrics
from csmetrics.exceptions import InputTypeError, UndefinedMetricWarning

__all__ = ["check_sla", "compliance_frame", "evaluate_frame", "is_sla_frame", "sla_columns_of"]

_NAMES: dict[str, dict[int, str]] = {
    "priority": {0: "none"} | {p.level: p.value for p in Priority},
    "channel": {-1: "none"} | {c.code: c.value for c in Channel},
}


def check_sla(policy: object, schedule: object, now: object) -> None:
    if not isinstance(policy, SlaPolicy):
        msg = f"policy: expected an SlaPolicy, got {describe(policy)}"
        raise InputTypeError(msg)
    if not isinstance(schedule, Schedule):
        msg = f"schedule: expected a Schedule, got {describe(schedule)}"
        raise InputTypeError(msg)
    require_aware(now, param="now")


def evaluate_frame(
    ddf: Any, policy: SlaPolicy, schedule: Schedule, *, now: dt.datetime, mapping: object = None
) -> Any:
    """The SLA status of every ticket of a Dask frame, as ``evaluate_many`` gives it (lazy).

    Parameters
    ----------
    ddf : dask.dataframe.DataFrame
        Tickets with ``evaluate_many``'s argument names as columns:
        ``created_at`` (required), ``first_response_at``, ``resolved_at``,
        ``pause_start``, ``pause_end`` (tz-aware instants of any unit, or ISO
        8601 text with offsets), ``priority``, ``channel``, ``complaint``.
    policy, schedule, now
        As for :func:`csmetrics.sla.evaluate_many`; shipped to each worker once.
    mapping : dict, str or path, optional
        A :mod:`csmetrics.io` column mapping (its ``[tickets]`` section):
        ``columns`` renames, ``values`` maps priority and channel values,
        ``timezone`` reads naive times.

    Returns
    -------
    dask.dataframe.DataFrame
        One row per ticket, the input's index: ``created_at``
        (``datetime64[us, UTC]``), ``priority`` and ``channel`` codes, then
        per metric ``m_target`` ... ``m_rule`` as from ``evaluate_many``
        (deadlines as ``datetime64[us, UTC]``).

    Raises
    ------
    NaiveDatetimeError, InvalidInputError, InputTypeError
        As ``evaluate_many`` raises them, at compute time, the message
        starting with the partition and the row.
    """
    require_frame(ddf)
    check_sla(policy, schedule, now)
    sla = Sla(policy, schedule, now, _tickets_section(mapping))
    meta = evaluate_partition(ddf._meta, sla)
    return ddf.map_partitions(
        _evaluate_located, shared(sla), meta=meta, enforce_metadata=False, align_dataframes=False
    )


def _tickets_section(mapping: object) -> TicketSection:
    section = read_section(mapping, "tickets")
    assert isinstance(section, TicketSection)
    return section


def _evaluate_located(frame: Any, sla: Sla, partition_info: dict[str, Any] | None = None) -> Any:
    number = -1 if partition_info is None else int(partition_info["number"])
    return located(evaluate_partition, frame, number, sla)


def is_sla_frame(columns: Sequence[Hashable]) -> bool:
    """Whether a frame holds ``evaluate_frame`` results (``<metric>_has_target`` columns)."""
    return any(f"{m}_has_target" in columns for m in METRICS)


def sla_columns_of(frame: Any, sla: Sla | None) -> tuple[Any, Any]:
    """The SLA columns of a partition and its ``created_at`` (UTC): read, or evaluated."""
    if sla is None:
        columns = {name: frame[name].to_numpy() for name in frame.columns if name != "created_at"}
        created = frame["created_at"].to_numpy(dtype="datetime64[us]")
        return columns, created
    return evaluate_columns(frame, sla)


@dataclass(frozen=True)
class _Job:
    """What every partition needs (one graph key, unpickled once per worker)."""

    sla: Sla | None
    by: tuple[str, ...]
    metrics: tuple[str, ...]
    timezone: str
    section: TicketSection


def _compliance_chunk(frame: Any, job: _Job) -> dict[Hashable, np.ndarray[Any, Any]]:
    by, timezone = job.by, job.timezone
    raw = renamed(frame, job.section)
    results, created = sla_columns_of(frame, job.sla)
    size = len(created)
    found: dict[Hashable, np.ndarray[Any, Any]] = {}
    read: dict[str, np.ndarray[Any, Any]] = {}  # the group keys, read once for every metric
    for name in by:
        if name == "week":
            read[name] = week_array(created, timezone)
        elif name in _NAMES:
            read[name] = np.asarray(results[name], dtype=np.int64)
        elif name != "metric":
            read[name] = key_array(raw, name, week_basis="created_at", timezone=timezone)
    for metric in job.metrics:
        arrays = [np.full(size, metric, dtype=object) if n == "metric" else read[n] for n in by]
        has = np.asarray(results[f"{metric}_has_target"], dtype=bool)
        breached = np.asarray(results[f"{metric}_breached"], dtype=bool)[has]
        stopped = np.asarray(results[f"{metric}_stopped"], dtype=bool)[has]
        keys, codes = group_keys(arrays, size)  # every group, as compliance() keeps
        outcome = np.where(breached, 1, np.where(stopped, 0, 2))
        counts = np.bincount(codes[has] * 3 + outcome, minlength=3 * len(keys)).reshape(-1, 3)
        found = merge_counts(found, dict(zip(keys, counts.astype(np.int64), strict=True)))
    return found


def compliance_frame(
    ddf_or_sla: Any,
    *,
    by: str | tuple[str, ...] | None = None,
    timezone: str = "UTC",
    metrics: Sequence[str] | None = None,
    policy: SlaPolicy | None = None,
    schedule: Schedule | None = None,
    now: dt.datetime | None = None,
    mapping: object = None,
) -> Any:
    """Targets met / breached / pending per group, merged across partitions (computes).

    Parameters
    ----------
    ddf_or_sla : dask.dataframe.DataFrame
        The result of :func:`evaluate_frame`, or tickets (then ``policy``,
        ``schedule`` and ``now`` are required and each partition is
        evaluated on the way).
    by : str or tuple of str, optional
        ``"priority"``, ``"channel"``, ``"metric"``, ``"week"`` (the ISO week
        of ``created_at``, Monday 00:00 in ``timezone``) or any column of the
        frame; a tuple groups by each. ``None``: one group ``"all"``.
    timezone : str
        The zone of the weeks.
    metrics : sequence of str, optional
        Which metrics to count (default: both).
    policy, schedule, now, mapping
        As for :func:`evaluate_frame`, when ``ddf_or_sla`` holds tickets.

    Returns
    -------
    pandas.DataFrame
        Indexed by the groups (as :func:`csmetrics.sla.compliance` names
        them, weeks as timestamps in ``timezone``): ``met``, ``breached``,
        ``pending``, ``total``, ``share_met`` (None: nothing decided). The
        counts equal :func:`csmetrics.sla.compliance` of the whole data.

    Warns
    -----
    UndefinedMetricWarning
        When a group has no decided target.
    """
    ddf = require_frame(ddf_or_sla, "ddf_or_sla")
    names = require_by(by)
    section = _tickets_section(mapping)
    sla = None
    if is_sla_frame(ddf.columns):
        present = tuple(m for m in METRICS if f"{m}_has_target" in ddf.columns)
    else:
        check_sla(policy, schedule, now)
        assert policy is not None
        assert schedule is not None
        assert now is not None
        sla = Sla(policy, schedule, now, section)
        present = ("first_response", "resolution")
    chosen = _metrics(metrics, present)
    if "week" in names:
        check_zone(timezone)
    job = _Job(sla, names, chosen, timezone, section)
    found = reduce_partitions(ddf, _compliance_chunk, merge_counts, shared(job))
    for key in [(m,) for m in chosen] if names == ("metric",) else [()] if not names else []:
        found.setdefault(key, np.zeros(3, dtype=np.int64))  # as compliance() always shows them
    empty = sum(1 for counts in found.values() if not counts[0] + counts[1])
    if empty:
        message = f"compliance: no decided target in {empty} group(s); share_met is None"
        warnings.warn(message, UndefinedMetricWarning, stacklevel=2)
    return result_frame(found, names, _row, timezone=timezone, label=_label)


def _label(name: str, value: Any) -> Any:
    if name in _NAMES:
        return _NAMES[name].get(int(value), "none")
    return value


def _row(counts: Any) -> dict[str, Any]:
    row = ComplianceRow(*map(int, counts))
    return {
        "met": row.met,
        "breached": row.breached,
        "pending": row.pending,
        "total": row.total,
        "share_met": row.share_met,
    }


def _metrics(metrics: Sequence[str] | None, present: tuple[str, ...]) -> tuple[str, ...]:
    return check_metrics(metrics, present)
