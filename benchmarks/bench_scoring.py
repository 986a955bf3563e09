"""Scoring benchmarks: CSAT / NPS over 10M scores, merging, grouping, interval coverage.

Run from the repository root::

    .venv/bin/python -m benchmarks.bench_scoring

Prints Markdown tables: timings of csmetrics next to the same figures computed
with pandas (``Series.mean`` / boolean means) and plain numpy, and a coverage
study of the interval methods at small n (exact enumeration, no sampling
noise).
"""

from __future__ import annotations

import statistics
import warnings
from collections.abc import Callable
from functools import partial
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats  # type: ignore[import-untyped]

from benchmarks._timing import best_of
from csmetrics._scoring.intervals import nps_interval, wald_interval, wilson_interval, z_value
from csmetrics.scoring import CsatCounts, compare, csat, group_by, nps

N = 10_000_000
REPEATS = 5


def _pandas_csat(s: pd.Series) -> tuple[float, float]:
    return float(s.mean()), float((s >= 4).mean())


def _pandas_nps(s: pd.Series) -> float:
    return float(100 * ((s >= 9).mean() - (s <= 6).mean()))


def _numpy_nps(a: np.ndarray) -> float:
    return float(100 * (np.count_nonzero(a >= 9) - np.count_nonzero(a <= 6)) / a.size)


def _chunked(a: np.ndarray) -> CsatCounts:
    return sum(CsatCounts.from_scores(part) for part in np.array_split(a, 10))  # type: ignore[return-value]


def timings() -> list[tuple[str, str, float]]:
    rng = np.random.default_rng(0)
    csat_i8 = rng.integers(1, 6, size=N, dtype=np.int8)
    csat_f = csat_i8.astype(np.float64)
    csat_f[rng.random(N) < 0.05] = np.nan
    nps_i8 = rng.integers(0, 11, size=N, dtype=np.int8)
    agents = rng.integers(0, 200, size=N)
    series_i8 = pd.Series(csat_i8)
    series_nps = pd.Series(nps_i8)
    cases: list[tuple[str, str, Callable[[], Any]]] = [
        ("CSAT, int8", "csmetrics.csat (mean, share, 2 intervals, counts)", lambda: csat(csat_i8)),
        ("CSAT, int8", "pandas mean + top-2-box share", lambda: _pandas_csat(series_i8)),
        ("CSAT, int8", "numpy mean only", lambda: float(csat_i8.mean())),
        ("CSAT, float64, 5% NaN", "csmetrics.csat", lambda: csat(csat_f)),
        ("CSAT, float64, 5% NaN", "numpy nanmean only", lambda: float(np.nanmean(csat_f))),
        ("NPS, int8", "csmetrics.nps (score, shares, adjusted-Wald CI)", lambda: nps(nps_i8)),
        ("NPS, int8", "pandas boolean means", lambda: _pandas_nps(series_nps)),
        ("NPS, int8", "numpy count_nonzero", lambda: _numpy_nps(nps_i8)),
        ("CSAT, 10 chunks merged", "sum of CsatCounts", lambda: _chunked(csat_i8).result()),
        ("CSAT per agent (200)", "csmetrics.group_by", lambda: group_by(agents, csat_i8)),
        (
            "CSAT per agent (200)",
            "pandas groupby mean",
            lambda: series_i8.groupby(agents).mean(),
        ),
    ]  # fmt: skip
    return [(case, impl, best_of(func, REPEATS)) for case, impl, func in cases]


