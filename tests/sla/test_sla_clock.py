"""The metric clocks in microseconds equal the schedule's datetime methods; result builders."""

from __future__ import annotations

import datetime as dt
import pickle
from collections.abc import Iterator, Sequence

import pytest
from dateutil import tz as dateutil_tz
from hypothesis import given
from hypothesis import strategies as st

from csmetrics._core.instants import from_us, to_us
from csmetrics._sla.clock import (
    CALENDAR,
    NO_PAUSES,
    BusinessClock,
    Interval,
    MetricClock,
    PauseIndex,
    measure,
)
from csmetrics._sla.results import new_metric_status, new_ticket_sla
from csmetrics.schedule import Schedule
from csmetrics.sla import Escalation, MetricStatus, TicketSla, evaluate

from .sla_helpers import MON, OFFICE, TIERED, H, make

SCHEDULES = (
    OFFICE,
    Schedule({"mon-fri": "08:00-17:00", "sat": "10:00-14:00"}, timezone="America/New_York"),
    Schedule({"mon-fri": "22:00-06:00"}, timezone="Europe/Berlin"),
)
HOUR_US = 3_600_000_000
instants = st.integers(0, 60 * 24 * 400).map(lambda m: MON + dt.timedelta(minutes=m))
durations = st.integers(-60 * 24 * 5, 60 * 24 * 30).map(lambda m: dt.timedelta(minutes=m))


@given(st.sampled_from(SCHEDULES), instants, instants, durations)
def test_business_clock_is_the_schedule_in_microseconds(
    schedule: Schedule, start: dt.datetime, end: dt.datetime, duration: dt.timedelta
):
    clock = BusinessClock(schedule)
    a, b, d = to_us(start, "start"), to_us(end, "end"), duration // dt.timedelta(microseconds=1)
    assert clock.between(a, b) == schedule.between(start, end) // dt.timedelta(microseconds=1)
    assert from_us(clock.add(a, d), dt.UTC) == schedule.add(start, duration)
    elapsed, due = schedule.between_and_add(start, end, duration)
    assert clock.between_and_add(a, b, d) == (clock.between(a, b), clock.add(a, d))
    assert (clock.between(a, b), from_us(clock.add(a, d), dt.UTC)) == (
        elapsed // dt.timedelta(microseconds=1),
        due,
    )


