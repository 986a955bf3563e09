"""Notebook paths: periods in a reporting zone, compliance per week and priority, two-key groups.

Run from the repository root::

    .venv/bin/python -m benchmarks.bench_frames

Prints a Markdown table: csmetrics next to the same numbers computed with
pandas (``tz_convert``, Monday by ``dayofweek`` + ``normalize``, ``groupby``), on 1M rows spread
over one and ten years (best of 3).
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from functools import partial

import numpy as np
import pandas as pd

from benchmarks._timing import best_of
from csmetrics.scoring import group_by, trend
from csmetrics.sla import compliance

N = 1_000_000
ZONE = "Asia/Shanghai"


def _data(years: int) -> tuple[np.ndarray, dict[str, np.ndarray], np.ndarray, np.ndarray]:
    rng = np.random.default_rng(0)
    start = np.datetime64("2020-01-01T00:00", "us").astype(np.int64)
    span = years * 365 * 86_400_000_000
    created = (start + rng.integers(0, span, N)).astype(np.int64).view("datetime64[us]")
    cols = {
        "priority": rng.integers(1, 4, N).astype(np.int8),
        "first_response_has_target": np.ones(N, bool),
        "first_response_breached": rng.random(N) < 0.2,
        "first_response_stopped": rng.random(N) < 0.9,
    }
    agents = rng.choice([f"agent {i:02d}" for i in range(40)], N).astype(object)
    return created, cols, agents, rng.integers(1, 6, N)


def _weeks(created: np.ndarray) -> pd.Series:
    """Monday 00:00 of each instant's week in ZONE (the fast pandas way: no Period objects)."""
    local = pd.Series(pd.to_datetime(created, utc=True)).dt.tz_convert(ZONE).dt.tz_localize(None)
    return (local - pd.to_timedelta(local.dt.dayofweek, unit="D")).dt.normalize()


def _pandas_weekly(created: np.ndarray, scores: np.ndarray) -> pd.Series:
    return pd.Series(scores).groupby(_weeks(created).to_numpy()).mean()


def _pandas_compliance(created: np.ndarray, cols: dict[str, np.ndarray]) -> pd.DataFrame:
    frame = pd.DataFrame({
        "week": _weeks(created),
        "priority": cols["priority"],
        "met": cols["first_response_stopped"] & ~cols["first_response_breached"],
        "breached": cols["first_response_breached"],
    })  # fmt: skip
    return frame.groupby(["week", "priority"])[["met", "breached"]].sum()


def _rows(years: int) -> list[tuple[str, Callable[[], object], Callable[[], object]]]:
    created, cols, agents, scores = _data(years)
    keys = {"agent": agents, "priority": cols["priority"]}
    return [
        ("trend(freq='W', timezone=...) CSAT",
         partial(trend, created, scores, freq="W", timezone=ZONE),
         partial(_pandas_weekly, created, scores)),
        ("compliance(by=('week', 'priority'))",
         partial(compliance, cols, by=("week", "priority"), timezone=ZONE, created_at=created),
         partial(_pandas_compliance, created, cols)),
        ("group_by({agent, priority}) CSAT",
         partial(group_by, keys, scores),
         pd.Series(scores).groupby([agents, cols["priority"]]).mean),
    ]  # fmt: skip


def main() -> None:
    """Print the table."""
    print("| operation (1M rows) | span | csmetrics | pandas |")
    print("|---|---|---|---|")
    for years in (1, 10):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            for name, ours, theirs in _rows(years):
                mine, peer = best_of(ours), best_of(theirs)
                print(f"| {name} | {years} y | {mine * 1000:.0f} ms | {peer * 1000:.0f} ms |")


if __name__ == "__main__":
    main()
