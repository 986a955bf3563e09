"""Fuzzing the time engine's public functions with bad inputs: only our errors come out.

Each public function of the schedule, SLA and sample-data modules is called
with one argument replaced by each value of a table of bad inputs (None,
empty, wrong types, NaN, NaT, negative, huge, naive datetimes ...). Whatever
is raised must be a ``CsMetricsError`` (pydantic's ``ValidationError`` where
the call builds a model), with a message of bounded size that never echoes
the personal-data canary.
"""

from __future__ import annotations

import datetime as dt
import json
import warnings
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from csmetrics.datasets import sample_surveys, sample_ticket_columns, sample_tickets
from csmetrics.exceptions import CsMetricsError, CsMetricsWarning
from csmetrics.models import Ticket
from csmetrics.schedule import Schedule
from csmetrics.sla import (
    EscalationLevel,
    SlaPolicy,
    SlaTarget,
    TicketEvents,
    compliance,
    evaluate,
    evaluate_many,
    results_to_columns,
    tickets_to_columns,
    tickets_to_events,
    to_dataframe,
)

CANARY = "张三 13812345678"
BAD: dict[str, object] = {
    "None": None,
    "empty text": "",
    "empty list": [],
    "empty dict": {},
    "object": object(),
    "int": 3,
    "negative int": -1,
    "float": 2.5,
    "NaN": float("nan"),
    "infinity": float("inf"),
    "bool": True,
    "bytes": b"09:00-18:00",
    "huge int": 10**100,
    "huge text": "9" * 100_000,
    "canary": CANARY,
    "canary list": [CANARY],
    "canary dict": {CANARY: CANARY},
    "big list": list(range(100_000)),
    "naive datetime": dt.datetime(2025, 3, 10, 9),
    "datetime 9999": dt.datetime(9999, 12, 31, 23, tzinfo=dt.UTC),
    "datetime 0001": dt.datetime(1, 1, 1, tzinfo=dt.UTC),
    "date": dt.date(2025, 3, 10),
    "NaT": np.datetime64("NaT"),
    "pandas NaT": pd.NaT,
    "negative timedelta": dt.timedelta(days=-1),
    "huge timedelta": dt.timedelta.max,
    "int array": np.array([1, 2]),
    "NaT array": np.array(["NaT"], dtype="datetime64[us]"),
    "far array": np.array(["2500-01-01"], dtype="datetime64[D]"),
    "object array": np.array([object()]),
    "naive series": pd.Series(pd.to_datetime(["2025-03-10"])),
    "huge timedelta64": np.array([2**62], dtype="timedelta64[s]"),
}

SH = dt.timezone(dt.timedelta(hours=8))
T = dt.datetime(2025, 3, 10, 9, 0, tzinfo=SH)
H = dt.timedelta(hours=1)
HOURS = {"mon-fri": "09:00-12:00,13:00-18:00"}
OFFICE = Schedule(HOURS, timezone="Asia/Shanghai")
POLICY = SlaPolicy.preset("tiered")
REPLY = [{"kind": "agent_reply", "at": T + 5 * dt.timedelta(minutes=1)}]
TICKET = Ticket(id="T1", created_at=T, priority="P1", events=REPLY)
NOW = T + 2 * H
RESULTS = [evaluate(TICKET, POLICY, OFFICE, now=NOW)]
STARTS = np.array(["2025-03-10T01:00"], dtype="datetime64[m]")
WEEK = sample_tickets(20, seed=1)


def _many(**changes: object) -> object:
    kwargs: dict[str, Any] = {"policy": POLICY, "schedule": OFFICE, "now": NOW,
                              "priority": np.array([1]), "first_response_at": STARTS}  # fmt: skip
    kwargs.update(changes)
    created = kwargs.pop("created_at", STARTS)
    return evaluate_many(created, **kwargs)


def _ragged(**changes: object) -> object:
    columns: dict[str, object] = {"offsets": [0, 1], "kind": [0], "at": STARTS, "priority": [0]}
    columns.update(changes)
    return TicketEvents.build(**columns)  # type: ignore[arg-type]


def _many_events(events: object, created: object = STARTS) -> object:
    return evaluate_many(created, events=events, priority=np.array([1]), policy=POLICY,
                         schedule=OFFICE, now=NOW)  # fmt: skip


