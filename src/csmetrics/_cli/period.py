"""The report's period and ``now`` from the options and the data (never from the clock).

``now`` defaults to the latest timestamp in the data: a ticket's creation or
event, a survey's answer. The period is ``[since, until)``:

- ``--since`` and ``--until``: as given;
- ``--since`` only: one ``--period`` from it, or (no ``--period``) up to ``now``;
- ``--until`` only: one period (default a week) before it;
- neither: the last whole period (default a week) before ``now``; when no
  ticket was created in it, the period that holds ``now``.

Days start at local midnight, weeks on Monday, months on the 1st, in the
report's zone.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import numpy as np

from csmetrics._cli.engine import Period
from csmetrics._cli.options import InputError, UsageError
from csmetrics._core.instants import instant64
from csmetrics._io.survey_table import SurveyTable
from csmetrics._io.ticket_table import TicketTable

__all__ = ["Window", "choose_window", "latest_instant", "period_start", "shift"]


@dataclass(frozen=True)
class Window:
    """The report's period and instant."""

    since: dt.datetime
    until: dt.datetime | None
    now: dt.datetime
    period: Period


def _latest(values: Any) -> np.datetime64 | None:
    present = values[~np.isnat(values)]
    return None if present.size == 0 else present.max()


def latest_instant(tickets: TicketTable, surveys: SurveyTable | None) -> dt.datetime:
    """The latest timestamp of the data, as an aware UTC datetime."""
    columns = [tickets.created_at, tickets.events.at]
    if surveys is not None:
        columns.append(surveys.answered_at)
    found = [value for column in columns if (value := _latest(column)) is not None]
    if not found:
        msg = "TICKETS: expected at least one ticket with a creation time, got none"
        raise InputError(msg)
    micros = int(max(found).astype("datetime64[us]").astype(np.int64))
    return dt.datetime(1970, 1, 1, tzinfo=dt.UTC) + dt.timedelta(microseconds=micros)


def _local(moment: dt.datetime, zone: dt.tzinfo) -> dt.datetime:
    return moment.astimezone(zone).replace(tzinfo=None)


def _aware(local: dt.datetime, zone: dt.tzinfo) -> dt.datetime:
    return local.replace(tzinfo=zone)


def period_start(moment: dt.datetime, period: Period, zone: dt.tzinfo) -> dt.datetime:
    """The start of the ``period`` that holds ``moment``, in ``zone``.

    Examples
    --------
    >>> t = dt.datetime(2025, 3, 5, 15, 0, tzinfo=dt.UTC)
    >>> period_start(t, "week", dt.UTC).isoformat(), period_start(t, "month", dt.UTC).day
    ('2025-03-03T00:00:00+00:00', 1)
    """
    local = _local(moment, zone)
    day = dt.datetime(local.year, local.month, local.day)  # noqa: DTZ001 - local wall time
    if period == "week":
        day -= dt.timedelta(days=day.weekday())
    elif period == "month":
        day = day.replace(day=1)
    return _aware(day, zone)


def shift(start: dt.datetime, period: Period, count: int, zone: dt.tzinfo) -> dt.datetime:
    """``start`` (a period's start) moved by ``count`` periods, in local wall time."""
    local = _local(start, zone)
    if period == "day":
        moved = local + dt.timedelta(days=count)
    elif period == "week":
        moved = local + dt.timedelta(weeks=count)
    else:
        months = local.year * 12 + local.month - 1 + count
        moved = local.replace(year=months // 12, month=months % 12 + 1)
    return _aware(moved, zone)


def _created_in(tickets: TicketTable, since: dt.datetime, until: dt.datetime) -> bool:
    created = tickets.created_at
    inside = (created >= instant64(since)) & (created < instant64(until))
    return bool(inside.any())


def choose_window(
    tickets: TicketTable,
    surveys: SurveyTable | None,
    *,
    since: dt.datetime | None,
    until: dt.datetime | None,
    now: dt.datetime | None,
    period: Period | None,
    zone: dt.tzinfo,
) -> Window:
    """The period and ``now`` of a report (see the module's rules)."""
    moment = latest_instant(tickets, surveys) if now is None else now
    unit: Period = period or "week"
    if since is not None and until is None and period is not None:
        until = shift(since, unit, 1, zone)
    elif since is None and until is not None:
        since = shift(until, unit, -1, zone)
    elif since is None:
        until = period_start(moment, unit, zone)
        since = shift(until, unit, -1, zone)
        if not _created_in(tickets, since, until):
            since, until = until, shift(until, unit, 1, zone)
    assert since is not None
    if until is not None and since >= until:
        msg = "--since: expected an instant before --until, got one at or after it"
        raise UsageError(msg)
    if since > moment:
        msg = "--since: expected an instant at or before --now (the latest data by default)"
        raise UsageError(msg)
    return Window(since, until, moment, unit)
