"""The service report on 1M tickets with surveys: ``build_report`` on tables, after reading.

The tables are built directly from :func:`csmetrics.datasets.sample_ticket_columns`
(a sample month: every step of each ticket becomes an event, about six per
ticket) and synthetic survey columns (half of the tickets answered, a third
of the answers with a comment drawn from 400 distinct phrases). Reading is
not timed (``bench_io`` measures it). Also shown: the same report from 50k
Ticket models, and the sentiment cost per distinct comment.

Run: ``.venv/bin/python -m benchmarks report`` (``--n N`` to change the size).
"""

from __future__ import annotations

import argparse
import datetime as dt
import time
from collections.abc import Callable

import numpy as np

from csmetrics.datasets import (
    CATEGORIES,
    DEFAULT_START,
    sample_surveys,
    sample_ticket_columns,
    sample_tickets,
)
from csmetrics.io import SurveyTable, TicketTable
from csmetrics.models import Channel, EventKind
from csmetrics.report import build_report, render_report
from csmetrics.schedule import Schedule
from csmetrics.sla import SlaPolicy, TicketEvents, evaluate_many

SEED = 11
DAYS = 28
_STEPS = (
    ("first_response_at", EventKind.AGENT_REPLY),
    ("customer_reply_early_at", EventKind.CUSTOMER_REPLY),
    ("pause_at", EventKind.PAUSE),
    ("resume_at", EventKind.RESUME),
    ("first_resolved_at", EventKind.RESOLVED),
    ("reopened_at", EventKind.REOPENED),
    ("second_reply_at", EventKind.AGENT_REPLY),
    ("resolved_at", EventKind.RESOLVED),
    ("closed_at", EventKind.CLOSED),
)
_PHRASES = (
    "谢谢,问题解决了",
    "处理太慢",
    "客服态度很好",
    "还没有解决",
    "理解,辛苦了",
    "Thanks, fixed quickly",
    "too slow",
    "fine",
)


def _objects(values: list[object]) -> np.ndarray:
    out = np.empty(len(values), dtype=object)
    out[:] = values
    return out


def _events(cols: dict[str, np.ndarray]) -> TicketEvents:
    """Every step that happened, as events in time order per ticket."""
    n = cols["created_at"].shape[0]
    codes = {kind: code for code, kind in enumerate(EventKind)}
    times = np.stack([cols[name].view(np.int64) for name, _ in _STEPS], axis=1)
    kinds = np.array([codes[kind] for _, kind in _STEPS], np.int8)
    nat = np.iinfo(np.int64).min
    # first_resolved_at is only set for reopened tickets; resolved_at is the last resolution.
    times = np.maximum(
        times, np.where(times == nat, nat, cols["created_at"].view(np.int64)[:, None])
    )
    present = times != nat
    rows = np.repeat(np.arange(n), present.sum(axis=1))
    flat_t = times[present]
    flat_k = np.broadcast_to(kinds, times.shape)[present]
    order = np.lexsort((flat_t, rows))
    counts = present.sum(axis=1)
    offsets = np.concatenate(([0], np.cumsum(counts))).astype(np.int64)
    return TicketEvents(
        offsets,
        flat_k[order],
        flat_t[order].view("datetime64[us]"),
        np.zeros(order.shape[0], np.int8),
    )


def ticket_table(n: int) -> TicketTable:
    """``n`` sample tickets as a table (no models)."""
    cols = sample_ticket_columns(n, seed=SEED, days=DAYS)
    channels = np.array([c.value for c in Channel], dtype=object)
    categories = np.array(
        [c[0] if isinstance(c, tuple) else str(c) for c in CATEGORIES], dtype=object
    )
    agents = np.array([f"客服{i:02d}" for i in range(64)], dtype=object)
    nat = np.full(n, np.datetime64("NaT"), "datetime64[us]")
    none = _objects([None] * n)
    return TicketTable(
        source="bench",
        positions=np.arange(n, dtype=np.int64),
        lines=None,
        labels=None,
        id=_objects([f"T{i:08d}" for i in range(n)]),
        created_at=cols["created_at"],
        channel=channels[cols["channel"]],
        priority=cols["priority"].astype(np.int8),
        category=categories[cols["category"] % categories.shape[0]],
        subcategory=none,
        text=cols["text"],
        agent=agents[cols["agent"] % 64],
        team=none,
        product=none,
        customer_id=none,
        tier=none,
        customer_name=none,
        customer_phone=none,
        complaint=cols["complaint"],
        first_response_at=cols["first_response_at"],
        resolved_at=cols["resolved_at"],
        reopened_at=nat,
        closed_at=nat,
        events=_events(cols),
    )


