"""``evaluate_many(events=...)``: every ticket's events, equal to ``evaluate`` field by field."""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from csmetrics.exceptions import InvalidEventError, InvalidInputError, MissingTargetError
from csmetrics.models import EventKind, Ticket, TicketEvent
from csmetrics.schedule import Schedule
from csmetrics.sla import (
    SlaPolicy,
    TicketEvents,
    evaluate,
    evaluate_many,
    results_to_columns,
    tickets_to_columns,
    tickets_to_events,
)

from .sla_helpers import OFFICE, TIERED

UTC = dt.UTC
START = dt.datetime(2025, 9, 26, 0, 0, tzinfo=UTC)  # before China's National Day week
HOLIDAYS = Schedule(
    {"mon-fri": "09:00-12:00,13:00-18:00"},
    timezone="Asia/Shanghai",
    extra_holidays=["2025-10-01", "2025-10-02", "2025-10-03", "2025-10-06", "2025-10-07"],
    extra_workdays=["2025-09-28", "2025-10-11"],
)
NIGHT = Schedule({"mon-fri": "22:00-06:00", "sat": "10:00-14:00"}, timezone="America/New_York")
ALWAYS = Schedule.always("Europe/Berlin")
MIXED = SlaPolicy.from_dict(
    {
        "priorities": {
            "P1": {"first_response": "15m", "resolution": "2h"},
            "P2": {"first_response": "30m", "resolution": "4h calendar"},
            "P3": {"first_response": "2h", "resolution": "3wd"},
        },
        "default_priority": "P2",
        "channels": [
            {"channel": "email", "first_response": "10h calendar", "resolution": "1wd"},
            {"channel": "social_media", "complaints_only": True, "first_response": "20m"},
        ],
        "escalation": {
            "P1": [
                {"level": 1, "overdue": "15m", "action": "a"},
                {"level": 2, "overdue": "1h", "action": "b"},
            ],
            "P2": [{"level": 1, "overdue": "1h", "action": "c"}],
        },
    }
)
POLICIES = [
    TIERED,
    TIERED.updated(reopen="per_cycle"),
    MIXED,
    MIXED.updated(reopen="per_cycle"),
    SlaPolicy.preset("coarse"),
]
KEYS = ("target", "elapsed", "paused", "deadline", "remaining", "overdue", "breached", "stopped")
KEYS += ("has_target", "escalation_level", "rule")
KINDS = [kind.value for kind in EventKind]
# Offsets (minutes) from a few shared values as often as from a wide range:
# events then often share an instant, and the drawn order decides.
OFFSETS = st.one_of(
    st.integers(0, 60 * 24 * 14), st.sampled_from([0, 1, 30, 60, 24 * 60, 3 * 24 * 60])
)


@st.composite
def histories(draw: st.DrawFn) -> Ticket:
    """A ticket with up to 14 events of every kind (ties, cycles, pauses while paused ...)."""
    created = START + dt.timedelta(minutes=draw(st.integers(0, 60 * 24 * 30)))
    count = draw(st.integers(0, 14))
    events: list[dict[str, Any]] = []
    for _ in range(count):
        kind = draw(st.sampled_from(KINDS))
        event: dict[str, Any] = {"kind": kind, "at": created + dt.timedelta(minutes=draw(OFFSETS))}
        if kind == "priority_changed":
            event["priority"] = draw(st.sampled_from(["P1", "P2", "P3"]))
        events.append(event)
    events.sort(key=lambda e: e["at"])  # stable: same-instant events in the drawn order
    return Ticket(
        id="R",
        created_at=created,
        priority=draw(st.sampled_from([None, "P1", "P2", "P3"])),
        channel=draw(st.sampled_from([None, "email", "social_media", "chat"])),
        complaint=draw(st.booleans()),
        events=events,
    )


def own_columns(tickets: list[Ticket]) -> dict[str, Any]:
    """The ticket columns ``events=`` reads with: each ticket's own priority (not the last)."""
    columns = tickets_to_columns(tickets)
    levels = [0 if t.priority is None else t.priority.level for t in tickets]
    return {
        "priority": np.array(levels, np.int8),
        "channel": columns["channel"],
        "complaint": columns["complaint"],
    }


