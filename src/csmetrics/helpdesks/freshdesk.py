"""Freshdesk: business hours and SLA policies.

>>> s = schedule_from_freshdesk({"time_zone": "Amsterdam", "business_hours": {
...     "friday": {"start_time": "08:00:00 am", "end_time": "05:00:00 pm"}}})
>>> s.hours["fri"]
'08:00-17:00'
"""

from __future__ import annotations

from csmetrics._helpdesks.freshdesk import (
    DEFAULT_PRIORITY_MAP,
    PRIORITY_NAMES,
    policy_from_freshdesk,
    schedule_from_freshdesk,
)

__all__ = ["DEFAULT_PRIORITY_MAP", "PRIORITY_NAMES", "policy_from_freshdesk",
           "schedule_from_freshdesk"]  # fmt: skip
