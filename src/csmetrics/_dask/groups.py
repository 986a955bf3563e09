"""Group keys of a partition (columns and ISO weeks) and the merged table as a pandas frame."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping
from typing import Any

import numpy as np

from csmetrics._core.describe import describe
from csmetrics._core.zones import resolve_timezone
from csmetrics._dask.columns import instants, week_starts
from csmetrics.exceptions import InvalidInputError

__all__ = ["NO_WEEK", "check_zone", "key_array", "result_frame", "week_array"]


def check_zone(timezone: object) -> None:
    """Refuse a time zone that is not an IANA name or a tzinfo."""
    resolve_timezone(timezone)


def week_array(utc: Any, timezone: str) -> np.ndarray[Any, Any]:
    """The week start of each instant (UTC ``datetime64[us]`` or a tz-aware Series).

    As UTC microseconds (``int64``; :data:`NO_WEEK` for NaT).
    """
    import pandas as pd  # noqa: PLC0415 - optional dependency, imported on use

    if isinstance(utc, np.ndarray):
        utc = pd.Series(utc.astype("datetime64[us]")).dt.tz_localize("UTC")
    starts = week_starts(utc, timezone)
    values: np.ndarray[Any, Any] = starts.to_numpy(dtype="datetime64[us]").view(np.int64)
    return values


NO_WEEK = int(np.iinfo(np.int64).min)
"""The week of a missing instant (NaT's integer)."""


def key_array(
    frame: Any, name: str, *, week_basis: str, timezone: str, input_zone: str | None = None
) -> np.ndarray[Any, Any]:
    """The values of group column ``name`` (``"week"``: the ISO week of ``week_basis``)."""
    if name == "week":
        if week_basis not in frame.columns:
            msg = f"by: 'week' needs a {week_basis!r} column, got none"
            raise InvalidInputError(msg)
        return week_array(instants(frame[week_basis], week_basis, input_zone), timezone)
    if name not in frame.columns:
        msg = f"by: expected a column of the frame, got {describe(name)}"
        raise InvalidInputError(msg)
    column = frame[name]
    return column.astype(object).where(column.notna(), None).to_numpy(dtype=object)  # type: ignore[no-any-return]


def _order(key: tuple[Any, ...]) -> tuple[Any, ...]:
    """Groups in a stable order: codes and weeks ascending, text as text, missing last."""
    return tuple((v is None, type(v).__name__, v if v is not None else 0) for v in key)


def result_frame(
    found: Mapping[Hashable, Any],
    names: tuple[str, ...],
    row: Callable[[Any], dict[str, Any]],
    *,
    timezone: str,
    label: Callable[[str, Any], Any] | None = None,
) -> Any:
    """One row per group of ``found`` (``row(value)`` gives its columns), indexed by the keys."""
    import pandas as pd  # noqa: PLC0415 - optional dependency, imported on use

    keys = sorted(found, key=_order)  # type: ignore[arg-type]
    rows = [row(found[key]) for key in keys]

    def shown(name: str, value: Any) -> Any:
        if name == "week" and value is not None:
            if value == NO_WEEK:
                return None
            return pd.Timestamp(int(value), unit="us", tz="UTC").tz_convert(timezone)
        return label(name, value) if label is not None else value

    labels = [tuple(shown(n, v) for n, v in zip(names, key, strict=True)) for key in keys]  # type: ignore[call-overload]
    if not names:
        index = pd.Index(["all"] * len(labels), dtype=object)
    elif len(names) == 1:
        index = pd.Index([lab[0] for lab in labels], name=names[0], dtype=object)
    else:
        index = pd.MultiIndex.from_tuples(labels, names=list(names))
    columns = list(rows[0]) if rows else []
    return pd.DataFrame({c: [r[c] for r in rows] for c in columns}, index=index)
