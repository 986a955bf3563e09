"""Rates from tickets and SLA results, time statistics, slow categories."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from csmetrics.exceptions import InputTypeError, InvalidInputError, UndefinedMetricWarning
from csmetrics.models import Priority, Ticket
from csmetrics.schedule import Schedule
from csmetrics.scoring import (
    complaint_close_rate,
    first_contact_resolution_rate,
    first_response_times,
    on_time_rate,
    reopen_rate,
    repeat_contact_rate,
    resolution_rate,
    resolution_times,
    slow_categories,
    time_stats,
    within_target_rate,
)
from csmetrics.sla import compliance, evaluate
from csmetrics.sla_policy import SlaPolicy

T0 = dt.datetime(2025, 3, 3, 9, 0, tzinfo=dt.UTC)


def ticket(name: str, *kinds: str, complaint: bool = False, step: int = 10) -> Ticket:
    events = [
        {"kind": kind, "at": T0 + dt.timedelta(minutes=step * (i + 1))}
        for i, kind in enumerate(kinds)
    ]
    return Ticket(id=name, created_at=T0, events=events, complaint=complaint)  # type: ignore[arg-type]


TICKETS = [
    ticket("1", "agent_reply", "resolved"),  # first contact
    ticket("2", "agent_reply", "customer_reply", "agent_reply", "resolved"),  # repeat contact
    ticket("3", "agent_reply", "resolved", "reopened", "agent_reply", "resolved"),  # reopened
    ticket("4", "agent_reply"),  # open
    ticket("5"),  # new, no reply
    ticket("6", "resolved", "closed", complaint=True),
    ticket("7", "agent_reply", "resolved", "reopened", complaint=True),
]


def test_first_contact_resolution() -> None:
    r = first_contact_resolution_rate(TICKETS)
    # resolved tickets: 1, 2, 3, 6, 7; on first contact: 1 and 6 (no reply needed)
    assert (r.value, r.n, r.missing) == (2 / 5, 5, 2)


def test_resolution_rate() -> None:
    r = resolution_rate(TICKETS)
    assert (r.value, r.n) == (4 / 7, 7)  # 1, 2, 3, 6 are done; 7 was reopened


def test_reopen_rate() -> None:
    r = reopen_rate(TICKETS)
    assert (r.value, r.n, r.missing) == (2 / 5, 5, 2)


def test_repeat_contact_rate() -> None:
    r = repeat_contact_rate(TICKETS)
    # answered: 1, 2, 3, 4, 7; the customer wrote again in 2 only
    assert (r.value, r.n, r.missing) == (1 / 5, 5, 2)


def test_complaint_close_rate() -> None:
    r = complaint_close_rate(TICKETS)
    assert (r.value, r.n) == (1 / 2, 2)


def test_rates_as_of_now() -> None:
    now = T0 + dt.timedelta(minutes=25)  # before ticket 3 is reopened (at 30 min)
    assert reopen_rate(TICKETS, now=now).value == 0.0
    # done by then: 1, 3, 6, 7 (2 resolves at 40 min; 4 and 5 never)
    assert resolution_rate(TICKETS, now=now).value == pytest.approx(4 / 7)


@dataclass(frozen=True)
class Status:
    breached: bool
    stopped_at: dt.datetime | None


@dataclass(frozen=True)
class Sla:
    first_response: Status | None
    resolution: Status | None = None


def test_on_time_rate_from_sla_results() -> None:
    slas = [
        Sla(Status(breached=False, stopped_at=T0)),
        Sla(Status(breached=True, stopped_at=T0)),
        Sla(Status(breached=True, stopped_at=None)),  # running but already late
        Sla(Status(breached=False, stopped_at=None)),  # running, undecided
        Sla(None),  # no target
    ]
    r = on_time_rate(slas)
    assert (r.value, r.n, r.missing) == (1 / 3, 3, 2)
    with pytest.warns(UndefinedMetricWarning):
        assert math.isnan(on_time_rate(slas, metric="resolution").value)


def test_on_time_rate_from_breached_flags() -> None:
    r = on_time_rate([False] * 19 + [True])
    assert r.value == pytest.approx(19 / 20)
    assert on_time_rate(np.array([True, False])).value == 0.5


@pytest.mark.parametrize(
    "durations",
    [
        [dt.timedelta(minutes=m) for m in (12, 25, 31, 80)] + [None],
        np.array([12, 25, 31, 80, "NaT"], dtype="timedelta64[m]"),
        pd.Series(pd.to_timedelta([12, 25, 31, 80, None], unit="min")),
        [12, 25, 31, 80, float("nan")],
    ],
)
def test_within_target_rate(durations: object) -> None:
    r = within_target_rate(durations, dt.timedelta(minutes=30))
    assert (r.value, r.n, r.missing) == (2 / 4, 4, 1)


def test_ticket_times_and_stats() -> None:
    times = first_response_times(TICKETS)
    assert times.dtype == np.dtype("timedelta64[us]")
    assert times[0] == np.timedelta64(10, "m")
    assert np.isnat(times[4])
    s = time_stats(resolution_times(TICKETS), unit="minutes")
    # last resolution: 20, 40, 50, NaT, NaT, 10 (closed later), 20 (7 is reopened after it)
    values = [20, 40, 50, 10, 20]
    assert (s.n, s.missing) == (5, 2)
    assert s.mean == pytest.approx(sum(values) / 5)
    assert s.median == pytest.approx(20.0)
    assert s.p90 == pytest.approx(float(np.percentile(values, 90)))


def test_time_stats_units_and_empty() -> None:
    s = time_stats([dt.timedelta(hours=1), dt.timedelta(hours=3)], unit="hours")
    assert (s.mean, s.unit) == (2.0, "hours")
    with pytest.warns(UndefinedMetricWarning):
        empty = time_stats([None])
    assert empty.n == 0
    assert math.isnan(empty.mean)


def test_slow_categories() -> None:
    cats = ["物流配送", "物流配送", "账单争议", "产品质量", "产品质量"]
    hours = [dt.timedelta(hours=h) for h in (50, 70)] + [dt.timedelta(hours=10)]
    hours += [dt.timedelta(hours=49), None]
    assert slow_categories(cats, hours) == (("物流配送", (50 + 70) / 2), ("产品质量", 49.0))
    assert slow_categories(cats, [1, 2, 3, 4, 5], bound=2) == (("产品质量", 4.5), ("账单争议", 3.0))
    only_missing = ["物流配送", "账单争议", "物流配送"]
    assert slow_categories(only_missing, [None, None, 60.0]) == (("物流配送", 60.0),)


@given(
    st.lists(
        st.tuples(st.sampled_from(["物流", "账单", "质量", None]), st.none() | st.integers(0, 99)),
        max_size=30,
    ),
    st.integers(0, 99),
)
def test_slow_categories_are_the_categories_with_a_mean_over_the_bound(
    rows: list[tuple[str | None, int | None]], bound: int
) -> None:
    kept: dict[str | None, list[int]] = {}
    for label, hours in rows:
        if hours is not None:
            kept.setdefault(label, []).append(hours)
    expected = {label: sum(v) / len(v) for label, v in kept.items() if sum(v) / len(v) > bound}
    got = slow_categories([r[0] for r in rows], [r[1] for r in rows], bound=bound)
    assert dict(got) == pytest.approx(expected)
    assert [mean for _, mean in got] == sorted((mean for _, mean in got), reverse=True)


@pytest.mark.parametrize(
    ("call", "error"),
    [
        (lambda: time_stats([1], unit="weeks"), InvalidInputError),  # type: ignore[arg-type]
        (lambda: time_stats(["1h"]), InputTypeError),
        (lambda: time_stats(5), InputTypeError),
        (lambda: slow_categories(["a"], [1, 2]), InvalidInputError),
    ],
)
def test_time_errors(call: object, error: type[Exception]) -> None:
    with pytest.raises(error):
        call()  # type: ignore[operator]


def test_on_time_rate_with_real_sla_results() -> None:
    policy, always = SlaPolicy.preset("tiered"), Schedule.always()
    replies = [10, 20, 40, None]  # minutes to the first reply; P2 target is 30 minutes
    tickets = [
        Ticket(
            id=str(i),
            created_at=T0,
            priority="P2",  # type: ignore[arg-type]
            events=[]
            if m is None
            else [{"kind": "agent_reply", "at": T0 + dt.timedelta(minutes=m)}],  # type: ignore[list-item]
        )
        for i, m in enumerate(replies)
    ]
    early = [evaluate(t, policy, always, now=T0 + dt.timedelta(minutes=25)) for t in tickets]
    late = [evaluate(t, policy, always, now=T0 + dt.timedelta(minutes=60)) for t in tickets]
    assert (on_time_rate(early).value, on_time_rate(early).missing) == (2 / 2, 2)
    assert (on_time_rate(late).value, on_time_rate(late).n) == (2 / 4, 4)


@pytest.mark.parametrize(
    ("kinds", "fcr", "repeat"),
    [
        # same-instant events apply in list order
        (("agent_reply", "customer_reply", "resolved"), True, True),
        (("customer_reply", "agent_reply", "resolved"), True, False),
        (("resolved", "agent_reply"), True, False),  # no reply before the resolution
        (("agent_reply", "agent_reply", "closed"), False, False),
    ],
)
def test_rates_read_same_instant_events_in_list_order(
    kinds: tuple[str, ...], fcr: bool, repeat: bool
) -> None:
    t = ticket("tie", *kinds, step=0)
    assert first_contact_resolution_rate([t]).value == float(fcr)
    assert repeat_contact_rate([t]).value == float(repeat)


def test_rates_need_an_aware_now() -> None:
    with pytest.raises(InvalidInputError, match="now: expected a timezone-aware"):
        resolution_rate(TICKETS, now=dt.datetime(2025, 3, 3, 10))


def test_on_time_rate_is_the_share_met_of_compliance() -> None:
    policy, always = SlaPolicy.preset("tiered"), Schedule.always()
    tickets = [t.model_copy(update={"priority": Priority.P1}) for t in TICKETS]
    for minutes in (12, 25, 60, 200):
        now = T0 + dt.timedelta(minutes=minutes)
        results = [evaluate(t, policy, always, now=now) for t in tickets]
        row = compliance(results, metrics=("first_response",))["all"]
        rate = on_time_rate(results)
        assert (rate.n, rate.missing) == (row.decided, row.pending)
        assert rate.successes == row.met


def test_within_target_rate_without_a_target_raises() -> None:
    # it used to count every duration late (0.0): a plausible but wrong number
    with pytest.raises(InvalidInputError, match="target: expected a duration"):
        within_target_rate([12, None], None)  # type: ignore[arg-type]
