"""Response and resolution times per group: a mergeable sketch, or exact after a shuffle."""

from __future__ import annotations

import math
from collections.abc import Hashable
from dataclasses import dataclass
from typing import Any

import numpy as np

from csmetrics._core.validate import require_choice
from csmetrics._dask.columns import group_keys, read_section, renamed, require_by, utc_values
from csmetrics._dask.engine import located, merge_counts, reduce_partitions, require_frame, shared
from csmetrics._dask.groups import check_zone, key_array, result_frame, week_array
from csmetrics._dask.sla import is_sla_frame
from csmetrics._io.mapping import TicketSection
from csmetrics._scoring.durations import UNIT_SECONDS, to_unit
from csmetrics._scoring.sketch import (
    DEFAULT_ACCURACY,
    QuantileSketch,
    check_accuracy,
    check_quantiles,
    quantile_name,
)
from csmetrics._scoring.times import _quantile as exact_quantile
from csmetrics._scoring.times import time_stats
from csmetrics.exceptions import InvalidInputError

__all__ = ["time_stats_frame"]

_ENDS = {"first_response": "first_response_at", "resolution": "resolved_at"}
_NAT = np.iinfo(np.int64).min


@dataclass(frozen=True)
class _Job:
    """What every partition needs (one graph key, unpickled once per worker)."""

    metric: str
    from_sla: bool
    by: tuple[str, ...]
    timezone: str
    section: TicketSection
    alpha: float = DEFAULT_ACCURACY


def _durations(frame: Any, job: _Job) -> np.ndarray[Any, Any]:
    """The metric's durations in a partition as ``timedelta64[us]`` (NaT: missing)."""
    metric = job.metric
    if job.from_sla:
        elapsed = frame[f"{metric}_elapsed"].to_numpy(dtype="timedelta64[us]")
        stopped = frame[f"{metric}_stopped"].to_numpy(dtype=bool)
        return np.where(stopped, elapsed, np.timedelta64("NaT", "us"))
    end = _ENDS[metric]
    for name in ("created_at", end):
        if name not in frame.columns:
            msg = f"{name}: expected a column of instants, got none"
            raise InvalidInputError(msg)
    created = utc_values(frame["created_at"], "created_at", job.section.timezone)
    stop = utc_values(frame[end], end, job.section.timezone)
    durations: np.ndarray[Any, Any] = (stop - created).astype("timedelta64[us]")
    return durations


def _keyed(frame: Any, job: _Job) -> tuple[list[Any], np.ndarray[Any, Any], np.ndarray[Any, Any]]:
    if not job.from_sla:
        frame = renamed(frame, job.section)
    durations = _durations(frame, job)
    arrays = []
    for name in job.by:
        if name == "week" and job.from_sla:
            arrays.append(week_array(frame["created_at"], job.timezone))
        else:
            arrays.append(
                key_array(
                    frame,
                    name,
                    week_basis="created_at",
                    timezone=job.timezone,
                    input_zone=job.section.timezone,
                )
            )
    keys, codes = group_keys(arrays, len(frame))
    return keys, codes, durations


def _sketch_chunk(frame: Any, job: _Job) -> dict[Hashable, QuantileSketch]:
    keys, codes, durations = _keyed(frame, job)
    to_unit(durations, "seconds", name="durations", nonnegative=True)  # time_stats's checks
    return {
        key: QuantileSketch.from_durations(
            durations[codes == number], unit="seconds", relative_accuracy=job.alpha
        )
        for number, key in enumerate(keys)
    }


def _exact_part(frame: Any, job: _Job, partition_info: dict[str, Any] | None = None) -> Any:
    """One partition as rows ``(hash, key, duration µs)`` for the shuffle."""
    number = -1 if partition_info is None else int(partition_info["number"])
    return located(_exact_rows, frame, number, job)


def _exact_rows(frame: Any, job: _Job) -> Any:
    import pandas as pd  # noqa: PLC0415 - optional dependency, imported on use

    keys, codes, durations = _keyed(frame, job)
    to_unit(durations, "seconds", name="durations", nonnegative=True)  # time_stats's checks
    hashes = pd.util.hash_array(np.array([repr(k) for k in keys], dtype=object))
    labels = np.empty(len(keys), dtype=object)
    labels[:] = keys
    return pd.DataFrame(
        {
            "hash": hashes[codes].astype(np.int64),
            "key": labels[codes],
            "us": durations.view(np.int64),
        },
        index=frame.index,
    )


