"""Evaluation rules: next reply, follow-ups, working days, stricter target, priority changes."""

from __future__ import annotations

import datetime as dt

import pytest

from csmetrics._models.enums import Priority
from csmetrics.models import Ticket
from csmetrics.schedule import Schedule
from csmetrics.sla import SlaPolicy, evaluate

from .sla_helpers import ALWAYS, MON, OFFICE, TIERED, H, M, at, make, status

# --- next reply --------------------------------------------------------------

NEXT = TIERED.updated(defaults={"survey": "24h calendar", "next_reply": "30m"})


def test_next_reply_runs_from_the_oldest_unanswered_customer_reply():
    ticket = make(
        MON,
        ("agent_reply", MON + 5 * M),
        ("customer_reply", MON + 20 * M),
        ("customer_reply", MON + 40 * M),
        ("agent_reply", MON + 55 * M),
    )
    reply = status(evaluate(ticket, NEXT, OFFICE, now=MON + 2 * H), "next_reply")
    assert (reply.started_at, reply.stopped_at, reply.elapsed, reply.breached) == (
        MON + 20 * M,
        MON + 55 * M,
        35 * M,
        True,
    )


def test_next_reply_reports_the_pending_cycle_else_the_worst():
    events = [
        ("agent_reply", MON + 5 * M),
        ("customer_reply", MON + 10 * M),
        ("agent_reply", MON + 50 * M),  # 40 min: breached
        ("customer_reply", MON + 60 * M),
        ("agent_reply", MON + 70 * M),  # 10 min: met
    ]
    done = status(evaluate(make(MON, *events), NEXT, OFFICE, now=MON + 2 * H), "next_reply")
    assert (done.cycles, done.breached, done.started_at) == (2, True, MON + 10 * M)
    events.append(("customer_reply", MON + 100 * M))
    pending = status(evaluate(make(MON, *events), NEXT, OFFICE, now=MON + 2 * H), "next_reply")
    assert (pending.cycles, pending.state, pending.elapsed) == (3, "running", 20 * M)


def test_customer_replies_before_the_first_response_belong_to_first_response():
    ticket = make(MON, ("customer_reply", MON + 5 * M), ("agent_reply", MON + 10 * M))
    reply = status(evaluate(ticket, NEXT, OFFICE, now=MON + H), "next_reply")
    assert (reply.state, reply.deadline, reply.cycles) == ("not_started", None, 0)


# --- follow-ups ----------------------------------------------------------------

FOLLOW = SlaPolicy.preset("follow-ups")


def test_survey_is_due_24_calendar_hours_after_resolution():
    ticket = make(at(7, 17), ("agent_reply", at(7, 17, 5)), ("resolved", at(7, 17, 30)))
    survey = status(evaluate(ticket, TIERED, OFFICE, now=at(9, 12)), "survey")
    assert (survey.clock, survey.deadline, survey.breached) == ("calendar", at(8, 17, 30), True)
    assert survey.elapsed == dt.timedelta(hours=42, minutes=30)


@pytest.mark.parametrize(
    ("order", "state"),
    [
        (("survey_sent", "resolved"), "running"),  # sent before the resolution: not its survey
        (("resolved", "survey_sent"), "stopped"),
    ],
)
def test_follow_up_events_at_the_resolution_instant_apply_in_list_order(
    order: tuple[str, str], state: str
):
    ticket = make(at(10, 9), ("agent_reply", at(10, 9, 5)), *((kind, at(10, 10)) for kind in order))
    survey = status(evaluate(ticket, TIERED, OFFICE, now=at(10, 12)), "survey")
    assert (survey.state, survey.started_at) == (state, at(10, 10))


@pytest.mark.parametrize(
    ("revisit", "early", "breached"),
    [
        (at(12, 10), True, False),  # 2nd working day after Monday: too early
        (at(13, 9), False, False),  # the 3rd working day opens
        (at(17, 18), False, False),  # the close of the 5th working day
        (at(18, 9), False, False),  # no open time since the deadline: not yet late
        (at(18, 9, 1), False, True),
    ],
)
def test_complaint_revisit_window(revisit: dt.datetime, early: bool, breached: bool):
    ticket = make(
        MON,
        ("agent_reply", MON + M),
        ("resolved", at(10, 11)),
        ("revisit", revisit),
        complaint=True,
    )
    found = status(evaluate(ticket, FOLLOW, OFFICE, now=at(20, 9)), "revisit")
    assert (found.early, found.breached, found.clock) == (early, breached, "working_days")
    assert (found.window_opens_at, found.deadline) == (at(13, 9), at(17, 18))


def test_revisit_applies_to_complaints_only():
    ticket = make(MON, ("resolved", MON + H))
    result = evaluate(ticket, FOLLOW, OFFICE, now=MON + 2 * H)
    assert result.revisit is None
    assert result.first_response is None
    assert status(result, "survey").state == "running"


