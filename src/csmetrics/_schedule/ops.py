"""Business-time arithmetic on compiled intervals, scalar and vectorized (private).

All instants and durations are integer microseconds. With ``F(t)`` the open
time before ``t``: ``between(a, b) = F(b) - F(a)``; ``add(s, d)`` for ``d > 0``
is the earliest ``t`` with ``F(t) = F(s) + d``, for ``d < 0`` the latest such
``t``, and for ``d == 0`` the next opening at or after ``s``.

The fast path answers from a kept snapshot of a few contiguous years
(:meth:`Timeline.cover`); what it cannot answer (instants or deadlines years
apart) goes to :mod:`csmetrics._schedule.far`, which compiles only the years
at the ends and adds up the years between.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from typing import TYPE_CHECKING

import numpy as np

from csmetrics._schedule import far

if TYPE_CHECKING:
    import numpy.typing as npt

    from csmetrics._schedule.timeline import Snapshot, Timeline

__all__ = [
    "add_many",
    "add_one",
    "between_many",
    "between_one",
    "is_open_one",
    "measure_one",
    "next_open_one",
]

_I64 = np.int64


def _open_before(snap: Snapshot, t: int) -> int:
    i = bisect_right(snap.l_starts, t) - 1
    if i < 0:
        return 0
    return snap.l_cum[i] + min(t, snap.l_ends[i]) - snap.l_starts[i]


def _cover(tl: Timeline, lo: int, hi: int) -> Snapshot | None:
    """A snapshot holding ``lo..hi`` (None: they are too many years apart)."""
    for snap in tl.snapshots:
        if snap.lo <= lo and hi < snap.hi:
            return snap
    return tl.cover(lo, hi)


def is_open_one(tl: Timeline, t: int) -> bool:
    """Whether ``t`` lies in an open interval ``[opening, closing)``."""
    snap = _cover(tl, t, t)
    assert snap is not None  # one instant always fits
    i = bisect_right(snap.l_starts, t) - 1
    return i >= 0 and t < snap.l_ends[i]


def next_open_one(tl: Timeline, t: int) -> int:
    """``t`` when open, else the next opening."""
    snap = _cover(tl, t, t)
    assert snap is not None
    i = bisect_right(snap.l_starts, t) - 1
    if i >= 0 and t < snap.l_ends[i]:
        return t
    if i + 1 < len(snap.l_starts):
        return snap.l_starts[i + 1]
    return far.next_open_far(tl, t)


def between_one(tl: Timeline, a: int, b: int) -> int:
    """Signed open time in ``[a, b)``."""
    snap = _cover(tl, min(a, b), max(a, b))
    if snap is None:
        return far.between_far(tl, a, b)
    return _open_before(snap, b) - _open_before(snap, a)


def _add_in(snap: Snapshot, s: int, d: int) -> int | None:
    """:func:`add_one` when the answer lies in ``snap`` (``d != 0``), else None."""
    target = _open_before(snap, s) + d
    if d > 0:
        j = bisect_left(snap.l_cumend, target)
        if j < len(snap.l_cumend):
            return snap.l_starts[j] + target - snap.l_cum[j]
    elif target >= 0:
        j = bisect_right(snap.l_cum, target) - 1
        return snap.l_starts[j] + target - snap.l_cum[j]
    return None


def add_one(tl: Timeline, s: int, d: int) -> int:
    """The instant ``d`` of open time after (``d < 0``: before) ``s``."""
    if d == 0:
        return next_open_one(tl, s)
    snap = _cover(tl, s, s)
    assert snap is not None
    found = _add_in(snap, s, d)
    return far.add_far(tl, s, d) if found is None else found


def measure_one(tl: Timeline, s: int, e: int, d: int) -> tuple[int, int]:
    """``(between_one(s, e), add_one(s, d))``, sharing the work on ``s``."""
    snap = _cover(tl, min(s, e), max(s, e))
    if snap is None or d <= 0:
        return between_one(tl, s, e), add_one(tl, s, d)
    before = _open_before(snap, s)
    elapsed = _open_before(snap, e) - before
    target = before + d
    j = bisect_left(snap.l_cumend, target)
    if j < len(snap.l_cumend):
        return elapsed, snap.l_starts[j] + target - snap.l_cum[j]
    return elapsed, far.add_far(tl, s, d)  # beyond the snapshot


def _add_pass(
    snap: Snapshot, s: npt.NDArray[np.int64], d: npt.NDArray[np.int64]
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.bool_]]:
    """Answers from ``snap`` and where they were found there."""
    n = snap.starts.size
    out = np.zeros_like(s)
    found = np.zeros(s.shape, dtype=bool)
    if not n:
        return out, found
    positive, negative = d > 0, d < 0
    if positive.all():  # the common case: one search, no subsets
        return _forward(snap, snap.open_before_many(s) + d)
    for rows, answer in (
        (positive, _forward),
        (negative, _backward),
        (~positive & ~negative, None),
    ):
        if rows.any():
            part = _next_open(snap, s[rows]) if answer is None else (
                answer(snap, snap.open_before_many(s[rows]) + d[rows]))  # fmt: skip
            out[rows], found[rows] = part
    return out, found


def _forward(
    snap: Snapshot, target: npt.NDArray[np.int64]
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.bool_]]:
    """The earliest instants at open position ``target`` (> 0), and where found in ``snap``."""
    n = snap.starts.size
    j = np.searchsorted(snap.cumend, target, side="left")
    found = j < n
    jc = np.minimum(j, n - 1)
    return snap.starts[jc] + target - snap.cum[jc], found


def _backward(
    snap: Snapshot, target: npt.NDArray[np.int64]
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.bool_]]:
    """The latest instants at open position ``target``, and where found in ``snap``."""
    k = np.maximum(np.searchsorted(snap.cum, target, side="right") - 1, 0)
    return snap.starts[k] + target - snap.cum[k], target >= 0


def _next_open(
    snap: Snapshot, t: npt.NDArray[np.int64]
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.bool_]]:
    """``t`` when open, else the next opening, and where found in ``snap``."""
    n = snap.starts.size
    i = np.searchsorted(snap.starts, t, side="right") - 1
    inside = (i >= 0) & (t < snap.ends[np.maximum(i, 0)])
    return np.where(inside, t, snap.starts[np.minimum(i + 1, n - 1)]), inside | (i + 1 < n)


def add_many(
    tl: Timeline, s: npt.NDArray[np.int64], d: npt.NDArray[np.int64]
) -> npt.NDArray[np.int64]:
    """Vectorized :func:`add_one` over equal-shaped 1-d arrays without NaT."""
    if not s.size:
        return np.empty_like(s)
    snap = _cover(tl, int(s.min()), int(s.max()))
    if snap is None:
        return far.add_far_many(tl, s, d)
    out, found = _add_pass(snap, s, d)
    if not found.all():
        out[~found] = far.add_far_many(tl, s[~found], d[~found])
    return out


def between_many(
    tl: Timeline, a: npt.NDArray[np.int64], b: npt.NDArray[np.int64]
) -> npt.NDArray[np.int64]:
    """Vectorized :func:`between_one` over equal-shaped 1-d arrays without NaT."""
    if not a.size:
        return np.empty_like(a)
    lo = min(int(a.min()), int(b.min()))
    hi = max(int(a.max()), int(b.max()))
    snap = _cover(tl, lo, hi)
    if snap is None:
        return far.between_far_many(tl, a, b)
    return snap.open_before_many(b) - snap.open_before_many(a)