def assert_equal_to_scalar(
    tickets: list[Ticket], policy: SlaPolicy, schedule: Schedule, now: dt.datetime
) -> dict[str, Any]:
    created = tickets_to_columns(tickets)["created_at"]
    out = evaluate_many(
        created, events=tickets_to_events(tickets), policy=policy, schedule=schedule, now=now,
        **own_columns(tickets),
    )  # fmt: skip
    expected = results_to_columns([evaluate(t, policy, schedule, now=now) for t in tickets])
    for metric in ("first_response", "resolution"):
        for key in KEYS:
            name = f"{metric}_{key}"
            np.testing.assert_array_equal(out[name], expected[name], err_msg=name)
    np.testing.assert_array_equal(out["priority"], expected["priority"])
    np.testing.assert_array_equal(out["channel"], expected["channel"])
    return out


@given(
    st.lists(histories(), min_size=1, max_size=10),
    st.sampled_from([OFFICE, HOLIDAYS, NIGHT, ALWAYS]),
    st.sampled_from(POLICIES),
    st.integers(0, 60 * 24 * 16),
)
def test_events_equal_evaluate(
    tickets: list[Ticket], schedule: Schedule, policy: SlaPolicy, extra: int
):
    now = max(t.created_at for t in tickets) + dt.timedelta(minutes=extra)
    try:
        expected = [evaluate(t, policy, schedule, now=now) for t in tickets]
    except MissingTargetError:
        with pytest.raises(MissingTargetError):
            assert_equal_to_scalar(tickets, policy, schedule, now)
        return
    assert expected
    assert_equal_to_scalar(tickets, policy, schedule, now)


def _t(minutes: float) -> dt.datetime:
    """Monday 2025-03-10 09:00 Shanghai (01:00 UTC) plus ``minutes``."""
    return dt.datetime(2025, 3, 10, 1, 0, tzinfo=UTC) + dt.timedelta(minutes=minutes)


# (name, events as (kind, minutes after created), minutes to now): every tie and cycle rule
CASES: list[tuple[str, list[tuple[str, float]], float]] = [
    ("nothing happened", [], 300),
    ("reply then resolve", [("agent_reply", 5), ("resolved", 60)], 300),
    ("resolution stops the first response", [("resolved", 20), ("agent_reply", 30)], 300),
    ("reply and resolution at one instant", [("agent_reply", 20), ("resolved", 20)], 300),
    ("resolution then reply at one instant", [("resolved", 20), ("agent_reply", 20)], 300),
    ("closed stops both", [("closed", 40)], 300),
    ("pause then resume at one instant", [("pause", 10), ("resume", 10)], 300),
    ("resume then pause at one instant", [("resume", 10), ("pause", 10)], 300),
    ("pause while paused", [("pause", 10), ("pause", 20), ("resume", 30)], 300),
    ("resume without pause", [("resume", 10), ("agent_reply", 20)], 300),
    ("pause still running at now", [("agent_reply", 5), ("pause", 30)], 300),
    ("pause ended by resolution", [("pause", 30), ("resolved", 90), ("resume", 120)], 300),
    ("pause while resolved", [("resolved", 30), ("pause", 40), ("reopened", 60)], 300),
    ("pause at the resolution instant", [("pause", 30), ("resolved", 30)], 300),
    ("resolution then pause at one instant", [("resolved", 30), ("pause", 30)], 300),
    (
        "reopen restarts resolution",
        [("agent_reply", 5), ("resolved", 60), ("reopened", 120), ("resolved", 200)],
        300,
    ),
    ("reopen while open", [("reopened", 10), ("resolved", 20)], 300),
    ("reopen at the resolution instant", [("resolved", 30), ("reopened", 30)], 300),
    ("reopen then resolve at one instant", [("reopened", 30), ("resolved", 30)], 300),
    (
        "many cycles with pauses",
        [
            ("agent_reply", 1),
            ("pause", 10),
            ("resume", 50),
            ("resolved", 70),
            ("reopened", 80),
            ("pause", 90),
            ("resolved", 100),
            ("reopened", 600),
            ("pause", 610),
            ("resume", 2000),
            ("closed", 3000),
            ("reopened", 4000),
        ],
        5000,
    ),
    ("events after now ignored", [("agent_reply", 400), ("resolved", 500)], 300),
    ("pause before now, resume after", [("pause", 100), ("resume", 400)], 300),
    ("an event exactly at now", [("agent_reply", 300)], 300),
    ("priority change", [("priority_changed", 10)], 300),
    ("priority change after now", [("agent_reply", 5), ("priority_changed", 400)], 300),
    ("pause over a weekend", [("agent_reply", 5), ("pause", 400), ("resume", 60 * 24 * 6)], 9000),
    ("survey and revisit", [("resolved", 5), ("survey_sent", 10), ("revisit", 20)], 300),
    ("customer replies", [("agent_reply", 5), ("customer_reply", 10), ("agent_reply", 30)], 300),
]


