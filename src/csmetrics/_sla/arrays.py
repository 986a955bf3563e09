"""Array helpers of the vectorized SLA evaluation: inputs, clocks, working days (private)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

import numpy as np
import numpy.typing as npt

from csmetrics._core.describe import describe
from csmetrics._core.instants import MIN_YEAR
from csmetrics._models.enums import Channel, Priority
from csmetrics._schedule.hours import shown
from csmetrics.exceptions import CsMetricsError, InputTypeError, InvalidInputError

if TYPE_CHECKING:
    from csmetrics._schedule.schedule import Schedule

__all__ = [
    "ArrayClock",
    "TimeDeltas",
    "Times",
    "business_clock",
    "calendar_clock",
    "channel_codes",
    "flags",
    "instant64",
    "local_days",
    "measure_many",
    "priority_levels",
    "table_channel_codes",
    "working_day_closes",
]

Times = npt.NDArray[np.datetime64]
TimeDeltas = npt.NDArray[np.timedelta64]
_US = "datetime64[us]"
_TD = "timedelta64[us]"
_HOUR = np.timedelta64(1, "h")


@dataclass(frozen=True, slots=True)
class ArrayClock:
    """``add`` and ``between`` over arrays of UTC instants."""

    add: Callable[[Times, TimeDeltas], Times]
    between: Callable[[Times, Times], TimeDeltas]


def business_clock(schedule: Schedule) -> ArrayClock:
    """The open-time clock of ``schedule``."""
    return ArrayClock(add=schedule.add_many, between=schedule.between_many)


def _calendar_add(starts: Times, durations: TimeDeltas) -> Times:
    return (starts + durations).astype(_US)


def _calendar_between(starts: Times, ends: Times) -> TimeDeltas:
    return (ends - starts).astype(_TD)


def calendar_clock() -> ArrayClock:
    """Wall-clock time."""
    return ArrayClock(add=_calendar_add, between=_calendar_between)


def _column(values: object, size: int, name: str, kinds: str) -> npt.NDArray[Any]:
    """``values`` as a 1-d array of ``size`` rows whose dtype kind is one of ``kinds``."""
    try:
        array = np.asarray(values).reshape(-1)
    except (TypeError, ValueError):  # ragged nesting
        msg = f"{name}: expected a flat column of values, got {describe(values)}"
        raise InputTypeError(msg) from None
    if array.dtype.kind not in kinds:
        msg = f"{name}: expected codes or names, got values of dtype {array.dtype}"
        raise InputTypeError(msg)
    _check_size(array, size, name)
    return array


def _parsed(array: npt.NDArray[Any], parse: Callable[[str], int]) -> npt.NDArray[np.int8]:
    """Codes of the names in ``array``, each distinct name parsed once."""
    uniques, inverse = np.unique(_as_text(array), return_inverse=True)
    codes = [parse(text) for text in uniques.tolist()]
    return np.asarray(codes, dtype=np.int8)[inverse]


def _named(parse: Callable[[str], _E], text: str, name: str) -> _E:
    """``parse(text)``, its error naming the column and describing the text, never echoing it."""
    try:
        return parse(text)
    except CsMetricsError:
        msg = f"{name}: expected one of {_CHOICES[name]} (or a known alias), got {shown(text)}"
        raise InvalidInputError(msg) from None


_CHOICES = {
    "priority": ", ".join(p.value for p in Priority) + ", codes 1-3",
    "channel": ", ".join(c.value for c in Channel) + ", codes 0-5",
}
_NAMES = "iuUSO"
_E = TypeVar("_E")


def priority_levels(values: object, size: int) -> npt.NDArray[np.int8]:
    """Priority levels 1-3 (0: none) from codes, ``Priority`` members or their names."""
    if values is None:
        return np.zeros(size, dtype=np.int8)
    array = _column(values, size, "priority", _NAMES)
    if array.dtype.kind in "iu":
        bad = (array < 0) | (array > 3)
        if bad.any():
            msg = f"priority: expected codes 1-3 (0 for none), got {int(array[bad][0])}"
            raise InvalidInputError(msg)
        return array.astype(np.int8)
    return _parsed(array, _priority_level)


def channel_codes(values: object, size: int) -> npt.NDArray[np.int8]:
    """Channel codes 0-5 (-1: none) from codes, ``Channel`` members or their names."""
    if values is None:
        return np.full(size, -1, dtype=np.int8)
    array = _column(values, size, "channel", _NAMES)
    if array.dtype.kind in "iu":
        bad = (array < -1) | (array > 5)
        if bad.any():
            msg = f"channel: expected codes 0-5 (-1 for none), got {int(array[bad][0])}"
            raise InvalidInputError(msg)
        return array.astype(np.int8)
    return _parsed(array, _channel_code)


def table_channel_codes(values: npt.NDArray[Any]) -> npt.NDArray[np.int8]:
    """Channel codes of a table's channel names; names that are no ``Channel``: -1 (no rule).

    Tables keep the channels they read as given (an open vocabulary), so a
    name no channel rule knows matches none, where a ``channel=`` column of
    such a name is an error.
    """
    array = np.asarray(values, dtype=object).reshape(-1)
    uniques, inverse = np.unique(_as_text(array), return_inverse=True)
    codes = [_lenient_code(text) for text in uniques.tolist()]
    return np.asarray(codes, dtype=np.int8)[inverse.reshape(-1)]


def _lenient_code(text: str) -> int:
    try:
        return _channel_code(text)
    except CsMetricsError:
        return -1


def flags(values: object, size: int, name: str) -> npt.NDArray[np.bool_]:
    """A column of booleans (False for every row when ``values`` is None)."""
    if values is None:
        return np.zeros(size, dtype=bool)
    return _column(values, size, name, "biu").astype(bool)


def _as_text(array: npt.NDArray[Any]) -> npt.NDArray[np.str_]:
    """Names as text ("" for None), so that mixed object arrays sort."""
    missing = np.frompyfunc(lambda value: value is None, 1, 1)(array).astype(bool)
    return np.where(missing, "", array).astype(str)


def _priority_level(text: str) -> int:
    return _named(Priority.parse, text, "priority").level if text else 0


def _channel_code(text: str) -> int:
    if not text:
        return -1
    if len(text) <= 3 and text.lstrip("-").isdigit():  # a code as text ("5", "-1")
        return -1 if text == "-1" else Channel.from_code(int(text)).code
    return _named(Channel.parse, text, "channel").code


def _check_size(array: npt.NDArray[Any], size: int, name: str) -> None:
    if array.shape[0] != size:
        msg = f"{name}: expected {size} values (one per ticket), got {array.shape[0]}"
        raise InvalidInputError(msg)


def local_days(instants: Times, zone: dt.tzinfo) -> npt.NDArray[np.datetime64]:
    """The local calendar day (``datetime64[D]``) of each instant in ``zone``.

    Offsets are looked up once per distinct UTC hour, not per row.
    """
    hours = instants.astype("datetime64[h]")
    unique, inverse = np.unique(hours, return_inverse=True)
    offsets = np.array(
        [_offset_us(value, zone) for value in unique.astype("datetime64[us]").tolist()],
        dtype=np.int64,
    )
    local = instants.astype(np.int64) + offsets[inverse]
    return local.astype(_US).astype("datetime64[D]")


def _offset_us(value: dt.datetime, zone: dt.tzinfo) -> int:
    offset = value.replace(tzinfo=dt.UTC).astimezone(zone).utcoffset()
    assert offset is not None
    return int(offset / dt.timedelta(microseconds=1))


def instant64(value: dt.datetime | None) -> np.datetime64:
    """An aware datetime as a UTC ``datetime64[us]`` (NaT for None)."""
    if value is None:
        return np.datetime64("NaT", "us")
    return np.datetime64(value.astimezone(dt.UTC).replace(tzinfo=None), "us")


_FIRST_INSTANT = dt.datetime(MIN_YEAR, 1, 2, tzinfo=dt.UTC)


def working_day_closes(schedule: Schedule, starts: Times, days: int) -> Times:
    """``Schedule.working_day_close(start, days)`` of each start.

    The answer depends only on the start's working date: its local date, or
    the day before while that day's overnight shift runs past midnight. So
    it is computed once per distinct local day (and shift tail), not per row.
    """
    zone = schedule.timezone
    local = local_days(starts, zone)
    unique, inverse = np.unique(local, return_inverse=True)
    found: dict[dt.date, np.datetime64] = {}

    def close(day: dt.date, at: dt.datetime) -> np.datetime64:
        if day not in found:
            found[day] = instant64(schedule.working_day_close(at, days))
        return found[day]

    tail_end, tail_close, own = [], [], []
    for day in unique.tolist():
        # The first supported day's local midnight may lie before the supported range.
        midnight = max(dt.datetime.combine(day, dt.time(0), tzinfo=zone), _FIRST_INSTANT)
        if schedule.working_date(midnight) < day:  # the day before's shift runs on
            end = schedule.working_day_close(midnight, 0)
            tail_close.append(close(day - dt.timedelta(days=1), midnight))
        else:
            end = midnight
            tail_close.append(np.datetime64("NaT", "us"))
        tail_end.append(instant64(end))
        own.append(close(day, end))
    in_tail = starts < np.asarray(tail_end, dtype=_US)[inverse]
    own_closes = np.asarray(own, dtype=_US)[inverse]
    return np.where(in_tail, np.asarray(tail_close, dtype=_US)[inverse], own_closes)


@dataclass(frozen=True, slots=True)
class Measured:
    """Elapsed, paused and deadline arrays of one metric."""

    elapsed: TimeDeltas
    paused: TimeDeltas
    deadline: Times


def measure_many(
    clock: ArrayClock, starts: Times, ends: Times, pauses: tuple[Times, Times], target: TimeDeltas
) -> Measured:
    """Vectorized ``measure`` for one span and at most one pause per row.

    ``ends`` is the stop (or ``now``); ``pauses`` are the pause bounds
    already clipped to ``[starts, ends]`` (NaT for rows without a pause).
    Rows without a pause cost one ``between`` and one ``add``.
    """
    low, high = pauses
    has = ~np.isnat(low)
    elapsed = clock.between(starts, np.where(has, low, ends))
    deadline = clock.add(starts, target)
    paused = np.zeros(starts.shape, dtype=_TD)
    if has.any():
        first = elapsed[has]
        second = clock.between(high[has], ends[has])
        paused[has] = clock.between(low[has], high[has])
        elapsed[has] = first + second
        rest = first < target[has]
        remaining = (target[has] - first)[rest]
        late = second[rest] < remaining
        spot = np.where(late, ends[has][rest], high[has][rest])
        more = np.where(late, remaining - second[rest], remaining)
        fixed = deadline[has]
        fixed[rest] = clock.add(spot, more)
        deadline[has] = fixed
    return Measured(elapsed=elapsed, paused=paused, deadline=deadline)