def survey_table(tickets: TicketTable, phrases: int = 400) -> SurveyTable:
    """Half of the tickets answered, a third of the answers with one of ``phrases`` comments."""
    rng = np.random.default_rng(SEED)
    picked = np.flatnonzero(rng.random(len(tickets)) < 0.5)
    m = picked.shape[0]

    def scores(high: int) -> np.ndarray:
        values = rng.integers(1 if high == 5 else 0, high + 1, m).astype(np.float64)
        values[rng.random(m) < 0.05] = np.nan
        return values

    pool = np.array(
        [f"{_PHRASES[i % len(_PHRASES)]} {i // len(_PHRASES)}" for i in range(phrases)],
        dtype=object,
    )
    comment = pool[rng.integers(0, phrases, m)]
    comment[rng.random(m) < 2 / 3] = None
    answered = tickets.created_at[picked] + rng.integers(1, 72, m).astype("timedelta64[h]")
    return SurveyTable(
        source="bench",
        positions=np.arange(m, dtype=np.int64),
        lines=None,
        labels=None,
        ticket_id=tickets.id[picked],
        agent=tickets.agent[picked],
        responsiveness=scores(5),
        effectiveness=scores(5),
        attitude=scores(5),
        overall=scores(5),
        nps=scores(10),
        comment=comment,
        answered_at=answered.astype("datetime64[us]"),
        channel=_objects([None] * m),
        priority=np.zeros(m, np.int8),
    )


def best_of(action: Callable[[], object], repeat: int = 3) -> tuple[float, float]:
    """The shortest wall-clock and CPU (process) times of ``repeat`` runs.

    The CPU time is shown too: on a shared machine the wall clock also
    counts the time other processes hold the cores.
    """
    wall = cpu = float("inf")
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        action()
        wall = min(wall, time.perf_counter() - start)
        cpu = min(cpu, time.process_time() - start_cpu)
    return wall, cpu


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="bench_report")
    parser.add_argument("--n", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv or [])
    policy = SlaPolicy.preset("tiered")
    desk = Schedule({"daily": "08:00-22:00"}, timezone="Asia/Shanghai")
    now = DEFAULT_START + dt.timedelta(days=DAYS + 3)
    start = time.perf_counter()
    tickets = ticket_table(args.n)
    surveys = survey_table(tickets)
    print(
        f"tables: {len(tickets):,} tickets, {tickets.events.kind.shape[0]:,} events, "
        f"{len(surveys):,} answers ({time.perf_counter() - start:.1f} s to synthesise)"
    )

    def whole() -> object:
        return build_report(tickets, surveys, now=now, policy=policy, schedule=desk)

    def weekly() -> object:
        return build_report(tickets, surveys, now=now, period="week", policy=policy, schedule=desk)

    codes = {c.value: c.code for c in Channel}
    channel = np.array([codes.get(name, -1) for name in tickets.channel.tolist()], np.int8)

    def engine() -> object:  # the SLA engine on the same columns, as the report calls it
        return evaluate_many(
            tickets.created_at,
            priority=tickets.priority,
            channel=channel,
            complaint=tickets.complaint,
            events=tickets.events,
            policy=policy,
            schedule=desk,
            now=now,
        )

    report = whole()
    rows = [
        ("of which: evaluate_many alone (the SLA engine)", best_of(engine, args.repeat)),
        ("build_report, everything up to now", best_of(whole, args.repeat)),
        ("build_report, last week + previous week", best_of(weekly, args.repeat)),
        (
            "render_report md + json + html",
            best_of(
                lambda: [render_report(report, f) for f in ("md", "json", "html")], args.repeat
            ),
        ),  # type: ignore[arg-type]
    ]
    small = sample_tickets(50_000, seed=SEED)
    answers = sample_surveys(small, seed=SEED)
    later = DEFAULT_START + dt.timedelta(days=10)
    rows.append(
        (
            "build_report, 50k Ticket models (reference)",
            best_of(
                lambda: build_report(small, answers, now=later, policy=policy, schedule=desk), 1
            ),
        )
    )
    distinct = survey_table(ticket_table(200_000), phrases=60_000)
    rows.append(
        (
            "build_report, 200k tickets, 60k distinct comments",
            best_of(lambda: build_report([], distinct, now=now), 1),
        )
    )
    width = max(len(name) for name, _ in rows)
    print(f"{'':<{width}}  {'wall':>8}    {'cpu':>6}")
    for name, (seconds, cpu) in rows:
        print(f"{name:<{width}}  {seconds:8.2f} s  {cpu:6.2f} s")


if __name__ == "__main__":
    main()
