"""Zammad: calendars and SLAs.

>>> policy_from_zammad({"name": "Standard", "solution_time": 480}).defaults.resolution.duration
datetime.timedelta(seconds=28800)
"""

from __future__ import annotations

from csmetrics._helpdesks.zammad import calendar_from_zammad, policy_from_zammad

__all__ = ["calendar_from_zammad", "policy_from_zammad"]
