"""Per-call latency of the scoring functions with 1 thread and with 4 threads.

A request handler calls ``csat`` or ``nps`` on a small batch of answers, often
in a thread pool. Every numpy call releases the GIL; when other threads are
busy, getting it back can take up to the interpreter's switch interval
(5 ms), so a function made of many small numpy calls can be 100x slower per
call under threads than alone. This benchmark measures p50 and p99 latency
per call on realistic small inputs (lists and numpy arrays of 20 and 1,000
scores): each of ``THREADS`` threads calls the function in a loop for
``SECONDS`` seconds, and every call is timed.

Run from the repository root::

    .venv/bin/python -m benchmarks.bench_threads [SECONDS]

Prints a Markdown table: p50 and p99 in microseconds with 1 thread and with
4 threads, the ratio of the two p99, and how often a call released the GIL
(counted by a probe thread that runs only when the GIL is free, with the
switch interval raised to 1 s so that only releases, not forced switches,
let it run). The last figure does not depend on the machine's load; on a
shared machine the latencies do, a lot.

With 4 threads busy in pure Python, a call still waits whenever the
interpreter's forced switch (every 5 ms) falls inside it: about
``duration / 5 ms`` of the calls wait for the other three threads' turns
(10-15 ms). That bounds p99 for calls longer than about 50 microseconds,
whatever the library does; GIL releases add a wait per release on top.
"""

from __future__ import annotations

import sys
import threading
import time
import warnings
from collections.abc import Callable
from typing import Any

import numpy as np

from csmetrics.scoring import compare, csat, group_by, nps, pareto

SECONDS = 2.0
THREADS = 4
SIZES = (20, 1000)


def _latencies(func: Callable[[], Any], seconds: float) -> list[int]:
    """Nanoseconds of each call of ``func`` made in a loop for ``seconds``."""
    out: list[int] = []
    clock = time.perf_counter_ns
    stop = clock() + int(seconds * 1e9)
    while True:
        start = clock()
        func()
        end = clock()
        out.append(end - start)
        if end >= stop:
            return out


def _run(func: Callable[[], Any], threads: int, seconds: float) -> list[int]:
    """Latencies of every call made by ``threads`` threads looping for ``seconds``."""
    results: list[list[int]] = [[] for _ in range(threads)]
    barrier = threading.Barrier(threads)

    def work(slot: int) -> None:
        barrier.wait()
        results[slot] = _latencies(func, seconds)

    pool = [threading.Thread(target=work, args=(i,)) for i in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    return [x for part in results for x in part]


def gil_releases(func: Callable[[], Any], calls: int = 500) -> float:
    """Share of calls of ``func`` during which another thread got the GIL.

    A probe thread increments a counter and sleeps 0 s in a loop: it runs
    only while the calling thread has released the GIL. The switch interval
    is raised to 1 s for the measurement so that forced switches (which any
    Python code gets) do not count.
    """
    old = sys.getswitchinterval()
    stop = threading.Event()
    ticks = [0]

    def probe() -> None:
        while not stop.is_set():
            ticks[0] += 1
            time.sleep(0)

    sys.setswitchinterval(1.0)
    thread = threading.Thread(target=probe, daemon=True)
    thread.start()
    try:
        time.sleep(0.01)
        func()
        released = 0
        for _ in range(calls):
            before = ticks[0]
            func()
            released += ticks[0] != before
    finally:
        stop.set()
        thread.join()
        sys.setswitchinterval(old)
    return released / calls


def _percentiles(latencies: list[int]) -> tuple[float, float]:
    """p50 and p99 in microseconds."""
    p50, p99 = np.percentile(np.array(latencies, dtype=np.float64), [50, 99])
    return float(p50) / 1e3, float(p99) / 1e3


def _python_loop(steps: int) -> int:
    """Pure Python work with no C call that could release the GIL (a reference)."""
    total = 0
    for i in range(steps):
        total += i
    return total


def cases() -> list[tuple[str, Callable[[], Any]]]:
    """The calls measured: five functions on lists and arrays of 20 and 1,000 items.

    Two pure-Python loops (about as long as a call on 20 and on 1,000 values) come first: the
    latency any GIL-holding call of that length gets under threads.
    """
    rng = np.random.default_rng(0)
    out: list[tuple[str, Callable[[], Any]]] = [
        ("reference: pure-Python loop of 600 steps", lambda: _python_loop(600)),
        ("reference: pure-Python loop of 2,500 steps", lambda: _python_loop(2_500)),
    ]
    for size in SIZES:
        csat_arr = rng.integers(1, 6, size=size)
        nps_arr = rng.integers(0, 11, size=size)
        nps_arr2 = rng.integers(0, 11, size=size)
        agents = rng.choice(np.array(["小张", "小李", "小王", "小赵"]), size=size)
        labels = rng.choice(np.array(["破损", "漏发", "延误", "色差", "死机", "其他"]), size=size)
        csat_list, nps_list, nps_list2 = csat_arr.tolist(), nps_arr.tolist(), nps_arr2.tolist()
        agent_list, label_list = agents.tolist(), labels.tolist()
        out += [
            (f"csat, list of {size}", lambda s=csat_list: csat(s)),
            (f"csat, int64 array of {size}", lambda s=csat_arr: csat(s)),
            (f"nps, list of {size}", lambda s=nps_list: nps(s)),
            (f"nps, int64 array of {size}", lambda s=nps_arr: nps(s)),
            (f"compare (NPS), lists of {size}", lambda a=nps_list, b=nps_list2: compare(a, b)),
            (f"compare (NPS), arrays of {size}", lambda a=nps_arr, b=nps_arr2: compare(a, b)),
            (f"pareto, list of {size}", lambda s=label_list: pareto(s)),
            (f"pareto, str array of {size}", lambda s=labels: pareto(s)),
            (f"group_by (CSAT), lists of {size}", lambda k=agent_list, s=csat_list: group_by(k, s)),
            (f"group_by (CSAT), arrays of {size}", lambda k=agents, s=csat_arr: group_by(k, s)),
        ]
    return out


def rows(seconds: float = SECONDS) -> list[tuple[str, float, float, float, float, float]]:
    """Per case: p50, p99 with 1 thread, p50, p99 with 4 (microseconds), share releasing the GIL."""
    found = []
    for name, func in cases():
        func()  # warm caches (t quantiles, imports)
        single = _percentiles(_run(func, 1, seconds))
        multi = _percentiles(_run(func, THREADS, seconds))
        found.append((name, *single, *multi, gil_releases(func)))
    return found


def main(argv: list[str] | None = None) -> None:
    """Print the latency table."""
    args = sys.argv[1:] if argv is None else argv
    seconds = float(args[0]) if args and args[0].replace(".", "", 1).isdigit() else SECONDS
    warnings.simplefilter("ignore")
    switch_ms = sys.getswitchinterval() * 1e3
    print(
        f"## Latency per call, 1 and {THREADS} threads "
        f"({seconds:g} s per case and mode; switch interval {switch_ms:g} ms)\n"
    )
    print(
        f"| call | p50 1 thread (us) | p99 1 thread | p50 {THREADS} threads "
        f"| p99 {THREADS} threads | p99 ratio | calls releasing the GIL |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|")
    for name, p50_1, p99_1, p50_n, p99_n, released in rows(seconds):
        print(
            f"| {name} | {p50_1:.0f} | {p99_1:.0f} | {p50_n:.0f} | {p99_n:.0f} "
            f"| {p99_n / p99_1:.1f}x | {released:.1%} |"
        )


if __name__ == "__main__":
    main()
