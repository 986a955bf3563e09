"""One interface over the forms a raw column takes: CSV fields, objects, instants, numbers.

``missing`` finds the missing values, ``distinct`` factorises a column (the
conversions of categorical fields then run once per distinct value),
``texts`` gives each value as the source gave it, and ``instants`` parses
timestamps.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import TYPE_CHECKING, Any

import numpy as np

from csmetrics._core.civil import local_wall_to_us
from csmetrics._core.instants import NAT
from csmetrics._core.timestamps import ParsedInstants, parse_instant_fields, parse_instants
from csmetrics._io.batch import WallTimes, object_array
from csmetrics._io.csv_fields import Fields

if TYPE_CHECKING:
    import numpy.typing as npt

__all__ = [
    "distinct",
    "instants",
    "is_missing_value",
    "missing",
    "missing_instants",
    "missing_texts",
    "texts",
]


def is_missing_value(value: object, na: frozenset[str]) -> bool:
    """None, NaN, NaT, ``pd.NA`` or a text in ``na`` (after stripping)."""
    if value.__class__ is str:
        return value in na or value.strip() in na
    if value is None:
        return True
    if isinstance(value, str):
        return value.strip() in na
    if isinstance(value, float):
        return math.isnan(value)
    if isinstance(value, np.datetime64 | np.timedelta64):
        return bool(np.isnat(value))
    return type(value).__name__ in ("NAType", "NaTType")


def missing_instants(column: Any, na: frozenset[str]) -> npt.NDArray[np.bool_]:
    """Per row, whether a timestamp is missing (cheap on CSV fields: a timestamp starts
    with a digit, so only empty fields and the few starting otherwise are looked at)."""
    if not isinstance(column, Fields):
        return missing(column, na)
    lengths = column.lengths
    out = np.asarray(lengths == 0, dtype=bool)
    first = column.data[np.minimum(column.starts, column.data.shape[0] - 1)]
    odd = np.flatnonzero((lengths > 0) & ((first < 48) | (first > 57)))
    if odd.size:
        strings = column.take(odd).strings()
        out[odd] = np.array([s.strip() in na for s in strings], dtype=bool)
    return out


def missing_texts(
    column: Any, values: npt.NDArray[np.object_] | None, na: frozenset[str]
) -> npt.NDArray[np.bool_]:
    """Per row, whether a text is missing; ``values`` are the column's texts.

    On CSV fields only the empty fields and those short enough to be a
    missing marker are looked at (``values`` may then be None: those few
    fields are decoded here).
    """
    if not isinstance(column, Fields):
        assert values is not None
        return np.array([is_missing_value(v, na) for v in values.tolist()], dtype=bool)
    lengths = column.lengths
    out = np.asarray(lengths == 0, dtype=bool)
    longest = max((len(v.encode()) for v in na), default=0)
    short = np.flatnonzero((lengths > 0) & (lengths <= longest + 2))
    if not short.size:
        return out
    found = column.take(short).strings() if values is None else values[short].tolist()
    out[short] = np.array([text.strip() in na for text in found], dtype=bool)
    return out


def missing(column: Any, na: frozenset[str]) -> npt.NDArray[np.bool_]:
    """Per row, whether the value is missing."""
    if isinstance(column, Fields):
        return _missing_fields(column, na)
    if isinstance(column, WallTimes):
        return np.asarray(np.isnat(column.values), dtype=bool)
    array = np.asarray(column)
    if array.dtype.kind == "M":
        return np.asarray(np.isnat(array), dtype=bool)
    if array.dtype.kind == "f":
        return np.asarray(np.isnan(array), dtype=bool)
    if array.dtype.kind != "O":
        return np.zeros(array.shape[0], dtype=bool)
    values, codes = distinct(array)
    flags = np.array([is_missing_value(v, na) for v in values], dtype=bool)
    return np.asarray(flags[codes], dtype=bool) if values else np.zeros(0, dtype=bool)


def _missing_fields(fields: Fields, na: frozenset[str]) -> npt.NDArray[np.bool_]:
    lengths = fields.lengths
    out = np.asarray(lengths == 0, dtype=bool)
    longest = max((len(v.encode()) for v in na), default=0)
    if longest == 0 or not lengths.size:
        return out
    head = fields.matrix(max(1, min(longest + 1, int(lengths.max()))))
    for value in na:
        raw = np.frombuffer(value.encode(), dtype=np.uint8)
        if raw.size and raw.size <= head.shape[1]:
            out |= (lengths == raw.size) & (head[:, : raw.size] == raw).all(axis=1)
    spaced = (lengths > 0) & (
        (head[:, 0] == 32) | (fields.data[np.maximum(fields.ends - 1, 0)] == 32)
    )
    if spaced.any():  # rare: surrounding spaces, compare the stripped text
        rows = np.flatnonzero(spaced)
        strings = fields.take(rows).strings()
        out[rows] |= np.array([s.strip() in na for s in strings], dtype=bool)
    return out


def distinct(column: Any) -> tuple[list[Any], npt.NDArray[np.intp]]:
    """The distinct values of a column and, per row, the index of its value."""
    if isinstance(column, Fields):
        return column.factorize()
    values = np.asarray(column).tolist()
    index: dict[Any, int] = {}
    found: list[Any] = []
    codes = np.empty(len(values), dtype=np.intp)
    for row, value in enumerate(values):
        try:
            code = index.get(value)
            key = value
        except TypeError:  # unhashable (a list from JSON): a value of its own
            code, key = None, ("unhashable", row)
        if code is None:
            code = index[key] = len(found)
            found.append(value)
        codes[row] = code
    return found, codes


def texts(column: Any, rows: npt.NDArray[np.intp] | None = None) -> npt.NDArray[np.object_]:
    """The values of ``rows`` (all rows by default) as the source gave them (CSV: text)."""
    if isinstance(column, Fields):
        part = column if rows is None else column.take(rows)
        strings = part.strings()
        return object_array(strings, len(strings))
    array = column.values if isinstance(column, WallTimes) else np.asarray(column)
    picked = array if rows is None else array[rows]
    return np.array(picked, dtype=object)  # a copy the caller may change


def instants(
    column: Any,
    absent: npt.NDArray[np.bool_],
    *,
    zone: dt.tzinfo | None,
    datetime_format: str | None,
) -> ParsedInstants:
    """UTC microseconds of a timestamp column (missing rows stay NaT)."""
    if isinstance(column, Fields) and datetime_format is None:
        return parse_instant_fields(
            column.data, column.starts, column.lengths, lambda rows: texts(column, rows), absent,
            zone=zone,
        )  # fmt: skip
    if isinstance(column, Fields):  # a given format: each distinct text parsed once
        values, codes = column.factorize()
        gone = np.zeros(len(values), dtype=bool)
        gone[codes[absent]] = True  # missing is a property of the text: all its rows or none
        parsed = parse_instants(object_array(values, len(values)), gone, zone=zone,
                                datetime_format=datetime_format)  # fmt: skip
        return ParsedInstants(parsed.us[codes], parsed.failure[codes])
    if isinstance(column, WallTimes):
        return _wall_times(column, absent, zone)
    array = np.asarray(column)
    if array.dtype.kind == "M":
        us = array.astype("datetime64[us]").view(np.int64).copy()
        us[absent] = NAT
        return ParsedInstants(us, np.zeros(us.shape[0], dtype=np.int8))
    return parse_instants(texts(column), absent, zone=zone, datetime_format=datetime_format)


def _wall_times(
    column: WallTimes, absent: npt.NDArray[np.bool_], zone: dt.tzinfo | None
) -> ParsedInstants:
    wall = column.values.astype("datetime64[us]").view(np.int64)
    failure = np.zeros(wall.shape[0], dtype=np.int8)
    us = np.full(wall.shape[0], NAT, dtype=np.int64)
    present = ~absent
    if zone is None:
        failure[present] = 2
    else:
        us[present] = local_wall_to_us(wall[present], zone)
    return ParsedInstants(us, failure)
