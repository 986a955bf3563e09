"""Compliance per period and grouping, SlaColumns / ComplianceTable frames, TicketSla JSON."""

from __future__ import annotations

import datetime as dt
import json
import sys
import warnings
import zoneinfo

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from csmetrics.exceptions import (
    CsMetricsError,
    InputTypeError,
    InvalidInputError,
    UndefinedMetricWarning,
)
from csmetrics.io import read_tickets
from csmetrics.models import Ticket
from csmetrics.schedule import Schedule
from csmetrics.sla import (
    ComplianceRow,
    ComplianceTable,
    SlaColumns,
    SlaPolicy,
    TicketSla,
    compliance,
    evaluate,
    evaluate_many,
)

from .test_sla_properties import POLICY, SCHEDULES, tickets

SH = zoneinfo.ZoneInfo("Asia/Shanghai")
NY = zoneinfo.ZoneInfo("America/New_York")
TIERED = SlaPolicy.preset("tiered")
ALWAYS = Schedule.always("Asia/Shanghai")


def _utc(*stamps: str) -> np.ndarray:
    return np.array(stamps, dtype="datetime64[m]")


def _flags(breached: list[bool], priority: list[int]) -> dict[str, np.ndarray]:
    n = len(breached)
    return {
        "priority": np.array(priority, dtype=np.int8),
        "first_response_has_target": np.ones(n, bool),
        "first_response_breached": np.array(breached),
        "first_response_stopped": np.ones(n, bool),
    }


# Each row: created (UTC), the zone, the period, the expected period label.
PERIOD_CASES = [
    ("2025-03-09T15:59", SH, "week", "2025-03-03"),  # Sunday 23:59 in Shanghai
    ("2025-03-09T16:00", SH, "week", "2025-03-10"),  # Monday 00:00 in Shanghai
    ("2025-03-09T16:00", dt.UTC, "week", "2025-03-03"),  # still Sunday in UTC
    ("2025-03-31T16:00", SH, "month", "2025-04-01"),
    ("2025-03-31T15:59", SH, "day", "2025-03-31"),
    ("2025-03-10T04:30", NY, "week", "2025-03-10"),  # Monday 00:30 EDT, after the DST jump
    ("2025-03-10T03:59", NY, "week", "2025-03-03"),  # Sunday 23:59 EDT
    ("2025-11-03T04:59", NY, "week", "2025-10-27"),  # Sunday 23:59 EST
]


@pytest.mark.parametrize(("created", "zone", "period", "label"), PERIOD_CASES)
def test_a_ticket_belongs_to_the_period_of_its_creation_in_the_reporting_zone(
    created: str, zone: dt.tzinfo, period: str, label: str
) -> None:
    table = compliance(_flags([False], [1]), by=period, timezone=zone, created_at=_utc(created))
    assert list(table) == [label]


def test_weeks_and_priorities_together_key_by_tuples_in_time_then_priority_order() -> None:
    cols = _flags([False, True, False, True], [2, 1, 1, 1])
    created = _utc("2025-03-10T01:00", "2025-03-10T02:00", "2025-03-02T01:00", "2025-03-03T01:00")
    table = compliance(cols, by=("week", "priority"), created_at=created)
    assert list(table.items()) == [
        (("2025-02-24", "P1"), ComplianceRow(met=1)),
        (("2025-03-03", "P1"), ComplianceRow(breached=1)),
        (("2025-03-10", "P1"), ComplianceRow(breached=1)),
        (("2025-03-10", "P2"), ComplianceRow(met=1)),
    ]
    assert table.by == ("week", "priority")


def test_evaluate_many_carries_created_at_so_periods_need_no_argument() -> None:
    created = pd.Series(
        pd.to_datetime(["2025-03-09T15:00Z", "2025-03-09T17:00Z"]), index=["t1", "t2"]
    )
    out = evaluate_many(
        created,
        priority=np.array([1, 1]),
        policy=TIERED,
        schedule=ALWAYS,
        now=dt.datetime(2025, 3, 9, 17, 10, tzinfo=dt.UTC),
    )
    assert isinstance(out, SlaColumns)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UndefinedMetricWarning)  # the pending week
        table = compliance(out, by="week", timezone="Asia/Shanghai", metrics=["first_response"])
    assert table == {
        "2025-03-03": ComplianceRow(breached=1),
        "2025-03-10": ComplianceRow(pending=1),
    }
    frame = out.to_frame()
    assert list(frame.index) == ["t1", "t2"]  # the caller's index is kept
    assert frame["created_at"].iloc[1] == pd.Timestamp("2025-03-09T17:00Z")
    assert frame["first_response_breached"].tolist() == [True, False]


