"""A partition's columns: renamed by a mapping, instants in UTC, group keys and ISO weeks.

Instants leave here as tz-aware ``datetime64[us, UTC]`` Series whatever
came in: tz-aware columns of any unit (pandas 3 parses to ``us``, Parquet
files may hold ``ms`` or ``ns``), Arrow timestamps, or ISO 8601 text with an
offset. Naive datetimes and text without an offset are refused with
:class:`~csmetrics.exceptions.NaiveDatetimeError` unless the mapping names
a ``timezone`` to read them in (as :func:`csmetrics.io.read_tickets` does).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import numpy as np

from csmetrics._core.describe import describe
from csmetrics._io.mapping import SurveySection, TicketSection, load_mapping
from csmetrics.exceptions import InputTypeError, InvalidInputError, NaiveDatetimeError

__all__ = [
    "group_keys",
    "instants",
    "read_section",
    "renamed",
    "require_by",
    "utc_values",
    "week_starts",
]

_OFFSET = r"(?:[Zz]|[+-]\d\d(?::?\d\d)?)\s*$"


def read_section(mapping: object, kind: str) -> TicketSection | SurveySection:
    """The ``tickets`` or ``surveys`` section of a :mod:`csmetrics.io` mapping."""
    return load_mapping(mapping, kind)  # type: ignore[arg-type]


def renamed(frame: Any, section: TicketSection | SurveySection) -> Any:
    """``frame`` with the mapping's columns renamed to fields and its value maps applied."""
    columns = {k: v for k, v in section.columns.items() if k in frame.columns and k != v}
    if columns:
        frame = frame.rename(columns=columns)
    for field, values in section.values.items():
        if field in frame.columns and values:
            column = frame[field]
            mapped = column.map(
                lambda v, table=values: table.get(v, v) if isinstance(v, str) else v
            )
            frame = frame.assign(**{field: mapped.astype(object)})
    return frame


def utc_values(column: Any, name: str, timezone: str | None = None) -> np.ndarray[Any, Any]:
    """``column`` as naive UTC ``datetime64[us]`` values (NaT: missing), as :func:`instants`."""
    import pandas as pd  # noqa: PLC0415 - optional dependency, imported on use

    if isinstance(column.dtype, pd.DatetimeTZDtype):  # the common case, in one step
        return column.to_numpy(dtype="datetime64[us]")  # type: ignore[no-any-return]
    return instants(column, name, timezone).to_numpy(dtype="datetime64[us]")  # type: ignore[no-any-return]


def instants(column: Any, name: str, timezone: str | None = None) -> Any:
    """``column`` as a ``datetime64[us, UTC]`` Series (NaT: missing)."""
    import pandas as pd  # noqa: PLC0415 - optional dependency, imported on use

    dtype = column.dtype
    if isinstance(dtype, pd.ArrowDtype) and dtype.kind == "M":
        column = column.astype(
            f"datetime64[{dtype.pyarrow_dtype.unit}"
            + (f", {dtype.pyarrow_dtype.tz}]" if dtype.pyarrow_dtype.tz else "]")
        )
        dtype = column.dtype
    if isinstance(dtype, pd.DatetimeTZDtype):
        return column.dt.tz_convert("UTC").dt.as_unit("us")
    if dtype.kind == "M":
        return _localized(column, name, timezone, "naive datetimes")
    if column.isna().all():
        return pd.Series(pd.NaT, index=column.index, dtype="datetime64[us, UTC]")
    if dtype.kind in "OU" or isinstance(dtype, pd.StringDtype):
        return _parsed(column, name, timezone)
    msg = f"{name}: expected tz-aware datetimes or ISO 8601 text, got a column of dtype {dtype}"
    raise InputTypeError(msg)


def _parsed(column: Any, name: str, timezone: str | None) -> Any:
    """Text (ISO 8601) or datetime objects as UTC instants; naive ones need ``timezone``."""
    import pandas as pd  # noqa: PLC0415 - optional dependency, imported on use

    present = column.notna()
    values = column[present]
    if values.map(lambda v: isinstance(v, dt.datetime)).all():
        return _objects(column, present, name, timezone)
    if not values.map(lambda v: isinstance(v, str)).all():
        bad = values[~values.map(lambda v: isinstance(v, str | dt.datetime))].iloc[0]
        msg = f"{name}: expected tz-aware datetimes or ISO 8601 text, got {describe(bad)}"
        raise InputTypeError(msg)
    text = column.astype(object).where(present, None)
    has_offset = text[present].str.contains(_OFFSET, regex=True)
    try:
        if has_offset.all():
            return pd.to_datetime(text, format="ISO8601", utc=True).dt.as_unit("us")
        naive = pd.to_datetime(text, format="ISO8601")
    except (ValueError, OverflowError):
        msg = f"{name}: expected ISO 8601 date-times, got text that does not parse as one"
        raise InvalidInputError(msg) from None
    if not has_offset.any() and timezone is not None:
        return _localized(naive, name, timezone, "text without offsets")
    msg = (
        f"{name}: expected date-times with a UTC offset, got text without one "
        "(give the mapping a timezone to read local times)"
    )
    raise NaiveDatetimeError(msg)


