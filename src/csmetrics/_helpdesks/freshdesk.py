"""Freshdesk business hours and SLA policies -> :class:`Schedule` and :class:`SlaPolicy`.

Business hours are ``{"time_zone", "business_hours": {"monday": {"start_time",
"end_time"}, ...}}``: a Rails zone name and 12-hour times such as
``"08:00:00 am"`` (``"hh:mm am"`` and 24-hour ``"17:00"`` are read too); a
day that is absent is closed; an end of ``"11:59:59 pm"`` (or ``"11:59 pm"``)
is midnight. SLA policies give per ``priority_1`` (low) .. ``priority_4``
(urgent) ``respond_within``, ``resolve_within`` and ``next_respond_within``
in seconds and a ``business_hours`` flag.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any

from csmetrics._helpdesks.paths import fail, first_unknown, items_at, mapping_at, number_at
from csmetrics._helpdesks.priorities import (
    OnConflict,
    TargetTable,
    add_target,
    read_priority_map,
    target_from_seconds,
)
from csmetrics._helpdesks.weekly import (
    DAY,
    WEEK,
    Overnight,
    check_overnight,
    hours_from_runs,
    week_runs,
)
from csmetrics._helpdesks.zendesk_schedule import holidays_from_zendesk
from csmetrics._helpdesks.zones import rails_to_iana
from csmetrics._schedule.schedule import Schedule
from csmetrics._sla.parts import MetricTargets
from csmetrics._sla.policy import SlaPolicy

__all__ = [
    "DEFAULT_PRIORITY_MAP",
    "PRIORITY_NAMES",
    "policy_from_freshdesk",
    "schedule_from_freshdesk",
]

PRIORITY_NAMES = {1: "low", 2: "medium", 3: "high", 4: "urgent"}
"""Freshdesk's priority numbers."""
DEFAULT_PRIORITY_MAP = {"urgent": "P1", "high": "P1", "medium": "P2", "low": "P3"}
"""Freshdesk priority -> csmetrics tier, unless the caller gives a ``priority_map``."""
_DAYS = ("sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday")
_TIME = re.compile(r"(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([ap]m)?", re.IGNORECASE)
_KEYS = {f"priority_{n}": n for n in PRIORITY_NAMES}
_TARGETS = {
    "respond_within": "first_response",
    "resolve_within": "resolution",
    "next_respond_within": "next_reply",
}


def _minute(value: object, path: str, *, end: bool) -> int:
    match = _TIME.fullmatch(value.strip()) if isinstance(value, str) and len(value) < 20 else None
    if match is None:
        fail(path, "a time such as '08:00:00 am'", value, show=True)
    hour, minute, second = int(match[1]), int(match[2]), int(match[3] or 0)
    half = (match[4] or "").lower()
    if (half and not 1 <= hour <= 12) or (not half and hour > 24) or minute > 59 or second > 59:
        fail(path, "a valid clock time", value, show=True)
    if half:
        hour = hour % 12 + (12 if half == "pm" else 0)
    total = hour * 60 + minute
    if end and total == DAY - 1 and second in (0, 59):
        return DAY  # 11:59:59 pm is how Freshdesk writes midnight
    if second:
        fail(path, "whole minutes (or 11:59:59 pm for midnight)", value, show=True)
    return total


