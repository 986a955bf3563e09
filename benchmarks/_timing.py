"""Timing helper shared by the benchmark modules."""

from __future__ import annotations

import time
from collections.abc import Callable

__all__ = ["best_of"]


def best_of(
    action: Callable[[], object],
    repeat: int = 3,
    clock: Callable[[], float] = time.perf_counter,
) -> float:
    """The shortest time, in seconds, of ``repeat`` runs of ``action`` on ``clock``.

    The default clock is wall time; ``time.process_time`` (CPU of the
    process) or ``time.thread_time`` (CPU of this thread) are less noisy on a
    shared machine.
    """
    best = float("inf")
    for _ in range(repeat):
        start = clock()
        action()
        best = min(best, clock() - start)
    return best
