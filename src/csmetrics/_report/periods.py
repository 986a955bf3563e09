"""The report's period ``[since, until)`` in the reporting time zone, and the one before it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal
from zoneinfo import ZoneInfo

from csmetrics._core.describe import describe
from csmetrics._core.validate import require_aware
from csmetrics._core.zones import resolve_timezone, timezone_key
from csmetrics.exceptions import InputTypeError, InvalidInputError

__all__ = ["PERIODS", "Period", "PeriodName", "floor_period", "resolve_period", "shift_period"]

PeriodName = Literal["day", "week", "month"]
PERIODS: tuple[PeriodName, ...] = ("day", "week", "month")


@dataclass(frozen=True, slots=True)
class Period:
    """The reporting window: tickets created and surveys answered in ``[since, until)``.

    ``since`` None: from the first record; ``until`` None: up to ``now``
    (included). ``previous`` is the window of the same length just before
    (None when ``since`` or ``until`` is open).
    """

    since: dt.datetime | None
    until: dt.datetime | None
    now: dt.datetime
    timezone: str
    zone: dt.tzinfo
    name: PeriodName | None
    previous: tuple[dt.datetime, dt.datetime] | None


def floor_period(moment: dt.datetime, name: PeriodName) -> dt.datetime:
    """The start of the ``name`` period (in ``moment``'s zone) that holds ``moment``."""
    day = moment.date()
    if name == "week":
        day -= dt.timedelta(days=day.weekday())
    elif name == "month":
        day = day.replace(day=1)
    return dt.datetime(day.year, day.month, day.day, tzinfo=moment.tzinfo)


def shift_period(start: dt.datetime, name: PeriodName, steps: int) -> dt.datetime:
    """``start`` (a period start, local) moved by ``steps`` periods on the local calendar."""
    day = start.date()
    if name == "month":
        months = day.year * 12 + day.month - 1 + steps
        day = dt.date(months // 12, months % 12 + 1, 1)
    else:
        day += dt.timedelta(days=steps * (7 if name == "week" else 1))
    return dt.datetime.combine(day, start.time(), tzinfo=start.tzinfo)


def _zone(timezone: object, fallback: dt.tzinfo | None) -> dt.tzinfo:
    if timezone is None:
        return fallback if fallback is not None else dt.UTC
    if not isinstance(timezone, str):
        msg = f"timezone: expected an IANA time zone name or None, got {describe(timezone)}"
        raise InputTypeError(msg)
    return resolve_timezone(timezone)


def _optional(value: object, param: str) -> dt.datetime | None:
    return None if value is None else require_aware(value, param=param)


def resolve_period(
    *,
    now: object,
    since: object,
    until: object,
    period: object,
    timezone: object,
    fallback: dt.tzinfo | None,
) -> Period:
    """The window the arguments of ``build_report`` ask for (see its docstring)."""
    moment = require_aware(now, param="now")
    start, end = _optional(since, "since"), _optional(until, "until")
    if period is not None and period not in PERIODS:
        msg = f"period: expected 'day', 'week', 'month' or None, got {describe(period)}"
        raise InvalidInputError(msg)
    zone = _zone(timezone, fallback)
    name: PeriodName | None = period
    local_start = None if start is None else start.astimezone(zone)
    local_end = None if end is None else end.astimezone(zone)
    if name is not None and start is None and end is None:
        local_end = floor_period(moment.astimezone(zone), name)
        local_start = shift_period(local_end, name, -1)
    elif name is not None and local_start is not None and local_end is None:
        local_end = shift_period(local_start, name, 1)
    elif name is not None and local_end is not None and local_start is None:
        local_start = shift_period(local_end, name, -1)
    if local_start is not None and local_start > moment:
        msg = f"since: expected an instant at or before now ({moment.isoformat()}), got a later one"
        raise InvalidInputError(msg)
    if local_start is not None and local_end is not None and local_end <= local_start:
        msg = "until: expected an instant after since, got one at or before it"
        raise InvalidInputError(msg)
    previous = None
    if local_start is not None and local_end is not None:
        if name is not None and local_start == floor_period(local_start, name):
            steps = _periods_between(local_start, local_end, name)
            before = (shift_period(local_start, name, -steps), local_start)
        else:
            before = (local_start - (local_end - local_start), local_start)
        previous = (before[0].astimezone(zone), before[1])
    return Period(
        since=local_start,
        until=local_end,
        now=moment,
        timezone=_zone_name(zone),
        zone=zone,
        name=name,
        previous=previous,
    )


def _periods_between(start: dt.datetime, end: dt.datetime, name: PeriodName) -> int:
    """Whole periods from ``start`` to ``end`` (at least 1)."""
    steps = 1
    while shift_period(start, name, steps) < end and steps < 10_000:
        steps += 1
    return steps


def _zone_name(zone: dt.tzinfo) -> str:
    return zone.key if isinstance(zone, ZoneInfo) else timezone_key(zone)
