"""Evaluation of one ticket: tiers, weekends, pauses, reopen, escalation, follow-ups ..."""

from __future__ import annotations

import datetime as dt

import pytest

from csmetrics._models.enums import Priority
from csmetrics.sla import SlaPolicy, evaluate

from .sla_helpers import ALWAYS, MON, OFFICE, TIERED, ZERO, H, M, at, make, status

# --- first response per tier, met exactly at the deadline -------------------


@pytest.mark.parametrize(
    ("priority", "reply_after", "breached", "remaining"),
    [
        ("P1", 14 * M, False, M),
        ("P1", 15 * M, False, ZERO),
        ("P1", 16 * M, True, -M),
        ("P2", 30 * M, False, ZERO),
        ("P2", 31 * M, True, -M),
        ("P3", 60 * M, False, ZERO),
        ("P3", 61 * M, True, -M),
    ],
)
def test_first_response_per_tier(
    priority: str, reply_after: dt.timedelta, breached: bool, remaining: dt.timedelta
):
    reply = MON + reply_after
    result = evaluate(
        make(MON, ("agent_reply", reply), priority=priority), TIERED, OFFICE, now=at(10, 17)
    )
    first = status(result, "first_response")
    assert (first.breached, first.remaining, first.state) == (breached, remaining, "stopped")
    assert (first.stopped_at, first.stopped_by, first.elapsed) == (
        reply,
        "agent_reply",
        reply_after,
    )
    assert first.deadline == MON + first.target


@pytest.mark.parametrize(
    ("preset", "priority", "metric", "target"),
    [
        ("tiered", "P1", "resolution", 2 * H),
        ("tiered", "P2", "resolution", 4 * H),
        ("tiered", "P3", "resolution", 24 * H),
        ("tiered-2h", "P3", "first_response", 2 * H),
        ("coarse", "P1", "first_response", 2 * H),
        ("coarse", "P1", "resolution", 24 * H),
    ],
)
def test_targets_per_tier(preset: str, priority: str, metric: str, target: dt.timedelta):
    result = evaluate(make(MON, priority=priority), SlaPolicy.preset(preset), ALWAYS, now=MON)
    found = status(result, metric)
    assert (found.target, found.deadline, found.rule) == (
        target,
        MON + target,
        f"priority:{priority}",
    )


# --- business time: weekend, lunch, night ----------------------------------


@pytest.mark.parametrize(
    ("created", "priority", "metric", "deadline"),
    [
        (at(7, 17, 50), "P1", "first_response", at(10, 9, 5)),  # Friday evening -> Monday
        (at(8, 10), "P1", "first_response", at(10, 9, 15)),  # Saturday -> Monday
        (at(10, 11, 50), "P2", "first_response", at(10, 13, 20)),  # over the lunch break
        (at(10, 20), "P3", "first_response", at(11, 10)),  # at night
        (at(10, 17), "P1", "resolution", at(11, 10)),
        (at(10, 9), "P3", "resolution", at(12, 18)),  # 24 business hours = 3 days of 8 h
    ],
)
def test_business_time_deadlines(
    created: dt.datetime, priority: str, metric: str, deadline: dt.datetime
):
    result = evaluate(make(created, priority=priority), TIERED, OFFICE, now=created)
    assert status(result, metric).deadline == deadline


def test_weekend_elapsed_counts_business_time_only():
    result = evaluate(make(at(7, 17, 50)), TIERED, OFFICE, now=at(10, 9, 20))
    first = status(result, "first_response")
    assert (first.elapsed, first.remaining, first.overdue, first.breached) == (
        30 * M,
        -15 * M,
        15 * M,
        True,
    )
    assert first.state == "running"


# --- pauses ----------------------------------------------------------------


def test_pause_stops_the_clock_and_moves_the_deadline():
    ticket = make(
        MON,
        ("agent_reply", MON + 5 * M),
        ("pause", MON + 30 * M),
        ("resume", MON + 90 * M),
        priority="P1",
    )
    resolution = status(evaluate(ticket, TIERED, OFFICE, now=MON + 2 * H), "resolution")
    assert (resolution.elapsed, resolution.paused) == (60 * M, 60 * M)
    assert resolution.deadline == MON + 3 * H
    assert resolution.state == "running"


def test_pause_over_lunch_counts_business_time_only():
    ticket = make(at(10, 11), ("pause", at(10, 11, 30)), ("resume", at(10, 14)), priority="P2")
    resolution = status(evaluate(ticket, TIERED, OFFICE, now=at(10, 15)), "resolution")
    assert (resolution.paused, resolution.elapsed) == (90 * M, 90 * M)
    assert resolution.deadline == at(10, 17, 30)


def test_while_paused_the_deadline_is_where_it_would_be_on_resuming_now():
    ticket = make(MON, ("agent_reply", MON + M), ("pause", MON + 30 * M), priority="P1")
    result = evaluate(ticket, TIERED, OFFICE, now=MON + 2 * H)
    resolution = status(result, "resolution")
    assert resolution.state == "paused"
    assert (resolution.elapsed, resolution.paused) == (30 * M, 90 * M)
    assert resolution.deadline == at(10, 13, 30)  # 90 min from 11:00 over the lunch break
    assert result.next_check_at is None


@pytest.mark.parametrize(
    "events",
    [
        (("pause", MON + 10 * M), ("pause", MON + 20 * M), ("resume", MON + 40 * M)),
        (("resume", MON + 5 * M), ("pause", MON + 10 * M), ("resume", MON + 40 * M)),
    ],
)
def test_repeated_pause_or_stray_resume_change_nothing(events: tuple[tuple[str, dt.datetime], ...]):
    resolution = status(evaluate(make(MON, *events), TIERED, OFFICE, now=MON + H), "resolution")
    assert (resolution.paused, resolution.elapsed) == (30 * M, 30 * M)


