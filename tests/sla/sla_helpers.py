"""Shared setup of the SLA tests: the office schedule, the tiered preset, ticket builders."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Sequence
from typing import Any

import numpy.typing as npt

from csmetrics.models import Ticket
from csmetrics.schedule import Schedule
from csmetrics.sla import MetricStatus, SlaPolicy, TicketSla, evaluate_many, tickets_to_columns

__all__ = [
    "ALWAYS",
    "MON",
    "OFFICE",
    "SH",
    "TIERED",
    "ZERO",
    "H",
    "M",
    "at",
    "evaluate_columns",
    "make",
    "status",
]

SH = zoneinfo.ZoneInfo("Asia/Shanghai")
OFFICE = Schedule({"mon-fri": "09:00-12:00,13:00-18:00"}, timezone="Asia/Shanghai")
ALWAYS = Schedule.always("Asia/Shanghai")
TIERED = SlaPolicy.preset("tiered")
M = dt.timedelta(minutes=1)
H = dt.timedelta(hours=1)
ZERO = dt.timedelta(0)
MON = dt.datetime(2025, 3, 10, 9, 0, tzinfo=SH)  # Monday 2025-03-10, 09:00 Shanghai


def at(day: int, hour: int, minute: int = 0) -> dt.datetime:
    """An instant in March 2025, Shanghai time (10 is a Monday)."""
    return dt.datetime(2025, 3, day, hour, minute, tzinfo=SH)


def make(created: dt.datetime, *events: tuple[str, dt.datetime], **fields: Any) -> Ticket:
    """A ticket (priority P1 unless given) with ``(kind, at)`` events."""
    fields.setdefault("priority", "P1")
    items = [{"kind": kind, "at": when} for kind, when in events]
    return Ticket(id="T1", created_at=created, events=items, **fields)


def status(result: TicketSla, metric: str) -> MetricStatus:
    """The status of ``metric``, which must have a target."""
    found = getattr(result, metric)
    assert isinstance(found, MetricStatus)
    return found


def evaluate_columns(
    tickets: Sequence[Ticket], policy: SlaPolicy, schedule: Schedule, now: dt.datetime
) -> dict[str, npt.NDArray[Any]]:
    """``evaluate_many`` on every column :func:`tickets_to_columns` reads from ``tickets``."""
    columns = tickets_to_columns(tickets)
    return evaluate_many(
        columns["created_at"],
        first_response_at=columns["first_response_at"],
        resolved_at=columns["resolved_at"],
        priority=columns["priority"],
        channel=columns["channel"],
        complaint=columns["complaint"],
        pause_start=columns["pause_start"],
        pause_end=columns["pause_end"],
        policy=policy,
        schedule=schedule,
        now=now,
    )