@pytest.mark.parametrize(
    ("spans", "pauses", "target", "expected"),
    [
        # 09:00-12:00 on the office clock: 3 h, the 2 h deadline at 11:00
        ([(0, 3)], [], 2, (3, 0, 2)),
        # paused 10:00-11:00: 2 h run, 1 h paused; the deadline moves to 12:00
        ([(0, 3)], [(1, 2)], 2, (2, 1, 3)),
        # two spans (a reopen): 09:00-10:00 and 11:00-12:00 make 2 h; due at 12:00
        ([(0, 1), (2, 3)], [], 2, (2, 0, 3)),
        # stopped early: where the deadline would be had the clock run on (past lunch)
        ([(0, 1)], [], 4, (1, 0, 5)),
    ],
)
def test_measure_on_the_office_clock(
    spans: list[tuple[int, int]],
    pauses: list[tuple[int, int]],
    target: int,
    expected: tuple[int, int, int],
):
    base = to_us(MON, "start")  # Monday 09:00 in Shanghai; lunch 12:00-13:00

    def hours(pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
        return [(base + a * HOUR_US, base + b * HOUR_US) for a, b in pairs]

    found = measure(BusinessClock(OFFICE), hours(spans), hours(pauses), target * HOUR_US)
    elapsed, paused, deadline = expected
    assert found.elapsed == elapsed * HOUR_US
    assert found.paused == paused * HOUR_US
    assert found.deadline == base + deadline * HOUR_US


def test_calendar_clock_runs_through_everything():
    assert CALENDAR.between_and_add(10, 70, 30) == (60, 40)
    assert measure(CALENDAR, [(0, 100)], [], 60).deadline == 60


STATUS = {
    "metric": "resolution",
    "target": 2 * H,
    "clock": "business",
    "rule": "priority:P1",
    "state": "stopped",
    "started_at": MON,
    "deadline": MON + 2 * H,
    "stopped_at": MON + 3 * H,
    "stopped_by": "resolved",
    "elapsed": 3 * H,
    "paused": dt.timedelta(0),
    "remaining": -H,
    "breached": True,
    "overdue": H,
    "escalation": Escalation(level=2, action="director", overdue_threshold=H),
    "window_opens_at": None,
    "early": False,
    "cycles": 1,
}


def test_result_builders_make_the_same_objects_as_the_classes():
    fast = new_metric_status(**STATUS)
    assert type(fast) is MetricStatus
    assert fast == MetricStatus(**STATUS)
    assert repr(fast) == repr(MetricStatus(**STATUS))
    assert pickle.loads(pickle.dumps(fast)) == fast
    with pytest.raises(AttributeError):
        fast.breached = False  # type: ignore[misc]  # still frozen
    fields = {
        "ticket_id": "T1",
        "as_of": MON + 3 * H,
        "priority": None,
        "channel": None,
        "first_response": None,
        "resolution": fast,
        "next_reply": None,
        "survey": None,
        "revisit": None,
        "next_check_at": None,
        "overdue_reasons": ("客户电话占线",),
    }
    assert new_ticket_sla(**fields) == TicketSla(**fields)
    with pytest.raises(TypeError):
        new_metric_status(**(STATUS | {"unknown": 1}))
    with pytest.raises(TypeError):
        new_metric_status(**{k: v for k, v in STATUS.items() if k != "cycles"})


def test_evaluate_on_a_schedule_in_a_dateutil_zone():
    zoned = Schedule(OFFICE.hours, timezone=dateutil_tz.gettz("Asia/Shanghai"))  # unhashable
    ticket = make(MON, ("agent_reply", MON + dt.timedelta(minutes=20)), ("resolved", MON + H))
    expected = evaluate(ticket, TIERED, OFFICE, now=MON + 30 * H)
    found = evaluate(ticket, TIERED, zoned, now=MON + 30 * H)
    assert found.first_response == expected.first_response  # same instants, other tzinfo
    assert found.survey is not None
    assert found.survey.deadline is not None
    assert found.survey.deadline.tzinfo is zoned.timezone


# --- many pauses: O((spans + pauses) log pauses) -------------------------------------


def _reference_measure(
    clock: MetricClock, spans: list[Interval], pauses: list[Interval], target: int
) -> tuple[int, int, int]:
    """The former quadratic ``measure`` (every span against every pause), as the oracle."""
    elapsed = paused = 0
    deadline = None
    remaining = target
    for start, end in spans:
        pieces, position = [], start
        for low, high in pauses:
            if high <= position or low >= end:
                continue
            if low > position:
                pieces.append((position, low))
            position = max(position, high)
        if position < end:
            pieces.append((position, end))
        span_time = 0
        for low, high in pieces:
            piece = clock.between(low, high)
            if deadline is None and piece >= remaining:
                deadline = clock.add(low, remaining)
            remaining -= piece
            span_time += piece
        elapsed += span_time
        paused += clock.between(start, end) - span_time
    if deadline is None:
        deadline = clock.add(spans[-1][1], remaining)
    return elapsed, paused, deadline


@st.composite
def _clock_case(draw: st.DrawFn) -> tuple[MetricClock, list[Interval], list[Interval], int]:
    """Ordered, disjoint spans and pauses (sorted by start, touching or overlapping)."""
    unit = draw(st.sampled_from([1, 15 * 60_000_000]))  # calendar units or quarter hours
    clock: MetricClock = CALENDAR if unit == 1 else BusinessClock(draw(st.sampled_from(SCHEDULES)))
    base = 0 if unit == 1 else to_us(MON, "t")
    cuts = sorted(draw(st.lists(st.integers(0, 2_000), min_size=2, max_size=40, unique=True)))
    spans = [
        (base + a * unit, base + b * unit) for a, b in zip(cuts[::2], cuts[1::2], strict=False)
    ]
    lows = sorted(draw(st.lists(st.integers(0, 2_000), max_size=40)))
    pauses = [(base + low * unit, base + (low + draw(st.integers(0, 80))) * unit) for low in lows]
    target = draw(st.integers(1, 2_500)) * unit
    return clock, spans, pauses, target


@given(_clock_case())
def test_measure_equals_the_span_by_pause_reference(
    case: tuple[MetricClock, list[Interval], list[Interval], int],
):
    clock, spans, pauses, target = case
    assert tuple(measure(clock, spans, pauses, target)) == _reference_measure(
        clock, spans, pauses, target
    )
    assert measure(clock, spans, PauseIndex(clock, pauses), target) == measure(
        clock, spans, pauses, target
    )
    # the shared empty index (evaluate's, for tickets without pauses) on any clock
    assert tuple(measure(clock, spans, NO_PAUSES, target)) == _reference_measure(
        clock, spans, [], target
    )


def test_reopened_ticket_without_pauses_has_a_business_time_deadline():
    """Regression: the deadline in a later cycle was added in calendar time.

    P1 (2h business) created Monday 09:00, resolved 09:30, reopened 17:00:
    1h30 is left at 17:00, so the deadline is Tuesday 09:30, not 18:30.
    """
    office = Schedule({"mon-fri": "09:00-18:00"}, timezone="Asia/Shanghai")
    zone = office.timezone
    ticket = make(
        dt.datetime(2025, 3, 10, 9, 0, tzinfo=zone),
        ("resolved", dt.datetime(2025, 3, 10, 9, 30, tzinfo=zone)),
        ("reopened", dt.datetime(2025, 3, 10, 17, 0, tzinfo=zone)),
    )
    now = dt.datetime(2025, 3, 11, 12, 0, tzinfo=zone)
    resolution = evaluate(ticket, TIERED, office, now=now).resolution
    assert resolution is not None
    assert resolution.deadline == dt.datetime(2025, 3, 11, 9, 30, tzinfo=zone)
    assert resolution.elapsed == 4.5 * H


class _CountingPauses(Sequence[Interval]):
    """Pauses that count how many of them are read."""

    def __init__(self, items: list[Interval]) -> None:
        self.items, self.reads = items, 0

    def __len__(self) -> int:
        return len(self.items)

    def __getitem__(self, index: int) -> Interval:  # type: ignore[override]
        self.reads += 1
        return self.items[index]

    def __iter__(self) -> Iterator[Interval]:
        for item in self.items:
            self.reads += 1
            yield item


def test_measure_reads_each_pause_once_however_many_spans():
    spans = [(100 * i, 100 * i + 50) for i in range(2_000)]
    pauses = _CountingPauses([(100 * i + 10, 100 * i + 20) for i in range(2_000)])
    found = measure(CALENDAR, spans, pauses, 10**9)
    assert (found.elapsed, found.paused) == (2_000 * 40, 2_000 * 10)
    assert pauses.reads <= 2 * len(pauses)  # the span-by-pause loop read 4,000,000


def test_pause_index_merges_overlapping_and_touching_pauses():
    index = PauseIndex(CALENDAR, [(50, 60), (20, 50), (55, 58), (80, 80), (90, 95)])
    assert (index.lows, index.highs, len(index)) == ([20, 90], [60, 95], 2)
    assert [index.paused_before(t) for t in (0, 20, 30, 60, 92, 100)] == [0, 0, 10, 40, 42, 45]
