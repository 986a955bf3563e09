"""SLA status of many tickets: ``evaluate_many`` vs a Python loop over ``evaluate``.

Run from the repository root::

    .venv/bin/python -m benchmarks.bench_sla            # everything
    .venv/bin/python -m benchmarks.bench_sla evaluate   # only evaluate per sample ticket
    .venv/bin/python -m benchmarks.bench_sla ragged     # only events= (many events per ticket)

One million synthetic tickets (seeded) on a Monday-Friday 09:00-12:00,
13:00-18:00 Shanghai schedule with China's public holidays and make-up
workdays of 2025-2026, under the ``tiered`` preset: first-response and
resolution status (deadline, elapsed, remaining, breached, overdue,
escalation level) as of one instant. 5% of the tickets carry a pause. The
scalar loop builds no tickets inside the timing: the ``Ticket`` objects are
made first, then ``evaluate`` is timed on a subsample and reported per ticket.

``evaluate`` is also timed per call on ``sample_tickets(2000, seed=0)`` (each
with a customer and about five events, in China Standard Time) with the same
schedule and policy, best of 15 passes, next to the figure measured the same
way before the one-reader refactor.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

import holidays
import numpy as np

from benchmarks._timing import best_of
from csmetrics.datasets import sample_tickets
from csmetrics.models import Channel, EventKind, Ticket
from csmetrics.schedule import Schedule
from csmetrics.sla import SlaPolicy, TicketEvents, evaluate, evaluate_many

__all__ = ["main"]

REPEAT = 5  # best of five runs

N_TICKETS = 1_000_000
N_SCALAR = 5_000
SEED = 20_261_123
NOW = datetime(2026, 7, 1, tzinfo=UTC)
N_SAMPLE = 2_000
SAMPLE_REPEAT = 15
BEFORE_US = 79.5
"""``evaluate`` per sample ticket before the one-reader refactor (commit f4fe0c8).