CALLS: dict[str, Callable[[Any], object]] = {
    # Schedule: construction and loaders
    "Schedule(hours)": Schedule,
    "Schedule(hours={'mon': v})": lambda v: Schedule({"mon": v}),
    "Schedule(hours={v: ...})": lambda v: Schedule({v: "09:00-10:00"}),
    "Schedule(timezone)": lambda v: Schedule(HOURS, timezone=v),
    "Schedule(holidays)": lambda v: Schedule(HOURS, holidays=v),
    "Schedule(extra_holidays)": lambda v: Schedule(HOURS, extra_holidays=v),
    "Schedule(extra_workdays)": lambda v: Schedule(HOURS, extra_workdays=v),
    "Schedule(workday_hours)": lambda v: Schedule(HOURS, workday_hours=v),
    "Schedule(changes)": lambda v: Schedule(HOURS, changes=v),
    "Schedule(changes={date: v})": lambda v: Schedule(HOURS, changes={"2026-01-01": v}),
    "Schedule.always": Schedule.always,
    "Schedule.from_config": Schedule.from_config,
    "Schedule.from_config(hours)": lambda v: Schedule.from_config({"hours": v}),
    "Schedule.from_json": Schedule.from_json,
    "Schedule.from_toml": Schedule.from_toml,
    "Schedule.load": Schedule.load,
    # Schedule: queries
    "add(start)": lambda v: OFFICE.add(v, H),
    "add(duration)": lambda v: OFFICE.add(T, v),
    "between(start)": lambda v: OFFICE.between(v, T),
    "between(end)": lambda v: OFFICE.between(T, v),
    "between_and_add(duration)": lambda v: OFFICE.between_and_add(T, T + H, v),
    "is_open": OFFICE.is_open,
    "next_open": OFFICE.next_open,
    "add_many(starts)": lambda v: OFFICE.add_many(v, H),
    "add_many(durations)": lambda v: OFFICE.add_many(STARTS, v),
    "between_many(starts)": lambda v: OFFICE.between_many(v, STARTS),
    "between_many(ends)": lambda v: OFFICE.between_many(STARTS, v),
    "working_day_close(start)": lambda v: OFFICE.working_day_close(v, 1),
    "working_day_close(days)": lambda v: OFFICE.working_day_close(T, v),
    "working_day_open(days)": lambda v: OFFICE.working_day_open(T, v),
    "working_date": OFFICE.working_date,
    "hours_on": OFFICE.hours_on,
    "with_hours(hours)": lambda v: OFFICE.with_hours(v, effective=dt.date(2026, 1, 1)),
    "with_hours(effective)": lambda v: OFFICE.with_hours({"fri": "09:00-10:00"}, effective=v),
    # SLA policies
    "SlaPolicy.from_dict": SlaPolicy.from_dict,
    "SlaPolicy.from_dict(target)": lambda v: SlaPolicy.from_dict(
        {"priorities": {"P1": {"first_response": v}}}
    ),
    "SlaPolicy.from_dict(overdue)": lambda v: SlaPolicy.from_dict(
        {"escalation": {"P1": [{"level": 1, "overdue": v, "action": "x"}]}}
    ),
    "SlaPolicy.from_json": SlaPolicy.from_json,
    "SlaPolicy.from_toml": SlaPolicy.from_toml,
    "SlaPolicy.load": SlaPolicy.load,
    "SlaPolicy.preset": SlaPolicy.preset,
    # evaluate
    "evaluate(ticket)": lambda v: evaluate(v, POLICY, OFFICE, now=NOW),
    "evaluate(policy)": lambda v: evaluate(TICKET, v, OFFICE, now=NOW),
    "evaluate(schedule)": lambda v: evaluate(TICKET, POLICY, v, now=NOW),
    "evaluate(now)": lambda v: evaluate(TICKET, POLICY, OFFICE, now=v),
    # evaluate_many and the bridges
    **{
        f"evaluate_many({name})": (lambda v, name=name: _many(**{name: v}))
        for name in (
            "created_at",
            "first_response_at",
            "resolved_at",
            "priority",
            "channel",
            "complaint",
            "pause_start",
            "pause_end",
            "policy",
            "schedule",
            "now",
            "metrics",
        )
    },
    "evaluate_many(events)": _many_events,
    "evaluate_many(events={'offsets': v})": lambda v: _many_events(
        {"offsets": v, "kind": [0], "at": STARTS}
    ),
    "evaluate_many(events={'kind': v})": lambda v: _many_events(
        {"offsets": [0, 1], "kind": v, "at": STARTS}
    ),
    "evaluate_many(events={'at': v})": lambda v: _many_events(
        {"offsets": [0, 1], "kind": [0], "at": v}
    ),
    "evaluate_many(created_at, events)": lambda v: _many_events(TicketEvents.empty(1), v),
    "TicketEvents.build(offsets)": lambda v: _ragged(offsets=v),
    "TicketEvents.build(kind)": lambda v: _ragged(kind=v),
    "TicketEvents.build(at)": lambda v: _ragged(at=v),
    "TicketEvents.build(priority)": lambda v: _ragged(priority=v),
    "TicketEvents.from_lists": TicketEvents.from_lists,
    "TicketEvents.from_lists([[v]])": lambda v: TicketEvents.from_lists([[v]]),
    "tickets_to_events": tickets_to_events,
    "tickets_to_events([v])": lambda v: tickets_to_events([v]),
    "tickets_to_columns": tickets_to_columns,
    "tickets_to_columns([v])": lambda v: tickets_to_columns([v]),
    "results_to_columns": results_to_columns,
    "results_to_columns([v])": lambda v: results_to_columns([v]),
    "compliance": compliance,
    "compliance(by)": lambda v: compliance(RESULTS, by=v),
    "compliance(metrics)": lambda v: compliance(RESULTS, metrics=v),
    "to_dataframe": to_dataframe,
    # sample data
    "sample_tickets(n)": sample_tickets,
    "sample_tickets(seed)": lambda v: sample_tickets(3, seed=v),
    "sample_tickets(start)": lambda v: sample_tickets(3, start=v),
    "sample_tickets(days)": lambda v: sample_tickets(3, days=v),
    "sample_ticket_columns(n)": sample_ticket_columns,
    "sample_ticket_columns(seed)": lambda v: sample_ticket_columns(3, seed=v),
    "sample_ticket_columns(start)": lambda v: sample_ticket_columns(3, start=v),
    "sample_ticket_columns(days)": lambda v: sample_ticket_columns(3, days=v),
    "sample_surveys(tickets)": sample_surveys,
    "sample_surveys(seed)": lambda v: sample_surveys(WEEK, seed=v),
    "sample_surveys(response_rate)": lambda v: sample_surveys(WEEK, response_rate=v),
}
# Calls that build a pydantic model directly (ValidationError is their contract).
MODEL_CALLS = {"evaluate(ticket)"}
# The configuration loader names the file and key paths it reads (written by
# developers, not customers): there only the size of a message is bounded.
CONFIG_CALLS = {name for name in CALLS if ".from_" in name or ".load" in name}
MESSAGE_LIMIT = 1_000