def schedule_from_freshdesk(
    obj: object, holidays: object = None, *, overnight: Overnight = "csmetrics"
) -> Schedule:
    """A :class:`Schedule` from a Freshdesk business-hours object.

    ``holidays`` are dates (``"YYYY-MM-DD"``), ``{"name", "date"}`` objects
    or Zendesk-style ``{"start_date", "end_date"}`` ranges: Freshdesk's API
    does not return its holiday list, so the caller passes it.

    Examples
    --------
    >>> s = schedule_from_freshdesk({"time_zone": "Eastern Time (US & Canada)",
    ...     "business_hours": {"monday": {"start_time": "08:00:00 am",
    ...                                   "end_time": "11:59:59 pm"}}})
    >>> s.hours["mon"], s.hours["tue"]
    ('08:00-24:00', 'closed')
    """
    check_overnight(overnight)
    data = mapping_at(obj, "business_hours")
    zone = rails_to_iana(data.get("time_zone"), "business_hours.time_zone")
    days = mapping_at(data.get("business_hours"), "business_hours.business_hours")
    unknown = first_unknown(days, _DAYS)
    if unknown is not None:
        fail(
            "business_hours.business_hours",
            f"day keys among {', '.join(_DAYS[1:])}, sunday",
            unknown,
            show=True,
        )
    pieces = []
    for number, name in enumerate(_DAYS):
        if name not in days:
            continue
        path = f"business_hours.business_hours.{name}"
        entry = mapping_at(days[name], path)
        start = _minute(entry.get("start_time"), f"{path}.start_time", end=False)
        stop = _minute(entry.get("end_time"), f"{path}.end_time", end=True)
        begin, finish = number * DAY + start, number * DAY + stop + (DAY if stop <= start else 0)
        pieces += (
            [(begin, finish, path)]
            if finish <= WEEK
            else [(begin, WEEK, path), (0, finish - WEEK, path)]
        )
    if not pieces:
        fail("business_hours.business_hours", "at least one open day", days)
    return Schedule(
        hours_from_runs(week_runs(pieces), overnight),
        timezone=zone,
        holidays=None if holidays is None else _holidays(holidays),
    )


def _holidays(value: object) -> list[dt.date]:
    items = items_at(value, "holidays")
    ranges: list[Mapping[str, Any]] = []
    for index, item in enumerate(items):
        day = item.get("date") if isinstance(item, Mapping) and "date" in item else item
        if isinstance(day, str | dt.date):
            text = day.isoformat() if isinstance(day, dt.date) else day
            ranges.append({"start_date": text, "end_date": text})
        else:
            ranges.append(mapping_at(item, f"holidays[{index}]"))
    return holidays_from_zendesk(ranges)


def policy_from_freshdesk(
    obj: object,
    priority_map: Mapping[object, object] | None = None,
    *,
    on_conflict: OnConflict = "raise",
) -> SlaPolicy:
    """An :class:`SlaPolicy` from a Freshdesk SLA policy object (targets in seconds).

    Examples
    --------
    >>> p = policy_from_freshdesk({"name": "Default", "sla_target": {
    ...     "priority_4": {"respond_within": 900, "resolve_within": 14400,
    ...                    "business_hours": False},
    ...     "priority_1": {"respond_within": 14400, "resolve_within": 172800,
    ...                    "business_hours": True}}})
    >>> str(p.priorities["P1"].first_response), str(p.priorities["P3"].resolution)
    ('15m calendar', '2880m')
    """
    data = mapping_at(obj, "policy")
    tiers = read_priority_map(priority_map, DEFAULT_PRIORITY_MAP, "priority_map")
    targets = mapping_at(data.get("sla_target"), "policy.sla_target")
    table: TargetTable = {}
    for key, value in targets.items():
        path = f"policy.sla_target.{key}"
        number = _KEYS.get(key, 0) if isinstance(key, str) else 0
        if not number:
            fail("policy.sla_target", "keys priority_1 .. priority_4", key, show=True)
        entry = mapping_at(value, path)
        business = entry.get("business_hours", True)
        if not isinstance(business, bool):
            fail(f"{path}.business_hours", "true or false", business)
        tier = tiers[PRIORITY_NAMES[number]]
        for field, metric in _TARGETS.items():
            if entry.get(field) is not None:
                seconds = number_at(entry, field, path, low=1)
                target = target_from_seconds(seconds, business=business, path=f"{path}.{field}")
                add_target(table, tier, metric, (target, f"{path}.{field}"), on_conflict)
    name = data.get("name")
    tiers_targets = {
        tier: MetricTargets.model_validate({m: t for m, (t, _) in cell.items()})
        for tier, cell in table.items()
    }
    return SlaPolicy(
        name=name[:200] if isinstance(name, str) else "freshdesk", priorities=tiers_targets
    )