The best of three runs of this benchmark on the 2-core development machine
(79.5 to 110.8 µs, shared with other jobs); see docs/performance-sla.md.
"""


def _columns(n: int) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(SEED)
    start = np.datetime64("2025-01-01T00:00", "us")
    created = start + rng.integers(0, 540 * 24 * 60, n).astype("timedelta64[m]")
    reply = created + rng.exponential(40, n).astype("timedelta64[m]")
    resolved = created + rng.exponential(12 * 60, n).astype("timedelta64[m]")
    resolved[rng.random(n) < 0.1] = np.datetime64("NaT")
    paused = rng.random(n) < 0.05
    pause_start = np.where(paused, reply + np.timedelta64(5, "m"), np.datetime64("NaT", "us"))
    pause_end = pause_start + rng.integers(10, 600, n).astype("timedelta64[m]")
    return {
        "created_at": created,
        "first_response_at": reply,
        "resolved_at": resolved,
        "priority": rng.integers(1, 4, n).astype(np.int8),
        "channel": rng.integers(0, 6, n).astype(np.int8),
        "pause_start": pause_start,
        "pause_end": pause_end,
    }


_PATTERN = ("agent_reply", "customer_reply", "pause", "resume", "agent_reply", "resolved")
_AGAIN = ("reopened", "resolved")


def _ragged(created: np.ndarray) -> TicketEvents:
    """About six events per ticket, in order (a fifth reopened and resolved again)."""
    rng = np.random.default_rng(SEED + 1)
    n = created.shape[0]
    again = rng.random(n) < 0.2
    counts = len(_PATTERN) + len(_AGAIN) * again
    offsets = np.concatenate(([0], np.cumsum(counts))).astype(np.int64)
    codes = {kind.value: code for code, kind in enumerate(EventKind)}
    pattern = np.array([codes[k] for k in _PATTERN + _AGAIN], np.int8)
    position = np.arange(int(offsets[-1])) - np.repeat(offsets[:-1], counts)
    gaps = rng.exponential(90, position.shape[0]).astype("timedelta64[m]")
    row_of = np.repeat(np.arange(n), counts)
    steps = np.cumsum(gaps.astype(np.int64))
    before = np.repeat(np.concatenate(([0], steps[offsets[1:-1] - 1])), counts)
    at = created[row_of].astype("datetime64[us]") + (steps - before).astype("timedelta64[m]")
    return TicketEvents.build(offsets=offsets, kind=pattern[position], at=at)


def _ragged_tickets(columns: dict[str, np.ndarray], events: TicketEvents, n: int) -> list[Ticket]:
    return [
        Ticket(
            id=f"R{i}",
            created_at=_instant(columns["created_at"][i]),
            priority=int(columns["priority"][i]),
            channel=Channel.from_code(int(columns["channel"][i])),
            events=events.of(i),
        )
        for i in range(n)
    ]


def _print_ragged(schedule: Schedule, policy: SlaPolicy, columns: dict[str, np.ndarray]) -> None:
    events = _ragged(columns["created_at"])
    common = {"priority": columns["priority"], "channel": columns["channel"],
              "policy": policy, "schedule": schedule, "now": NOW}  # fmt: skip
    steps = {k: columns[k] for k in ("first_response_at", "resolved_at", "pause_start",
                                     "pause_end")}  # fmt: skip

    def ragged() -> object:
        return evaluate_many(columns["created_at"], events=events, **common)

    def keywords() -> object:
        return evaluate_many(columns["created_at"], **steps, **common)

    ragged()  # warm the schedule's caches
    many = best_of(ragged, REPEAT)
    one = best_of(keywords, REPEAT)
    tickets = _ragged_tickets(columns, events, N_SCALAR)
    loop = best_of(lambda: [evaluate(t, policy, schedule, now=NOW) for t in tickets], REPEAT)
    per_loop, per_many = loop / N_SCALAR, many / N_TICKETS
    total = int(events.offsets[-1])
    print("| method | tickets | events | total | per ticket | vs `events=` |")
    print("|---|---:|---:|---:|---:|---:|")
    print(f"| `evaluate_many(events=)` | {N_TICKETS:,} | {total:,} | {many:.2f} s "
          f"| {per_many * 1e6:.2f} µs | 1.0x |")  # fmt: skip
    print(f"| `evaluate_many` one-pause keywords | {N_TICKETS:,} | - | {one:.2f} s "
          f"| {one / N_TICKETS * 1e6:.2f} µs | {one / many:.2f}x |")  # fmt: skip
    print(f"| Python loop over `evaluate` (all metrics) | {N_SCALAR:,} "
          f"| {int(events.offsets[N_SCALAR]):,} | {loop:.2f} s | {per_loop * 1e6:.1f} µs "
          f"| {per_loop / per_many:.0f}x slower |")  # fmt: skip


def _instant(value: np.datetime64) -> datetime | None:
    if np.isnat(value):
        return None
    micros = int(value.astype("datetime64[us]").astype(np.int64))
    return datetime(1970, 1, 1, tzinfo=UTC) + timedelta(microseconds=micros)


def _tickets(columns: dict[str, np.ndarray], n: int) -> list[Ticket]:
    tickets = []
    for i in range(n):
        steps = [
            ("agent_reply", columns["first_response_at"][i]),
            ("pause", columns["pause_start"][i]),
            ("resume", columns["pause_end"][i]),
            ("resolved", columns["resolved_at"][i]),
        ]
        events = [{"kind": k, "at": _instant(v)} for k, v in steps if not np.isnat(v)]
        events.sort(key=lambda e: e["at"])
        created = _instant(columns["created_at"][i])
        tickets.append(
            Ticket(
                id=f"B{i}",
                created_at=created,
                priority=int(columns["priority"][i]),
                channel=Channel.from_code(int(columns["channel"][i])),
                events=[e for e in events if e["at"] >= created],
            )
        )
    return tickets


def _schedule() -> Schedule:
    calendar = holidays.China(years=range(2025, 2027))
    return Schedule(
        {"mon-fri": "09:00-12:00,13:00-18:00"}, timezone="Asia/Shanghai", holidays=calendar
    )


def evaluate_per_sample_ticket(schedule: Schedule, policy: SlaPolicy) -> float:
    """Seconds per ``evaluate`` call on the sample tickets (best of ``SAMPLE_REPEAT`` passes)."""
    tickets = sample_tickets(N_SAMPLE, seed=0)
    now = max(t.created_at for t in tickets) + timedelta(days=1)

    def loop() -> object:
        return [evaluate(t, policy, schedule, now=now) for t in tickets]

    loop()  # warm the schedule's caches
    return best_of(loop, SAMPLE_REPEAT) / N_SAMPLE


def _print_per_call(schedule: Schedule, policy: SlaPolicy) -> None:
    per_call = evaluate_per_sample_ticket(schedule, policy)
    print("| `evaluate` per sample ticket | tickets | best of | per call | before |")
    print("|---|---:|---:|---:|---:|")
    print(
        f"| customer and about 5 events, tiered preset | {N_SAMPLE:,} | {SAMPLE_REPEAT} "
        f"| {per_call * 1e6:.1f} µs | {BEFORE_US:.1f} µs |"
    )


def main(argv: Sequence[str] = ()) -> None:
    """Time ``evaluate_many`` on 1M tickets and ``evaluate`` in a loop; print tables.

    With ``argv == ["evaluate"]``, only ``evaluate`` per sample ticket.
    """
    schedule = _schedule()
    policy = SlaPolicy.preset("tiered")
    if "ragged" not in argv:
        _print_per_call(schedule, policy)
    if "evaluate" in argv:
        return
    print()
    columns = _columns(N_TICKETS)
    _print_ragged(schedule, policy, columns)
    if "ragged" in argv:
        return
    print()
    kwargs = {k: v for k, v in columns.items() if k != "created_at"}

    def vectorized() -> object:
        return evaluate_many(
            columns["created_at"], **kwargs, policy=policy, schedule=schedule, now=NOW
        )

    def floor() -> object:
        created, hour = columns["created_at"], np.timedelta64(1, "h")
        return schedule.add_many(created, hour), schedule.between_many(created, created + hour)

    vectorized()  # warm the schedule's caches
    many = best_of(vectorized, REPEAT)
    base = best_of(floor, REPEAT)
    tickets = _tickets(columns, N_SCALAR)
    loop = best_of(lambda: [evaluate(t, policy, schedule, now=NOW) for t in tickets], REPEAT)
    per_loop = loop / N_SCALAR
    per_many = many / N_TICKETS
    print("| method | tickets | total | per ticket | vs evaluate_many |")
    print("|---|---:|---:|---:|---:|")
    print(
        f"| `evaluate_many` (first response + resolution) | {N_TICKETS:,} | {many:.2f} s "
        f"| {per_many * 1e6:.2f} µs | 1.0x |"
    )
    print(
        f"| floor: one `Schedule.add_many` + one `between_many` | {N_TICKETS:,} | {base:.2f} s "
        f"| {base / N_TICKETS * 1e6:.2f} µs | {base / many:.2f}x |"
    )
    print(
        f"| Python loop over `evaluate` (all metrics) | {N_SCALAR:,} | {loop:.2f} s "
        f"| {per_loop * 1e6:.1f} µs | {per_loop / per_many:.0f}x slower |"
    )
    print(f"\nA loop over {N_TICKETS:,} tickets would take about {per_loop * N_TICKETS:.0f} s.")


if __name__ == "__main__":
    main(sys.argv[1:])
