"""Compliance by priority x week on a 2-worker local Dask cluster vs one process.

Run from the repository root::

    .venv/bin/python -m benchmarks.bench_dask                  # 2M tickets, 16 files
    .venv/bin/python -m benchmarks.bench_dask --rows 20000000  # the full-size run

Synthetic tickets (seeded) are written as Parquet files (one per partition,
``datetime64[us, UTC]`` instants) into a temporary directory. One process
reads them all with ``pandas.read_parquet`` and runs ``evaluate_many`` plus
``compliance`` per ISO week (Asia/Shanghai); the cluster
(``LocalCluster(n_workers=2, threads_per_worker=1, processes=True)``) runs
``csmetrics.dask.compliance_frame(by=("priority", "week"))`` on
``dask.dataframe.read_parquet`` of the same files. Both give the same counts
(checked). Reported: best-of wall times, the scheduler's overhead per
partition (a reduction over 1-row partitions), and the peak resident memory
of each worker process.
"""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import resource
import sys
import tempfile
import time
import warnings
from pathlib import Path

import dask.dataframe as dd
import numpy as np
import pandas as pd
from distributed import Client, LocalCluster

import dask
from benchmarks._timing import best_of
from csmetrics.dask import compliance_frame
from csmetrics.exceptions import UndefinedMetricWarning
from csmetrics.schedule import Schedule
from csmetrics.sla import SlaPolicy, compliance, evaluate_many

__all__ = ["main"]

NOW = dt.datetime(2025, 6, 30, 18, tzinfo=dt.UTC)
ZONE = "Asia/Shanghai"
START = np.datetime64("2025-01-01T00:00:00", "us")


def _write(directory: Path, rows: int, files: int) -> None:
    rng = np.random.default_rng(20251207)
    per = -(-rows // files)
    for number in range(files):
        n = min(per, rows - number * per)
        created = START + rng.integers(0, 180 * 86_400, n).astype("timedelta64[s]")
        reply = created + rng.integers(60, 40 * 3600, n).astype("timedelta64[s]")
        reply[rng.random(n) < 0.1] = np.datetime64("NaT")
        resolved = created + rng.integers(600, 8 * 86_400, n).astype("timedelta64[s]")
        resolved[rng.random(n) < 0.2] = np.datetime64("NaT")
        frame = pd.DataFrame(
            {
                name: pd.DatetimeIndex(values.astype("datetime64[us]")).tz_localize("UTC")
                for name, values in (
                    ("created_at", created),
                    ("first_response_at", reply),
                    ("resolved_at", resolved),
                )
            }
        )
        frame["priority"] = rng.integers(1, 4, n).astype(np.int8)
        frame.to_parquet(directory / f"part-{number:04d}.parquet", index=False)


def _one_process(directory: Path, policy: SlaPolicy, office: Schedule) -> dict[object, object]:
    frame = pd.read_parquet(directory)
    columns = evaluate_many(
        frame["created_at"],
        first_response_at=frame["first_response_at"],
        resolved_at=frame["resolved_at"],
        priority=frame["priority"].to_numpy(),
        policy=policy,
        schedule=office,
        now=NOW,
    )
    local = frame["created_at"].dt.tz_convert(ZONE).dt.tz_localize(None)
    weeks = (local.dt.normalize() - pd.to_timedelta(local.dt.day_of_week, unit="D")).to_numpy()
    found: dict[object, object] = {}
    codes, inverse = np.unique(weeks, return_inverse=True)
    for index, week in enumerate(codes):
        rows = inverse == index
        part = {k: v[rows] for k, v in columns.items()}
        for key, row in compliance(part, by="priority").items():
            found[(key, pd.Timestamp(week).tz_localize(ZONE))] = (
                row.met,
                row.breached,
                row.pending,
            )
    return found


def _peak_rss_mb() -> float:
    """This process's peak resident memory (VmHWM: reset on exec, unlike ``ru_maxrss``)."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _noop(part: object) -> int:
    del part
    return 1


def main(argv: list[str] | None = None) -> None:
    """Write the files, time both paths, print the figures."""
    parser = argparse.ArgumentParser(prog="bench_dask")
    parser.add_argument("--rows", type=int, default=2_000_000)
    parser.add_argument("--files", type=int, default=16)
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    warnings.simplefilter("ignore", UndefinedMetricWarning)
    office = Schedule({"mon-fri": "09:00-18:00"}, timezone=ZONE)
    policy = SlaPolicy.preset("tiered")
    with tempfile.TemporaryDirectory() as folder:
        directory = Path(folder)
        start = time.perf_counter()
        _write(directory, args.rows, args.files)
        size = sum(p.stat().st_size for p in directory.iterdir()) / 2**20
        print(
            f"{args.rows:,} tickets in {args.files} Parquet files ({size:.0f} MiB), "
            f"written in {time.perf_counter() - start:.1f} s"
        )
        expected = _one_process(directory, policy, office)
        single = best_of(lambda: _one_process(directory, policy, office), args.repeat)
        print(
            f"one process: read + evaluate_many + compliance per week: {single:.2f} s "
            f"({single / args.rows * 1e6:.2f} us/ticket), peak RSS {_peak_rss_mb():.0f} MiB"
        )
        with (
            LocalCluster(
                n_workers=2,
                threads_per_worker=1,
                processes=True,
                memory_limit="2GiB",
                dashboard_address=":0",
                silence_logs=logging.CRITICAL,
            ) as cluster,
            Client(cluster) as client,
        ):

            def on_cluster() -> object:
                return compliance_frame(
                    dd.read_parquet(directory),
                    by=("priority", "week"),
                    timezone=ZONE,
                    policy=policy,
                    schedule=office,
                    now=NOW,
                )

            table = on_cluster()
            got = {k: (r["met"], r["breached"], r["pending"]) for k, r in table.iterrows()}
            assert got == expected, "the cluster's counts differ from one process"
            distributed = best_of(on_cluster, args.repeat)
            peaks = client.run(_peak_rss_mb)
            tiny = dd.from_map(_noop_frame, range(400))
            overhead = best_of(
                lambda: dask.compute(*[dask.delayed(_noop)(p) for p in tiny.to_delayed()]), 2
            )
        per_partition = distributed / args.files
        print(
            f"2-worker cluster: compliance_frame(by=('priority', 'week')): {distributed:.2f} s "
            f"({args.files} partitions, {per_partition:.3f} s each on one core); "
            f"speedup {single / distributed:.2f}x"
        )
        print(f"scheduler overhead: {overhead / 400 * 1e3:.2f} ms per (1-row) partition")
        print("peak RSS per worker: " + ", ".join(f"{v:.0f} MiB" for v in peaks.values()))
        rows_per_part = args.rows / args.files
        cost = 2 * distributed / args.files  # core-seconds per partition (2 workers busy)
        parts = 1e9 / rows_per_part
        print(
            f"1B tickets at {rows_per_part:,.0f} rows per partition: {parts:,.0f} partitions x "
            f"{cost:.2f} core-s = {parts * cost / 3600:.1f} core-hours; "
            f"{parts * cost / 3600 / 32:.2f} h on 32 cores"
        )


def _noop_frame(number: int) -> object:
    return pd.DataFrame({"x": [number]})


if __name__ == "__main__":
    main()
