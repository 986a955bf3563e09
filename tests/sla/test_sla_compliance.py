"""SLA compliance: met / breached / pending counts per priority, channel and metric."""

from __future__ import annotations

import datetime as dt
import warnings
from types import SimpleNamespace

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from csmetrics._models.outcomes import (
    OutcomeCounts,
    count_flags,
    count_outcomes,
    outcome_flags,
    status_flags,
)
from csmetrics.exceptions import InvalidInputError, UndefinedMetricWarning
from csmetrics.models import Ticket
from csmetrics.schedule import Schedule
from csmetrics.sla import (
    ComplianceRow,
    SlaPolicy,
    compliance,
    evaluate,
)

from .sla_helpers import evaluate_columns

ALWAYS = Schedule.always("Asia/Shanghai")
TIERED = SlaPolicy.preset("tiered")
T0 = dt.datetime(2025, 3, 10, 9, 0, tzinfo=dt.UTC)
NOW = T0 + dt.timedelta(hours=3)


def ticket(
    key: str, priority: str, channel: str, reply: int | None, resolved: int | None
) -> Ticket:
    events = []
    if reply is not None:
        events.append({"kind": "agent_reply", "at": T0 + dt.timedelta(minutes=reply)})
    if resolved is not None:
        events.append({"kind": "resolved", "at": T0 + dt.timedelta(minutes=resolved)})
    return Ticket(id=key, created_at=T0, priority=priority, channel=channel, events=events)


TICKETS = [
    ticket("a", "P1", "chat", 10, 60),  # fr met, resolution met
    ticket("b", "P1", "chat", 20, 150),  # fr breached, resolution breached
    ticket("c", "P2", "email", 30, None),  # fr met (at the deadline), resolution pending
    ticket("d", "P3", "email", None, None),  # fr breached (running, 3 h > 1 h), resolution pending
    ticket("e", "P3", "phone", None, 30),  # fr met at resolution, resolution met
]
RESULTS = [evaluate(t, TIERED, ALWAYS, now=NOW) for t in TICKETS]


@pytest.mark.parametrize(
    ("by", "metrics", "expected"),
    [
        (None, ("first_response",), {"all": (3, 2, 0)}),
        (None, ("first_response", "resolution"), {"all": (5, 3, 2)}),
        ("priority", ("first_response",), {"P1": (1, 1, 0), "P2": (1, 0, 0), "P3": (1, 1, 0)}),
        (
            "priority",
            ("first_response", "resolution"),
            {"P1": (2, 2, 0), "P2": (1, 0, 1), "P3": (2, 1, 1)},
        ),
        (
            "channel",
            ("first_response",),
            {"chat": (1, 1, 0), "phone": (1, 0, 0), "email": (1, 1, 0)},
        ),
        (
            "metric",
            ("first_response", "resolution"),
            {"first_response": (3, 2, 0), "resolution": (2, 1, 2)},
        ),
    ],
)
def test_compliance_counts(
    by: str | None, metrics: tuple[str, ...], expected: dict[str, tuple[int, int, int]]
):
    table = compliance(RESULTS, by=by, metrics=metrics)  # type: ignore[arg-type]
    assert {key: (r.met, r.breached, r.pending) for key, r in table.items()} == expected
    assert list(table) == list(expected)


def test_share_met_and_totals():
    row = compliance(RESULTS, metrics=("first_response",))["all"]
    assert (row.total, row.decided, row.share_met) == (5, 5, 0.6)


def test_compliance_on_evaluate_many_output_equals_results():
    out = evaluate_columns(TICKETS, TIERED, ALWAYS, NOW)
    for by in (None, "priority", "channel", "metric"):
        assert compliance(out, by=by) == compliance(  # type: ignore[arg-type]
            RESULTS,
            by=by,
            metrics=("first_response", "resolution"),  # type: ignore[arg-type]
        )


def test_undefined_share_warns():
    with pytest.warns(UndefinedMetricWarning, match="group"):
        table = compliance(RESULTS, by="priority", metrics=("survey",))
    assert table["P2"] == ComplianceRow(met=0, breached=0, pending=1)  # not resolved yet
    assert table["P2"].share_met is None


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [({"by": "agent"}, "by: expected"), ({"metrics": ("sla",)}, "metrics: expected")],
)
def test_bad_arguments(kwargs: dict[str, object], match: str):
    with pytest.raises(InvalidInputError, match=match):
        compliance(RESULTS, **kwargs)  # type: ignore[arg-type]


@given(
    st.lists(st.tuples(st.integers(1, 3), st.booleans(), st.booleans()), min_size=1, max_size=40)
)
def test_counts_add_up_and_do_not_depend_on_order(rows: list[tuple[int, bool, bool]]):
    cols = {
        "priority": np.array([r[0] for r in rows], np.int8),
        "first_response_has_target": np.ones(len(rows), bool),
        "first_response_breached": np.array([r[1] for r in rows]),
        "first_response_stopped": np.array([r[2] for r in rows]),
    }
    flipped = {key: value[::-1] for key, value in cols.items()}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UndefinedMetricWarning)
        table = compliance(cols, by="priority")
        again = compliance(flipped, by="priority")
    assert table == again
    assert sum(row.total for row in table.values()) == len(rows)
    for row in table.values():
        assert row.share_met is None or 0 <= row.share_met <= 1


# --- the one met / breached / pending counter ---------------------------------------------


def test_compliance_rows_are_outcome_counts():
    row = ComplianceRow(met=2, breached=1)
    assert isinstance(row, OutcomeCounts)
    assert row + ComplianceRow(pending=4) == ComplianceRow(met=2, breached=1, pending=4)
    assert repr(row) == "ComplianceRow(met=2, breached=1, pending=0)"


@pytest.mark.parametrize(
    ("breached", "stopped", "flag"),
    [(False, True, 1.0), (True, True, 0.0), (True, False, 0.0), (False, False, None)],
)
def test_the_outcome_rule(breached: bool, stopped: bool, flag: float | None):
    found = outcome_flags([breached], [stopped])[0]
    assert (np.isnan(found) and flag is None) or found == flag


@given(st.lists(st.tuples(st.booleans(), st.booleans()), max_size=30))
def test_counting_statuses_flags_or_columns_agree(pairs: list[tuple[bool, bool]]):
    breached = [b for b, _ in pairs]
    stopped = [s for _, s in pairs]
    statuses = [SimpleNamespace(breached=b, stopped_at=T0 if s else None) for b, s in pairs]
    by_columns = count_outcomes(breached, stopped, into=OutcomeCounts())
    by_statuses = count_flags(status_flags(statuses), into=OutcomeCounts())
    assert by_columns == by_statuses
    assert by_columns.met == sum(s and not b for b, s in pairs)
    assert by_columns.breached == sum(breached)
    assert by_columns.total == len(pairs)


def test_compliance_counts_what_the_statuses_say():
    for metric in ("first_response", "resolution"):
        table = compliance(RESULTS, metrics=(metric,))
        statuses = [getattr(r, metric) for r in RESULTS]
        assert table["all"] == ComplianceRow(
            met=sum(s.met for s in statuses),
            breached=sum(s.breached for s in statuses),
            pending=sum(s.pending for s in statuses),
        )
