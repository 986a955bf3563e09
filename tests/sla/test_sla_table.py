"""``evaluate_many(table, ...)``: a TicketTable read by the columnar engine, no models built."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from csmetrics.datasets import sample_tickets
from csmetrics.exceptions import CsMetricsError, InputTypeError, InvalidInputError
from csmetrics.io import read_tickets
from csmetrics.models import Ticket
from csmetrics.schedule import Schedule
from csmetrics.sla import SlaPolicy, compliance, evaluate, evaluate_many, results_to_columns

from .sla_helpers import OFFICE, TIERED

TICKETS = sample_tickets(240, seed=11)
TABLE = read_tickets(TICKETS)
NOW = max(t.created_at for t in TICKETS) + dt.timedelta(hours=30)
NIGHT = Schedule({"mon-fri": "22:00-06:00", "sat": "10:00-14:00"}, timezone="America/New_York")
POLICIES = {
    "tiered": TIERED,
    "per_cycle": TIERED.updated(reopen="per_cycle"),
    "channels": SlaPolicy.from_dict(
        {
            "priorities": {
                "P1": {"first_response": "15m", "resolution": "1wd"},
                "P2": {"first_response": "1h calendar", "resolution": "8h"},
                "P3": {"resolution": "3wd"},
            },
            "channels": [
                {"channel": "email", "first_response": "10m"},
                {"channel": "chat", "complaints_only": True, "resolution": "2h"},
            ],
        }
    ),
}


def _expected(tickets: list[Ticket], policy: SlaPolicy, schedule: Schedule, now: dt.datetime):
    return results_to_columns([evaluate(t, policy, schedule, now=now) for t in tickets])


@pytest.mark.parametrize("schedule", [OFFICE, NIGHT], ids=["office", "night"])
@pytest.mark.parametrize("policy", POLICIES.values(), ids=POLICIES.keys())
@pytest.mark.parametrize("hours", [0, 30, 24 * 20])
def test_table_equals_evaluate(policy: SlaPolicy, schedule: Schedule, hours: int):
    now = max(t.created_at for t in TICKETS) + dt.timedelta(hours=hours)
    out = evaluate_many(TABLE, policy=policy, schedule=schedule, now=now)
    expected = _expected(TICKETS, policy, schedule, now)
    for name, values in out.items():
        np.testing.assert_array_equal(values, expected[name], err_msg=name)


def test_table_records_are_the_tickets_it_evaluates():
    records = list(TABLE.records())
    out = evaluate_many(TABLE, policy=TIERED, schedule=OFFICE, now=NOW)
    for name, values in _expected(records, TIERED, OFFICE, NOW).items():
        if name in out:
            np.testing.assert_array_equal(out[name], values, err_msg=name)


def test_concatenated_tables():
    both = TABLE.concat(TABLE)
    out = evaluate_many(both, policy=TIERED, schedule=OFFICE, now=NOW)
    one = evaluate_many(TABLE, policy=TIERED, schedule=OFFICE, now=NOW)
    for name, values in one.items():
        np.testing.assert_array_equal(out[name], np.concatenate([values, values]), err_msg=name)


def test_unknown_channel_names_match_no_channel_rule():
    rows = [
        {"id": 1, "created_at": "2025-03-10T09:00:00+08:00", "channel": "carrier pigeon",
         "priority": "P1", "first_response_at": "2025-03-10T09:30:00+08:00"},
        {"id": 2, "created_at": "2025-03-10T09:00:00+08:00", "channel": "email",
         "priority": "P1", "first_response_at": "2025-03-10T09:30:00+08:00"},
    ]  # fmt: skip
    table = read_tickets(rows)
    assert table.channel.tolist() == ["carrier pigeon", "email"]
    now = dt.datetime(2025, 3, 10, 12, tzinfo=dt.UTC)
    policy = POLICIES["channels"]
    out = evaluate_many(table, policy=policy, schedule=OFFICE, now=now)
    assert out["channel"].tolist() == [-1, 2]
    assert out["first_response_rule"].tolist() == ["priority:P1", "channel:email"]
    created = dt.datetime(2025, 3, 10, 9, tzinfo=OFFICE.timezone)
    plain = Ticket(id="1", created_at=created, priority="P1", events=[
        {"kind": "agent_reply", "at": created + dt.timedelta(minutes=30)}])  # fmt: skip
    expected = _expected([plain], policy, OFFICE, now)
    for name in expected:
        if name.startswith(("first_response_", "resolution_")):
            np.testing.assert_array_equal(out[name][:1], expected[name], err_msg=name)


def test_unknown_channel_names_in_a_column_still_raise():
    created = np.array(["2025-03-10T01:00"], "M8[us]")
    with pytest.raises(InvalidInputError, match=r"^channel: expected one of"):
        evaluate_many(created, channel=np.array(["carrier pigeon"], dtype=object),
                      priority=[1], policy=TIERED, schedule=OFFICE, now=NOW)  # fmt: skip


@pytest.mark.parametrize(
    "keyword",
    ["first_response_at", "resolved_at", "pause_start", "pause_end", "priority", "channel",
     "complaint", "events"],
)  # fmt: skip
def test_table_with_column_keywords_is_refused(keyword: str):
    with pytest.raises(InvalidInputError, match=f"^{keyword}: expected nothing with a table"):
        evaluate_many(TABLE, policy=TIERED, schedule=OFFICE, now=NOW,
                      **{keyword: np.zeros(len(TABLE))})  # fmt: skip


def test_compliance_of_a_table():
    out = evaluate_many(TABLE, policy=TIERED, schedule=OFFICE, now=NOW)
    results = [evaluate(t, TIERED, OFFICE, now=NOW) for t in TICKETS]
    metrics = ("first_response", "resolution")
    for by in (None, "priority", "channel", "metric"):
        assert compliance(out, by=by) == compliance(results, by=by, metrics=metrics)


class _NotATable:
    def sla_columns(self) -> object:
        return {"created_at": TABLE.created_at}


def test_a_source_must_give_ticket_columns():
    with pytest.raises(InputTypeError, match=r"^created_at: expected sla_columns\(\) to give"):
        evaluate_many(_NotATable(), policy=TIERED, schedule=OFFICE, now=NOW)


def test_an_attribute_named_sla_columns_is_no_table():
    created = pd.DataFrame({"sla_columns": [1]})
    with pytest.raises(CsMetricsError) as info:
        evaluate_many(created, priority=[1], policy=TIERED, schedule=OFFICE, now=NOW)
    assert "sla_columns" not in str(info.value)