def per_call() -> list[tuple[str, float]]:
    """Microseconds per call on 20 answers (the request-handler case), and a few neighbours."""
    small_csat = [5, 4, 4, 3, 5, 2, 5, 4, None, 5] * 2
    small_nps = [10, 9, 8, 6, 10, 3, 9, 7, None, 10] * 2
    present = [s for s in small_csat if s is not None]
    small_array = np.array([*present, 4, 5], dtype=np.int8)
    small_floats = np.array([np.nan if s is None else s for s in small_csat])
    long_csat = small_csat * 50
    long_array = np.array([4 if s is None else s for s in long_csat], dtype=np.int64)
    longer_array = np.resize(long_array, 4096)
    monday, tuesday = CsatCounts.from_scores(small_csat), CsatCounts.from_scores(small_csat[::-1])
    cases: list[tuple[str, Callable[[], Any]]] = [
        ("csmetrics.csat (list of 20)", lambda: csat(small_csat)),
        ("csmetrics.nps (list of 20)", lambda: nps(small_nps)),
        ("csmetrics.csat (int8 array of 20)", lambda: csat(small_array)),
        ("csmetrics.csat (float64 array of 20, 2 NaN)", lambda: csat(small_floats)),
        ("csmetrics.csat (list of 1,000)", lambda: csat(long_csat)),
        ("csmetrics.csat (int64 array of 1,000: plain Python)", lambda: csat(long_array)),
        ("csmetrics.csat (int64 array of 4,096: numpy)", lambda: csat(longer_array)),
        ("CsatCounts merge (monday + tuesday)", lambda: monday + tuesday),
        ("csmetrics.compare, NPS (two lists of 20)", lambda: compare(small_nps, small_nps[::-1])),
        ("statistics.mean (list of 18, no interval)", lambda: statistics.mean(present)),
    ]
    calls = 2000

    def repeat(func: Callable[[], Any]) -> None:
        for _ in range(calls):
            func()

    return [(name, best_of(partial(repeat, func), REPEATS) / calls * 1e6) for name, func in cases]


def _nps_coverage(n: int, probs: tuple[float, float, float], *, adjusted: bool) -> float:
    pro, det = np.meshgrid(np.arange(n + 1), np.arange(n + 1), indexing="ij")
    ok = pro + det <= n
    pro, det = pro[ok], det[ok]
    pmf = stats.multinomial.pmf(np.stack([pro, n - pro - det, det], axis=1), n, probs)
    low, high = nps_interval(
        pro.astype(float), det.astype(float), np.full(pro.size, float(n)), z_value(0.95),
        adjusted=adjusted,
    )  # fmt: skip
    true = probs[0] - probs[2]
    return float(pmf[(low <= true) & (true <= high)].sum())


def _share_coverage(n: int, p: float, interval: Callable[..., Any]) -> float:
    x = np.arange(n + 1)
    low, high = interval(x / n, np.full(n + 1, float(n)), z_value(0.95))
    return float(stats.binom.pmf(x, n, p)[(low <= p) & (p <= high)].sum())


def coverage_rows() -> list[str]:
    rows = []
    for probs in ((0.85, 0.10, 0.05), (0.6, 0.3, 0.1), (0.3, 0.3, 0.4)):
        for n in (10, 20, 50, 100):
            adj = _nps_coverage(n, probs, adjusted=True)
            wald = _nps_coverage(n, probs, adjusted=False)
            rows.append(f"| NPS {probs} | {n} | {adj:.3f} (adjusted-Wald) | {wald:.3f} (Wald) |")
    for p in (0.9, 0.95, 0.5):
        for n in (10, 20, 50):
            wil = _share_coverage(n, p, wilson_interval)
            wald = _share_coverage(n, p, wald_interval)
            rows.append(f"| CSAT share p={p} | {n} | {wil:.3f} (Wilson) | {wald:.3f} (Wald) |")
    return rows


def main() -> None:
    """Print the timing and coverage tables."""
    warnings.simplefilter("ignore", RuntimeWarning)
    print(f"## Scoring timings ({N:,} scores, best of {REPEATS})\n")
    print("| data | implementation | seconds |")
    print("|---|---|---:|")
    for case, impl, seconds in timings():
        print(f"| {case} | {impl} | {seconds:.4f} |")
    print("\n## Per call on small inputs\n")
    print("| implementation | microseconds per call |")
    print("|---|---:|")
    for name, micros in per_call():
        print(f"| {name} | {micros:.1f} |")
    print("\n## Exact coverage of nominal 95% intervals\n")
    print("| population | n | recommended method | plain Wald |")
    print("|---|---:|---|---|")
    for row in coverage_rows():
        print(row)


if __name__ == "__main__":
    main()