@pytest.mark.parametrize("policy", POLICIES[:4], ids=["tiered", "per_cycle", "mixed", "mixed/pc"])
@pytest.mark.parametrize(("name", "steps", "until"), CASES, ids=[c[0] for c in CASES])
def test_each_rule(name: str, steps: list[tuple[str, float]], until: float, policy: SlaPolicy):
    events: list[dict[str, Any]] = [{"kind": kind, "at": _t(m)} for kind, m in steps]
    for event in events:
        if event["kind"] == "priority_changed":
            event["priority"] = "P3"
    tickets = [
        Ticket(id=name, created_at=_t(0), priority=p, channel=c, events=events)
        for p in ("P1", "P2")
        for c in (None, "email")
    ]
    assert_equal_to_scalar(tickets, policy, OFFICE, _t(until))


def test_cycles_per_cycle_pick_the_worst_stopped_cycle():
    """Two stopped cycles under per_cycle: the more overdue one stands for the ticket."""
    events = [("resolved", 60 * 5), ("reopened", 60 * 6), ("resolved", 60 * 6 + 30)]
    ticket = Ticket(id="w", created_at=_t(0), priority="P1",
                    events=[{"kind": k, "at": _t(m)} for k, m in events])  # fmt: skip
    policy = TIERED.updated(reopen="per_cycle")
    out = assert_equal_to_scalar([ticket], policy, OFFICE, _t(60 * 8))
    assert out["resolution_elapsed"][0] == np.timedelta64(4, "h")  # the first (lunch 12-13)
    assert out["resolution_stopped"][0]


def test_step_keywords_equal_their_events():
    """The one-pause keywords and the same steps as events give the same columns."""
    created = np.array(["2025-03-10T01:00", "2025-03-10T01:00", "2025-03-10T09:30"], "M8[us]")
    reply = np.array(["2025-03-10T01:05", "NaT", "2025-03-11T01:00"], "M8[us]")
    resolved = np.array(["2025-03-10T05:00", "2025-03-10T02:00", "NaT"], "M8[us]")
    start = np.array(["2025-03-10T02:00", "2025-03-10T01:30", "2025-03-10T10:00"], "M8[us]")
    end = np.array(["2025-03-10T03:00", "NaT", "NaT"], "M8[us]")
    now = dt.datetime(2025, 3, 12, tzinfo=UTC)
    keywords = evaluate_many(created, first_response_at=reply, resolved_at=resolved,
                             pause_start=start, pause_end=end, priority=np.array([1, 2, 3]),
                             policy=TIERED, schedule=OFFICE, now=now)  # fmt: skip
    events = step_events(reply, resolved, start, end)
    ragged = evaluate_many(created, events=events, priority=np.array([1, 2, 3]),
                           policy=TIERED, schedule=OFFICE, now=now)  # fmt: skip
    for name, values in keywords.items():
        np.testing.assert_array_equal(ragged[name], values, err_msg=name)


def step_events(*columns: np.ndarray) -> TicketEvents:
    """The steps (reply, resolved, pause start, pause end) as events, in time order."""
    kinds = ("agent_reply", "resolved", "pause", "resume")
    rank = {"agent_reply": 0, "pause": 1, "resume": 2, "resolved": 3}
    per_ticket = []
    for row in range(columns[0].shape[0]):
        found = [(col[row], kind) for col, kind in zip(columns, kinds, strict=True)
                 if not np.isnat(col[row])]  # fmt: skip
        found.sort(key=lambda item: (item[0], rank[item[1]]))
        per_ticket.append([{"kind": kind, "at": at} for at, kind in found])
    return TicketEvents.from_lists(per_ticket)


STEP = st.none() | st.integers(0, 60 * 24 * 5)


