"""Soak test: the library called from 4 threads for minutes, as a web service would.

Run from the repository root::

    make soak                                   # 5 minutes
    .venv/bin/python -m benchmarks.soak --seconds 60 --threads 4

Each thread loops over a mix of realistic calls (a ticket validated and
evaluated, its priority and category, a survey comment's sentiment, CSAT and
NPS of a small batch, a business-time deadline) and, one call in twenty,
a hostile one (oversized or combining-mark text, naive datetimes, garbage
types, off-scale scores, far dates). It reports throughput, p50 / p99 per
call kind, exceptions by type (only ``CsMetricsError`` and pydantic's
``ValidationError`` are allowed: anything else fails the run) and the
resident memory over time (it must stay flat after warm-up).
"""

from __future__ import annotations

import argparse
import collections
import datetime as dt
import random
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pydantic import ValidationError

import csmetrics as cm

__all__ = ["main"]

SHANGHAI = dt.timezone(dt.timedelta(hours=8))
T0 = dt.datetime(2025, 3, 3, 9, 0, tzinfo=SHANGHAI)
ALLOWED = (cm.CsMetricsError, ValidationError)
Call = Callable[[random.Random], object]


def _rss_mb() -> float:
    """Resident set size of this process in MB (Linux ``/proc``)."""
    pages = int(Path("/proc/self/statm").read_text(encoding="ascii").split()[1])
    return pages * 4096 / 1e6


def _ticket(rng: random.Random) -> dict[str, Any]:
    start = T0 + dt.timedelta(minutes=rng.randrange(0, 60 * 24 * 60))
    return {
        "id": f"T{rng.randrange(10**9)}",
        "created_at": start,
        "channel": rng.choice(["chat", "phone", "email", "微信", "web"]),
        "priority": rng.choice(["P1", "P2", "P3", "一级", "urgent"]),
        "text": rng.choice(TEXTS),
        "customer": {"name": rng.choice(["张三", "Mr. Smith", "欧阳娜娜"]), "phone": "13812345678"},
        "events": [
            {"kind": "agent_reply", "at": start + dt.timedelta(minutes=rng.randrange(1, 90))},
            {"kind": "resolved", "at": start + dt.timedelta(hours=rng.randrange(1, 30))},
        ],
    }


TEXTS = [
    "产品破损需紧急补发",
    "我的货已经延迟5天了！",
    "APP退款按钮找不到",
    "维修师傅很专业,但等待时间有点长",
    "The screen stays black after the logo, please help",
    "Thanks, all sorted!",
    "客服态度很好，问题解决了",
]


def _evaluate(rng: random.Random) -> object:
    ticket = cm.Ticket.model_validate(_ticket(rng))
    now = ticket.created_at + dt.timedelta(days=rng.randrange(0, 5))
    return cm.evaluate(ticket, POLICY, OFFICE, now=now)


REALISTIC: dict[str, Call] = {
    "validate+evaluate": _evaluate,
    "assign_priority": lambda rng: cm.assign_priority(rng.choice(TEXTS), customer_tier="vip"),
    "categorize": lambda rng: cm.categorize(rng.choice(TEXTS)),
    "sentiment": lambda rng: cm.sentiment(rng.choice(TEXTS)),
    "csat": lambda rng: cm.csat([rng.randint(1, 5) for _ in range(20)]),
    "nps": lambda rng: cm.nps([rng.randint(0, 10) for _ in range(20)]),
    "schedule.add": lambda rng: OFFICE.add(
        T0 + dt.timedelta(minutes=rng.randrange(10**6)), dt.timedelta(hours=rng.randrange(1, 50))
    ),
}
HOSTILE: dict[str, Call] = {
    "combining marks": lambda _: cm.sentiment("a" + "\u0301\u0316" * 20_000),
    "oversized text": lambda _: cm.categorize("差" * 100_000),
    "naive datetime": lambda _: cm.Ticket(id="x", created_at=dt.datetime(2025, 1, 1)),
    "garbage channel": lambda rng: cm.Ticket.model_validate(
        {**_ticket(rng), "channel": rng.choice([3.5, {"a": 1}, 2**64, b"x"])}
    ),
    "off-scale scores": lambda _: cm.csat([5, 6, 7]),
    "far dates": lambda _: OFFICE.add(dt.datetime(1700, 1, 1, tzinfo=dt.UTC), dt.timedelta(1)),
    "bad phone": lambda _: cm.Customer(name="张三", phone="12"),
    "garbage text": lambda rng: cm.assign_priority(rng.choice([None, 42, ["a"], b"x"])),  # type: ignore[arg-type]
}
OFFICE = cm.Schedule(
    {"mon-fri": "09:00-12:00,13:00-18:00"}, timezone="Asia/Shanghai", holidays="CN"
)
POLICY = cm.SlaPolicy.preset("tiered")


