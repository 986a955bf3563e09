"""Vectorized SLA status: equal to evaluate() row by row; columns bridges; compliance."""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from csmetrics.exceptions import (
    InputTypeError,
    InvalidEventError,
    InvalidInputError,
    MissingTargetError,
)
from csmetrics.models import Ticket
from csmetrics.schedule import Schedule
from csmetrics.sla import (
    SlaPolicy,
    evaluate,
    evaluate_many,
    results_to_columns,
    tickets_to_columns,
    to_dataframe,
)

from .sla_helpers import evaluate_columns

OFFICE = Schedule({"mon-fri": "09:00-12:00,13:00-18:00"}, timezone="Asia/Shanghai")
NEW_YORK = Schedule({"mon-fri": "08:00-17:00", "sat": "10:00-14:00"}, timezone="America/New_York")
ALWAYS = Schedule.always("Europe/Berlin")
NIGHT = Schedule({"mon-fri": "22:00-06:00", "sat": "10:00-14:00"}, timezone="America/New_York")
NIGHTLY = SlaPolicy(priorities={"P3": {"resolution": "2wd"}})
TIERED = SlaPolicy.preset("tiered")
MIXED = SlaPolicy.from_dict(
    {
        "priorities": {
            "P1": {"first_response": "15m", "resolution": "2h"},
            "P2": {"first_response": "30m", "resolution": "4h calendar"},
            "P3": {"resolution": "3wd"},
        },
        "default_priority": "P2",
        "channels": [
            {"channel": "email", "first_response": "10h calendar"},
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
START = dt.datetime(2025, 3, 1, tzinfo=dt.UTC)
KEYS = ("target", "elapsed", "paused", "deadline", "remaining", "overdue", "breached", "stopped")
KEYS += ("has_target", "escalation_level", "rule")


def utc(text: str) -> np.datetime64:
    return np.datetime64(text, "us")


# Offsets from a few shared values as often as from a wide range: steps often
# share an instant, and then they are listed in any order.
offsets = st.one_of(st.integers(0, 60 * 24 * 6), st.sampled_from([0, 30, 60, 24 * 60]))


@st.composite
def rows(draw: st.DrawFn) -> Ticket:
    created = START + dt.timedelta(minutes=draw(st.integers(0, 60 * 24 * 400)))
    steps = {name: draw(st.none() | offsets) for name in ("agent_reply", "resolved", "pause")}
    events: list[dict[str, Any]] = [
        {"kind": kind, "at": created + dt.timedelta(minutes=m)}
        for kind, m in steps.items()
        if m is not None
    ]
    length = draw(st.none() | st.just(0) | st.integers(0, 60 * 24 * 3))
    if steps["pause"] is not None and length is not None:
        end = created + dt.timedelta(minutes=steps["pause"] + length)
        events.append({"kind": "resume", "at": end})
    events = draw(st.permutations(events))
    events.sort(key=lambda e: e["at"])  # stable: same-instant events in the drawn order
    return Ticket(
        id="R",
        created_at=created,
        priority=draw(st.sampled_from([None, "P1", "P2", "P3"])),
        channel=draw(st.sampled_from([None, "email", "social_media", "chat"])),
        complaint=draw(st.booleans()),
        events=events,
    )


@given(
    st.lists(rows(), min_size=1, max_size=12),
    st.sampled_from([OFFICE, NEW_YORK, ALWAYS, NIGHT]),
    st.sampled_from([TIERED, MIXED, SlaPolicy.preset("coarse")]),
    st.integers(0, 60 * 24 * 8),
)
def test_vectorized_equals_scalar(
    tickets: list[Ticket], schedule: Schedule, policy: SlaPolicy, extra: int
):
    if policy is not MIXED:
        tickets = [t for t in tickets if t.priority is not None]
    if not tickets:
        return
    now = max(t.created_at for t in tickets) + dt.timedelta(minutes=extra)
    out = evaluate_columns(tickets, policy, schedule, now)
    expected = results_to_columns([evaluate(t, policy, schedule, now=now) for t in tickets])
    for metric in ("first_response", "resolution"):
        for key in KEYS:
            name = f"{metric}_{key}"
            np.testing.assert_array_equal(out[name], expected[name], err_msg=name)
    np.testing.assert_array_equal(out["priority"], expected["priority"])


@pytest.mark.parametrize(
    ("kinds", "pause_end"),
    [
        (("resume", "pause"), None),  # the resume came first: it ends nothing, still paused
        (("pause", "resume"), 0),  # a pause of no length
    ],
)
def test_same_instant_pause_and_resume_read_as_evaluate_reads_them(
    kinds: tuple[str, str], pause_end: int | None
):
    created = dt.datetime(2025, 3, 10, 1, tzinfo=dt.UTC)  # Monday 09:00 in Shanghai
    moment = created + dt.timedelta(minutes=20)
    ticket = Ticket(
        id="tie",
        created_at=created,
        priority="P2",
        events=[{"kind": "agent_reply", "at": created + dt.timedelta(minutes=5)}]
        + [{"kind": kind, "at": moment} for kind in kinds],
    )
    columns = tickets_to_columns([ticket])
    assert columns["pause_start"][0] == utc("2025-03-10T01:20")
    if pause_end is None:
        assert np.isnat(columns["pause_end"][0])
    else:
        assert columns["pause_end"][0] == utc("2025-03-10T01:20")
    now = created + dt.timedelta(hours=2)
    out = evaluate_columns([ticket], TIERED, OFFICE, now)
    expected = results_to_columns([evaluate(ticket, TIERED, OFFICE, now=now)])
    for key in KEYS:
        name = f"resolution_{key}"
        np.testing.assert_array_equal(out[name], expected[name], err_msg=name)
    assert out["resolution_paused"][0] == np.timedelta64(100 if pause_end is None else 0, "m")


def test_resume_then_pause_at_one_instant_agrees_with_evaluate():
    """P1 created 09:00 Shanghai, reply 09:01, resume then pause at 09:05, as of 10:00."""
    shanghai = OFFICE.timezone
    created = dt.datetime(2025, 3, 10, 9, 0, tzinfo=shanghai)
    ticket = Ticket(
        id="T1",
        created_at=created,
        priority="P1",
        events=[
            {"kind": "agent_reply", "at": created + dt.timedelta(minutes=1)},
            {"kind": "resume", "at": created + dt.timedelta(minutes=5)},
            {"kind": "pause", "at": created + dt.timedelta(minutes=5)},
        ],
    )
    now = created + dt.timedelta(hours=1)
    resolution = evaluate(ticket, TIERED, OFFICE, now=now).resolution
    assert resolution is not None
    assert (resolution.state, resolution.paused) == ("paused", dt.timedelta(minutes=55))
    assert resolution.deadline == dt.datetime(2025, 3, 10, 11, 55, tzinfo=shanghai)
    out = evaluate_columns([ticket], TIERED, OFFICE, now)
    assert out["resolution_paused"][0] == np.timedelta64(55, "m")
    assert out["resolution_deadline"][0] == utc("2025-03-10T03:55")  # 11:55 in Shanghai
    expected = results_to_columns([evaluate(ticket, TIERED, OFFICE, now=now)])
    for key in KEYS:
        name = f"resolution_{key}"
        np.testing.assert_array_equal(out[name], expected[name], err_msg=name)


def test_known_rows():
    out = evaluate_many(
        np.array(["2025-03-07T09:50", "2025-03-10T01:00", "2025-03-10T01:00"], "datetime64[m]"),
        first_response_at=np.array(["2025-03-10T01:03", "NaT", "NaT"], "datetime64[m]"),
        resolved_at=np.array(["NaT", "2025-03-10T01:20", "NaT"], "datetime64[m]"),
        priority=["P1", "一级", 3],
        pause_start=np.array(["NaT", "NaT", "2025-03-10T01:30"], "datetime64[m]"),
        policy=TIERED,
        schedule=OFFICE,
        now=dt.datetime(2025, 3, 10, 12, 0, tzinfo=OFFICE.timezone),
    )
    np.testing.assert_array_equal(
        out["first_response_deadline"],
        np.array(["2025-03-10T01:05", "2025-03-10T01:15", "2025-03-10T05:30"], "datetime64[us]"),
    )
    np.testing.assert_array_equal(out["first_response_breached"], [False, True, False])
    np.testing.assert_array_equal(out["first_response_stopped"], [True, True, False])
    np.testing.assert_array_equal(out["resolution_escalation_level"], [2, 0, 0])  # 70 min overdue
    np.testing.assert_array_equal(
        out["resolution_paused"].astype("timedelta64[m]").astype(int), [0, 0, 150]
    )
    np.testing.assert_array_equal(out["priority"], [1, 1, 3])
    assert list(out["resolution_rule"]) == ["priority:P1", "priority:P1", "priority:P3"]


def test_no_target_gives_nat_and_false():
    out = evaluate_many(
        np.array(["2025-03-10T01:00"], "datetime64[m]"),
        priority=np.array([2]),
        policy=SlaPolicy.preset("coarse"),
        schedule=OFFICE,
        now=dt.datetime(2025, 3, 11, tzinfo=dt.UTC),
    )
    assert np.isnat(out["first_response_deadline"][0])
    assert np.isnat(out["first_response_elapsed"][0])
    assert not out["first_response_breached"][0]
    assert not out["first_response_has_target"][0]
    assert out["resolution_deadline"][0] == utc("2025-03-13T10:00")  # close of Thu, Shanghai


def test_pandas_input_and_output():
    created = pd.Series(pd.to_datetime(["2025-03-10 09:00"]).tz_localize("Asia/Shanghai"))
    out = evaluate_many(
        created,
        priority=pd.Series([1]),
        policy=TIERED,
        schedule=OFFICE,
        now=dt.datetime(2025, 3, 10, 2, tzinfo=dt.UTC),
    )
    assert out["first_response_deadline"][0] == utc("2025-03-10T01:15")
    frame = to_dataframe(out)
    assert str(frame["first_response_deadline"].dt.tz) == "UTC"
    assert bool(frame["first_response_breached"].iloc[0])


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        (
            {"created_at": np.array(["NaT"], "datetime64[m]")},
            InvalidInputError,
            "created_at: .*NaT at row 0",
        ),
        ({"created_at": np.array([1, 2])}, InputTypeError, "created_at: expected datetime64"),
        (
            {"first_response_at": np.array(["2025-03-09"], "datetime64[D]")},
            InvalidEventError,
            "first_response_at: expected instants at or after created_at",
        ),
        (
            {"resolved_at": np.array(["NaT", "NaT"], "datetime64[D]")},
            InvalidInputError,
            "resolved_at: expected 1 values",
        ),
        ({"priority": np.array([4])}, InvalidInputError, "priority: expected codes 1-3"),
        ({"priority": np.array([0])}, MissingTargetError, "no default_priority at row 0"),
        ({"priority": ["P9"]}, InvalidInputError, "priority: expected one of"),
        ({"channel": np.array([9])}, InvalidInputError, "channel: expected codes 0-5"),
        (
            {
                "pause_start": np.array(["2025-03-10T05:00"], "datetime64[m]"),
                "pause_end": np.array(["2025-03-10T04:00"], "datetime64[m]"),
            },
            InvalidEventError,
            "pause_end: expected instants at or after pause_start",
        ),
        (
            {"now": dt.datetime(2025, 3, 9, tzinfo=dt.UTC)},
            InvalidInputError,
            "now: expected an instant at or after every created_at",
        ),
        ({"now": dt.datetime(2025, 3, 11)}, InvalidInputError, "now: expected a timezone-aware"),
        ({"created_at": pd.Series(pd.to_datetime(["2025-03-10"]))}, InvalidInputError, "naive"),
        ({"metrics": ("survey",)}, InvalidInputError, "metrics: expected"),
    ],
)
def test_bad_columns(kwargs: dict[str, Any], error: type[Exception], match: str):
    assert issubclass(InvalidEventError, InvalidInputError)  # old except clauses still catch
    arguments: dict[str, Any] = {
        "created_at": np.array(["2025-03-10T01:00"], "datetime64[m]"),
        "priority": np.array([1]),
        "policy": TIERED,
        "schedule": OFFICE,
        "now": dt.datetime(2025, 3, 11, tzinfo=dt.UTC),
    } | kwargs
    created = arguments.pop("created_at")
    with pytest.raises(error, match=match):
        evaluate_many(created, **arguments)


def test_channel_names_and_codes_agree():
    created = np.array(["2025-03-10T01:00"] * 2, "datetime64[m]")
    common: dict[str, Any] = {"priority": [2, 2], "complaint": [True, True], "policy": MIXED}
    common |= {"schedule": OFFICE, "now": dt.datetime(2025, 3, 11, tzinfo=dt.UTC)}
    by_code = evaluate_many(created, channel=np.array([5, 2]), **common)
    by_name = evaluate_many(created, channel=["微博", "email"], **common)
    assert list(by_code["first_response_rule"]) == ["channel:social_media", "priority:P2"]
    np.testing.assert_array_equal(
        by_code["first_response_deadline"], by_name["first_response_deadline"]
    )


def test_tickets_to_columns_reads_the_last_priority_and_first_pause():
    created = dt.datetime(2025, 3, 10, 1, tzinfo=dt.UTC)
    ticket = Ticket(
        id="a",
        created_at=created,
        priority="P3",
        events=[
            {"kind": "pause", "at": created + dt.timedelta(minutes=5)},
            {"kind": "priority_changed", "at": created + dt.timedelta(minutes=6), "priority": "P1"},
            {"kind": "resume", "at": created + dt.timedelta(minutes=9)},
            {"kind": "pause", "at": created + dt.timedelta(minutes=20)},
        ],
    )
    columns = tickets_to_columns([ticket])
    assert columns["priority"][0] == 1
    assert columns["pause_start"][0] == utc("2025-03-10T01:05")
    assert columns["pause_end"][0] == utc("2025-03-10T01:09")
    assert np.isnat(columns["resolved_at"][0])
    assert columns["channel"][0] == -1


def test_results_to_columns_and_dataframe_of_results():
    created = dt.datetime(2025, 3, 10, 1, tzinfo=dt.UTC)
    result = evaluate(
        Ticket(id="a", created_at=created, priority="P1"), TIERED, OFFICE, now=created
    )
    columns = results_to_columns([result])
    assert columns["ticket_id"][0] == "a"
    assert not columns["revisit_has_target"][0]
    assert columns["survey_has_target"][0]
    frame = to_dataframe([result])
    assert list(frame["ticket_id"]) == ["a"]
    with pytest.raises(InputTypeError, match=r"results\[0\]: expected a TicketSla, got str"):
        results_to_columns(["a"])  # type: ignore[list-item]


def test_policy_without_priority_targets_gives_no_status():
    out = evaluate_many(
        np.array(["2025-03-10T01:00"], "datetime64[m]"),
        policy=SlaPolicy.preset("go-live"),
        schedule=OFFICE,
        now=dt.datetime(2025, 3, 11, tzinfo=dt.UTC),
    )
    assert out["priority"][0] == 0
    assert not out["resolution_has_target"][0]
    assert np.isnat(out["resolution_deadline"][0])


@pytest.mark.parametrize(
    ("created", "priority", "error", "match"),
    [
        (None, [1], InputTypeError, "created_at: expected an array of instants, got None"),
        (
            np.array(["2025-03-10"], "datetime64[D]"),
            [1, 2],
            InvalidInputError,
            "priority: expected 1 values",
        ),
        (
            np.array(["2025-03-10"], "datetime64[D]"),
            [None],
            MissingTargetError,
            "no default_priority",
        ),
    ],
)
def test_bad_created_or_priority(created: Any, priority: Any, error: type[Exception], match: str):
    with pytest.raises(error, match=match):
        evaluate_many(
            created,
            priority=priority,
            policy=TIERED,
            schedule=OFFICE,
            now=dt.datetime(2025, 3, 11, tzinfo=dt.UTC),
        )


def test_mixed_object_columns():
    created = np.array(["2025-03-10T01:00"] * 4, "datetime64[m]")
    out = evaluate_many(
        created,
        priority=np.array([None, "P1", 2, "三级"], dtype=object),
        channel=np.array([None, 5, "email", -1], dtype=object),
        policy=MIXED,
        schedule=OFFICE,
        now=dt.datetime(2025, 3, 11, tzinfo=dt.UTC),
    )
    np.testing.assert_array_equal(out["priority"], [2, 1, 2, 3])
    np.testing.assert_array_equal(out["channel"], [-1, 5, 2, -1])
    with pytest.raises(InvalidInputError, match="code: expected a channel code"):
        evaluate_many(
            created[:1],
            priority=[1],
            channel=np.array([7], dtype=object),
            policy=MIXED,
            schedule=OFFICE,
            now=dt.datetime(2025, 3, 11, tzinfo=dt.UTC),
        )


@pytest.mark.parametrize("schedule", [NIGHT, OFFICE, NEW_YORK])
def test_working_day_deadlines_equal_scalar_around_midnight(schedule: Schedule):
    zone = schedule.timezone
    base = dt.datetime(2025, 3, 3, tzinfo=zone)  # a Monday
    created = [base + dt.timedelta(hours=h, minutes=17) for h in range(0, 24 * 9, 2)]
    tickets = [Ticket(id=f"N{i}", created_at=t, priority="P3") for i, t in enumerate(created)]
    now = created[-1]
    out = evaluate_columns(tickets, NIGHTLY, schedule, now)
    expected = results_to_columns([evaluate(t, NIGHTLY, schedule, now=now) for t in tickets])
    for key in ("deadline", "target", "elapsed", "breached"):
        name = f"resolution_{key}"
        np.testing.assert_array_equal(out[name], expected[name], err_msg=name)


def test_calendar_targets_run_through_pauses_in_columns():
    policy = SlaPolicy(priorities={"P2": {"resolution": "24h calendar", "first_response": "1h"}})
    created = np.array([utc("2025-03-10T01:00")])
    out = evaluate_many(
        created,
        priority=np.array([2]),
        pause_start=np.array([utc("2025-03-10T02:00")]),
        pause_end=np.array([utc("2025-03-10T05:00")]),
        policy=policy,
        schedule=OFFICE,
        now=dt.datetime(2025, 3, 10, 6, tzinfo=dt.UTC),
    )
    assert out["resolution_elapsed"][0] == np.timedelta64(5, "h")
    assert out["resolution_paused"][0] == np.timedelta64(0, "h")
    assert out["resolution_deadline"][0] == utc("2025-03-11T01:00")
    assert out["first_response_paused"][0] == np.timedelta64(2, "h")  # 10:00-13:00 minus lunch
