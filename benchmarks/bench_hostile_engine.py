"""Hostile inputs to the time engine: many pauses, huge schedules, extreme dates, huge sizes.

Run from the repository root::

    .venv/bin/python -m benchmarks.bench_hostile_engine          # everything
    .venv/bin/python -m benchmarks.bench_hostile_engine pauses   # one section

Sections (each prints a Markdown table; times are the best of ``REPEAT`` runs
unless said otherwise, on a machine shared with other jobs):

- ``pauses``: one ticket with 12,000 pause / reply / reopen cycles (six
  events each), under the cumulative and the per-cycle ``tiered`` policy; one
  ticket with 20,000 pause / resume pairs; ``evaluate_many`` over 20,000
  tickets with one pause each (the columnar path takes one pause per ticket).
- ``windows``: a schedule with 720 windows a day, built and asked ``between``
  over two years (or refused).
- ``dates``: the first query at 1800, at 2399 and in a normal year on a fresh
  schedule, then a query at 1800 and one at 2399 on a schedule already used in
  2025, ``evaluate`` of a ticket from 1800 and of one with ``now`` in 2399, and
  one ``between`` from 1800 to 2399, each on its own new schedule: time (best
  of ``REPEAT``) and ``tracemalloc`` peak (a separate run).
- ``sizes``: ``sample_tickets(days=10**9)`` and other huge sizes (refused).
"""

from __future__ import annotations

import datetime as dt
import sys
import time
import tracemalloc
import warnings
from collections.abc import Callable
from zoneinfo import ZoneInfo

import holidays
import numpy as np

from benchmarks._timing import best_of
from csmetrics.datasets import sample_ticket_columns, sample_tickets
from csmetrics.exceptions import CalendarCoverageWarning, CsMetricsError
from csmetrics.models import Ticket
from csmetrics.schedule import Schedule
from csmetrics.sla import SlaPolicy, evaluate, evaluate_many

__all__ = ["main"]

REPEAT = 3
SH = ZoneInfo("Asia/Shanghai")
START = dt.datetime(2025, 3, 10, 9, 0, tzinfo=SH)
HOURS = {"mon-fri": "09:00-12:00,13:00-18:00"}
CYCLE = ("customer_reply", "pause", "resume", "agent_reply", "resolved", "reopened")
N_CYCLES = 12_000
N_PAIRS = 20_000


def _office() -> Schedule:
    return Schedule(HOURS, timezone="Asia/Shanghai", holidays=holidays.China())


def _ticket(kinds: list[str], step: dt.timedelta = dt.timedelta(minutes=1)) -> Ticket:
    events = [{"kind": kind, "at": START + (i + 1) * step} for i, kind in enumerate(kinds)]
    return Ticket(id="hostile", created_at=START, priority="P2", events=events)


def _row(label: str, seconds: float, extra: str = "") -> str:
    return f"| {label} | {seconds:.3f} |{extra}"


def pauses() -> None:
    """Many pauses in one ticket, and one pause in each of many tickets."""
    office = _office()
    cycles = _ticket(list(CYCLE) * N_CYCLES)
    pairs = _ticket(["pause", "resume"] * N_PAIRS)
    last = cycles.events[-1].at
    now = last + dt.timedelta(hours=1)
    now_pairs = pairs.events[-1].at + dt.timedelta(hours=1)
    cumulative = SlaPolicy.preset("tiered")
    per_cycle = cumulative.model_copy(update={"reopen": "per_cycle"})
    print("| case | seconds |")
    print("|---|---:|")
    for label, ticket, policy, moment in (
        (f"`evaluate`, {N_CYCLES:,} cycles, cumulative", cycles, cumulative, now),
        (f"`evaluate`, {N_CYCLES:,} cycles, per cycle", cycles, per_cycle, now),
        (f"`evaluate`, {N_PAIRS:,} pause pairs", pairs, cumulative, now_pairs),
    ):
        seconds = best_of(
            lambda t=ticket, p=policy, m=moment: evaluate(t, p, office, now=m),  # type: ignore[misc]
            REPEAT,
        )
        print(_row(label, seconds))
    cols = _one_pause_columns(N_PAIRS)
    seconds = best_of(lambda: evaluate_many(**cols, policy=cumulative, schedule=office), REPEAT)
    print(_row(f"`evaluate_many`, {N_PAIRS:,} tickets with one pause each", seconds))


def _one_pause_columns(n: int) -> dict[str, object]:
    base = np.datetime64("2025-03-10T01:00", "us")
    minutes = np.arange(n, dtype=np.int64) % (60 * 24 * 30)
    created = base + minutes.astype("timedelta64[m]")
    return {
        "created_at": created,
        "first_response_at": created + np.timedelta64(5, "m"),
        "pause_start": created + np.timedelta64(10, "m"),
        "pause_end": created + np.timedelta64(70, "m"),
        "resolved_at": created + np.timedelta64(300, "m"),
        "priority": np.full(n, 2),
        "now": dt.datetime(2025, 5, 1, tzinfo=dt.UTC),
    }


