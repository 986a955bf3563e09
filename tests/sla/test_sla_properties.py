"""Invariants of SLA evaluation over random tickets (hypothesis)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from csmetrics.models import Ticket
from csmetrics.schedule import Schedule
from csmetrics.sla import METRICS, SlaPolicy, evaluate

SCHEDULES = (
    Schedule({"mon-fri": "09:00-12:00,13:00-18:00"}, timezone="Asia/Shanghai"),
    Schedule({"mon-fri": "08:00-17:00", "sat": "10:00-14:00"}, timezone="America/New_York"),
    Schedule.always("Europe/Berlin"),
)
POLICY = SlaPolicy.from_dict(
    {
        "priorities": {
            "P1": {"first_response": "15m", "resolution": "2h", "next_reply": "30m"},
            "P2": {"first_response": "30m", "resolution": "4h"},
            "P3": {"first_response": "1h", "resolution": "3wd"},
        },
        "defaults": {
            "survey": "24h calendar",
            "revisit": {"within": "5wd", "not_before": "3wd"},
            "next_reply": "2h",
        },
        "channels": [{"channel": "email", "resolution": "10h calendar"}],
        "escalation": {"P1": [{"level": 1, "overdue": "15m", "action": "call"}]},
    }
)
KINDS = (
    "agent_reply",
    "customer_reply",
    "pause",
    "resume",
    "resolved",
    "reopened",
    "closed",
    "survey_sent",
    "revisit",
)
START = dt.datetime(2025, 3, 1, tzinfo=dt.UTC)
minutes = st.integers(min_value=0, max_value=60 * 24 * 10)


@st.composite
def tickets(draw: st.DrawFn) -> Ticket:
    created = START + dt.timedelta(minutes=draw(st.integers(0, 60 * 24 * 400)))
    # A few shared offsets make same-instant events common (they apply in list order).
    offsets = sorted(draw(st.lists(minutes | st.sampled_from([0, 15, 60]), max_size=8)))
    events = [
        {"kind": draw(st.sampled_from(KINDS)), "at": created + dt.timedelta(minutes=m)}
        for m in offsets
    ]
    return Ticket(
        id="H1",
        created_at=created,
        priority=draw(st.sampled_from(["P1", "P2", "P3"])),
        channel=draw(st.sampled_from([None, "email", "chat"])),
        complaint=draw(st.booleans()),
        events=events,
    )


def _now(ticket: Ticket, extra: int) -> dt.datetime:
    last = ticket.events[-1].at if ticket.events else ticket.created_at
    return last + dt.timedelta(minutes=extra)


@given(tickets(), st.sampled_from(SCHEDULES), minutes)
def test_elapsed_plus_remaining_is_the_target(ticket: Ticket, schedule: Schedule, extra: int):
    result = evaluate(ticket, POLICY, schedule, now=_now(ticket, extra))
    for status in result.metrics().values():
        assert status.elapsed + status.remaining == status.target
        assert status.breached == (status.elapsed > status.target)
        assert status.overdue == max(status.elapsed - status.target, dt.timedelta(0))
        assert status.paused >= dt.timedelta(0)
        if status.deadline is not None:
            assert status.deadline.tzinfo is schedule.timezone


@given(tickets(), st.sampled_from(SCHEDULES), minutes, minutes, minutes)
def test_adding_a_pause_never_increases_elapsed(
    ticket: Ticket, schedule: Schedule, start: int, length: int, extra: int
):
    now = _now(ticket, extra)
    low = min(ticket.created_at + dt.timedelta(minutes=start), now)
    high = min(low + dt.timedelta(minutes=length), now)
    plain = ticket.model_copy(
        update={
            "events": tuple(e for e in ticket.events if e.kind.value not in ("pause", "resume"))
        }
    )
    paused = _with_pause(ticket, low, high)
    before = evaluate(plain, POLICY, schedule, now=now)
    after = evaluate(paused, POLICY, schedule, now=now)
    for metric in ("first_response", "resolution"):
        old, new = getattr(before, metric), getattr(after, metric)
        if old is not None and old.started_at is not None and new.rule == old.rule:
            assert new.elapsed <= old.elapsed


def _with_pause(ticket: Ticket, low: dt.datetime, high: dt.datetime) -> Ticket:
    """The ticket with one pause/resume pair instead of its own pauses."""
    events: list[Any] = [e for e in ticket.events if e.kind.value not in ("pause", "resume")]
    events += [{"kind": "pause", "at": low}, {"kind": "resume", "at": high}]
    events.sort(key=lambda e: e["at"] if isinstance(e, dict) else e.at)
    return Ticket.model_validate({**ticket.model_dump(exclude={"events"}), "events": events})


@given(
    tickets(),
    st.sampled_from(SCHEDULES),
    minutes,
    st.integers(1, 600),
    st.integers(0, 600),
    st.sampled_from(["", " calendar"]),
)
def test_deadlines_are_monotone_in_the_target(
    ticket: Ticket, schedule: Schedule, extra: int, short: int, more: int, clock: str
):
    now = _now(ticket, extra)
    deadlines = []
    for target in (short, short + more):
        policy = SlaPolicy(
            priorities={p: {"resolution": f"{target}m{clock}"} for p in ("P1", "P2", "P3")}
        )
        deadlines.append(evaluate(ticket, policy, schedule, now=now).resolution.deadline)  # type: ignore[union-attr]
    assert deadlines[0].astimezone(dt.UTC) <= deadlines[1].astimezone(dt.UTC)  # instants (PEP 495)


@given(tickets(), st.sampled_from(SCHEDULES), minutes, st.integers(1, 6), st.integers(0, 4))
def test_working_day_deadlines_are_monotone(
    ticket: Ticket, schedule: Schedule, extra: int, days: int, more: int
):
    now = _now(ticket, extra)
    deadlines = []
    for target in (days, days + more):
        policy = SlaPolicy(
            priorities={p: {"resolution": f"{target}wd"} for p in ("P1", "P2", "P3")}
        )
        status = evaluate(ticket, policy, schedule, now=now).resolution
        assert status is not None
        deadlines.append(status.deadline)
    assert deadlines[0].astimezone(dt.UTC) <= deadlines[1].astimezone(dt.UTC)  # type: ignore[union-attr]


@given(tickets(), st.sampled_from(SCHEDULES), minutes)
def test_later_events_never_matter(ticket: Ticket, schedule: Schedule, extra: int):
    now = ticket.created_at + dt.timedelta(minutes=extra)
    kept = [e for e in ticket.events if e.at <= now]
    cut = ticket.model_copy(update={"events": tuple(kept)})
    assert evaluate(ticket, POLICY, schedule, now=now) == evaluate(cut, POLICY, schedule, now=now)


def test_metric_names():
    assert METRICS == ("first_response", "resolution", "next_reply", "survey", "revisit")
