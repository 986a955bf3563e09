"""Working calendars and business time: :class:`Schedule`.

A schedule is weekly wall-clock hours in one time zone, minus holidays, plus
make-up workdays. Business time is the open time between two instants; a
deadline is the instant at which a given amount of open time has passed.
See ``docs/schedule.md`` for every rule with examples.

>>> from datetime import datetime, timedelta
>>> from zoneinfo import ZoneInfo
>>> s = Schedule({"mon-fri": "09:00-12:00,13:00-18:00"}, timezone="Asia/Shanghai")
>>> start = datetime(2026, 3, 6, 17, 0, tzinfo=ZoneInfo("Asia/Shanghai"))  # a Friday
>>> s.add(start, timedelta(hours=2)).isoformat()
'2026-03-09T10:00:00+08:00'
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from datetime import date, datetime, timedelta, tzinfo
from typing import TYPE_CHECKING, Any, NoReturn

from csmetrics._core.config import config_errors
from csmetrics._core.describe import describe
from csmetrics._core.exports import publish
from csmetrics._core.instants import (
    epoch_in,
    from_us_fast,
    to_us,
    to_us_duration,
)
from csmetrics._core.zones import resolve_timezone, timezone_key
from csmetrics._schedule import ops
from csmetrics._schedule.arrays import ArrayQueries
from csmetrics._schedule.calendar import Calendar, as_date
from csmetrics._schedule.config import read_schedule_config
from csmetrics._schedule.hours import DAY_NAMES, format_day_hours, parse_hours
from csmetrics._schedule.timeline import Timeline
from csmetrics._schedule.workdays import WorkingDays
from csmetrics.exceptions import InputTypeError

if TYPE_CHECKING:
    pass

__all__ = ["Schedule"]


class Schedule(WorkingDays, ArrayQueries):
    """Weekly working hours in a time zone, with holidays and make-up workdays.

    Parameters
    ----------
    hours : Mapping[str, str | Sequence[str]]
        Day keys (``mon``..``sun``, ranges such as ``mon-fri``, ``daily``) to
        ranges ``"HH:MM-HH:MM"``, comma-separated, at most 48 a day; ``24:00``
        may end a range; an end before the start is an overnight shift of the
        day it starts on; ``"closed"`` closes a day. Single days override
        ranges, ranges override ``daily``.
    timezone : str or tzinfo, default "UTC"
        An IANA zone name (or a zoneinfo / dateutil / fixed-offset tzinfo).
    holidays : holidays.HolidayBase, str, iterable of dates, optional
        Closed dates. A ``HolidayBase`` (or a country code such as ``"CN"``)
        also brings its make-up workdays (``weekend_workdays``). Holidays are
        ``datetime.date`` values (or ISO date strings), not datetimes: each
        closes a whole local date of the schedule's zone, and a ``datetime``
        is refused with ``InputTypeError`` (pass ``d.date()``).
    extra_holidays, extra_workdays : iterable of dates
        Company days off / company working days (dates or ISO strings, not
        datetimes).
    workday_hours : str, optional
        Hours of make-up and extra workdays; default Monday's (or, when Monday
        is closed, the first open weekday's).
    changes : Mapping[date, Mapping[str, str]], optional
        Effective-dated changes: from each date on, the given day keys replace
        the hours in effect before (later changes build on earlier ones).

    Examples
    --------
    >>> from datetime import datetime, timedelta, timezone
    >>> s = Schedule({"mon-fri": "09:00-18:00"})
    >>> t = datetime(2026, 1, 5, 17, 30, tzinfo=timezone.utc)
    >>> s.add(t, timedelta(hours=1)).isoformat()
    '2026-01-06T09:30:00+00:00'
    >>> s.between(t, datetime(2026, 1, 6, 10, 0, tzinfo=timezone.utc))
    datetime.timedelta(seconds=5400)
    """

    __slots__ = ("_cal", "_epoch", "_init", "_tl", "_tz")

    _cal: Calendar
    _epoch: datetime
    _init: dict[str, Any]
    _tl: Timeline
    _tz: tzinfo

    def __init__(
        self,
        hours: Mapping[str, object],
        *,
        timezone: str | tzinfo = "UTC",
        holidays: object = None,
        extra_holidays: object = (),
        extra_workdays: object = (),
        workday_hours: object = None,
        changes: Mapping[Any, Mapping[str, object]] | None = None,
    ) -> None:
        weekly = parse_hours(hours)
        tz = resolve_timezone(timezone)
        cal = Calendar(weekly, holidays=holidays, extra_holidays=extra_holidays,
                       extra_workdays=extra_workdays, workday_hours=workday_hours,
                       changes=changes)  # fmt: skip
        init = {"hours": dict(hours), "timezone": timezone, **cal.holiday_args(),
                "changes": None if changes is None else dict(changes)}  # fmt: skip
        object.__setattr__(self, "_cal", cal)
        object.__setattr__(self, "_tz", tz)
        object.__setattr__(self, "_epoch", epoch_in(tz))
        object.__setattr__(self, "_init", init)
        object.__setattr__(self, "_tl", Timeline(cal, tz))

    def __setattr__(self, name: str, value: object) -> NoReturn:
        msg = f"Schedule is immutable: cannot set {name!r}"
        raise AttributeError(msg)

    @classmethod
    def always(cls, timezone: str | tzinfo = "UTC") -> Schedule:
        """A 24x7 schedule: every instant is open.

        Examples
        --------
        >>> from datetime import datetime, timedelta, timezone
        >>> t = datetime(2026, 1, 3, 23, 0, tzinfo=timezone.utc)
        >>> Schedule.always().add(t, timedelta(hours=2)).isoformat()
        '2026-01-04T01:00:00+00:00'
        """
        return cls({"daily": "00:00-24:00"}, timezone=timezone)

    @classmethod
    def from_config(cls, config: Mapping[str, object]) -> Schedule:
        """Build a schedule from a configuration mapping.

        Keys: ``hours`` (required), ``timezone``, ``holidays`` (a country code
        such as ``"CN"``, or a list of ISO dates), ``extra_holidays``,
        ``extra_workdays``, ``workday_hours``, ``changes`` (ISO date -> hours).

        Examples
        --------
        >>> s = Schedule.from_config({"hours": {"mon-fri": "09:00-18:00"},
        ...                           "timezone": "Asia/Shanghai", "holidays": "CN",
        ...                           "extra_holidays": ["2026-12-31"]})
        >>> s.timezone
        zoneinfo.ZoneInfo(key='Asia/Shanghai')
        """
        return cls._configured(config)

    @classmethod
    def from_json(cls, text: str) -> Schedule:
        """Build a schedule from JSON text holding a configuration mapping.

        Examples
        --------
        >>> Schedule.from_json('{"hours": {"daily": "08:00-20:00"}}').hours["sun"]
        '08:00-20:00'
        """
        return cls._configured(text, fmt="json")

    @classmethod
    def from_toml(cls, text: str) -> Schedule:
        """Build a schedule from TOML text holding a configuration mapping.

        Examples
        --------
        >>> text = 'timezone = "Europe/Berlin"\\n[hours]\\nmon-fri = "08:00-16:00"\\n'
        >>> Schedule.from_toml(text).hours["fri"]
        '08:00-16:00'
        """
        return cls._configured(text, fmt="toml")

    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> Schedule:
        """Read a schedule from a ``.json`` or ``.toml`` file.

        Examples
        --------
        >>> import pathlib, tempfile
        >>> with tempfile.TemporaryDirectory() as d:
        ...     p = pathlib.Path(d, "hours.toml")
        ...     _ = p.write_text('[hours]\\ndaily = "00:00-24:00"\\n')
        ...     Schedule.load(p) == Schedule.always()
        True
        """
        return cls._configured(path, param="path")

    @classmethod
    def _configured(
        cls, source: object, *, fmt: str | None = None, param: str = "config"
    ) -> Schedule:
        kwargs, where = read_schedule_config(source, fmt=fmt, param=param)
        with config_errors(where):
            return cls(**kwargs)

    def with_hours(self, hours: Mapping[str, object], *, effective: date | str) -> Schedule:
        """A new schedule whose hours change from ``effective`` on.

        Only the given day keys change; the rest keep the hours in effect then.

        Examples
        --------
        >>> from datetime import date
        >>> base = Schedule({"mon-fri": "09:00-18:00"})
        >>> s = base.with_hours({"fri": "09:00-15:00"}, effective=date(2026, 2, 1))
        >>> s.hours_on(date(2026, 1, 30)), s.hours_on(date(2026, 2, 6))
        ('09:00-18:00', '09:00-15:00')
        """
        day = as_date(effective, "effective")  # checked before it is used as a key
        changes = dict(self._init["changes"] or {})
        changes[day] = hours
        return type(self)(**{**self._init, "changes": changes})

    @property
    def timezone(self) -> tzinfo:
        """The zone of the hours and of the datetimes returned."""
        return self._tz

    @property
    def hours(self) -> dict[str, str]:
        """The weekly hours before any change, per day (``"closed"`` when closed)."""
        weekly = self._cal.weekly_at(date.min)
        return {name: format_day_hours(day) for name, day in zip(DAY_NAMES, weekly, strict=True)}

    def hours_on(self, day: date) -> str:
        """The hours of one local date after holidays, make-up days and changes.

        Examples
        --------
        >>> from datetime import date
        >>> s = Schedule({"mon-fri": "09:00-18:00"}, holidays="CN")
        >>> s.hours_on(date(2026, 10, 1)), s.hours_on(date(2026, 10, 10))  # holiday, make-up day
        ('closed', '09:00-18:00')
        """
        if not isinstance(day, date) or isinstance(day, datetime):
            msg = f"day: expected a datetime.date, got {describe(day)}"
            raise InputTypeError(msg)
        return format_day_hours(self._tl.day_hours(day))

    def _key(self) -> tuple[object, ...]:
        return (self._cal.key(), timezone_key(self._tz))

    def __eq__(self, other: object) -> bool:
        """Equal when every query gives the same answer: same hours, zone and holiday dates."""
        if not isinstance(other, Schedule):
            return NotImplemented
        if self is other:
            return True
        return self._key() == other._key() and self._tl.same_holidays(other._tl)

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        holidays = self._init["holidays"]
        extra = "" if holidays is None else f", holidays={type(holidays).__name__}"
        return f"Schedule({self.hours!r}, timezone={timezone_key(self._tz)!r}{extra})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (_restore, (self._tl.frozen_copy(self._init),))

    def is_open(self, t: datetime) -> bool:
        """Whether the schedule is open at ``t`` (open intervals are ``[opening, closing)``).

        Examples
        --------
        >>> from datetime import datetime, timezone
        >>> s = Schedule({"mon-fri": "09:00-18:00"})
        >>> s.is_open(datetime(2026, 1, 5, 18, 0, tzinfo=timezone.utc))
        False
        """
        return ops.is_open_one(self._tl, to_us(t, "t"))

    def next_open(self, t: datetime) -> datetime:
        """``t`` if open, else the next opening, in the schedule's zone.

        Examples
        --------
        >>> from datetime import datetime, timezone
        >>> s = Schedule({"mon-fri": "09:00-18:00"})
        >>> s.next_open(datetime(2026, 1, 3, 12, 0, tzinfo=timezone.utc)).isoformat()
        '2026-01-05T09:00:00+00:00'
        """
        return from_us_fast(ops.next_open_one(self._tl, to_us(t, "t")), self._epoch)

    def add(self, start: datetime, duration: timedelta) -> datetime:
        """The instant ``duration`` of open time after ``start`` (before it when negative).

        ``d > 0``: the earliest instant at which the open time since ``start``
        reaches ``d`` (it may be a closing time). ``d == 0``: ``next_open``.
        ``d < 0``: the latest instant from which the open time until ``start``
        is ``|d|`` (it may be an opening time).

        Examples
        --------
        >>> from datetime import datetime, timedelta, timezone
        >>> s = Schedule({"mon-fri": "09:00-18:00"})
        >>> t = datetime(2026, 1, 6, 10, 0, tzinfo=timezone.utc)
        >>> s.add(t, timedelta(hours=8)).isoformat()
        '2026-01-06T18:00:00+00:00'
        >>> s.add(t, timedelta(hours=-1)).isoformat()
        '2026-01-06T09:00:00+00:00'
        """
        us = ops.add_one(self._tl, to_us(start, "start"), to_us_duration(duration, "duration"))
        return from_us_fast(us, self._epoch)

    def between_and_add(
        self, start: datetime, end: datetime, duration: timedelta
    ) -> tuple[timedelta, datetime]:
        """``(between(start, end), add(start, duration))`` in one call (e.g. elapsed and deadline).

        Examples
        --------
        >>> from datetime import datetime, timedelta, timezone
        >>> s = Schedule({"mon-fri": "09:00-18:00"})
        >>> t = datetime(2026, 1, 9, 17, 0, tzinfo=timezone.utc)  # a Friday
        >>> elapsed, deadline = s.between_and_add(t, t + timedelta(hours=3), timedelta(hours=2))
        >>> elapsed, deadline.isoformat()
        (datetime.timedelta(seconds=3600), '2026-01-12T10:00:00+00:00')
        """
        elapsed, us = ops.measure_one(
            self._tl, to_us(start, "start"), to_us(end, "end"), to_us_duration(duration, "duration")
        )
        return timedelta(microseconds=elapsed), from_us_fast(us, self._epoch)

    def between(self, start: datetime, end: datetime) -> timedelta:
        """Open time in ``[start, end)``; negative when ``end < start``.

        Examples
        --------
        >>> from datetime import datetime, timezone
        >>> s = Schedule({"mon-fri": "09:00-18:00"})
        >>> a = datetime(2026, 1, 2, 17, 0, tzinfo=timezone.utc)
        >>> b = datetime(2026, 1, 5, 10, 0, tzinfo=timezone.utc)
        >>> s.between(a, b), s.between(b, a)
        (datetime.timedelta(seconds=7200), datetime.timedelta(days=-1, seconds=79200))
        """
        us = ops.between_one(self._tl, to_us(start, "start"), to_us(end, "end"))
        return timedelta(microseconds=us)


def _restore(init: dict[str, Any]) -> Schedule:
    return Schedule(**init)


publish("csmetrics.schedule", Schedule)
_restore.__module__ = "csmetrics.schedule"  # pickles name the public module
