"""The one reader of a ticket's events: read_history, against the rules and a naive reading."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from csmetrics._models.history import STOPS, History, Pause, Span, read_history
from csmetrics.exceptions import InvalidEventError, InvalidInputError
from csmetrics.models import EventKind, Priority, Status, Ticket, TicketEvent

T0 = dt.datetime(2025, 3, 3, 9, 0, tzinfo=zoneinfo.ZoneInfo("Asia/Shanghai"))
KINDS = [kind.value for kind in EventKind]


def at(minutes: float) -> dt.datetime:
    return T0 + dt.timedelta(minutes=minutes)


def ticket(*events: tuple[str, float], **fields: Any) -> Ticket:
    items = [
        {"kind": kind, "at": at(minutes)}
        | ({"priority": "P1"} if kind == "priority_changed" else {})
        for kind, minutes in events
    ]
    return Ticket(id="T1", created_at=T0, events=items, priority=fields.pop("priority", "P3"))


# --- the rules, one case each --------------------------------------------------------


@pytest.mark.parametrize(
    ("events", "pauses"),
    [
        ((("pause", 1), ("resume", 5)), [Pause(at(1), at(5))]),
        ((("pause", 1),), [Pause(at(1))]),  # still paused: no end
        ((("pause", 1), ("pause", 2), ("resume", 5)), [Pause(at(1), at(5))]),  # pause while paused
        (
            (("resume", 1), ("pause", 2), ("resume", 4)),
            [Pause(at(2), at(4))],
        ),  # resume while running
        ((("resume", 2), ("pause", 2)), [Pause(at(2))]),  # same instant: the resume came first
        ((("pause", 2), ("resume", 2)), [Pause(at(2), at(2))]),  # same instant, other order
        ((("pause", 1), ("resolved", 3), ("resume", 5)), [Pause(at(1), at(3))]),  # resolved ends
        ((("pause", 1), ("closed", 3)), [Pause(at(1), at(3))]),
        ((("resolved", 1), ("pause", 2)), []),  # a pause while resolved is ignored
        ((("resolved", 2), ("pause", 2)), []),  # ... also at the same instant
        ((("resolved", 1), ("reopened", 2), ("pause", 3)), [Pause(at(3))]),
        (
            (("pause", 1), ("resume", 2), ("pause", 3), ("resume", 4)),
            [Pause(at(1), at(2)), Pause(at(3), at(4))],
        ),
    ],
)
def test_pauses(events: tuple[tuple[str, float], ...], pauses: list[Pause]) -> None:
    assert list(read_history(ticket(*events)).pauses) == pauses


@pytest.mark.parametrize(
    ("events", "first", "cycles"),
    [
        ((), Span(T0), [Span(T0)]),
        ((("agent_reply", 5),), Span(T0, at(5), "agent_reply"), [Span(T0)]),
        (
            (("resolved", 9), ("agent_reply", 12)),  # resolved before any reply
            Span(T0, at(9), "resolved"),
            [Span(T0, at(9), "resolved")],
        ),
        (
            (("agent_reply", 5), ("closed", 9), ("resolved", 12)),  # closed first: it stops
            Span(T0, at(5), "agent_reply"),
            [Span(T0, at(9), "closed")],
        ),
        (
            (("resolved", 10), ("reopened", 20), ("resolved", 40), ("closed", 50)),
            Span(T0, at(10), "resolved"),
            [Span(T0, at(10), "resolved"), Span(at(20), at(40), "resolved")],
        ),
        (
            (("resolved", 10), ("reopened", 20)),
            Span(T0, at(10), "resolved"),
            [Span(T0, at(10), "resolved"), Span(at(20))],
        ),
        ((("reopened", 5),), Span(T0), [Span(T0)]),  # a reopen of an open ticket: nothing
    ],
)
def test_first_response_and_resolution_cycles(
    events: tuple[tuple[str, float], ...], first: Span, cycles: list[Span]
) -> None:
    history = read_history(ticket(*events))
    assert history.first_response == first
    assert list(history.cycles) == cycles


@pytest.mark.parametrize(
    ("events", "waits"),
    [
        ((("customer_reply", 1), ("agent_reply", 5)), []),  # before the first response
        (
            (("agent_reply", 1), ("customer_reply", 3), ("customer_reply", 4), ("agent_reply", 9)),
            [Span(at(3), at(9), "agent_reply")],  # the oldest unanswered one
        ),
        ((("agent_reply", 1), ("customer_reply", 3)), [Span(at(3))]),
        (
            (("agent_reply", 1), ("customer_reply", 3), ("resolved", 6), ("customer_reply", 8)),
            [Span(at(3), at(6), "resolved")],  # resolved answers; while resolved: nothing
        ),
        ((("agent_reply", 1), ("agent_reply", 1), ("customer_reply", 1)), [Span(at(1))]),
    ],
)
def test_waits_for_the_next_reply(events: tuple[tuple[str, float], ...], waits: list[Span]) -> None:
    assert list(read_history(ticket(*events)).waits) == waits


@pytest.mark.parametrize(
    ("events", "survey", "revisit"),
    [
        ((("survey_sent", 1), ("resolved", 5)), None, None),  # before the resolution
        ((("resolved", 5), ("survey_sent", 6), ("survey_sent", 8)), at(6), None),
        ((("resolved", 5), ("survey_sent", 6), ("reopened", 7)), None, None),  # reopened
        ((("resolved", 5), ("closed", 6), ("revisit", 9)), None, at(9)),  # closing keeps it
        ((("resolved", 5), ("reopened", 6), ("survey_sent", 7), ("resolved", 8)), None, None),
    ],
)
def test_follow_ups(
    events: tuple[tuple[str, float], ...], survey: dt.datetime | None, revisit: dt.datetime | None
) -> None:
    history = read_history(ticket(*events))
    assert (history.survey_sent_at, history.revisited_at) == (survey, revisit)


@pytest.mark.parametrize(
    ("events", "status"),
    [
        ((), Status.NEW),
        ((("agent_reply", 5),), Status.OPEN),
        ((("pause", 5),), Status.PAUSED),
        ((("pause", 1), ("pause", 2), ("resume", 3)), Status.NEW),
        ((("resolved", 9), ("closed", 30)), Status.CLOSED),
        ((("resolved", 9), ("reopened", 20)), Status.OPEN),
        ((("resolved", 9), ("pause", 10)), Status.RESOLVED),
        ((("reopened", 2),), Status.OPEN),  # "a reopened ticket is open"
        # A reopen ends the paused status, though the SLA pause goes on: the two
        # rules are documented separately (Status and the SLA pauses).
        ((("agent_reply", 1), ("pause", 2), ("reopened", 3)), Status.OPEN),
    ],
)
def test_status(events: tuple[tuple[str, float], ...], status: Status) -> None:
    assert read_history(ticket(*events)).status is status


def test_counts_priority_notes_and_times() -> None:
    t = Ticket(
        id="T1",
        created_at=T0,
        priority="P3",
        events=[
            {"kind": "customer_reply", "at": at(1)},
            {"kind": "agent_reply", "at": at(2), "note": "查询物流"},
            {"kind": "priority_changed", "at": at(3), "priority": "P1"},
            {"kind": "customer_reply", "at": at(4)},
            {"kind": "agent_reply", "at": at(5)},
            {"kind": "resolved", "at": at(6)},
            {"kind": "reopened", "at": at(7), "note": "客户电话占线"},
            {"kind": "agent_reply", "at": at(8)},
            {"kind": "closed", "at": at(9)},
        ],
    )
    history = read_history(t)
    assert history.priority is Priority.P1
    assert (history.replies_before_resolution, history.repeat_contacts, history.reopens) == (
        2,
        1,
        1,
    )
    assert history.notes == ("查询物流", "客户电话占线")
    assert (history.first_reply_at, history.resolved_at) == (at(2), at(6))  # last resolved
    assert history.resolution_stopped_at == at(9)  # the resolution clock stopped last at closing
    assert (history.is_resolved, history.was_resolved) == (True, True)


def test_now_leaves_later_events_out() -> None:
    t = ticket(("agent_reply", 5), ("pause", 10), ("resume", 30), ("resolved", 60))
    history = read_history(t, now=at(20))
    assert history.status is Status.PAUSED
    assert history.pauses == (Pause(at(10)),)
    assert history.cycles == (Span(T0),)
    assert history.paused


def test_stops_are_resolved_and_closed() -> None:
    assert frozenset({EventKind.RESOLVED, EventKind.CLOSED}) == STOPS


# --- events that validation would have refused ------------------------------------------


def _unchecked(*events: Any) -> Ticket:
    return Ticket.model_construct(id="X", created_at=T0, priority=None, events=tuple(events))


@pytest.mark.parametrize(
    ("events", "match"),
    [
        (
            [TicketEvent(kind="agent_reply", at=at(5)), TicketEvent(kind="resolved", at=at(1))],
            r"events\[1\]: expected events in time order, got resolved at .* after an event at",
        ),
        (
            [TicketEvent(kind="agent_reply", at=at(-1))],
            r"events\[0\]: expected an event at or after created_at .*, got agent_reply",
        ),
        (
            [TicketEvent(kind="agent_reply", at=at(1)), TicketEvent(kind="resolved", at=at(-2))],
            r"events\[1\]: expected an event at or after created_at",
        ),
        (
            [TicketEvent.model_construct(kind="agent_reply", at=dt.datetime(2025, 3, 3, 10))],
            r"events\[0\]\.at: expected a timezone-aware datetime, got naive",
        ),
        (
            [TicketEvent.model_construct(kind="agent_reply", at="2025-03-03")],
            r"events\[0\]\.at: expected a timezone-aware datetime, got str",
        ),
        ([{"kind": "agent_reply", "at": at(1)}], r"events\[0\]\.at: .* got dict without one"),
        (
            [TicketEvent.model_construct(kind="escalated", at=at(1), note="")],
            r"events\[0\]\.kind: expected an EventKind .* got str of 9 characters$",
        ),
    ],
)
def test_unvalidated_events_raise_invalid_event_error(events: list[Any], match: str) -> None:
    with pytest.raises(InvalidEventError, match=match) as info:
        read_history(_unchecked(*events))
    assert isinstance(info.value, InvalidInputError)  # existing except clauses keep working
    with pytest.raises(InvalidEventError):
        _ = _unchecked(*events).status


def test_order_is_checked_past_now() -> None:
    late, early = TicketEvent(kind="agent_reply", at=at(50)), TicketEvent(kind="resolved", at=at(9))
    with pytest.raises(InvalidEventError, match="time order"):
        read_history(_unchecked(late, early), now=at(10))


NEW_YORK = zoneinfo.ZoneInfo("America/New_York")
# 2026-11-01 01:00-02:00 happens twice in New York: first EDT (05:00-06:00Z), then EST.
FOLD_EARLY = dt.datetime(2026, 11, 1, 1, 45, tzinfo=NEW_YORK)  # 05:45Z
FOLD_LATE = dt.datetime(2026, 11, 1, 1, 15, tzinfo=NEW_YORK, fold=1)  # 06:15Z
FOLD_CREATED = dt.datetime(2026, 11, 1, 0, 30, tzinfo=NEW_YORK)


def test_events_in_a_dst_fold_are_ordered_as_instants() -> None:
    in_order = [{"kind": "agent_reply", "at": FOLD_EARLY}, {"kind": "resolved", "at": FOLD_LATE}]
    t = Ticket(id="F", created_at=FOLD_CREATED, events=in_order)
    assert read_history(t).status is Status.RESOLVED
    kinds = [e.kind for e in t.events_until(FOLD_LATE)]
    assert kinds == [EventKind.AGENT_REPLY, EventKind.RESOLVED]
    assert list(t.events_until(dt.datetime(2026, 11, 1, 1, 50, tzinfo=NEW_YORK, fold=0))) == [
        t.events[0]
    ]
    assert read_history(t, now=FOLD_EARLY).status is not Status.RESOLVED
    backwards = [{"kind": "agent_reply", "at": FOLD_LATE}, {"kind": "resolved", "at": FOLD_EARLY}]
    with pytest.raises(ValidationError, match="time order"):
        Ticket(id="F", created_at=FOLD_CREATED, events=backwards)
    late, early = (TicketEvent(kind=k, at=a) for k, a in zip(
        ("agent_reply", "resolved"), (FOLD_LATE, FOLD_EARLY), strict=True))  # fmt: skip
    with pytest.raises(InvalidEventError, match="time order"):
        read_history(_unchecked(late, early))


def test_status_at_needs_an_aware_now() -> None:
    with pytest.raises(InvalidInputError, match="now: expected a timezone-aware"):
        ticket().status_at(dt.datetime(2025, 3, 3, 10))


# --- History equals a naive re-reading of the events --------------------------------------


@st.composite
def tickets(draw: st.DrawFn) -> Ticket:
    """Tickets with any kinds of events; many share an instant (listed in drawn order)."""
    minutes = draw(st.lists(st.sampled_from([0, 1, 2, 3, 5, 8, 13]), max_size=10))
    kinds = draw(st.lists(st.sampled_from(KINDS), min_size=len(minutes), max_size=len(minutes)))
    steps = sorted(zip(minutes, kinds, strict=True), key=lambda step: step[0])  # stable on ties
    events = [
        {"kind": kind, "at": at(m), "note": draw(st.sampled_from(["", "", "note"]))}
        | ({"priority": draw(st.sampled_from(["P1", "P2"]))} if kind == "priority_changed" else {})
        for m, kind in steps
    ]
    return Ticket(id="H", created_at=T0, priority="P3", events=events)


def _resolved_before(kinds: list[EventKind], index: int) -> bool:
    """Resolved just before event ``index``: the last stop or reopen before it is a stop."""
    last = [k for k in kinds[:index] if k in STOPS or k is EventKind.REOPENED]
    return bool(last) and last[-1] in STOPS


def _old_status(kinds: list[EventKind]) -> Status:
    """``Ticket.status`` as written before the History (the oracle of the status rule)."""
    base, paused = Status.NEW, False
    for kind in kinds:
        if kind in (EventKind.PAUSE, EventKind.RESUME):
            paused = kind is EventKind.PAUSE
        elif kind is EventKind.AGENT_REPLY and base is Status.NEW:
            base = Status.OPEN
        elif kind is EventKind.REOPENED:
            base, paused = Status.OPEN, False
        elif kind in STOPS:
            base, paused = Status(kind.value), False
    return Status.PAUSED if paused and base in (Status.NEW, Status.OPEN) else base


def _naive_cycles(events: list[TicketEvent], kinds: list[EventKind]) -> list[Span]:
    starts = [T0] + [
        e.at
        for i, e in enumerate(events)
        if e.kind is EventKind.REOPENED and _resolved_before(kinds, i)
    ]
    stops = [e for i, e in enumerate(events) if e.kind in STOPS and not _resolved_before(kinds, i)]
    cycles = [
        Span(start, stop.at, stop.kind.value) for start, stop in zip(starts, stops, strict=False)
    ]
    return cycles + ([Span(starts[-1])] if len(starts) > len(stops) else [])


def _naive_pauses(events: list[TicketEvent], kinds: list[EventKind]) -> list[Pause]:
    pauses: list[Pause] = []
    start = None
    for i, e in enumerate(events):
        if e.kind is EventKind.PAUSE and start is None and not _resolved_before(kinds, i):
            start = e.at
        elif (e.kind is EventKind.RESUME or e.kind in STOPS) and start is not None:
            pauses.append(Pause(start, e.at))
            start = None
    return pauses + ([Pause(start)] if start is not None else [])


def _naive_waits(events: list[TicketEvent], kinds: list[EventKind]) -> list[Span]:
    answers = {EventKind.AGENT_REPLY} | STOPS
    first = next((i for i, k in enumerate(kinds) if k in answers), len(kinds))
    waits: list[Span] = []
    start = None
    for i in range(first + 1, len(events)):
        e = events[i]
        if _resolved_before(kinds, i):
            continue
        if e.kind is EventKind.CUSTOMER_REPLY and start is None:
            start = e.at
        elif e.kind in answers and start is not None:
            waits.append(Span(start, e.at, e.kind.value))
            start = None
    return waits + ([Span(start)] if start is not None else [])


def _naive_follow_up(events: list[TicketEvent], kinds: list[EventKind], kind: EventKind) -> Any:
    if not _resolved_before(kinds, len(kinds)):
        return None
    last = max(
        i for i, e in enumerate(events) if e.kind in STOPS and not _resolved_before(kinds, i)
    )
    return next((e.at for e in events[last + 1 :] if e.kind is kind), None)


def naive_history(t: Ticket, now: dt.datetime | None = None) -> History:
    """Each field re-read from the events on its own, by the rules (no shared state machine)."""
    events = [e for e in t.events if now is None or e.at <= now]
    kinds = [e.kind for e in events]
    answers = {EventKind.AGENT_REPLY} | STOPS
    first = next((e for e in events if e.kind in answers), None)
    first_stop = next((i for i, k in enumerate(kinds) if k in STOPS), len(kinds))
    first_reply = next((i for i, k in enumerate(kinds) if k is EventKind.AGENT_REPLY), None)
    resolved = [e.at for e in events if e.kind is EventKind.RESOLVED]
    closed = [e.at for e in events if e.kind is EventKind.CLOSED]
    changes = [e.priority for e in events if e.kind is EventKind.PRIORITY_CHANGED]
    return History(
        created_at=T0,
        priority=changes[-1] if changes else t.priority,
        status=_old_status(kinds),
        first_response=Span(T0, first.at, first.kind.value) if first else Span(T0),
        first_reply_at=None if first_reply is None else events[first_reply].at,
        cycles=tuple(_naive_cycles(events, kinds)),
        resolved_at=(resolved or closed or [None])[-1],
        reopens=kinds.count(EventKind.REOPENED),
        replies_before_resolution=kinds[:first_stop].count(EventKind.AGENT_REPLY),
        waits=tuple(_naive_waits(events, kinds)),
        repeat_contacts=0
        if first_reply is None
        else kinds[first_reply:].count(EventKind.CUSTOMER_REPLY),
        pauses=tuple(_naive_pauses(events, kinds)),
        survey_sent_at=_naive_follow_up(events, kinds, EventKind.SURVEY_SENT),
        revisited_at=_naive_follow_up(events, kinds, EventKind.REVISIT),
        notes=tuple(e.note for e in events if e.note),
    )


@given(tickets(), st.sampled_from([None, 0, 2, 4, 7, 20]))
def test_history_equals_a_naive_reading(t: Ticket, minutes: int | None) -> None:
    now = None if minutes is None else at(minutes)
    assert read_history(t, now=now)._asdict() == naive_history(t, now)._asdict()


@given(tickets(), st.sampled_from([0, 2, 4, 7, 20]))
def test_reading_as_of_now_equals_reading_the_earlier_events(t: Ticket, minutes: int) -> None:
    now = at(minutes)
    earlier = t.model_copy(update={"events": tuple(e for e in t.events if e.at <= now)})
    assert read_history(t, now=now) == read_history(earlier)


@given(tickets())
def test_ticket_properties_are_the_history(t: Ticket) -> None:
    history = read_history(t)
    assert t.status is history.status
    assert t.first_response_at == history.first_reply_at
    assert t.resolved_at == history.resolved_at
    assert t.reopen_count == history.reopens
    for e in t.events:
        assert t.status_at(e.at) is read_history(t, now=e.at).status