def _exact_chunk(frame: Any) -> dict[Hashable, np.ndarray[Any, Any]]:
    """Each group's durations (after the shuffle, every group lies in one partition)."""
    index: dict[Hashable, int] = {}
    keys = [tuple(k) if isinstance(k, list | np.ndarray) else k for k in frame["key"].tolist()]
    codes = np.fromiter((index.setdefault(k, len(index)) for k in keys), np.int64, len(keys))
    us = frame["us"].to_numpy(dtype=np.int64)
    return {key: us[codes == number] for key, number in index.items()}


def _concat(left: np.ndarray[Any, Any], right: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
    return np.concatenate([left, right])


def _merge_arrays(left: dict[Hashable, Any], right: dict[Hashable, Any]) -> dict[Hashable, Any]:
    return merge_counts(left, right, _concat)


def time_stats_frame(
    ddf_or_sla: Any,
    *,
    metric: str = "first_response",
    by: str | tuple[str, ...] | None = None,
    quantiles: tuple[float, ...] = (0.5, 0.9),
    unit: str = "minutes",
    exact: bool = False,
    timezone: str = "UTC",
    mapping: object = None,
    relative_accuracy: float = DEFAULT_ACCURACY,
) -> Any:
    """Mean and quantiles of response or resolution times per group (computes).

    Parameters
    ----------
    ddf_or_sla : dask.dataframe.DataFrame
        Tickets (calendar time from ``created_at`` to ``first_response_at``
        or ``resolved_at``, as :func:`csmetrics.scoring.first_response_times`)
        or the result of :func:`evaluate_frame` (business time elapsed of
        the metrics whose clock stopped).
    metric : {"first_response", "resolution"}
    by : str or tuple of str, optional
        Columns or ``"week"`` (of ``created_at`` in ``timezone``).
    quantiles : tuple of float
        Which quantiles (columns ``p50``, ``p90`` ...).
    unit : {"seconds", "minutes", "hours", "days"}
    exact : bool
        False (default): a :class:`~csmetrics.scoring.QuantileSketch` per
        group, merged; each quantile within ``relative_accuracy`` (1%) of
        the exact one, relative to it; mean, ``n`` and ``missing`` exact.
        True: the durations are shuffled so that each group lies in one
        partition, then read exactly as :func:`csmetrics.scoring.time_stats`.

    Returns
    -------
    pandas.DataFrame
        Per group: ``metric``, ``basis`` (``calendar`` or ``business``),
        ``method`` (``sketch`` or ``exact``), ``n``, ``missing``, ``mean``,
        then one column per quantile.
    """
    ddf = require_frame(ddf_or_sla, "ddf_or_sla")
    require_choice(metric, tuple(_ENDS), param="metric")
    require_choice(unit, tuple(UNIT_SECONDS), param="unit")
    qs = check_quantiles(quantiles)
    names = require_by(by)
    if "week" in names:
        check_zone(timezone)
    section = read_section(mapping, "tickets")
    assert isinstance(section, TicketSection)
    sla = is_sla_frame(ddf.columns)
    head = {"metric": metric, "basis": "business" if sla else "calendar"}
    job = _Job(metric, sla, names, timezone, section, check_accuracy(relative_accuracy))
    if not exact:
        found = reduce_partitions(ddf, _sketch_chunk, merge_counts, shared(job))

        def row(sketch: QuantileSketch) -> dict[str, Any]:
            stats = sketch.stats(unit=unit, quantiles=qs)  # type: ignore[arg-type]
            return {**head, "method": "sketch", **stats}

        return result_frame(found, names, row, timezone=timezone)
    rows = _shuffled(ddf, job)
    found = reduce_partitions(rows, _exact_chunk, _merge_arrays)

    def exact_row(us: np.ndarray[Any, Any]) -> dict[str, Any]:
        stats = time_stats(us.view("timedelta64[us]"), unit=unit)  # type: ignore[arg-type]
        out: dict[str, Any] = {
            **head,
            "method": "exact",
            "n": stats.n,
            "missing": stats.missing,
            "mean": stats.mean,
        }
        kept = np.sort(us[us != _NAT]).astype(np.float64) / 1e6 / UNIT_SECONDS[unit]
        for q in qs:
            out[quantile_name(q)] = exact_quantile(kept, q) if kept.size else math.nan
        return out

    return result_frame(found, names, exact_row, timezone=timezone)


def _shuffled(ddf: Any, job: _Job) -> Any:
    import pandas as pd  # noqa: PLC0415 - optional dependency, imported on use

    meta = pd.DataFrame(
        {
            "hash": pd.Series([], dtype=np.int64),
            "key": pd.Series([], dtype=object),
            "us": pd.Series([], dtype=np.int64),
        }
    )
    rows = ddf.map_partitions(
        _exact_part, shared(job), meta=meta, enforce_metadata=False, align_dataframes=False
    )
    return rows.shuffle(on="hash", method="tasks")