def test_go_live_revisit_within_7_working_days():
    ticket = make(MON, ("resolved", at(10, 16)))
    found = status(evaluate(ticket, SlaPolicy.preset("go-live"), OFFICE, now=at(11, 9)), "revisit")
    assert found.deadline == at(19, 18)


# --- working days ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("created", "deadline"),
    [
        (at(12, 10), at(17, 18)),  # Wednesday -> Thu, Fri, Mon
        (at(12, 20), at(17, 18)),  # after hours on Wednesday: same day counts as the start day
        (at(8, 10), at(12, 18)),  # Saturday -> Mon, Tue, Wed
        (at(14, 17, 59), at(19, 18)),
    ],
)
def test_working_day_targets_close_the_nth_working_day(created: dt.datetime, deadline: dt.datetime):
    ticket = make(created, priority="P3")
    resolution = status(
        evaluate(ticket, SlaPolicy.preset("coarse"), OFFICE, now=created), "resolution"
    )
    assert (resolution.clock, resolution.deadline) == ("working_days", deadline)
    assert resolution.target == OFFICE.between(created, deadline)


def test_working_days_on_a_24x7_schedule_are_calendar_days():
    ticket = make(at(12, 10), priority="P2")
    resolution = status(
        evaluate(ticket, SlaPolicy.preset("coarse"), ALWAYS, now=at(12, 10)), "resolution"
    )
    assert resolution.deadline == at(16, 0)


def test_working_days_skip_holidays():
    office = Schedule(
        {"mon-fri": "09:00-18:00"}, timezone="Asia/Shanghai", holidays=[dt.date(2025, 3, 13)]
    )
    resolution = status(
        evaluate(
            make(at(12, 10), priority="P3"), SlaPolicy.preset("coarse"), office, now=at(12, 10)
        ),
        "resolution",
    )
    assert resolution.deadline == at(18, 18)


NIGHT = Schedule({"mon-fri": "22:00-06:00"}, timezone="Asia/Shanghai")
ONE_DAY = SlaPolicy(priorities={"P3": {"resolution": "1wd"}})


@pytest.mark.parametrize(
    ("created", "deadline"),
    [
        (at(10, 23), at(12, 6)),  # Monday's shift -> Tuesday's shift, closing Wednesday 06:00
        (at(11, 3), at(12, 6)),  # Tuesday 03:00 is still Monday's shift
        (at(11, 7), at(13, 6)),  # Tuesday 07:00 belongs to Tuesday -> Wednesday's shift
        (at(14, 23), at(18, 6)),  # Friday's shift -> Monday's shift, closing Tuesday 06:00
        (at(15, 3), at(18, 6)),  # Saturday 03:00 is still Friday's shift
    ],
)
def test_working_days_count_an_overnight_shift_toward_the_day_it_starts(
    created: dt.datetime, deadline: dt.datetime
):
    resolution = status(
        evaluate(make(created, priority="P3"), ONE_DAY, NIGHT, now=created), "resolution"
    )
    assert resolution.deadline == deadline
    assert resolution.deadline == NIGHT.working_day_close(created, 1)
    assert resolution.target == NIGHT.between(created, deadline)


# --- stricter target rule ----------------------------------------------------------

CHANNELS = SlaPolicy.preset("tiered-2h").updated(
    channels=[
        {"channel": "social_media", "complaints_only": True, "first_response": "1h"},
        {"channel": "email", "first_response": "24h"},
    ]
)


@pytest.mark.parametrize(
    ("channel", "complaint", "rule", "target"),
    [
        ("email", False, "priority:P3", 2 * H),
        ("social_media", True, "channel:social_media", H),
        ("social_media", False, "priority:P3", 2 * H),
        ("chat", True, "priority:P3", 2 * H),
    ],
)
def test_stricter_target_wins_and_says_which_rule(
    channel: str, complaint: bool, rule: str, target: dt.timedelta
):
    ticket = make(MON, priority="P3", channel=channel, complaint=complaint)
    first = status(evaluate(ticket, CHANNELS, OFFICE, now=MON), "first_response")
    assert (first.rule, first.target, first.deadline) == (rule, target, MON + target)


def test_stricter_rule_compares_deadlines_across_clocks():
    policy = SlaPolicy(
        priorities={"P1": {"resolution": "10h"}},
        channels=[{"channel": "chat", "resolution": "20h calendar"}],
    )
    # Friday 17:00: 10 business hours end Tuesday 10:00, 20 calendar hours Saturday 13:00.
    resolution = status(
        evaluate(make(at(7, 17), channel="chat"), policy, OFFICE, now=at(7, 17)), "resolution"
    )
    assert (resolution.rule, resolution.deadline) == ("channel:chat", at(8, 13))


# --- priority changes, as of now ------------------------------------------------------


