"""CSAT, NPS and ticket rates: mergeable counts per partition, results once at the end."""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable
from dataclasses import dataclass
from typing import Any

import numpy as np

from csmetrics._core.validate import require_choice
from csmetrics._dask.columns import group_keys, read_section, renamed, require_by
from csmetrics._dask.engine import merge_counts, reduce_partitions, require_frame, shared
from csmetrics._dask.groups import check_zone, key_array, result_frame
from csmetrics._io.mapping import TicketSection
from csmetrics._models.dimensions import DIMENSIONS
from csmetrics._models.history import read_history
from csmetrics._scoring.counts import CsatCounts, NpsCounts, RateCounts
from csmetrics._scoring.csat_counts import check_scale
from csmetrics._scoring.scores import score_ints
from csmetrics.exceptions import InvalidInputError

__all__ = ["RATES", "csat_frame", "nps_frame", "rates_frame"]

Found = dict[Hashable, Any]


@dataclass(frozen=True)
class _Job:
    """What every partition needs (one graph key, unpickled once per worker)."""

    by: tuple[str, ...]
    timezone: str
    section: Any  # SurveySection or TicketSection
    column: str = ""
    kind: str = "csat"
    scale: int = 5
    satisfied_at: int = 4
    mapping: object = None
    now: dt.datetime | None = None
    sla: Any = None


def _keys(frame: Any, job: _Job, basis: str) -> tuple[list[Any], np.ndarray[Any, Any]]:
    zone = job.section.timezone
    arrays = [
        key_array(frame, n, week_basis=basis, timezone=job.timezone, input_zone=zone)
        for n in job.by
    ]
    return group_keys(arrays, len(frame))


def _score_chunk(frame: Any, job: _Job) -> Found:
    frame = renamed(frame, job.section)
    if job.column not in frame.columns:
        msg = f"{job.column}: expected a column of scores, got none"
        raise InvalidInputError(msg)
    low, high = (1, job.scale) if job.kind == "csat" else (0, 10)
    ints, missing = score_ints(frame[job.column], low=low, high=high)
    keys, codes = _keys(frame, job, "answered_at")
    absent = np.zeros(len(frame), bool) if missing is None else np.asarray(missing, bool)
    size = high - low + 1
    counted = np.bincount(
        codes[~absent] * size + (ints[~absent] - low), minlength=size * len(keys)
    ).reshape(-1, size)
    lost = np.bincount(codes[absent], minlength=len(keys))
    found: Found = {}
    for key, counts, gone in zip(keys, counted.tolist(), lost.tolist(), strict=True):
        n = sum(counts)
        if job.kind == "csat":
            found[key] = CsatCounts(tuple(counts), n, float(n), gone, job.scale, job.satisfied_at)
        else:
            found[key] = NpsCounts(tuple(counts), n, float(n), gone)
    return found


def _scores(ddf: Any, by: object, timezone: str, mapping: object, **options: Any) -> Found:
    require_frame(ddf)
    names = require_by(by)
    if "week" in names:
        check_zone(timezone)
    job = _Job(names, timezone, read_section(mapping, "surveys"), **options)
    found: Found = reduce_partitions(ddf, _score_chunk, merge_counts, shared(job))
    return found


