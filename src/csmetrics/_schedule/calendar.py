"""Which hours each local date has: weekly hours, changes, holidays, make-up days (private).

Precedence, highest first: ``extra_holidays`` (closed), ``extra_workdays``
(make-up hours), public holidays (closed), the holiday calendar's make-up
workdays (make-up hours), then the weekly hours in effect on that date.

>>> from datetime import date
>>> from csmetrics._schedule.hours import parse_hours
>>> cal = Calendar(parse_hours({"mon-fri": "09:00-18:00"}), holidays=[date(2026, 1, 1)])
>>> cal.day_hours(date(2026, 1, 1)), cal.day_hours(date(2026, 1, 2))
((), ((540, 1080),))
"""

from __future__ import annotations

import bisect
import copy
import functools
from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime, timedelta
from typing import Any

from csmetrics._core.describe import describe
from csmetrics._schedule.hours import (
    DayHours,
    WeeklyHours,
    format_day_hours,
    merge_hours,
    parse_day_hours,
    shown,
)
from csmetrics.exceptions import InputTypeError, InvalidScheduleError

__all__ = ["Calendar", "as_date", "parse_dates", "year_days"]


def as_date(item: object, param: str) -> date:
    """A date from a date or an ISO string (a datetime is refused: days are local dates)."""
    if isinstance(item, str):
        try:
            return date.fromisoformat(item.strip())
        except ValueError as exc:
            msg = f"{param}: expected ISO dates such as '2026-10-01', got {shown(item)}"
            raise InvalidScheduleError(msg) from exc
    if isinstance(item, date) and not isinstance(item, datetime):
        return item
    msg = f"{param}: expected datetime.date values (or ISO date strings), got {describe(item)}"
    raise InputTypeError(msg)


def parse_dates(values: object, param: str) -> frozenset[date]:
    """A frozenset of dates from an iterable of dates or ISO strings.

    >>> sorted(parse_dates(["2026-10-01"], "extra_holidays"))
    [datetime.date(2026, 10, 1)]
    """
    if isinstance(values, (str, bytes, Mapping)) or not isinstance(values, Iterable):
        msg = f"{param}: expected an iterable of dates, got {describe(values)}"
        raise InputTypeError(msg)
    return frozenset(as_date(item, param) for item in values)


def _country(code: str) -> Any:
    import holidays as holidays_lib  # noqa: PLC0415 - 0.3 s import, only when holidays are used

    country, _, subdiv = code.strip().partition("-")
    try:
        # Only the library's own country codes: other names of the module ("MON", a
        # weekday constant) are no countries.
        if country.upper() not in holidays_lib.list_supported_countries():
            raise NotImplementedError(country)
        return holidays_lib.country_holidays(country.upper(), subdiv=subdiv.upper() or None)
    except NotImplementedError as exc:
        msg = (
            f"holidays: expected a country code known to `holidays` such as 'CN', got {shown(code)}"
        )
        raise InvalidScheduleError(msg) from exc


def _holiday_source(value: object) -> tuple[Any, frozenset[date]]:
    """Return (our own HolidayBase copy or None, plain holiday dates)."""
    if value is None:
        return None, frozenset()
    import holidays as holidays_lib  # noqa: PLC0415 - 0.3 s import, only when holidays are used

    if isinstance(value, holidays_lib.HolidayBase):
        own = copy.deepcopy(value)
        own.expand = True
        return own, frozenset()
    if isinstance(value, str):
        own = _country(value)
        return own, frozenset()
    return None, parse_dates(value, "holidays")


def _holiday_lookup(base: Any) -> Callable[[date], bool] | None:
    """Membership in a filled ``HolidayBase``: the plain dict lookup when its class keeps
    ``HolidayBase.__contains__`` (which only converts the key and fills the year first),
    else its own ``__contains__``."""
    if base is None:
        return None
    import holidays as holidays_lib  # noqa: PLC0415 - loaded already when base exists

    if type(base).__contains__ is holidays_lib.HolidayBase.__contains__:
        return functools.partial(dict.__contains__, base)
    return base.__contains__  # type: ignore[no-any-return]


