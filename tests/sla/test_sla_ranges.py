"""Range checks: every arithmetic path is exact or raises our error, scalar and vector alike.

Instants come from inside and outside the supported years (1800-2399),
durations and targets from a microsecond up to the largest accepted and
beyond; the scalar call and the vectorized one must give the same answer or
both raise a ``CsMetricsError`` (never a wrapped int64, never an
``OverflowError``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from csmetrics.exceptions import CsMetricsError, InvalidInputError
from csmetrics.models import Ticket
from csmetrics.schedule import Schedule
from csmetrics.sla import EscalationLevel, SlaPolicy, SlaTarget, evaluate, results_to_columns

from .sla_helpers import evaluate_columns

EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
US = dt.timedelta(microseconds=1)
DAY_US = 86_400_000_000
MAX_TARGET_US = 10**9 * 60_000_000  # 1,000,000,000 minutes
SCHEDULES = (
    Schedule({"mon-fri": "09:00-12:00,13:00-18:00"}, timezone="Asia/Shanghai"),
    Schedule.always("Europe/Berlin"),
    Schedule({"sat": "10:00-11:00"}, timezone="America/New_York", holidays="US"),
)


def _at(us: int) -> dt.datetime:
    return EPOCH + dt.timedelta(microseconds=us)


def _us(t: dt.datetime) -> int:
    return (t - EPOCH) // US


# Instants from 1700 to 2500: in the supported years mostly, beyond them often.
instants = st.one_of(
    st.integers(
        _us(dt.datetime(1800, 1, 2, tzinfo=dt.UTC)), _us(dt.datetime(2399, 12, 30, tzinfo=dt.UTC))
    ),
    st.integers(
        _us(dt.datetime(1700, 1, 1, tzinfo=dt.UTC)), _us(dt.datetime(2500, 1, 1, tzinfo=dt.UTC))
    ),
    st.sampled_from([_us(dt.datetime(2025, 3, 10, 1, tzinfo=dt.UTC))]),
)
# Durations up to the largest timedelta, both signs.
durations = st.one_of(
    st.integers(-30 * DAY_US, 30 * DAY_US),
    st.integers(-(2**63), 2**63),
    st.integers(dt.timedelta.min // US, dt.timedelta.max // US),
)


def _outcome(action: Any) -> Any:
    try:
        return action()
    except CsMetricsError as exc:
        return CsMetricsError, type(exc)


def _same(scalar: Any, vector: Any) -> None:
    if isinstance(scalar, tuple) or isinstance(vector, tuple):
        assert isinstance(scalar, tuple), (scalar, vector)
        assert isinstance(vector, tuple), (scalar, vector)
    else:
        assert scalar == vector


@given(st.sampled_from(SCHEDULES), instants, durations)
def test_add_and_add_many_agree_or_both_raise(schedule: Schedule, start: int, d: int) -> None:
    fits = dt.timedelta.min // US <= d <= dt.timedelta.max // US
    duration = dt.timedelta(microseconds=d) if fits else None
    if duration is None:
        return
    scalar = _outcome(lambda: _us(schedule.add(_at(start), duration)))
    vector = _outcome(
        lambda: int(
            schedule.add_many(np.array([start], "datetime64[us]"), duration)[0].astype(np.int64)
        )
    )
    _same(scalar, vector)
    if -(2**63) < d < 2**63:  # the same duration as a timedelta64 array
        array = np.array([d], dtype="timedelta64[us]")
        again = _outcome(
            lambda: int(
                schedule.add_many(np.array([start], "datetime64[us]"), array)[0].astype(np.int64)
            )
        )
        _same(scalar, again)


@given(st.sampled_from(SCHEDULES), instants, instants)
def test_between_and_between_many_agree_or_both_raise(schedule: Schedule, a: int, b: int) -> None:
    scalar = _outcome(lambda: schedule.between(_at(a), _at(b)) // US)
    starts, ends = np.array([a], "datetime64[us]"), np.array([b], "datetime64[us]")
    vector = _outcome(lambda: int(schedule.between_many(starts, ends)[0].astype(np.int64)))
    _same(scalar, vector)


# --- evaluate and evaluate_many --------------------------------------------------------

targets = st.one_of(st.integers(1, 10 * DAY_US), st.integers(1, MAX_TARGET_US)).map(
    lambda us: dt.timedelta(microseconds=us)
)
clocks = st.sampled_from(["business", "calendar"])


@st.composite
def policies(draw: st.DrawFn) -> SlaPolicy:
    def target() -> dict[str, Any] | str:
        if draw(st.booleans()):
            return f"{draw(st.integers(1, 50 * 366))}wd"
        return {"within": draw(targets), "clock": draw(clocks)}

    ladder = sorted(draw(st.lists(st.integers(0, MAX_TARGET_US), max_size=2)))
    return SlaPolicy(
        priorities={"P1": {"first_response": target(), "resolution": target()}},
        escalation={
            "P1": [
                {"level": i + 1, "overdue": dt.timedelta(microseconds=us), "action": "x"}
                for i, us in enumerate(ladder)
            ]
        },
    )


offsets = st.one_of(st.integers(0, 10 * DAY_US), st.integers(0, 700 * 366 * DAY_US))


@st.composite
def tickets(draw: st.DrawFn) -> tuple[Ticket, dt.datetime]:
    created = draw(instants)
    steps = {kind: draw(st.none() | offsets) for kind in ("agent_reply", "pause", "resolved")}
    limit = _us(dt.datetime(9999, 1, 1, tzinfo=dt.UTC))
    events = [{"kind": kind, "at": _at(min(created + m, limit))}
              for kind, m in steps.items() if m is not None]  # fmt: skip
    if steps["pause"] is not None and draw(st.booleans()):
        events.append(
            {"kind": "resume", "at": _at(min(created + steps["pause"] + draw(offsets), limit))}
        )
    events.sort(key=lambda event: event["at"])
    now = _at(min(created + draw(offsets), limit))
    return Ticket(id="R", created_at=_at(created), priority="P1", events=events), now


@given(tickets(), policies(), st.sampled_from(SCHEDULES))
def test_evaluate_and_evaluate_many_agree_or_both_raise(
    case: tuple[Ticket, dt.datetime], policy: SlaPolicy, schedule: Schedule
) -> None:
    ticket, now = case
    scalar = _outcome(lambda: results_to_columns([evaluate(ticket, policy, schedule, now=now)]))
    vector = _outcome(lambda: evaluate_columns([ticket], policy, schedule, now))
    if isinstance(scalar, tuple) or isinstance(vector, tuple):
        _same(scalar, vector)
        return
    for metric in ("first_response", "resolution"):
        for key in ("target", "elapsed", "paused", "deadline", "remaining", "overdue", "breached",
                    "stopped", "escalation_level"):  # fmt: skip
            name = f"{metric}_{key}"
            np.testing.assert_array_equal(vector[name], scalar[name], err_msg=name)


# --- the known cases -------------------------------------------------------------------

SHANGHAI = SCHEDULES[0]
CREATED = dt.datetime(2025, 3, 10, 9, 0, tzinfo=SHANGHAI.timezone)


def test_a_working_day_target_on_the_first_supported_day() -> None:
    # Local midnight of 1800-01-02 in Shanghai (+08:05:43) lies before the supported range.
    first = dt.datetime(1800, 1, 2, 15, 54, 16, 999999, tzinfo=dt.UTC)
    ticket = Ticket(id="F", created_at=first, priority="P1")
    policy = SlaPolicy(priorities={"P1": {"first_response": {"working_days": 1}}})
    scalar = results_to_columns([evaluate(ticket, policy, SHANGHAI, now=first)])
    vector = evaluate_columns([ticket], policy, SHANGHAI, first)
    np.testing.assert_array_equal(vector["first_response_deadline"],
                                  scalar["first_response_deadline"])  # fmt: skip


def test_now_in_9999_is_refused_whether_the_ticket_is_open_or_stopped() -> None:
    policy = SlaPolicy(priorities={"P1": {"first_response": "15m", "resolution": "2h"}})
    resolved = [{"kind": "resolved", "at": CREATED + dt.timedelta(hours=1)}]
    stopped = Ticket(id="S", created_at=CREATED, priority="P1", events=resolved)
    opened = Ticket(id="O", created_at=CREATED, priority="P1")
    far = dt.datetime(9999, 12, 31, tzinfo=dt.UTC)
    for ticket in (stopped, opened):
        with pytest.raises(InvalidInputError, match=r"now: expected instants in the years"):
            evaluate(ticket, policy, SHANGHAI, now=far)
        with pytest.raises(InvalidInputError, match=r"now: expected instants in the years"):
            evaluate_columns([ticket], policy, SHANGHAI, far)


@pytest.mark.parametrize(
    "target",
    [
        dt.timedelta.max,
        {"within": dt.timedelta(days=10**6), "clock": "calendar"},
        "2000000d",
        "18301wd",
        {"working_days": 10**100},
    ],
)
def test_targets_beyond_1900_years_are_refused_when_built(target: Any) -> None:
    with pytest.raises(ValidationError, match=r"1,000,000,000 minutes|less than or equal|18,300"):
        SlaTarget.model_validate(target)


@pytest.mark.parametrize("overdue", [1e300, float("nan"), dt.timedelta.max, -1])
def test_escalation_thresholds_beyond_1900_years_are_refused_when_built(overdue: Any) -> None:
    with pytest.raises(ValidationError):
        EscalationLevel(level=1, overdue=overdue, action="x")


def test_the_largest_calendar_target_gives_the_same_deadline_both_ways() -> None:
    longest = {"within": dt.timedelta(minutes=10**9), "clock": "calendar"}
    policy = SlaPolicy(priorities={"P1": {"first_response": longest}})
    ticket = Ticket(id="C", created_at=CREATED, priority="P1")
    now = CREATED + dt.timedelta(hours=1)
    status = evaluate(ticket, policy, SHANGHAI, now=now).first_response
    assert status is not None
    assert status.deadline == CREATED + dt.timedelta(minutes=10**9)  # year 3926
    out = evaluate_columns([ticket], policy, SHANGHAI, now)
    assert out["first_response_deadline"][0] == np.datetime64(
        status.deadline.astimezone(dt.UTC).replace(tzinfo=None), "us"
    )


def test_durations_beyond_146000_years_are_refused_both_ways() -> None:
    start = CREATED
    with pytest.raises(InvalidInputError, match="durations within"):
        SHANGHAI.add(start, dt.timedelta.max)
    with pytest.raises(InvalidInputError, match="durations within"):
        SHANGHAI.add_many(np.array(["2025-03-10"], "datetime64[D]"), dt.timedelta.max)
    with pytest.raises(InvalidInputError, match="durations within"):
        SHANGHAI.add_many(
            np.array(["2025-03-10"], "datetime64[D]"), np.array([2**62], "timedelta64[s]")
        )


def test_instants_of_a_multiple_nanosecond_unit_are_exact() -> None:
    tens = np.array(["2025-03-10T01:00:00.000001"], "datetime64[ns]").astype("datetime64[10ns]")
    assert SHANGHAI.between_many(tens, tens + np.timedelta64(1, "h")).tolist() == [
        dt.timedelta(hours=1)
    ]