def test_a_list_of_results_needs_created_at_for_periods() -> None:
    t0 = dt.datetime(2025, 3, 10, 9, tzinfo=dt.UTC)
    results = [evaluate(Ticket(id="a", created_at=t0, priority="P1"), TIERED, ALWAYS, now=t0)]
    with pytest.raises(InvalidInputError, match="created_at"):
        compliance(results, by="week")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UndefinedMetricWarning)
        table = compliance(results, by="week", created_at=[t0], metrics=["first_response"])
    assert table == {"2025-03-10": ComplianceRow(pending=1)}


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"by": "year"}, InvalidInputError),
        ({"by": ("week", "month")}, InvalidInputError),
        ({"by": ("priority", "priority")}, InvalidInputError),
        ({"by": ()}, InputTypeError),
        ({"by": 7}, InputTypeError),
        ({"by": "week", "created_at": _utc("2025-03-10T00:00")}, InvalidInputError),  # 1 of 2
        ({"by": "week", "created_at": ["2025-03-10"]}, CsMetricsError),
        ({"by": "week", "timezone": "Mars/Olympus"}, CsMetricsError),
    ],
)
def test_wrong_groupings_raise_our_errors(kwargs: dict[str, object], error: type) -> None:
    with pytest.raises(error):
        compliance(_flags([False, True], [1, 1]), **kwargs)  # type: ignore[arg-type]


def test_compliance_table_frame_has_period_starts_in_the_zone_and_nan_when_undecided() -> None:
    cols = _flags([False, True], [1, 2])
    cols["first_response_stopped"] = np.array([True, False])
    cols["first_response_breached"] = np.array([False, False])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UndefinedMetricWarning)
        table = compliance(
            cols, by=("week", "priority"), timezone="America/New_York",
            created_at=_utc("2025-03-10T12:00", "2025-03-10T12:00"),
        )  # fmt: skip
    frame = table.to_frame()
    assert list(frame.index.names) == ["week", "priority"]
    assert frame.index[0][0] == pd.Timestamp("2025-03-10T00:00", tz="America/New_York")
    assert frame.loc[frame.index[0], "share_met"] == 1.0
    assert np.isnan(frame["share_met"].iloc[1])
    assert frame["pending"].tolist() == [0, 1]


def test_a_plain_table_frame_is_indexed_by_its_grouping() -> None:
    frame = compliance(_flags([False, True], [1, 2]), by="priority").to_frame()
    assert list(frame.index) == ["P1", "P2"]
    assert frame.index.name == "priority"
    assert frame["share_met"].tolist() == [1.0, 0.0]


def test_frames_without_pandas_name_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    table = ComplianceTable({"all": ComplianceRow(met=1)})
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(ImportError, match=r"csmetrics\[pandas\]"):
        table.to_frame()
    with pytest.raises(ImportError, match=r"csmetrics\[pandas\]"):
        SlaColumns({"x_breached": np.array([True])}).to_frame()


@given(
    st.lists(
        st.tuples(st.integers(0, 60 * 24 * 90), st.integers(1, 3), st.booleans(), st.booleans()),
        min_size=1,
        max_size=40,
    ),
    st.sampled_from(["day", "week", "month"]),
    st.sampled_from(["UTC", "Asia/Shanghai", "America/New_York", "Asia/Kolkata"]),
)
def test_periods_partition_the_tickets(
    rows: list[tuple[int, int, bool, bool]], period: str, zone: str
) -> None:
    """Per period, rows add up to the whole; per period and priority, to per priority."""
    start = np.datetime64("2025-01-01T00:00", "m")
    created = np.array([start + m for m, *_ in rows], dtype="datetime64[m]")
    cols = _flags([b for *_, b, _ in rows], [p for _, p, *_ in rows])
    cols["first_response_stopped"] = np.array([s for *_, s in rows])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UndefinedMetricWarning)
        whole = compliance(cols)["all"]
        by_period = compliance(cols, by=period, timezone=zone, created_at=created)
        by_priority = compliance(cols, by="priority")
        both = compliance(cols, by=(period, "priority"), timezone=zone, created_at=created)
    assert sum(by_period.values(), ComplianceRow()) == whole
    for name, row in by_priority.items():
        assert sum((r for (_, p), r in both.items() if p == name), ComplianceRow()) == row
    tz = zoneinfo.ZoneInfo(zone)
    expected: dict[str, ComplianceRow] = {}
    for (minute, _, late, done), at in zip(rows, created.tolist(), strict=True):
        day = at.replace(tzinfo=dt.UTC).astimezone(tz).date()
        first = {
            "day": day,
            "week": day - dt.timedelta(days=day.weekday()),
            "month": day.replace(day=1),
        }[period]
        row = ComplianceRow(met=int(done and not late), breached=int(late),
                            pending=int(not done and not late))  # fmt: skip
        expected[first.isoformat()] = expected.get(first.isoformat(), ComplianceRow()) + row
        assert minute >= 0
    assert by_period == expected
    assert list(by_period) == sorted(expected)


