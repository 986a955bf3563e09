"""Zendesk business-hours schedules and holidays <-> :class:`~csmetrics.schedule.Schedule`.

A Zendesk schedule is ``{"id", "name", "time_zone", "intervals": [{"start_time",
"end_time"}]}``: minutes from Sunday 00:00 in the schedule's zone (a Rails
zone name). Holidays are ``[{"name", "start_date", "end_date"}]`` with both
dates inclusive, each a whole local date of the schedule's zone.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from csmetrics._core.text import require_text
from csmetrics._core.zones import timezone_key
from csmetrics._helpdesks.arguments import require_items
from csmetrics._helpdesks.paths import error, fail, items_at, mapping_at, number_at
from csmetrics._helpdesks.weekly import (
    WEEK,
    Overnight,
    check_overnight,
    hours_from_runs,
    minutes_from_hours,
    week_runs,
)
from csmetrics._helpdesks.zones import rails_to_iana, rails_zones
from csmetrics._schedule.schedule import Schedule

__all__ = [
    "holidays_from_zendesk",
    "holidays_to_zendesk",
    "schedule_from_zendesk",
    "schedule_to_zendesk",
]

MAX_HOLIDAY_DAYS = 366
"""The longest holiday (inclusive days) accepted: a longer one is a typo, not a break."""


def schedule_from_zendesk(
    obj: object, holidays: object = None, *, overnight: Overnight = "csmetrics"
) -> Schedule:
    """A :class:`Schedule` from a Zendesk schedule object (and its holidays).

    Parameters
    ----------
    obj : Mapping
        ``{"time_zone", "intervals": [{"start_time", "end_time"}], ...}`` as
        ``GET /api/v2/business_hours/schedules/{id}`` returns it (the
        ``{"schedule": {...}}`` envelope is accepted too).
    holidays : list of Mapping, optional
        ``[{"name", "start_date", "end_date"}]``; both dates inclusive.
    overnight : {"csmetrics", "split"}
        How a shift across midnight is read (see the Zendesk page): one
        overnight shift of its first day (csmetrics' rule, default) or one
        part per calendar day (Zendesk's own rule for holidays).

    Raises
    ------
    InvalidConfigError
        Naming the JSON path: an unknown zone, an interval outside the week,
        overlapping intervals, a bad holiday date.

    Examples
    --------
    >>> s = schedule_from_zendesk({"name": "US", "time_zone": "Pacific Time (US & Canada)",
    ...     "intervals": [{"start_time": 1980, "end_time": 2460}]})
    >>> s.hours["mon"], s.timezone
    ('09:00-17:00', zoneinfo.ZoneInfo(key='America/Los_Angeles'))
    """
    check_overnight(overnight)
    data = mapping_at(obj, "schedule")
    if "schedule" in data and "intervals" not in data:
        data = mapping_at(data["schedule"], "schedule")
    zone = rails_to_iana(data.get("time_zone"), "schedule.time_zone")
    raw = items_at(data.get("intervals"), "schedule.intervals")
    if not raw:
        fail("schedule.intervals", "at least one interval", raw)
    runs = week_runs(_interval(item, f"schedule.intervals[{i}]") for i, item in enumerate(raw))
    dates = holidays_from_zendesk(holidays) if holidays is not None else None
    return Schedule(hours_from_runs(runs, overnight), timezone=zone, holidays=dates)


def _interval(item: object, path: str) -> tuple[int, int, str]:
    entry = mapping_at(item, path)
    start = number_at(entry, "start_time", path)
    end = number_at(entry, "end_time", path)
    if start >= WEEK:
        fail(f"{path}.start_time", "minutes from Sunday 00:00 below 10080", start)
    if not start < end <= WEEK:
        fail(f"{path}.end_time", f"minutes after start_time {start} up to 10080", end)
    return start, end, path


def holidays_from_zendesk(holidays: object) -> list[dt.date]:
    """The closed dates of Zendesk holidays (``start_date`` to ``end_date`` inclusive).

    Examples
    --------
    >>> holidays_from_zendesk([{"name": "Christmas break", "start_date": "2024-12-24",
    ...                         "end_date": "2024-12-26"}])[-1]
    datetime.date(2024, 12, 26)
    """
    items = items_at(holidays, "holidays")
    found: set[dt.date] = set()
    for index, item in enumerate(items):
        path = f"holidays[{index}]"
        entry = mapping_at(item, path)
        if "holiday" in entry and "start_date" not in entry:
            entry = mapping_at(entry["holiday"], path)
        first, last = _date(entry, "start_date", path), _date(entry, "end_date", path)
        days = (last - first).days + 1
        if not 1 <= days <= MAX_HOLIDAY_DAYS:
            fail(
                f"{path}.end_date",
                f"a date from start_date up to {MAX_HOLIDAY_DAYS} days on",
                last.isoformat(),
                show=True,
            )
        found.update(first + dt.timedelta(days=n) for n in range(days))
    return sorted(found)


def _date(entry: Mapping[str, Any], key: str, path: str) -> dt.date:
    value = entry.get(key)
    if isinstance(value, str) and len(value) == 10:
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise error(f"{path}.{key}", "a date 'YYYY-MM-DD'", value, show=True)


def schedule_to_zendesk(schedule: Schedule, *, name: str = "csmetrics") -> dict[str, Any]:
    """The Zendesk schedule object of ``schedule``'s weekly hours (holidays: separate).

    Shifts across midnight are written as two intervals (Zendesk's intervals
    stop at midnight); the zone as its Rails name when it has one (the first
    in Rails' table), else its IANA id. Effective-dated changes are not
    written: the hours before any change are.

    Examples
    --------
    >>> s = Schedule({"mon-fri": "09:00-17:00"}, timezone="Asia/Shanghai")
    >>> obj = schedule_to_zendesk(s)
    >>> obj["time_zone"], obj["intervals"][0]
    ('Beijing', {'start_time': 1980, 'end_time': 2460})
    >>> schedule_from_zendesk(obj) == s
    True
    """
    if not isinstance(schedule, Schedule):
        fail("schedule", "a csmetrics Schedule", schedule)
    require_text(name, param="name")
    pieces = minutes_from_hours(schedule.hours)
    return {
        "name": name,
        "time_zone": rails_name(timezone_key(schedule.timezone)),
        "intervals": [{"start_time": a, "end_time": b} for a, b in pieces],
    }


def rails_name(iana: str) -> str:
    """The first Rails name of ``iana`` in the shipped table, or ``iana`` itself."""
    return next((name for name, zone in rails_zones().items() if zone == iana), iana)


def holidays_to_zendesk(dates: Iterable[dt.date], *, name: str = "Holiday") -> list[dict[str, str]]:
    """Zendesk holiday objects for ``dates``: runs of consecutive dates become one holiday.

    Examples
    --------
    >>> holidays_to_zendesk([dt.date(2024, 12, 25), dt.date(2024, 12, 24)])
    [{'name': 'Holiday', 'start_date': '2024-12-24', 'end_date': '2024-12-25'}]

    Raises
    ------
    InputTypeError
        ``dates`` not an iterable of dates (a datetime is not a date here), or
        ``name`` not a string.
    InvalidInputError
        ``name`` longer than ``MAX_TEXT_LENGTH`` (65,536) characters.
    """
    days = require_items(dates, dt.date, param="dates", what="dates", exclude=dt.datetime)
    require_text(name, param="name")
    ordered = sorted(set(days))
    runs: list[list[dt.date]] = []
    for day in ordered:
        if runs and day - runs[-1][1] == dt.timedelta(days=1):
            runs[-1][1] = day
        else:
            runs.append([day, day])
    return [{"name": name, "start_date": a.isoformat(), "end_date": b.isoformat()} for a, b in runs]
