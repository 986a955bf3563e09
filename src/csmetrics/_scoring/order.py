"""``clean``'s order check: values made comparable before ``end < start`` is asked.

Text timestamps are parsed with the readers' parser (``csmetrics.io``): ISO
8601 with or without an offset, ``YYYY-MM-DD HH:MM[:SS]``, ``YYYY/MM/DD
HH:MM`` and epoch seconds or milliseconds, so ``"2025-3-9 10:00"`` is not
compared with ``"2025-10-01 09:00"`` letter by letter. Datetimes and text
become UTC instants; naive ones are read in ``timezone`` when it is given,
and compared by their wall time only with other naive ones when it is not.
Numbers compare as numbers and durations as durations; a column must hold
one kind, and both columns of a pair the same kind.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from csmetrics._core.describe import describe
from csmetrics._core.timestamps import REASONS, parse_instants
from csmetrics._scoring.inputs import is_missing
from csmetrics._scoring.options import name_label
from csmetrics.exceptions import InvalidInputError

if TYPE_CHECKING:
    import numpy.typing as npt

__all__ = ["Comparable", "comparable", "later_rows"]

_NAIVE = 2  # parse_instants' failure code for a naive time without a zone
_EPOCH = np.datetime64(0, "us")


@dataclass(frozen=True, slots=True)
class Comparable:
    """One column as numbers of one kind: ``kind`` is ``"instant"``, ``"duration"``,
    ``"number"`` or ``"missing"`` (nothing present); ``naive`` marks wall times."""

    kind: str
    values: npt.NDArray[Any]
    present: npt.NDArray[np.bool_]
    naive: npt.NDArray[np.bool_]


def _kind(value: object) -> str:
    if isinstance(value, bool | np.bool_):
        return "other"
    if isinstance(value, int | float | np.integer | np.floating):
        return "number"
    if isinstance(value, dt.timedelta | np.timedelta64):
        return "duration"
    if isinstance(value, str | dt.datetime | np.datetime64):
        return "instant"
    return "other"


def comparable(values: list[Any], name: str, zone: dt.tzinfo | None) -> Comparable:
    """The present values of column ``name`` as one comparable kind, or an error naming a row."""
    present = np.fromiter((not is_missing(v) for v in values), dtype=bool, count=len(values))
    rows = np.flatnonzero(present).tolist()
    kinds = {_kind(values[i]) for i in rows}
    none = np.zeros(len(values), dtype=bool)
    if not kinds:
        return Comparable("missing", np.zeros(len(values)), present, none)
    if len(kinds) > 1 or "other" in kinds:
        row = next(i for i in rows if _kind(values[i]) != _kind(values[rows[0]]) or
                   _kind(values[i]) == "other")  # fmt: skip
        msg = (
            f"{name_label(name)}: expected times, durations or numbers (one kind per column), "
            f"got {describe(values[row])} at row {row}"
        )
        raise InvalidInputError(msg)
    (kind,) = kinds
    if kind == "number":
        numbers = np.zeros(len(values), dtype=object)
        numbers[rows] = [values[i] for i in rows]
        return Comparable(kind, numbers, present, none)
    if kind == "duration":
        us = np.zeros(len(values), dtype=np.int64)
        us[rows] = [_duration_us(values[i], name, i) for i in rows]
        return Comparable(kind, us, present, none)
    return _instants(values, present, name, zone)


def _duration_us(value: object, name: str, row: int) -> int:
    if isinstance(value, np.timedelta64):
        try:
            value = value.astype("timedelta64[us]").item()
        except (OverflowError, ValueError):
            value = None
    if not isinstance(value, dt.timedelta):
        msg = f"{name_label(name)}: expected a duration, got {describe(value)} at row {row}"
        raise InvalidInputError(msg)
    return value // dt.timedelta(microseconds=1)


def _instants(
    values: list[Any], present: npt.NDArray[np.bool_], name: str, zone: dt.tzinfo | None
) -> Comparable:
    texts = np.empty(len(values), dtype=object)
    texts[:] = [_aware(v) if isinstance(v, np.datetime64) else v for v in values]
    parsed = parse_instants(texts, ~present, zone=zone)
    us, failure = parsed.us, parsed.failure
    naive = failure == _NAIVE
    if naive.any():  # no zone given: keep the wall time, compared only with other wall times
        walls = parse_instants(texts, ~naive, zone=dt.UTC)
        us[naive], failure[naive] = walls.us[naive], walls.failure[naive]
    if failure.any():
        row = int(np.flatnonzero(failure)[0])
        msg = (
            f"{name_label(name)}: expected {REASONS[int(failure[row])]}, "
            f"got {describe(values[row])} at row {row}"
        )
        raise InvalidInputError(msg)
    return Comparable("instant", us, present, naive)


def _aware(value: np.datetime64) -> object:
    """A numpy datetime64 (a UTC instant, as the engine reads them) as an aware datetime."""
    try:
        moment = value.astype("datetime64[us]").item()
    except (OverflowError, ValueError):
        return value
    return moment.replace(tzinfo=dt.UTC) if isinstance(moment, dt.datetime) else value


def later_rows(start: Comparable, end: Comparable, names: tuple[str, str]) -> list[int]:
    """Rows where both are present and ``end`` is earlier than ``start``."""
    both = start.present & end.present
    if not both.any():
        return []
    start_name, end_name = names
    if start.kind != end.kind:
        row = int(np.flatnonzero(both)[0])
        msg = f"{end_name}, {start_name}: cannot compare {end.kind}s with {start.kind}s (row {row})"
        raise InvalidInputError(msg)
    mixed = both & (start.naive != end.naive)
    if mixed.any():
        row = int(np.flatnonzero(mixed)[0])
        msg = (
            f"{end_name}, {start_name}: cannot compare a time without a zone with an instant "
            f"(row {row}); give timezone="
        )
        raise InvalidInputError(msg)
    rows = np.flatnonzero(both)
    early = np.asarray(end.values[rows] < start.values[rows], dtype=bool)
    return rows[early].tolist()  # type: ignore[no-any-return]