def csat_frame(
    ddf: Any,
    *,
    by: str | tuple[str, ...] | None = None,
    dimension: str = "overall",
    timezone: str = "UTC",
    mapping: object = None,
    scale: int = 5,
    satisfied_at: int = 4,
    confidence: float = 0.95,
) -> Any:
    """CSAT of a survey frame per group: ``CsatCounts`` merged, results once (computes).

    Parameters
    ----------
    ddf : dask.dataframe.DataFrame
        Survey answers, one column per dimension (``overall``, ...), and
        ``answered_at`` for weeks.
    by : str or tuple of str, optional
        Columns (``priority``, ``channel``, ...) or ``"week"`` (of
        ``answered_at`` in ``timezone``).
    dimension : str
        Which of the four dimensions (default ``"overall"``).
    mapping : optional
        A :mod:`csmetrics.io` mapping (its ``[surveys]`` section).
    scale, satisfied_at, confidence
        As for :func:`csmetrics.scoring.csat`.

    Returns
    -------
    pandas.DataFrame
        Per group: ``n``, ``missing``, ``mean`` with ``mean_ci_low`` /
        ``mean_ci_high``, ``satisfied_share`` with ``ci_low`` / ``ci_high``,
        ``std``; equal to :func:`csmetrics.scoring.csat` of the group.
    """
    require_choice(dimension, DIMENSIONS, param="dimension")
    check_scale(scale, satisfied_at)
    found = _scores(
        ddf, by, timezone, mapping, column=dimension, scale=scale, satisfied_at=satisfied_at
    )
    names = require_by(by)

    def row(counts: CsatCounts) -> dict[str, Any]:
        r = counts.result(confidence=confidence)
        return {
            "n": r.n, "missing": r.missing, "mean": r.mean, "mean_ci_low": r.mean_ci.low,
            "mean_ci_high": r.mean_ci.high, "satisfied_share": r.satisfied_share,
            "ci_low": r.ci.low, "ci_high": r.ci.high, "std": r.std,
        }  # fmt: skip

    return result_frame(found, names, row, timezone=timezone)


def nps_frame(
    ddf: Any,
    *,
    by: str | tuple[str, ...] | None = None,
    column: str = "nps",
    timezone: str = "UTC",
    mapping: object = None,
    confidence: float = 0.95,
    method: str = "adjusted-wald",
) -> Any:
    """NPS of a survey frame per group: ``NpsCounts`` merged, intervals once (computes).

    ``column`` holds the 0-10 answers (default ``nps``); ``method`` is
    ``"adjusted-wald"`` or ``"wald"`` (a bootstrap would need every answer in
    one place). Per group: ``n``, ``missing``, ``score``, ``ci_low``,
    ``ci_high``, ``promoters``, ``passives``, ``detractors``; equal to
    :func:`csmetrics.scoring.nps` of the group.
    """
    if method == "bootstrap":
        msg = "method: expected 'adjusted-wald' or 'wald' (no bootstrap across partitions)"
        raise InvalidInputError(msg)
    found = _scores(ddf, by, timezone, mapping, column=column, kind="nps", scale=10)
    names = require_by(by)

    def row(counts: NpsCounts) -> dict[str, Any]:
        r = counts.result(confidence=confidence, method=method)
        return {
            "n": r.n, "missing": r.missing, "score": r.score, "ci_low": r.ci.low,
            "ci_high": r.ci.high, "promoters": r.promoters, "passives": r.passives,
            "detractors": r.detractors,
        }  # fmt: skip

    return result_frame(found, names, row, timezone=timezone)


RATES = ("resolution", "reopen", "first_contact_resolution", "on_time_first_response")
"""The ticket rates of :func:`rates_frame`, in their column order."""


def _decide(history: Any) -> tuple[bool | None, bool | None, bool | None]:
    """Resolution, reopen and first-contact resolution of one ticket, as ``csmetrics.scoring``."""
    resolved = history.was_resolved
    reopen = history.reopens > 0 if resolved else None
    fcr = history.replies_before_resolution <= 1 and history.reopens == 0 if resolved else None
    return history.is_resolved, reopen, fcr


