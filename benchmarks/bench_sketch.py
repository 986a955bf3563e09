"""Mergeable quantiles: csmetrics' QuantileSketch next to ddsketch and Apache DataSketches (KLL).

Run from the repository root (the two peers are not in the dev extra)::

    .venv/bin/python -m pip install ddsketch datasketches
    .venv/bin/python -m benchmarks.bench_sketch

One million response times (log-normal seconds, median about 40 minutes),
built into one sketch, and into 50 sketches merged; then the p50, p90 and
p99 of each, against the exact quantiles (``numpy.quantile``, the lower
value, as ``time_stats`` reads them). Prints the time to build, the time to
merge and the relative error of each quantile. A peer that is not installed
is left out.
"""

from __future__ import annotations

import importlib
import time
from collections.abc import Callable
from typing import Any

import numpy as np

from csmetrics.scoring import QuantileSketch

__all__ = ["main"]

QUANTILES = (0.5, 0.9, 0.99)
N = 1_000_000
PARTS = 50


def _merge_in_place(parts: list[Any]) -> Any:
    """A peer's sketches merged into the first (their ``merge`` updates in place)."""
    first = parts[0]
    for part in parts[1:]:
        first.merge(part)
    return first


def _ddsketch() -> tuple[Callable[..., Any], Callable[..., Any], Callable[..., float]] | None:
    try:
        module = importlib.import_module("ddsketch")
    except ImportError:
        return None

    def build(values: np.ndarray) -> Any:
        sketch = module.DDSketch(relative_accuracy=0.01)
        for value in values.tolist():
            sketch.add(value)
        return sketch

    return build, _merge_in_place, lambda sketch, q: float(sketch.get_quantile_value(q))


def _kll() -> tuple[Callable[..., Any], Callable[..., Any], Callable[..., float]] | None:
    try:
        module = importlib.import_module("datasketches")
    except ImportError:
        return None

    def build(values: np.ndarray) -> Any:
        sketch = module.kll_floats_sketch(200)
        sketch.update(values.astype(np.float32))
        return sketch

    return build, _merge_in_place, lambda sketch, q: float(sketch.get_quantile(q))


def _best(call: Callable[[], Any], repeat: int = 3) -> tuple[float, Any]:
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        result = call()
        best = min(best, time.perf_counter() - start)
    return best, result


def main() -> None:
    """Print the comparison as a Markdown table."""
    rng = np.random.default_rng(7)
    values = rng.lognormal(mean=np.log(2400.0), sigma=1.2, size=N)
    exact = {q: float(np.quantile(values, q, method="lower")) for q in QUANTILES}
    parts = np.array_split(values, PARTS)
    ours = (QuantileSketch.from_seconds, sum, lambda sketch, q: sketch.quantile(q, "seconds"))
    peers = {"csmetrics QuantileSketch (1%)": ours, "ddsketch DDSketch (1%)": _ddsketch(),
             "DataSketches KLL (k=200)": _kll()}  # fmt: skip
    print(f"{N:,} durations; {PARTS} parts merged; relative error of each quantile\n")
    print("| sketch | build 1M (s) | build 50 parts + merge (s) | "
          + " | ".join(f"p{round(q * 100)} error" for q in QUANTILES) + " |")  # fmt: skip
    print("|---|---:|---:|" + "---:|" * len(QUANTILES))
    for name, peer in peers.items():
        if peer is None:
            print(f"| {name} | not installed | | " + " | " * (len(QUANTILES) - 1) + "|")
            continue
        build, merge, quantile = peer
        built, _ = _best(lambda build=build: build(values))
        merged, sketch = _best(lambda build=build, merge=merge: merge([build(p) for p in parts]))
        errors = [abs(quantile(sketch, q) - exact[q]) / exact[q] for q in QUANTILES]
        print(f"| {name} | {built:.3f} | {merged:.3f} | "
              + " | ".join(f"{e:.2%}" for e in errors) + " |")  # fmt: skip


if __name__ == "__main__":
    main()