def _objects(column: Any, present: Any, name: str, timezone: str | None) -> Any:
    """A column of ``datetime`` objects (pandas Timestamps too), each aware."""
    import pandas as pd  # noqa: PLC0415 - optional dependency, imported on use

    aware = column[present].map(lambda v: v.utcoffset() is not None)
    if not aware.all():
        if timezone is None:
            msg = (
                f"{name}: expected tz-aware datetimes, got naive datetime objects "
                "(localize them, or give the mapping a timezone)"
            )
            raise NaiveDatetimeError(msg)
        column = column.map(
            lambda v: (
                pd.Timestamp(v).tz_localize(timezone, ambiguous="raise", nonexistent="raise")
                if isinstance(v, dt.datetime) and v.utcoffset() is None
                else v
            )
        )
    return pd.to_datetime(column.where(present, None), utc=True).dt.as_unit("us")


def _localized(column: Any, name: str, timezone: str | None, what: str) -> Any:
    if timezone is None:
        msg = (
            f"{name}: expected tz-aware datetimes, got {what} "
            "(localize them, or give the mapping a timezone)"
        )
        raise NaiveDatetimeError(msg)
    try:
        local = column.dt.tz_localize(timezone, ambiguous="raise", nonexistent="raise")
    except (ValueError, OverflowError):  # pytz / pandas errors for gaps and folds
        msg = f"{name}: expected local times that exist once in {timezone}, got a gap or a fold"
        raise InvalidInputError(msg) from None
    return local.dt.tz_convert("UTC").dt.as_unit("us")


def week_starts(utc: Any, timezone: str) -> Any:
    """Monday 00:00 (in ``timezone``) of the ISO week of each instant, as UTC microseconds.

    NaT stays NaT. Where local midnight does not exist (a DST gap at
    midnight), the week starts at the first local time after it.
    """
    import pandas as pd  # noqa: PLC0415 - optional dependency, imported on use

    local = utc.dt.tz_convert(timezone).dt.tz_localize(None).dt.as_unit("us")
    days = local.dt.normalize()
    monday = days - pd.to_timedelta(local.dt.day_of_week, unit="D")
    start = monday.dt.tz_localize(timezone, ambiguous=True, nonexistent="shift_forward")
    return start.dt.tz_convert("UTC").dt.as_unit("us")


def require_by(by: object, allowed: Sequence[str] | None = None) -> tuple[str, ...]:
    """``by`` as a tuple of column names (None: no grouping)."""
    if by is None:
        return ()
    names = (by,) if isinstance(by, str) else by
    if not isinstance(names, tuple | list) or not all(isinstance(n, str) for n in names):
        msg = f"by: expected a column name, a tuple of them or None, got {describe(by)}"
        raise InputTypeError(msg)
    if len(set(names)) != len(names) or not names:
        msg = f"by: expected distinct column names, got {len(names)} names"
        raise InvalidInputError(msg)
    if allowed is not None:
        for name in names:
            if name not in allowed:
                msg = f"by: expected names among {', '.join(allowed)}, got {describe(name)}"
                raise InvalidInputError(msg)
    return tuple(names)


def group_keys(arrays: Sequence[np.ndarray[Any, Any]], size: int) -> tuple[list[Any], np.ndarray]:
    """The distinct key tuples of ``arrays`` and each row's group number (missing: None).

    Keys are plain Python values (``int`` for integer codes); with no arrays
    every row is in the one group ``()``.
    """
    import pandas as pd  # noqa: PLC0415 - optional dependency, imported on use

    if not arrays:
        return [()], np.zeros(size, dtype=np.int64)
    codes = np.zeros(size, dtype=np.int64)
    uniques: list[list[Any]] = []
    for array in arrays:
        found, values = pd.factorize(np.asarray(array), use_na_sentinel=False)
        plain = [None if _missing(v) else v for v in values.tolist()]
        codes = codes * max(len(plain), 1) + found
        uniques.append(plain)
    groups, inverse = np.unique(codes, return_inverse=True)
    keys = []
    for group in groups.tolist():
        parts, rest = [], group
        for values in reversed(uniques):
            rest, at = divmod(rest, max(len(values), 1))
            parts.append(values[at])
        keys.append(tuple(reversed(parts)))
    return keys, inverse.astype(np.int64)


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and value != value)  # noqa: PLR0124
