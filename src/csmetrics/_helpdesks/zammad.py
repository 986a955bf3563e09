"""Zammad calendars and SLAs -> :class:`Schedule` and :class:`SlaPolicy`.

A calendar is ``{"timezone" (IANA), "business_hours": {"mon": {"active",
"timeframes": [["09:00", "17:00"], ...]}, ...}, "public_holidays":
{"YYYY-MM-DD": {"active", "summary", "removed"?}}}``; days and holidays with
``active: false`` (or ``removed: true``) are ignored and ``"23:59"`` ends a
day at midnight, as Zammad reads it. An SLA gives ``first_response_time``,
``response_time``, ``update_time`` and ``solution_time`` in business minutes
and applies to every priority.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from csmetrics._helpdesks.paths import fail, first_unknown, is_choice, mapping_at, number_at
from csmetrics._helpdesks.priorities import target_from_seconds
from csmetrics._helpdesks.weekly import (
    DAY,
    DAY_KEYS,
    WEEK,
    Overnight,
    check_overnight,
    hours_from_runs,
    week_runs,
)
from csmetrics._helpdesks.zones import iana_zone
from csmetrics._schedule.schedule import Schedule
from csmetrics._sla.parts import MetricTargets
from csmetrics._sla.policy import SlaPolicy

__all__ = ["calendar_from_zammad", "policy_from_zammad"]

_MAX_TIMEFRAMES = 48


def _clock(value: object, path: str, *, end: bool) -> int:
    text = value if isinstance(value, str) and len(value) == 5 and value[2] == ":" else ""
    hours, minutes = text[:2], text[3:]
    if not (hours.isdigit() and minutes.isdigit()) or int(hours) > 24 or int(minutes) > 59:
        fail(path, "a time 'HH:MM'", value, show=True)
    total = int(hours) * 60 + int(minutes)
    if total > DAY or (total == DAY and not end):
        fail(path, "a time of day 'HH:MM'", value, show=True)
    return DAY if end and total == DAY - 1 else total


def calendar_from_zammad(obj: object, *, overnight: Overnight = "csmetrics") -> Schedule:
    """A :class:`Schedule` from a Zammad calendar object.

    Examples
    --------
    >>> s = calendar_from_zammad({"timezone": "Europe/Berlin", "business_hours": {
    ...     "mon": {"active": True, "timeframes": [["09:00", "12:30"], ["13:30", "23:59"]]},
    ...     "sat": {"active": False, "timeframes": [["10:00", "14:00"]]}},
    ...     "public_holidays": {"2024-12-25": {"active": True, "summary": "Christmas"}}})
    >>> s.hours["mon"], s.hours["sat"], s.hours_on(dt.date(2024, 12, 25))
    ('09:00-12:30,13:30-24:00', 'closed', 'closed')
    """
    check_overnight(overnight)
    data = mapping_at(obj, "calendar")
    zone = iana_zone(data.get("timezone"), "calendar.timezone")
    days = mapping_at(data.get("business_hours"), "calendar.business_hours")
    unknown = first_unknown(days, DAY_KEYS)
    if unknown is not None:
        fail("calendar.business_hours", "day keys mon .. sun", unknown, show=True)
    pieces = []
    for number, key in enumerate(DAY_KEYS):
        if key in days:
            pieces += _day(
                mapping_at(days[key], f"calendar.business_hours.{key}"),
                number,
                f"calendar.business_hours.{key}",
            )
    if not pieces:
        fail("calendar.business_hours", "at least one active day with timeframes", days)
    return Schedule(
        hours_from_runs(week_runs(pieces), overnight),
        timezone=zone,
        holidays=_holidays(data.get("public_holidays")),
    )


def _day(entry: Mapping[str, Any], number: int, path: str) -> list[tuple[int, int, str]]:
    active = entry.get("active", True)
    if not isinstance(active, bool):
        fail(f"{path}.active", "true or false", active)
    frames = entry.get("timeframes") or []
    if not isinstance(frames, list) or len(frames) > _MAX_TIMEFRAMES:
        fail(
            f"{path}.timeframes", f"a list of at most {_MAX_TIMEFRAMES} [start, end] pairs", frames
        )
    if not active:
        return []
    found = []
    for index, frame in enumerate(frames):
        where = f"{path}.timeframes[{index}]"
        if not isinstance(frame, list) or len(frame) != 2:
            fail(where, "a pair ['HH:MM', 'HH:MM']", frame)
        start = _clock(frame[0], f"{where}[0]", end=False)
        stop = _clock(frame[1], f"{where}[1]", end=True)
        begin, finish = number * DAY + start, number * DAY + stop + (DAY if stop <= start else 0)
        found += (
            [(begin, finish, where)]
            if finish <= WEEK
            else [(begin, WEEK, where), (0, finish - WEEK, where)]
        )
    return found


def _holidays(value: object) -> list[dt.date] | None:
    if value is None:
        return None
    entries = mapping_at(value, "calendar.public_holidays")
    found = []
    for key, item in entries.items():
        path = f"calendar.public_holidays.{key}"
        entry = mapping_at(item, path)
        try:
            day = dt.date.fromisoformat(key) if isinstance(key, str) and len(key) == 10 else None
        except ValueError:
            day = None
        if day is None:
            fail("calendar.public_holidays", "date keys 'YYYY-MM-DD'", key, show=True)
        if entry.get("active") is True and entry.get("removed") is not True:
            found.append(day)
    return sorted(found) or None


def policy_from_zammad(obj: object, *, update_time: str = "raise") -> SlaPolicy:
    """An :class:`SlaPolicy` from a Zammad SLA object; its targets apply to every priority.

    ``first_response_time`` -> first response, ``response_time`` (the time
    to answer a customer's message) -> next reply, ``solution_time`` ->
    resolution, all business minutes on the SLA's calendar. ``update_time``
    (the time between agent updates) has no csmetrics metric: a policy with
    one raises unless ``update_time="omit"``.

    Examples
    --------
    >>> p = policy_from_zammad({"name": "10 Gold", "first_response_time": 60,
    ...                         "solution_time": "1440"})
    >>> str(p.defaults.first_response), str(p.defaults.resolution)
    ('60m', '1440m')
    """
    if not is_choice(update_time, ("raise", "omit")):
        fail("update_time", "'raise' or 'omit'", update_time, show=True)
    data = mapping_at(obj, "sla")
    if data.get("update_time") is not None and update_time == "raise":
        number_at(data, "update_time", "sla", low=1)
        fail(
            "sla.update_time",
            "no update-time target (csmetrics has no such metric; pass "
            "update_time='omit' to leave it out)",
            data.get("update_time"),
        )
    targets = {}
    for field, metric in (
        ("first_response_time", "first_response"),
        ("response_time", "next_reply"),
        ("solution_time", "resolution"),
    ):
        if data.get(field) is not None:
            minutes = number_at(data, field, "sla", low=1)
            targets[metric] = target_from_seconds(60 * minutes, business=True, path=f"sla.{field}")
    if not targets:
        fail("sla", "at least one of first_response_time, response_time, solution_time", data)
    name = data.get("name")
    title = name[:200] if isinstance(name, str) else "zammad"
    return SlaPolicy(name=title, defaults=MetricTargets.model_validate(targets))
