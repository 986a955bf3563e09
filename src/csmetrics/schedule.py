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

from csmetrics._schedule.schedule import (
    Schedule,
    _restore,  # noqa: F401 - named by pickles of Schedule
)

__all__ = [
    "Schedule",
]
