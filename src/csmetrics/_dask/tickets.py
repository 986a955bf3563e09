"""A partition of tickets as the arguments of ``evaluate_many``, and its results as a frame."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import numpy as np

from csmetrics._dask.columns import renamed, utc_values
from csmetrics._io.mapping import TicketSection
from csmetrics._schedule.schedule import Schedule
from csmetrics._sla.api import SlaPolicy, evaluate_many
from csmetrics.exceptions import InputTypeError, InvalidInputError

__all__ = ["INSTANT_INPUTS", "Sla", "evaluate_columns", "evaluate_partition", "ticket_arguments"]

INSTANT_INPUTS = ("created_at", "first_response_at", "resolved_at", "pause_start", "pause_end")
"""The instant columns ``evaluate_many`` reads (``created_at`` required)."""
_CODES = {"priority": 0, "channel": -1}


def _codes(column: Any, name: str) -> np.ndarray[Any, Any]:
    """Priority or channel values as ``evaluate_many`` reads them (missing: none)."""
    import pandas as pd  # noqa: PLC0415 - optional dependency, imported on use

    none = _CODES[name]
    if pd.api.types.is_bool_dtype(column.dtype):
        msg = f"{name}: expected codes or names, got values of dtype {column.dtype}"
        raise InputTypeError(msg)
    if pd.api.types.is_integer_dtype(column.dtype):
        return column.fillna(none).to_numpy(dtype=np.int64)  # type: ignore[no-any-return]
    if pd.api.types.is_float_dtype(column.dtype):
        values = column.to_numpy(dtype=np.float64, na_value=np.nan)
        values = np.where(np.isnan(values), none, values)
        if not np.array_equal(values, np.round(values)):
            msg = f"{name}: expected integer codes, got fractional numbers"
            raise InvalidInputError(msg)
        return values.astype(np.int64)
    return column.astype(object).where(column.notna(), None).to_numpy(dtype=object)  # type: ignore[no-any-return]


def ticket_arguments(frame: Any, timezone: str | None) -> dict[str, Any]:
    """The keyword arguments of ``evaluate_many`` read from a pandas frame of tickets."""
    if "created_at" not in frame.columns:
        msg = "created_at: expected a column of creation instants, got none"
        raise InvalidInputError(msg)
    found: dict[str, Any] = {}
    for name in INSTANT_INPUTS:
        if name in frame.columns:
            found[name] = utc_values(frame[name], name, timezone)
    for name in _CODES:
        if name in frame.columns:
            found[name] = _codes(frame[name], name)
    if "complaint" in frame.columns:
        column = frame["complaint"]
        found["complaint"] = column.fillna(value=False).to_numpy(dtype=bool)
    return found


@dataclass(frozen=True)
class Sla:
    """How to evaluate a partition: one graph key, unpickled once per worker."""

    policy: SlaPolicy
    schedule: Schedule
    now: dt.datetime
    section: TicketSection


def evaluate_columns(frame: Any, sla: Sla) -> tuple[dict[str, Any], np.ndarray[Any, Any]]:
    """``evaluate_many`` of one partition's tickets, and their ``created_at`` (UTC numpy)."""
    arguments = ticket_arguments(renamed(frame, sla.section), sla.section.timezone)
    columns = evaluate_many(**arguments, policy=sla.policy, schedule=sla.schedule, now=sla.now)
    return columns, arguments["created_at"]


def evaluate_partition(frame: Any, sla: Sla) -> Any:
    """``evaluate_many`` of one partition as a frame: ``created_at`` then its result columns."""
    import pandas as pd  # noqa: PLC0415 - optional dependency, imported on use

    columns, created = evaluate_columns(frame, sla)
    out: dict[str, Any] = {"created_at": created, **columns}
    for name, values in out.items():
        if values.dtype.kind == "M":
            out[name] = pd.Series(values, index=frame.index).dt.tz_localize("UTC")
        elif values.dtype.kind in "OUS":
            out[name] = pd.Series(values, index=frame.index, dtype="string")
    return pd.DataFrame(out, index=frame.index)