# JSON of one ticket -----------------------------------------------------------------------

SLA_FIELDS = [
    "ticket_id", "as_of", "priority", "channel", "first_response", "resolution",
    "next_reply", "survey", "revisit", "next_check_at", "overdue_reasons",
]  # fmt: skip
STATUS_FIELDS = [
    "metric", "target", "clock", "rule", "state", "started_at", "deadline", "stopped_at",
    "stopped_by", "elapsed", "paused", "remaining", "breached", "overdue", "escalation",
    "window_opens_at", "early", "cycles",
]  # fmt: skip


def test_ticket_sla_json_has_stable_names_iso_instants_and_durations() -> None:
    t0 = dt.datetime(2025, 3, 10, 9, 0, tzinfo=dt.UTC)
    ticket = Ticket(id="20250310001", created_at=t0, priority="P1", channel="email")
    sla = evaluate(
        ticket, TIERED, Schedule.always("Asia/Shanghai"), now=t0 + dt.timedelta(minutes=40)
    )
    data = json.loads(sla.to_json())
    assert list(data) == SLA_FIELDS
    assert list(data["first_response"]) == STATUS_FIELDS
    assert data["as_of"] == "2025-03-10T17:40:00+08:00"
    assert data["priority"] == "P1"
    assert data["channel"] == "email"
    assert data["first_response"]["remaining"] == "-PT25M"
    assert data["first_response"]["escalation"]["level"] == 1
    assert data["first_response"]["escalation"]["overdue_threshold"] == "PT15M"
    assert data["next_reply"] is None
    assert data["next_check_at"] == "2025-03-10T18:15:00+08:00"
    assert sla.to_dict() == data


@given(tickets(), st.sampled_from(SCHEDULES), st.integers(0, 60 * 24 * 12))
def test_ticket_sla_json_round_trips(ticket: Ticket, schedule: Schedule, extra: int) -> None:
    now = max([ticket.created_at, *(e.at for e in ticket.events)]) + dt.timedelta(minutes=extra)
    sla = evaluate(ticket, POLICY, schedule, now=now)
    text = sla.to_json()
    again = TicketSla.from_json(text)
    assert again == sla
    assert again.to_json() == text
    assert TicketSla.from_json(sla.to_dict()) == sla


@pytest.mark.parametrize(
    "data",
    [
        "not json",
        "[1, 2]",
        '{"ticket_id": "a"}',
        '{"ticket_id": "a", "bogus": 1}',
        42,
        "[" * 100_000,  # deeply nested
        "x" * 70_000,  # longer than any TicketSla
    ],
)
def test_reading_other_json_raises_our_errors(data: object) -> None:
    with pytest.raises(CsMetricsError) as caught:
        TicketSla.from_json(data)  # type: ignore[arg-type]
    assert "not json" not in str(caught.value)


def test_a_table_read_from_a_dataframe_keeps_its_index_in_the_frame() -> None:
    frame = pd.DataFrame(
        {"id": [1, 2], "created_at": ["2025-03-10T09:00Z", "2025-03-10T10:00Z"],
         "priority": ["P1", "P2"]},
        index=pd.Index(["x", "y"], name="ref"),
    )  # fmt: skip
    out = evaluate_many(read_tickets(frame), policy=TIERED, schedule=ALWAYS,
                        now=dt.datetime(2025, 3, 10, 12, tzinfo=dt.UTC))  # fmt: skip
    result = out.to_frame()
    assert list(result.index) == ["x", "y"]
    assert result.index.name == "ref"
    assert result["first_response_breached"].tolist() == [True, True]


@pytest.mark.parametrize(
    ("path", "value"),
    [
        (("ticket_id",), 5),
        (("first_response", "breached"), "yes"),
        (("first_response", "cycles"), True),
        (("first_response", "state"), "sleeping"),
        (("first_response", "metric"), "lunch"),
        (("first_response", "escalation", "level"), "1"),
        (("first_response", "target"), "fifteen minutes"),
        (("as_of",), "2025-03-10T17:40:00"),  # naive
        (("overdue_reasons",), "busy line"),
        (("priority",), "P9"),
    ],
)
def test_a_wrong_field_is_refused(path: tuple[str, ...], value: object) -> None:
    """Never a TicketSla holding a wrong type: each field is checked as it is read."""
    t0 = dt.datetime(2025, 3, 10, 9, 0, tzinfo=dt.UTC)
    sla = evaluate(Ticket(id="T", created_at=t0, priority="P1"), TIERED, ALWAYS,
                   now=t0 + dt.timedelta(minutes=40))  # fmt: skip
    data = sla.to_dict()
    assert TicketSla.from_json(data) == sla
    holder = data
    for key in path[:-1]:
        holder = holder[key]
    holder[path[-1]] = value
    with pytest.raises(CsMetricsError):
        TicketSla.from_json(data)