def _rates_chunk(frame: Any, job: _Job) -> Found:
    from csmetrics._dask.sla import sla_columns_of  # noqa: PLC0415 - sibling, avoids a cycle
    from csmetrics._io.read import read_tickets  # noqa: PLC0415 - heavy, used here only

    named = renamed(frame, job.section)
    if "id" not in named.columns:  # ids are not needed to decide a rate: number the rows
        frame = frame.assign(id=np.arange(1, len(frame) + 1))
    table = read_tickets(frame, mapping=job.mapping)
    flags = np.array(
        [_decide(read_history(t, now=job.now)) for t in table.records()], dtype=object
    ).reshape(-1, 3)
    on_time = np.full(len(frame), None, dtype=object)
    if job.sla is not None:
        results, _ = sla_columns_of(frame, job.sla)
        has = np.asarray(results["first_response_has_target"], dtype=bool)
        late = np.asarray(results["first_response_breached"], dtype=bool)
        done = np.asarray(results["first_response_stopped"], dtype=bool)
        decided = np.where(late, 0, np.where(done, 1, -1))
        on_time = np.array([None, False, True], dtype=object)[np.where(has, decided, -1) + 1]
    keys, codes = _keys(named, job, "created_at")
    found: Found = {}
    columns = [flags[:, 0], flags[:, 1], flags[:, 2], on_time]
    for number, key in enumerate(keys):
        rows = codes == number
        found[key] = tuple(RateCounts.from_flags(c[rows].tolist()) for c in columns)
    return found


def _add(left: tuple[RateCounts, ...], right: tuple[RateCounts, ...]) -> tuple[RateCounts, ...]:
    return tuple(a + b for a, b in zip(left, right, strict=True))


def _merge_rates(left: Found, right: Found) -> Found:
    return merge_counts(left, right, _add)


def rates_frame(
    ddf: Any,
    *,
    by: str | tuple[str, ...] | None = None,
    timezone: str = "UTC",
    mapping: object = None,
    now: dt.datetime | None = None,
    policy: Any = None,
    schedule: Any = None,
    confidence: float = 0.95,
) -> Any:
    """Resolution, reopen, first-contact resolution (and on-time first response) per group.

    Each partition is read as :func:`csmetrics.io.read_tickets` reads a
    frame (``mapping`` applies), each ticket decided as
    :func:`csmetrics.scoring.resolution_rate`, :func:`~csmetrics.scoring.reopen_rate`
    and :func:`~csmetrics.scoring.first_contact_resolution_rate` decide it
    (as of ``now``), counted in ``RateCounts`` and merged. With ``policy``
    and ``schedule``, the on-time first-response share is added (as
    :func:`csmetrics.scoring.on_time_rate` of the SLA results).

    Returns
    -------
    pandas.DataFrame
        Per group and rate: ``<rate>_n``, ``<rate>`` (the share, NaN when no
        ticket applies), ``<rate>_ci_low``, ``<rate>_ci_high`` (Wilson).
    """
    from csmetrics._dask.sla import check_sla  # noqa: PLC0415 - sibling, avoids a cycle
    from csmetrics._dask.tickets import Sla  # noqa: PLC0415 - sibling

    require_frame(ddf)
    names = require_by(by)
    if "week" in names:
        check_zone(timezone)
    section = read_section(mapping, "tickets")
    sla = None
    if policy is not None or schedule is not None:
        check_sla(policy, schedule, now)
        assert now is not None  # checked by check_sla
        assert isinstance(section, TicketSection)
        sla = Sla(policy, schedule, now, section)
    job = _Job(names, timezone, section, mapping=mapping, now=now, sla=sla)
    found = reduce_partitions(ddf, _rates_chunk, _merge_rates, shared(job))

    def row(parts: tuple[RateCounts, ...]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for name, counts in zip(RATES, parts, strict=True):
            if name == "on_time_first_response" and sla is None:
                continue
            r = counts.result(confidence=confidence) if counts.n else None
            out[f"{name}_n"] = counts.n
            out[name] = np.nan if r is None else r.value
            out[f"{name}_ci_low"] = np.nan if r is None else r.ci.low
            out[f"{name}_ci_high"] = np.nan if r is None else r.ci.high
        return out

    return result_frame(found, names, row, timezone=timezone)