class _Tally:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.times: dict[str, list[float]] = collections.defaultdict(list)
        self.errors: collections.Counter[str] = collections.Counter()
        self.bad: list[str] = []

    def record(self, name: str, seconds: float, error: BaseException | None) -> None:
        with self.lock:
            self.times[name].append(seconds)
            if error is not None:
                self.errors[type(error).__name__] += 1
                if not isinstance(error, ALLOWED):
                    self.bad.append(f"{name}: {type(error).__name__}: {error}"[:200])


def _worker(seed: int, until: float, tally: _Tally) -> None:
    rng = random.Random(seed)
    realistic, hostile = list(REALISTIC.items()), list(HOSTILE.items())
    while time.monotonic() < until:
        name, call = rng.choice(hostile) if rng.random() < 0.05 else rng.choice(realistic)
        start = time.perf_counter()
        error: BaseException | None = None
        try:
            call(rng)
        except Exception as exc:
            error = exc
        tally.record(name, time.perf_counter() - start, error)


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def _report(tally: _Tally, seconds: float, rss: list[tuple[float, float]]) -> None:
    total = sum(len(v) for v in tally.times.values())
    print(f"calls: {total:,} in {seconds:.0f} s ({total / seconds:,.0f} per second)\n")
    print("| call | n | p50 | p99 |\n|---|---:|---:|---:|")
    for name, values in sorted(tally.times.items()):
        p50, p99 = _percentile(values, 0.5) * 1e3, _percentile(values, 0.99) * 1e3
        print(f"| {name} | {len(values):,} | {p50:.3f} ms | {p99:.3f} ms |")
    print("\nexceptions by type:", dict(tally.errors.most_common()) or "none")
    print("resident memory (MB) over time:", ", ".join(f"{t:.0f}s {m:.0f}" for t, m in rss))
    if tally.bad:
        print("\nUNEXPECTED EXCEPTIONS (not CsMetricsError / ValidationError):")
        print("\n".join(sorted(set(tally.bad))[:20]))


def main(argv: list[str] | None = None) -> int:
    """Run the soak; return 1 if any exception outside the library's family escaped."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=300.0)
    parser.add_argument("--threads", type=int, default=4)
    args = parser.parse_args(argv)
    tally = _Tally()
    start = time.monotonic()
    until = start + args.seconds
    workers = [
        threading.Thread(target=_worker, args=(seed, until, tally), daemon=True)
        for seed in range(args.threads)
    ]
    for worker in workers:
        worker.start()
    rss = [(0.0, _rss_mb())]
    step = max(1.0, args.seconds / 10)
    while any(worker.is_alive() for worker in workers):
        time.sleep(min(step, max(0.0, until - time.monotonic()) + 0.1))
        rss.append((time.monotonic() - start, _rss_mb()))
    _report(tally, time.monotonic() - start, rss)
    return 1 if tally.bad else 0


if __name__ == "__main__":
    sys.exit(main())