@given(
    st.lists(st.tuples(st.integers(0, 60 * 24 * 20), STEP, STEP, STEP, STEP), min_size=1,
             max_size=12),
    st.sampled_from([OFFICE, HOLIDAYS, NIGHT]),
    st.sampled_from(POLICIES),
    st.integers(0, 60 * 24 * 10),
)  # fmt: skip
def test_step_keywords_equal_their_events_property(
    rows: list[tuple[int, int | None, int | None, int | None, int | None]],
    schedule: Schedule,
    policy: SlaPolicy,
    extra: int,
):
    base = np.datetime64("2025-09-26T00:00", "us")
    minute = np.timedelta64(1, "m")
    created = np.array([base + c * minute for c, *_ in rows])

    def column(i: int) -> np.ndarray:
        return np.array([np.datetime64("NaT", "us") if r[i] is None
                         else base + (r[0] + r[i]) * minute for r in rows], "M8[us]")  # fmt: skip

    reply, resolved, start = column(1), column(2), column(3)
    length = column(4) - created  # a pause length, from its start
    end = np.where(np.isnat(start) | np.isnat(length), np.datetime64("NaT"), start + length)
    end = end.astype("M8[us]")
    now = (created.max() + extra * minute).astype(dt.datetime).replace(tzinfo=UTC)
    common = {"priority": np.full(len(rows), 2), "policy": policy, "schedule": schedule,
              "now": now}  # fmt: skip
    keywords = evaluate_many(created, first_response_at=reply, resolved_at=resolved,
                             pause_start=start, pause_end=end, **common)  # fmt: skip
    ragged = evaluate_many(created, events=step_events(reply, resolved, start, end), **common)
    for name, values in keywords.items():
        np.testing.assert_array_equal(ragged[name], values, err_msg=name)


def test_zero_events_is_an_open_ticket():
    created = np.array(["2025-03-10T01:00"] * 2, "M8[us]")
    now = dt.datetime(2025, 3, 10, 3, tzinfo=UTC)
    common = {"priority": np.array([1, 2]), "policy": TIERED, "schedule": OFFICE, "now": now}
    plain = evaluate_many(created, **common)
    ragged = evaluate_many(created, events=TicketEvents.empty(2), **common)
    mapping = evaluate_many(created, events={"offsets": [0, 0, 0], "kind": [], "at": []}, **common)
    for name, values in plain.items():
        np.testing.assert_array_equal(ragged[name], values, err_msg=name)
        np.testing.assert_array_equal(mapping[name], values, err_msg=name)
    assert not ragged["resolution_stopped"].any()


@pytest.mark.parametrize("step", ["first_response_at", "resolved_at", "pause_start", "pause_end"])
def test_events_with_step_columns_are_refused(step: str):
    created = np.array(["2025-03-10T01:00"], "M8[us]")
    with pytest.raises(InvalidInputError, match=f"^{step}: expected no step column with events="):
        evaluate_many(created, events=TicketEvents.empty(1), policy=TIERED, schedule=OFFICE,
                      now=dt.datetime(2025, 3, 11, tzinfo=UTC), priority=[1],
                      **{step: created})  # fmt: skip


def _bad_order(kind: str) -> tuple[Ticket, TicketEvents]:
    t0 = _t(0)
    if kind == "backwards":
        raw = [("agent_reply", _t(30)), ("resolved", _t(10))]
    else:
        raw = [("agent_reply", _t(-10))]
    built = [TicketEvent(kind=k, at=at) for k, at in raw]
    ticket = Ticket.model_construct(id="x", created_at=t0, priority=None, channel=None,
                                    complaint=False, events=built)  # fmt: skip
    ragged = TicketEvents.from_lists([[{"kind": k, "at": at} for k, at in raw]])
    return ticket, ragged


@pytest.mark.parametrize("kind", ["backwards", "before created"])
def test_events_out_of_order_raise_as_evaluate_raises(kind: str):
    ticket, ragged = _bad_order(kind)
    now = _t(60)
    with pytest.raises(InvalidEventError):
        evaluate(ticket, TIERED, OFFICE, now=now)
    created = np.array([np.datetime64("2025-03-10T01:00", "us")])
    with pytest.raises(InvalidEventError, match=r"at row 0, event [01]"):
        evaluate_many(created, events=ragged, priority=[1], policy=TIERED, schedule=OFFICE,
                      now=now)  # fmt: skip


def test_events_out_of_order_after_now_still_raise():
    """evaluate checks the order of every event, those after now too."""
    raw = [{"kind": "agent_reply", "at": _t(300)}, {"kind": "resolved", "at": _t(200)}]
    created = np.array([np.datetime64("2025-03-10T01:00", "us")])
    with pytest.raises(InvalidEventError, match="at row 0, event 1"):
        evaluate_many(created, events=TicketEvents.from_lists([raw]), priority=[1],
                      policy=TIERED, schedule=OFFICE, now=_t(60))  # fmt: skip


def test_events_for_another_number_of_tickets():
    created = np.array(["2025-03-10T01:00"] * 2, "M8[us]")
    with pytest.raises(InvalidInputError, match=r"^events: expected the events of 2 tickets"):
        evaluate_many(created, events=TicketEvents.empty(3), priority=[1, 1], policy=TIERED,
                      schedule=OFFICE, now=_t(60))  # fmt: skip