def test_pause_stops_first_response_too():
    ticket = make(
        MON, ("pause", MON + 5 * M), ("resume", MON + 65 * M), ("agent_reply", MON + 70 * M)
    )
    first = status(evaluate(ticket, TIERED, OFFICE, now=MON + 2 * H), "first_response")
    assert (first.elapsed, first.paused, first.breached) == (10 * M, 60 * M, False)


def test_resolution_ends_a_pause():
    ticket = make(
        MON, ("agent_reply", MON + M), ("pause", MON + 10 * M), ("resolved", MON + 40 * M)
    )
    result = evaluate(ticket, TIERED, OFFICE, now=MON + 3 * H)
    assert status(result, "resolution").paused == 30 * M
    assert status(result, "survey").paused == ZERO


CALENDAR = SlaPolicy(priorities={"P2": {"first_response": "30m", "resolution": "24h calendar"}})


@pytest.mark.parametrize(
    ("events", "state", "paused"),
    [
        ((("pause", at(10, 18)), ("resume", at(11, 10))), "running", 60 * M),
        ((("pause", at(10, 18)),), "paused", 3 * H),  # still paused at now
    ],
)
def test_calendar_targets_run_through_pauses(
    events: tuple[tuple[str, dt.datetime], ...], state: str, paused: dt.timedelta
):
    ticket = make(at(10, 17), ("agent_reply", at(10, 17, 5)), *events, priority="P2")
    result = evaluate(ticket, CALENDAR, OFFICE, now=at(11, 12))
    resolution = status(result, "resolution")
    assert (resolution.clock, resolution.state) == ("calendar", "running")
    assert (resolution.elapsed, resolution.paused) == (19 * H, ZERO)
    assert (resolution.deadline, result.next_check_at) == (at(11, 17), at(11, 17))
    business = status(evaluate(ticket, TIERED, OFFICE, now=at(11, 12)), "resolution")
    assert (business.state, business.paused) == (state, paused)  # business time does pause


# --- reopen ----------------------------------------------------------------

REOPENED = make(
    MON,
    ("agent_reply", MON + 5 * M),
    ("resolved", MON + 60 * M),
    ("reopened", MON + 3 * H),
    ("resolved", MON + 4 * H + 30 * M),
    priority="P1",
)


def test_reopen_is_cumulative_by_default():
    resolution = status(evaluate(REOPENED, TIERED, ALWAYS, now=at(10, 17)), "resolution")
    assert (resolution.elapsed, resolution.breached, resolution.overdue) == (150 * M, True, 30 * M)
    assert resolution.deadline == MON + 4 * H
    assert resolution.stopped_at == MON + 4 * H + 30 * M
    assert resolution.escalation is not None
    assert resolution.escalation.level == 1


def test_reopen_per_cycle_restarts_the_full_target():
    policy = TIERED.updated(reopen="per_cycle")
    resolution = status(evaluate(REOPENED, policy, ALWAYS, now=at(10, 17)), "resolution")
    assert (resolution.elapsed, resolution.breached, resolution.cycles) == (90 * M, False, 2)
    assert resolution.started_at == MON + 3 * H


def test_reopened_ticket_runs_again_until_resolved():
    ticket = make(MON, ("agent_reply", MON + M), ("resolved", MON + H), ("reopened", MON + 2 * H))
    result = evaluate(ticket, TIERED, OFFICE, now=MON + 150 * M)
    resolution = status(result, "resolution")
    assert (resolution.state, resolution.elapsed, resolution.stopped_at) == (
        "running",
        90 * M,
        None,
    )
    assert status(result, "survey").state == "not_started"


def test_closed_without_resolved_stops_resolution():
    ticket = make(MON, ("agent_reply", MON + M), ("closed", MON + H))
    resolution = status(evaluate(ticket, TIERED, OFFICE, now=MON + 3 * H), "resolution")
    assert (resolution.stopped_by, resolution.elapsed) == ("closed", H)


# --- escalation -------------------------------------------------------------


@pytest.mark.parametrize(
    ("priority", "overdue", "level", "words"),
    [
        ("P1", 14 * M, None, ""),
        ("P1", 15 * M, 1, "SMS and phone"),
        ("P1", 59 * M, 1, "supervisor"),
        ("P1", 60 * M, 2, "director"),
        ("P2", 59 * M, None, ""),
        ("P2", 60 * M, 1, "e-mail the department head"),
        ("P2", 4 * H, 2, "director"),
        ("P3", 4 * H - M, None, ""),
        ("P3", 4 * H, 1, "延迟"),
    ],
)
def test_escalation_ladder(priority: str, overdue: dt.timedelta, level: int | None, words: str):
    ticket = make(MON, ("agent_reply", MON), priority=priority)
    target = TIERED.priorities[Priority(priority)].resolution
    assert target is not None
    now = ALWAYS.add(MON, target.duration + overdue)
    resolution = status(evaluate(ticket, TIERED, ALWAYS, now=now), "resolution")
    assert resolution.overdue == overdue
    if level is None:
        assert resolution.escalation is None
    else:
        assert resolution.escalation is not None
        assert (resolution.escalation.level, words in resolution.escalation.action) == (level, True)


def test_overdue_is_measured_in_business_time():
    # P1 created Friday 17:00: resolution due Monday 10:00; at 10:15 it is 15 min overdue.
    result = evaluate(
        make(at(7, 17), ("agent_reply", at(7, 17, 1))), TIERED, OFFICE, now=at(10, 10, 15)
    )
    resolution = status(result, "resolution")
    assert resolution.overdue == 15 * M
    assert resolution.escalation is not None
    assert resolution.escalation.level == 1
    assert result.escalation_level == 1
    assert result.breached