def test_priority_change_applies_retroactively():
    change = {"kind": "priority_changed", "at": MON + 30 * M, "priority": "一级"}
    ticket = Ticket(id="T1", created_at=MON, priority="P3", events=[change])
    before = evaluate(ticket, TIERED, OFFICE, now=MON + 20 * M)
    after = evaluate(ticket, TIERED, OFFICE, now=MON + 31 * M)
    assert (before.priority, status(before, "first_response").breached) == (Priority.P3, False)
    first = status(after, "first_response")
    assert (after.priority, first.breached, first.target, first.deadline) == (
        Priority.P1,
        True,
        15 * M,
        MON + 15 * M,
    )


def test_events_after_now_are_ignored():
    ticket = make(MON, ("agent_reply", MON + 10 * M), ("resolved", MON + H))
    result = evaluate(ticket, TIERED, OFFICE, now=MON + 5 * M)
    first = status(result, "first_response")
    assert (first.state, first.elapsed, first.stopped_at) == ("running", 5 * M, None)
    assert status(result, "survey").state == "not_started"


def test_next_check_at_is_the_next_deadline_or_escalation():
    result = evaluate(make(MON), TIERED, OFFICE, now=MON + 5 * M)
    assert result.next_check_at == MON + 15 * M
    later = evaluate(make(MON), TIERED, OFFICE, now=MON + 20 * M)
    assert later.next_check_at == MON + 30 * M  # first response escalates at 15 min overdue
    done = make(MON, ("agent_reply", MON + M), ("resolved", MON + H), ("survey_sent", MON + 2 * H))
    assert evaluate(done, TIERED, OFFICE, now=MON + 3 * H).next_check_at is None


def test_next_check_at_counts_pauses_after_the_deadline():
    # first response due 09:15, paused 09:20-09:40: 10 min overdue at 09:45, so
    # level 1 (15 min overdue) is reached at 09:50, not 09:30.
    ticket = make(MON, ("pause", MON + 20 * M), ("resume", MON + 40 * M))
    result = evaluate(ticket, TIERED, OFFICE, now=MON + 45 * M)
    first = status(result, "first_response")
    assert (first.overdue, first.escalation) == (10 * M, None)
    assert result.next_check_at == MON + 50 * M
    assert status(evaluate(ticket, TIERED, OFFICE, now=MON + 50 * M), "first_response").escalation


def test_not_before_in_hours_and_met_pending_flags():
    policy = SlaPolicy(defaults={"revisit": {"within": "4h", "not_before": "1h"}})
    ticket = make(MON, ("resolved", MON + H), ("revisit", MON + 90 * M))
    revisit = status(evaluate(ticket, policy, OFFICE, now=MON + 3 * H), "revisit")
    assert (revisit.window_opens_at, revisit.early, revisit.met, revisit.pending) == (
        MON + 2 * H,
        True,
        True,
        False,
    )
    running = status(evaluate(ticket, policy, OFFICE, now=MON + 80 * M), "revisit")
    assert (running.met, running.pending) == (False, True)


# --- instants, not wall times: the repeated hour of a fall-back day ------------------

NEW_YORK_ALWAYS = Schedule.always("America/New_York")
FOLD_POLICY = SlaPolicy.from_dict(
    {
        "priorities": {"P1": {"first_response": "50m", "resolution": "80m"}},
        "channels": [{"channel": "email", "first_response": "80m"}],
    }
)


def test_deadlines_in_a_repeated_hour_compare_as_instants():
    """01:50 EDT comes before 01:20 EST (an hour later on the wall clock, then back)."""
    created = dt.datetime(2026, 11, 1, 5, 0, tzinfo=dt.UTC)  # 01:00 EDT, New York
    ticket = Ticket(id="F", created_at=created, priority="P1", channel="email")
    found = evaluate(ticket, FOLD_POLICY, NEW_YORK_ALWAYS, now=created + 10 * M)
    first = status(found, "first_response")
    assert first.deadline is not None
    assert found.next_check_at is not None
    # Python calls an instant in a repeated hour unequal to every other zone's: compare in UTC.
    assert (first.rule, first.deadline.astimezone(dt.UTC)) == ("priority:P1", created + 50 * M)
    assert found.next_check_at.astimezone(dt.UTC) == created + 50 * M  # not resolution's 01:20


def test_now_in_the_repeated_hour_may_follow_a_creation_of_a_later_wall_time():
    zone = NEW_YORK_ALWAYS.timezone
    created = dt.datetime(2026, 11, 1, 1, 50, tzinfo=zone)  # 01:50 EDT
    now = dt.datetime(2026, 11, 1, 1, 10, fold=1, tzinfo=zone)  # 01:10 EST, 20 minutes later
    found = evaluate(Ticket(id="F", created_at=created, priority="P1"), FOLD_POLICY,
                     NEW_YORK_ALWAYS, now=now)  # fmt: skip
    assert status(found, "first_response").elapsed == 20 * M
