"""Timing helper shared by the benchmark modules."""

from __future__ import annotations

import time
from collections.abc import Callable

__all__ = ["best_of"]


def best_of(action: Callable[[], object], repeat: int = 3) -> float:
    """The shortest wall-clock time, in seconds, of ``repeat`` runs of ``action``."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        best = min(best, time.perf_counter() - start)
    return best
