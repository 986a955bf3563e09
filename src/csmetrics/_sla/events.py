"""Read a ticket's events (as of ``now``) into the spans of each SLA metric.

The rules (see the SLA docs page):

- pauses count while the ticket is open: a ``pause`` starts one, the next
  ``resume`` (or a ``resolved`` / ``closed``) ends it; a pause still running
  at ``now`` ends at ``now``;
- first response: ``created_at`` to the first ``agent_reply``; a ticket
  resolved or closed before any reply stops the clock there (the problem was
  handled, e.g. on a phone call);
- resolution: ``created_at`` to ``resolved`` / ``closed``; each ``reopened``
  starts another span;
- next reply: after the first response, each customer reply that finds no
  pending one starts a span; the next ``agent_reply`` (or resolution) ends it;
- follow-ups (survey, revisit): from the latest resolution (while the ticket
  stays resolved) to the first ``survey_sent`` / ``revisit`` after it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from csmetrics._models.enums import EventKind, Priority
from csmetrics._sla.clock import Interval, Span

if TYPE_CHECKING:
    from collections.abc import Sequence

    from csmetrics._models.records import Ticket, TicketEvent

__all__ = ["Timeline", "read_timeline"]

_STOPS = frozenset({EventKind.RESOLVED, EventKind.CLOSED})
_PAUSE_ENDS = _STOPS | {EventKind.RESUME}
_ANSWERS = _STOPS | {EventKind.AGENT_REPLY}
_NAMES = {kind: kind.value for kind in EventKind}
# The kinds each handler looks at (the others skip it).
_PAUSE_KINDS = _PAUSE_ENDS | {EventKind.PAUSE}
_REPLY_KINDS = _ANSWERS | {EventKind.CUSTOMER_REPLY}
_LIFECYCLE_KINDS = _STOPS | {EventKind.REOPENED, EventKind.PRIORITY_CHANGED}


@dataclass(slots=True)
class Timeline:
    """The spans of every metric and the pauses, as of ``now``."""

    created_at: dt.datetime
    now: dt.datetime
    priority: Priority | None
    pauses: list[Interval] = field(default_factory=list)
    paused_now: bool = False
    first_response: list[Span] = field(default_factory=list)
    resolution: list[Span] = field(default_factory=list)
    next_reply: list[Span] = field(default_factory=list)
    survey: list[Span] = field(default_factory=list)
    revisit: list[Span] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass(slots=True)
class _State:
    active: bool = True
    pause_start: dt.datetime | None = None
    first: Span | None = None
    resolution_start: dt.datetime | None = None
    reply_start: dt.datetime | None = None
    resolved_at: dt.datetime | None = None
    resolved_index: int = -1


def _close(spans: list[Span], start: dt.datetime | None, event: TicketEvent) -> None:
    if start is not None:
        spans.append(Span(start, event.at, _NAMES[event.kind]))


def _on_pause(line: Timeline, state: _State, event: TicketEvent) -> None:
    kind = event.kind
    if kind is EventKind.PAUSE and state.active and state.pause_start is None:
        state.pause_start = event.at
    elif kind in _PAUSE_ENDS and state.pause_start is not None:
        line.pauses.append((state.pause_start, event.at))
        state.pause_start = None


def _on_replies(line: Timeline, state: _State, event: TicketEvent) -> None:
    kind = event.kind
    if state.first is None:
        if kind in _ANSWERS:
            state.first = Span(line.created_at, event.at, _NAMES[kind])
        return
    if not state.active:
        return
    if kind is EventKind.CUSTOMER_REPLY and state.reply_start is None:
        state.reply_start = event.at
    elif kind in _ANSWERS:
        _close(line.next_reply, state.reply_start, event)
        state.reply_start = None


def _on_lifecycle(line: Timeline, state: _State, event: TicketEvent, index: int) -> None:
    kind = event.kind
    if kind in _STOPS and state.active:
        _close(line.resolution, state.resolution_start, event)
        state.active, state.resolution_start, state.resolved_at = False, None, event.at
        state.resolved_index = index
    elif kind is EventKind.REOPENED and not state.active:
        state.active, state.resolution_start, state.resolved_at = True, event.at, None
    elif kind is EventKind.PRIORITY_CHANGED:
        line.priority = event.priority


def _follow_up(state: _State, events: Sequence[TicketEvent], kind: EventKind) -> list[Span]:
    start = state.resolved_at
    if start is None:
        return []
    later = events[state.resolved_index + 1 :]  # equal timestamps apply in list order
    stop = next((e for e in later if e.kind is kind), None)
    if stop is None:
        return [Span(start)]
    return [Span(start, stop.at, _NAMES[kind])]


def read_timeline(ticket: Ticket, now: dt.datetime) -> Timeline:
    """The metric spans and pauses of ``ticket`` from its events at or before ``now``."""
    events = ticket.events
    if events and events[-1].at > now:
        events = tuple(e for e in events if e.at <= now)
    line = Timeline(created_at=ticket.created_at, now=now, priority=ticket.priority)
    state = _State(resolution_start=ticket.created_at)
    for index, event in enumerate(events):
        kind = event.kind
        if kind in _PAUSE_KINDS:
            _on_pause(line, state, event)
        if kind in _REPLY_KINDS:
            _on_replies(line, state, event)
        if kind in _LIFECYCLE_KINDS:
            _on_lifecycle(line, state, event, index)
        if event.note:
            line.notes.append(event.note)
    if state.pause_start is not None:
        line.pauses.append((state.pause_start, now))
        line.paused_now = True
    line.first_response = [state.first or Span(ticket.created_at)]
    if state.resolution_start is not None:
        line.resolution.append(Span(state.resolution_start))
    if state.reply_start is not None:
        line.next_reply.append(Span(state.reply_start))
    line.survey = _follow_up(state, events, EventKind.SURVEY_SENT)
    line.revisit = _follow_up(state, events, EventKind.REVISIT)
    return line
