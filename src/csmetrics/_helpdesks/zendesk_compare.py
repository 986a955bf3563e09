"""The parity table: our minutes per ticket next to Zendesk's ``ticket_metrics``.

==================  =======================================  ==================================
metric              ours (from the table's events)           Zendesk field (``_in_minutes``)
==================  =======================================  ==================================
``reply``           creation -> first ``agent_reply``        ``reply_time``
``resolution``      creation -> last ``resolved`` (closed)   ``full_resolution_time``
``requester_wait``  creation -> last solve, less paused      ``requester_wait_time``
                    and solved spans
``agent_wait``      paused spans (Pending by default)        ``agent_wait_time``
==================  =======================================  ==================================

Each metric has ``_calendar_`` and ``_business_`` columns ``ours``, ``zendesk``
and ``diff`` (ours - zendesk), in minutes; NaN where a side has no value.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from csmetrics._core.optional import require_extra
from csmetrics._helpdesks.arguments import require_instance, require_instant
from csmetrics._helpdesks.paths import fail, is_choice, items_at, mapping_at
from csmetrics._helpdesks.zendesk_history import ticket_key
from csmetrics._io.ticket_table import TicketTable
from csmetrics._schedule.schedule import Schedule
from csmetrics.exceptions import InvalidConfigError

__all__ = ["METRIC_FIELDS", "ParityTable", "compare_zendesk"]

METRIC_FIELDS = {
    "reply": "reply_time_in_minutes",
    "resolution": "full_resolution_time_in_minutes",
    "requester_wait": "requester_wait_time_in_minutes",
    "agent_wait": "agent_wait_time_in_minutes",
}
"""Our metric -> the ``ticket_metrics`` field it is compared with."""
_ROUNDING = ("none", "floor", "nearest")
Span = tuple[dt.datetime, dt.datetime]


@dataclass(frozen=True)
class ParityTable:
    """One row per ticket: ``ticket_id``, ``<metric>_<clock>_{ours,zendesk,diff}`` columns."""

    columns: dict[str, npt.NDArray[Any]]

    def __len__(self) -> int:
        return len(self.columns["ticket_id"])

    def rows(self) -> list[dict[str, Any]]:
        """The table as a list of dicts (NaN where a side has no value)."""
        names = list(self.columns)
        return [
            {
                name: self.columns[name][i].item() if name != "ticket_id" else self.columns[name][i]
                for name in names
            }
            for i in range(len(self))
        ]

    def to_pandas(self) -> Any:
        """The table as a pandas DataFrame (needs the ``pandas`` extra)."""
        pandas = require_extra("pandas", "pandas", "ParityTable.to_pandas()")
        return pandas.DataFrame(self.columns)


def _spans(events: list[dict[str, Any]], created: dt.datetime, end: dt.datetime) -> dict[str, Any]:
    """First reply, end of resolution, and the paused / solved spans up to ``end``."""
    first = next((e["at"] for e in events if e["kind"] == "agent_reply"), None)
    solves = [e["at"] for e in events if e["kind"] == "resolved"] or [
        e["at"] for e in events if e["kind"] == "closed"
    ][:1]
    paused: list[Span] = []
    solved: list[Span] = []
    pause_at = solve_at = None
    for event in events:
        kind, at = event["kind"], event["at"]
        if kind == "pause" and pause_at is None:
            pause_at = at
        elif kind in ("resume", "resolved", "closed") and pause_at is not None:
            paused.append((pause_at, at))
            pause_at = None
        if kind in ("resolved", "closed") and solve_at is None:
            solve_at = at
        elif kind == "reopened" and solve_at is not None:
            solved.append((solve_at, at))
            solve_at = None
    if pause_at is not None:
        paused.append((pause_at, end))
    return {
        "first": first,
        "last_solve": solves[-1] if solves else None,
        "paused": paused,
        "solved": solved,
        "created": created,
    }


def _minutes(schedule: Schedule, spans: list[Span], *, business: bool) -> float:
    total = dt.timedelta(0)
    for a, b in spans:
        if b > a:
            total += schedule.between(a, b) if business else b - a
    return total / dt.timedelta(minutes=1)


def _ours(
    facts: dict[str, Any],
    metric: str,
    schedule: Schedule,
    now: dt.datetime | None,
    *,
    business: bool,
) -> float:
    created = facts["created"]
    if metric == "reply":
        first = facts["first"]
        return (
            math.nan if first is None else _minutes(schedule, [(created, first)], business=business)
        )
    end = facts["last_solve"] or now
    if end is None:
        return math.nan
    if metric == "resolution":
        return (
            math.nan
            if facts["last_solve"] is None
            else _minutes(schedule, [(created, end)], business=business)
        )
    paused = [(a, min(b, end)) for a, b in facts["paused"]]
    if metric == "agent_wait":
        return _minutes(schedule, paused, business=business)
    away = _minutes(
        schedule, paused + [(a, min(b, end)) for a, b in facts["solved"]], business=business
    )
    return _minutes(schedule, [(created, end)], business=business) - away


def _zendesk(entry: Mapping[str, Any], field: str, clock: str, path: str) -> float:
    value = entry.get(field)
    if value is None:
        return math.nan
    cell = mapping_at(value, f"{path}.{field}").get(clock)
    if cell is None:
        return math.nan
    if isinstance(cell, bool) or not isinstance(cell, int | float):
        fail(f"{path}.{field}.{clock}", "a number of minutes", cell)
    return float(cell)


def _rounded(value: float, rounding: str) -> float:
    if math.isnan(value) or rounding == "none":
        return value
    return float(math.floor(value)) if rounding == "floor" else float(math.floor(value + 0.5))


def compare_zendesk(
    table: TicketTable,
    ticket_metrics: object,
    *,
    schedule: Schedule,
    now: dt.datetime | None = None,
    rounding: str = "none",
) -> ParityTable:
    """Our minutes next to Zendesk's ``ticket_metrics``, one row per ticket of ``table``.

    ``now`` (aware) ends the requester and agent waits of unsolved tickets
    (NaN without it). ``rounding`` applies to our minutes: ``"none"``,
    ``"floor"`` or ``"nearest"`` (Zendesk gives whole minutes).

    Raises
    ------
    InvalidConfigError
        A ticket metric of a ticket that is not in ``table``, or a malformed one.
    InputTypeError, InvalidInputError
        ``table``, ``schedule`` or ``now`` of the wrong type or value.
    """
    require_instance(table, TicketTable, param="table", what="a TicketTable")
    require_instance(schedule, Schedule, param="schedule", what="a csmetrics Schedule")
    if now is not None:
        now = require_instant(now, param="now")
    if not is_choice(rounding, _ROUNDING):
        fail("rounding", "'none', 'floor' or 'nearest'", rounding, show=True)
    data = ticket_metrics
    if isinstance(data, Mapping) and "ticket_metrics" in data:
        data = data["ticket_metrics"]
    ids = [str(value) for value in table.id.tolist()]
    row_of = {key: row for row, key in enumerate(ids)}
    theirs: dict[int, tuple[Mapping[str, Any], str]] = {}
    for index, item in enumerate(items_at(data, "ticket_metrics")):
        path = f"ticket_metrics[{index}]"
        entry = mapping_at(item, path)
        key = ticket_key(entry.get("ticket_id"), f"{path}.ticket_id")
        if key not in row_of:
            msg = f"{path}.ticket_id: expected the id of a ticket in the table, got {key}"
            raise InvalidConfigError(msg)
        theirs[row_of[key]] = (entry, path)
    columns: dict[str, Any] = {"ticket_id": np.array(ids, dtype=object)}
    facts = []
    for row in range(len(ids)):
        created = table.created_at[row].astype("datetime64[us]").item().replace(tzinfo=dt.UTC)
        facts.append(_spans(table.events.of(row), created, now or created))
    for metric, field in METRIC_FIELDS.items():
        for clock in ("calendar", "business"):
            ours, zen = np.full(len(ids), np.nan), np.full(len(ids), np.nan)
            for row in range(len(ids)):
                ours[row] = _rounded(
                    _ours(facts[row], metric, schedule, now, business=clock == "business"), rounding
                )
                if row in theirs:
                    zen[row] = _zendesk(*theirs[row][:1], field, clock, theirs[row][1])
            columns |= {
                f"{metric}_{clock}_ours": ours,
                f"{metric}_{clock}_zendesk": zen,
                f"{metric}_{clock}_diff": ours - zen,
            }
    return ParityTable(columns)