def _check(name: str, call: Callable[[Any], object], value: object) -> str | None:
    """None when ``call(value)`` returns or raises as it should, else what went wrong."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", CsMetricsWarning)  # ours, and documented
            call(value)
    except CsMetricsError as exc:
        text = str(exc)
        if len(text) > MESSAGE_LIMIT:
            return f"a message of {len(text)} characters"
        if name not in CONFIG_CALLS and ("13812345678" in text or "张三" in text):
            return "the canary echoed"
    except ValidationError:
        return None if name in MODEL_CALLS else "ValidationError leaked"
    except TypeError as exc:
        if "unhashable" in str(exc) and name.endswith("{v: ...})"):
            return None  # the test's own dict literal
        return f"{type(exc).__name__}: {str(exc)[:200]}"
    except Exception as exc:
        return f"{type(exc).__name__}: {str(exc)[:200]}"
    return None


@pytest.mark.parametrize("name", sorted(CALLS))
def test_bad_inputs_raise_only_our_errors(name: str) -> None:
    call = CALLS[name]
    failures = {label: _check(name, call, value) for label, value in BAD.items()}
    assert {label: why for label, why in failures.items() if why} == {}


# --- random structures into the loaders and parsers ---------------------------------

TOKENS = ["09:00-18:00", "mon-fri", "2h", "3wd", "P1", "2026-01-01", "UTC"]
scalars = (st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20)
           | st.sampled_from(TOKENS))  # fmt: skip
structures = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4)
    ),
    max_leaves=12,
)
RANDOM_CALLS = ["Schedule(hours)", "Schedule.from_config", "Schedule.from_config(hours)",
                "Schedule(hours={'mon': v})", "Schedule(holidays)", "Schedule(changes)",
                "SlaPolicy.from_dict", "SlaPolicy.from_dict(target)",
                "SlaPolicy.from_dict(overdue)", "sample_surveys(tickets)"]  # fmt: skip


@given(st.sampled_from(RANDOM_CALLS), structures)
def test_random_structures_raise_only_our_errors(name: str, value: object) -> None:
    assert _check(name, CALLS[name], value) is None


@given(st.sampled_from(["Schedule.from_json", "SlaPolicy.from_json"]), structures)
def test_random_json_raises_only_our_errors(name: str, value: object) -> None:
    try:
        text = json.dumps(value)
    except ValueError:  # NaN is valid Python, not JSON: send it anyway
        text = str(value)
    assert _check(name, CALLS[name], text) is None


@given(st.text(max_size=60))
def test_random_text_as_hours_targets_and_zones_raises_only_our_errors(text: str) -> None:
    for name in ("Schedule(hours={'mon': v})", "Schedule(timezone)", "SlaPolicy.from_dict(target)",
                 "Schedule.from_toml", "SlaPolicy.preset", "Schedule(workday_hours)"):  # fmt: skip
        assert _check(name, CALLS[name], text) is None


def test_models_still_raise_validation_errors() -> None:
    with pytest.raises(ValidationError):
        SlaTarget.model_validate(BAD["huge timedelta"])
    with pytest.raises(ValidationError):
        EscalationLevel(level=1, overdue=BAD["NaN"], action="x")  # type: ignore[arg-type]