def windows() -> None:
    """A schedule with 720 one-minute windows a day."""
    day = ",".join(f"{m // 60:02d}:{m % 60:02d}-{m // 60:02d}:{m % 60 + 1:02d}" for m in
                   range(0, 1440, 2))  # fmt: skip
    start = time.perf_counter()
    try:
        schedule = Schedule({"daily": day}, timezone="Asia/Shanghai")
        a = dt.datetime(2025, 1, 1, tzinfo=SH)
        schedule.between(a, a + dt.timedelta(days=730))
        outcome = "answered"
    except CsMetricsError as exc:
        outcome = f"refused: {type(exc).__name__}"
    print("| case | seconds | outcome |")
    print("|---|---:|---|")
    print(_row("720 windows a day, build + `between` over 2 years",
               time.perf_counter() - start, f" {outcome} |"))  # fmt: skip


def _measured(
    make: Callable[[], Schedule], query: Callable[[Schedule], object]
) -> tuple[float, float]:
    """Seconds (best of ``REPEAT`` runs) and tracemalloc peak (MB, one more run) of ``query``.

    Each run gets a schedule from ``make`` (fresh, or used in 2025), so that
    the compiling the query causes is part of what is measured.
    """
    seconds = float("inf")
    for _ in range(REPEAT):
        schedule = make()
        start = time.perf_counter()
        query(schedule)
        seconds = min(seconds, time.perf_counter() - start)
    schedule = make()
    tracemalloc.start()
    query(schedule)
    peak = tracemalloc.get_traced_memory()[1] / 1e6
    tracemalloc.stop()
    return seconds, peak


POLICY = SlaPolicy.preset("tiered")


def _old(created: dt.datetime) -> Ticket:
    return Ticket(id="old", created_at=created, priority="P2")


def dates() -> None:
    """Extreme dates on fresh and on used schedules."""
    far = dt.datetime(1800, 3, 3, 10, 0, tzinfo=SH)
    late = dt.datetime(2399, 3, 3, 10, 0, tzinfo=SH)
    normal = dt.datetime(2025, 3, 3, 10, 0, tzinfo=SH)

    def used() -> Schedule:
        schedule = _office()
        schedule.between(normal, normal + dt.timedelta(days=30))
        return schedule

    cases: list[tuple[str, Callable[[], Schedule], Callable[[Schedule], object]]] = [
        ("fresh, `is_open` at 1800", _office, lambda s: s.is_open(far)),
        ("fresh, `is_open` at 2399", _office, lambda s: s.is_open(late)),
        ("fresh, `is_open` in 2025", _office, lambda s: s.is_open(normal)),
        ("used in 2025, `is_open` at 1800", used, lambda s: s.is_open(far)),
        ("used in 2025, `is_open` at 1800 then at 2399", used,
         lambda s: (s.is_open(far), s.is_open(late))),
        ("used in 2025, `evaluate` of a ticket from 1800 as of 2025", used,
         lambda s: evaluate(_old(far), POLICY, s, now=normal)),
        ("used in 2025, `evaluate` as of 2399 of a ticket from 2025", used,
         lambda s: evaluate(_old(normal), POLICY, s, now=late)),
        ("fresh, `between` 1800 .. 2399", _office, lambda s: s.between(far, late)),
    ]  # fmt: skip
    print("| case | seconds | tracemalloc peak MB |")
    print("|---|---:|---:|")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", CalendarCoverageWarning)
        for label, make, query in cases:
            seconds, peak = _measured(make, query)
            print(f"| {label} | {seconds:.3f} | {peak:.1f} |")


def sizes() -> None:
    """Huge size arguments of the sample-data generators."""
    print("| case | seconds | outcome |")
    print("|---|---:|---|")
    for label, action in (
        ("`sample_tickets(10, days=10**9)`", lambda: sample_tickets(10, days=10**9)),
        ("`sample_ticket_columns(10**12)`", lambda: sample_ticket_columns(10**12)),
    ):
        start = time.perf_counter()
        try:
            action()
            outcome = "ran"
        except CsMetricsError as exc:
            outcome = f"refused: {type(exc).__name__}"
        print(_row(label, time.perf_counter() - start, f" {outcome} |"))


SECTIONS = {"pauses": pauses, "windows": windows, "dates": dates, "sizes": sizes}


def main(argv: list[str] | None = None) -> None:
    """Run the sections named in ``argv`` (all by default)."""
    wanted = [name for name in SECTIONS if not argv or name in argv]
    for name in wanted:
        print(f"\n### {name}\n", flush=True)
        SECTIONS[name]()


if __name__ == "__main__":
    main(sys.argv[1:])
