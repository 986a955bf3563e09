"""Rates and times: first-contact resolution, resolution, reopen, on-time shares.

Every rate is a :class:`~csmetrics.scoring.RateResult` (value, ``n``, Wilson
interval), built on the mergeable :class:`~csmetrics.scoring.RateCounts`.
Tickets that a rate does not apply to (an unresolved ticket for first-contact
resolution, a metric still running for an on-time share) count as
``missing``, never as a failure.

Ticket helpers read :class:`~csmetrics.models.Ticket` events in calendar
time; business-time figures come from SLA results (``TicketSla``: anything
with ``first_response`` / ``resolution`` ... attributes whose values have
``breached`` and ``stopped_at``), or from plain ``breached`` booleans.
"""

from __future__ import annotations

from csmetrics._scoring.rates import (
    complaint_close_rate,
    first_contact_resolution_rate,
    on_time_rate,
    rate,
    reopen_rate,
    repeat_contact_rate,
    resolution_rate,
    within_target_rate,
)
from csmetrics._scoring.times import (
    TimeStats,
    first_response_times,
    resolution_times,
    slow_categories,
    time_stats,
)

__all__ = [
    "TimeStats",
    "complaint_close_rate",
    "first_contact_resolution_rate",
    "first_response_times",
    "on_time_rate",
    "rate",
    "reopen_rate",
    "repeat_contact_rate",
    "resolution_rate",
    "resolution_times",
    "slow_categories",
    "time_stats",
    "within_target_rate",
]