class Calendar:
    """The hours of every local date (see the module docstring for precedence)."""

    __slots__ = ("_base", "_change_dates", "_dates", "_extra_off", "_extra_on", "_weekly", "_wh")

    def __init__(
        self,
        weekly: WeeklyHours,
        *,
        holidays: object = None,
        extra_holidays: object = (),
        extra_workdays: object = (),
        workday_hours: object = None,
        changes: object = None,
    ) -> None:
        self._base, self._dates = _holiday_source(holidays)
        self._extra_off = parse_dates(extra_holidays, "extra_holidays")
        self._extra_on = parse_dates(extra_workdays, "extra_workdays")
        both = self._extra_off & self._extra_on
        if both:
            msg = (
                f"extra_holidays, extra_workdays: a date cannot be both, got {len(both)} "
                f"such dates, the first {min(both).isoformat()}"
            )
            raise InvalidScheduleError(msg)
        self._wh = (
            None if workday_hours is None else parse_day_hours(workday_hours, "workday_hours")
        )
        self._change_dates, self._weekly = _effective_hours(weekly, changes)

    def key(self) -> tuple[object, ...]:
        """The hours apart from a holidays object's dates (for hashing; see ``same_holidays``)."""
        return (self._weekly, self._change_dates, self._dates, self._base is None,
                self._extra_off, self._extra_on, self._wh)  # fmt: skip

    def holiday_years(self) -> set[int]:
        """The years a holidays object holds dates for, or has been filled for."""
        if self._base is None:
            return set()
        return set(self._base.years) | {day.year for day in self._base}

    def holiday_days(self) -> tuple[frozenset[date], frozenset[date]]:
        """The holiday dates and make-up workdays known now (fill the years first)."""
        if self._base is None:
            return self._dates, frozenset()
        return frozenset(self._base), frozenset(getattr(self._base, "weekend_workdays", ()))

    def holiday_args(self) -> dict[str, object]:
        """The holiday and make-up keywords, normalised (for pickling and copies)."""
        holidays = self._base if self._base is not None else (sorted(self._dates) or None)
        hours = None if self._wh is None else format_day_hours(self._wh)
        return {"holidays": holidays, "extra_holidays": sorted(self._extra_off),
                "extra_workdays": sorted(self._extra_on), "workday_hours": hours}  # fmt: skip

    def weekly_at(self, day: date) -> WeeklyHours:
        """The weekly hours in effect on ``day``."""
        return self._weekly[bisect.bisect_right(self._change_dates, day) - 1]

    def _makeup(self, weekly: WeeklyHours) -> DayHours:
        if self._wh is not None:
            return self._wh
        return next((day for day in weekly if day), ())

    def ensure_year(self, year: int) -> None:
        """Populate the holidays object for ``year`` and its neighbours."""
        if self._base is not None:
            for y in (year - 1, year, year + 1):
                if y not in self._base.years and 1 <= y <= 9998:
                    _ = date(y, 6, 1) in self._base

    def day_hours(self, day: date) -> DayHours:
        """The windows of ``day`` (call ``ensure_year`` for its year first)."""
        if day in self._extra_off:
            return ()
        weekly = self.weekly_at(day)
        if day in self._extra_on:
            return self._makeup(weekly)
        if day in self._dates:
            return ()
        base = self._base
        if base is not None:
            if day in base:
                return ()
            if day in base.weekend_workdays:
                return self._makeup(weekly)
        return weekly[day.weekday()]

    def days_hours(self, first: date, count: int) -> list[DayHours]:
        """:meth:`day_hours` of ``count`` consecutive dates from ``first``, in one pass.

        The same precedence, read with the change table walked along the dates
        (call ``ensure_year`` for their years first).

        >>> from csmetrics._schedule.hours import parse_hours
        >>> cal = Calendar(parse_hours({"mon-fri": "09:00-18:00"}), holidays=[date(2026, 1, 1)])
        >>> cal.days_hours(date(2025, 12, 31), 3)
        [((540, 1080),), (), ((540, 1080),)]
        """
        base = self._base
        contains = _holiday_lookup(base)
        makeups = frozenset(getattr(base, "weekend_workdays", ())) if base is not None else ()
        off, on, plain = self._extra_off, self._extra_on, self._dates
        changes, tables = self._change_dates, self._weekly
        k = bisect.bisect_right(changes, first) - 1
        upcoming = changes[k + 1] if k + 1 < len(changes) else date.max
        weekly, weekday, day, step = tables[k], first.weekday(), first, timedelta(days=1)
        out: list[DayHours] = []
        for _ in range(count):
            while day >= upcoming:
                k += 1
                weekly = tables[k]
                upcoming = changes[k + 1] if k + 1 < len(changes) else date.max
            if day in off or (day in plain and day not in on):
                hours: DayHours = ()
            elif day in on:
                hours = self._makeup(weekly)
            elif contains is not None and contains(day):
                hours = ()
            elif day in makeups:
                hours = self._makeup(weekly)
            else:
                hours = weekly[weekday]
            out.append(hours)
            day += step
            weekday = (weekday + 1) % 7
        return out

    def coverage_gap(self, year: int) -> str | None:
        """A message when ``year`` is past the last year with published make-up days."""
        base = self._base
        if base is None or not base.weekend_workdays:
            return None
        for y in (year, year + 1, year + 2):
            self.ensure_year(y)
        latest = max(d.year for d in base.weekend_workdays)
        if latest >= year:
            return None
        return (
            f"holidays: {type(base).__name__} lists make-up workdays only up to {latest}; "
            f"the schedule reaches {year}, where weekends are treated as days off"
        )


def _effective_hours(
    weekly: WeeklyHours, changes: object
) -> tuple[tuple[date, ...], tuple[WeeklyHours, ...]]:
    """Cumulative weekly hours from each change date on (each change merges on the previous)."""
    if changes is None:
        changes = {}
    if not isinstance(changes, Mapping):
        msg = f"changes: expected a mapping of dates to hours mappings, got {describe(changes)}"
        raise InputTypeError(msg)
    dates: list[date] = [date.min]
    table: list[WeeklyHours] = [weekly]
    pairs = sorted(((as_date(d, "changes"), raw) for d, raw in changes.items()),
                   key=lambda pair: pair[0])  # fmt: skip
    for day, raw in pairs:
        if day == dates[-1]:
            msg = f"changes: expected one entry per date, got {day.isoformat()!r} twice"
            raise InvalidScheduleError(msg)
        table.append(merge_hours(table[-1], raw, f"changes[{day.isoformat()!r}]"))
        dates.append(day)
    return tuple(dates), tuple(table)


def year_days(year: int) -> Iterable[date]:
    """Every date of ``year``."""
    day = date(year, 1, 1)
    while day.year == year:
        yield day
        day += timedelta(days=1)
