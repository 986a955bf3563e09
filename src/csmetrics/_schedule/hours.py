"""Parsing and validation of weekly working hours (private).

A day's hours are a tuple of windows ``(start, end)`` in minutes after the
local midnight of the day they belong to, sorted by start. ``end`` may pass
1440 (``24:00``): an overnight shift such as ``22:00-06:00`` is ``(1320, 1800)``
and belongs to the day it starts on.

>>> parse_hours({"mon-fri": "09:00-12:00,13:00-18:00"})[0]
((540, 720), (780, 1080))
>>> parse_hours({"daily": "22:00-06:00"})[6]
((1320, 1800),)
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Mapping, Sized
from itertools import pairwise

from csmetrics._core.describe import describe, shown
from csmetrics.exceptions import InputTypeError, InvalidScheduleError

__all__ = [
    "DAY_NAMES",
    "MAX_RANGES_PER_DAY",
    "DayHours",
    "WeeklyHours",
    "format_day_hours",
    "merge_hours",
    "parse_day_hours",
    "parse_hours",
    "shown",
]

DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_DAY_INDEX = {name: index for index, name in enumerate(DAY_NAMES)}
_CLOSED = frozenset({"", "closed", "off", "none"})
_RANGE = re.compile(r"^(\d{1,2}):(\d{2})-(\d{1,2}):(\d{2})$")
_MINUTES_PER_DAY = 1440
MAX_RANGES_PER_DAY = 48
"""The most ranges one day's hours may hold (one every half hour); compiling a year
costs time and memory in proportion, so more is refused when the hours are read."""

DayHours = tuple[tuple[int, int], ...]
WeeklyHours = tuple[DayHours, DayHours, DayHours, DayHours, DayHours, DayHours, DayHours]


def _minutes(hour: str, minute: str, *, is_end: bool, text: str, param: str) -> int:
    value = int(hour) * 60 + int(minute)
    too_big = value > _MINUTES_PER_DAY if is_end else value >= _MINUTES_PER_DAY
    if int(minute) > 59 or too_big:
        msg = (
            f"{param}: expected times 00:00..23:59 (24:00 only as an end) in "
            f"'HH:MM-HH:MM', got {shown(text)}"
        )
        raise InvalidScheduleError(msg)
    return value


def _parse_range(text: str, param: str) -> tuple[int, int]:
    match = _RANGE.match(text.strip())
    if match is None:
        msg = f"{param}: expected a range 'HH:MM-HH:MM' such as '09:00-18:00', got {shown(text)}"
        raise InvalidScheduleError(msg)
    start = _minutes(match[1], match[2], is_end=False, text=text, param=param)
    end = _minutes(match[3], match[4], is_end=True, text=text, param=param)
    if end == start:
        msg = (
            f"{param}: a range must not be empty (use '00:00-24:00' for a whole day), "
            f"got {shown(text)}"
        )
        raise InvalidScheduleError(msg)
    if end < start:
        end += _MINUTES_PER_DAY
    return start, end


def _too_many(count: int | None, param: str) -> InvalidScheduleError:
    got = f"more than {MAX_RANGES_PER_DAY}" if count is None else str(count)
    msg = f"{param}: expected at most {MAX_RANGES_PER_DAY} ranges a day, got {got}"
    return InvalidScheduleError(msg)


def _range_texts(value: object, param: str) -> list[str]:
    if isinstance(value, str):
        if value.count(",") >= MAX_RANGES_PER_DAY:
            raise _too_many(value.count(",") + 1, param)
        return [] if value.strip().lower() in _CLOSED else value.split(",")
    if isinstance(value, Iterable) and not isinstance(value, (bytes, Mapping)):
        if isinstance(value, Sized) and len(value) > MAX_RANGES_PER_DAY:
            raise _too_many(len(value), param)
        items = list(itertools.islice(value, MAX_RANGES_PER_DAY + 1))
        if len(items) > MAX_RANGES_PER_DAY:
            raise _too_many(None, param)
        if all(isinstance(item, str) for item in items):
            texts = [t for item in items for t in _range_texts(item, param)]
            if len(texts) > MAX_RANGES_PER_DAY:
                raise _too_many(len(texts), param)
            return texts
    msg = (
        f"{param}: expected a string such as '09:00-18:00' or a list of them, got {describe(value)}"
    )
    raise InputTypeError(msg)


def parse_day_hours(value: object, param: str = "hours") -> DayHours:
    """Parse one day's ranges (``"09:00-12:00,13:00-18:00"``) into sorted windows.

    >>> parse_day_hours("13:00-18:00, 09:00-12:00")
    ((540, 720), (780, 1080))
    >>> parse_day_hours("closed")
    ()
    """
    windows = sorted(_parse_range(text, param) for text in _range_texts(value, param))
    for (_, prev_end), (start, _) in pairwise(windows):
        if start < prev_end:
            msg = f"{param}: ranges on one day must not overlap, got {shown(value)}"
            raise InvalidScheduleError(msg)
    return tuple(windows)


def _day_keys(key: object) -> tuple[int, list[int]]:
    """Return (specificity, weekdays) of a day key: 0 daily, 1 range, 2 one day."""
    if not isinstance(key, str):
        msg = f"hours: expected day keys such as 'mon', 'mon-fri' or 'daily', got {describe(key)}"
        raise InputTypeError(msg)
    name = key.strip().lower()
    if name == "daily":
        return 0, list(range(7))
    if name in _DAY_INDEX:
        return 2, [_DAY_INDEX[name]]
    first, sep, last = name.partition("-")
    if sep and first.strip() in _DAY_INDEX and last.strip() in _DAY_INDEX:
        lo, hi = _DAY_INDEX[first.strip()], _DAY_INDEX[last.strip()]
        days = list(range(lo, hi + 1)) if lo <= hi else [*range(lo, 7), *range(hi + 1)]
        return 1, days
    msg = (
        f"hours: unknown day key {shown(key)}; expected mon..sun, a range such as 'mon-fri', "
        "or 'daily'"
    )
    raise InvalidScheduleError(msg)


def merge_hours(base: WeeklyHours, hours: Mapping[str, object], param: str) -> WeeklyHours:
    """Apply a day-key mapping on top of ``base``: more specific keys win.

    ``daily`` is overridden by ranges (``mon-fri``), ranges by single days.
    Two keys of the same kind may not name the same day.

    >>> merge_hours(((),) * 7, {"daily": "09:00-17:00", "sun": "closed"}, "hours")[6]
    ()
    """
    if not isinstance(hours, Mapping):
        msg = f"{param}: expected a mapping of day keys to ranges, got {describe(hours)}"
        raise InputTypeError(msg)
    days = list(base)
    claimed: dict[int, tuple[int, str]] = {}
    for key, value in hours.items():
        rank, weekdays = _day_keys(key)
        parsed = parse_day_hours(value, f"{param}[{key!r}]")
        for day in weekdays:
            previous = claimed.get(day)
            if previous is not None and previous[0] == rank:
                msg = f"{param}: day keys {previous[1]!r} and {key!r} both set {DAY_NAMES[day]}"
                raise InvalidScheduleError(msg)
            if previous is None or previous[0] < rank:
                claimed[day] = (rank, str(key))
                days[day] = parsed
    return (days[0], days[1], days[2], days[3], days[4], days[5], days[6])


def parse_hours(hours: Mapping[str, object], param: str = "hours") -> WeeklyHours:
    """Parse a weekly hours mapping; an empty mapping or one without open time is rejected.

    >>> parse_hours({"sat": "10:00-14:00"})[5]
    ((600, 840),)
    """
    if isinstance(hours, Mapping) and not hours:
        msg = f"{param}: expected at least one day with open hours, got an empty mapping"
        raise InvalidScheduleError(msg)
    weekly = merge_hours(((),) * 7, hours, param)
    if not any(weekly):
        msg = f"{param}: expected at least one day with open hours, got only closed days"
        raise InvalidScheduleError(msg)
    return weekly


def _clock(minutes: int) -> str:
    hour = minutes // 60 % 24 if minutes > _MINUTES_PER_DAY else minutes // 60
    return f"{hour:02d}:{minutes % 60:02d}"


def format_day_hours(day: DayHours) -> str:
    """Format windows back into the range notation.

    >>> format_day_hours(((540, 720), (1320, 1800)))
    '09:00-12:00,22:00-06:00'
    >>> format_day_hours(())
    'closed'
    """
    if not day:
        return "closed"
    return ",".join(f"{_clock(start)}-{_clock(end)}" for start, end in day)
