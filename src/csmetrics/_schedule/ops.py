"""Business-time arithmetic on compiled intervals, scalar and vectorized (private).

All instants and durations are integer microseconds. With ``F(t)`` the open
time before ``t``: ``between(a, b) = F(b) - F(a)``; ``add(s, d)`` for ``d > 0``
is the earliest ``t`` with ``F(t) = F(s) + d``, for ``d < 0`` the latest such
``t``, and for ``d == 0`` the next opening at or after ``s``.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from typing import TYPE_CHECKING

import numpy as np

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


def _cover(tl: Timeline, lo: int, hi: int) -> Snapshot:
    snap = tl.snapshot
    if snap is None or not snap.lo <= lo <= hi < snap.hi:
        snap = tl.cover(lo, hi)
    return snap


def is_open_one(tl: Timeline, t: int) -> bool:
    """Whether ``t`` lies in an open interval ``[opening, closing)``."""
    snap = _cover(tl, t, t)
    i = bisect_right(snap.l_starts, t) - 1
    return i >= 0 and t < snap.l_ends[i]


def next_open_one(tl: Timeline, t: int) -> int:
    """``t`` when open, else the next opening."""
    snap = _cover(tl, t, t)
    while True:
        i = bisect_right(snap.l_starts, t) - 1
        if i >= 0 and t < snap.l_ends[i]:
            return t
        if i + 1 < len(snap.l_starts):
            return snap.l_starts[i + 1]
        snap = tl.grow(snap, t, forward=True)


def between_one(tl: Timeline, a: int, b: int) -> int:
    """Signed open time in ``[a, b)``."""
    snap = _cover(tl, min(a, b), max(a, b))
    return _open_before(snap, b) - _open_before(snap, a)


def add_one(tl: Timeline, s: int, d: int) -> int:
    """The instant ``d`` of open time after (``d < 0``: before) ``s``."""
    if d == 0:
        return next_open_one(tl, s)
    snap = _cover(tl, s, s)
    while True:
        target = _open_before(snap, s) + d
        if d > 0:
            j = bisect_left(snap.l_cumend, target)
            if j < len(snap.l_cumend):
                return snap.l_starts[j] + target - snap.l_cum[j]
        elif target >= 0:
            j = bisect_right(snap.l_cum, target) - 1
            return snap.l_starts[j] + target - snap.l_cum[j]
        snap = tl.grow(snap, s, forward=d > 0)


def measure_one(tl: Timeline, s: int, e: int, d: int) -> tuple[int, int]:
    """``(between_one(s, e), add_one(s, d))``, sharing the work on ``s``."""
    snap = _cover(tl, min(s, e), max(s, e))
    before = _open_before(snap, s)
    elapsed = _open_before(snap, e) - before
    target = before + d
    j = bisect_left(snap.l_cumend, target)
    if d > 0 and j < len(snap.l_cumend):
        return elapsed, snap.l_starts[j] + target - snap.l_cum[j]
    return elapsed, add_one(tl, s, d)  # beyond the compiled years (or d <= 0)


def _open_before_many(snap: Snapshot, t: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
    return snap.open_before_many(t)


def _forward(snap: Snapshot, target: npt.NDArray[np.int64]) -> npt.NDArray[np.int64] | None:
    j = np.searchsorted(snap.cumend, target, side="left")
    if j.size and int(j.max()) >= snap.cumend.size:
        return None
    return snap.starts[j] + target - snap.cum[j]


def _backward(snap: Snapshot, target: npt.NDArray[np.int64]) -> npt.NDArray[np.int64] | None:
    if target.size and int(target.min()) < 0:
        return None
    j = np.searchsorted(snap.cum, target, side="right") - 1
    return snap.starts[j] + target - snap.cum[j]


def _next_open(snap: Snapshot, t: npt.NDArray[np.int64]) -> npt.NDArray[np.int64] | None:
    n = snap.starts.size
    i = np.searchsorted(snap.starts, t, side="right") - 1
    ic = np.maximum(i, 0)
    inside = (i >= 0) & (t < snap.ends[ic]) if n else np.zeros(t.shape, dtype=bool)
    nxt = i + 1
    if bool(np.any(~inside & (nxt >= n))):
        return None
    return np.where(inside, t, snap.starts[np.minimum(nxt, max(n - 1, 0))]).astype(_I64)


def _add_pass(
    snap: Snapshot, s: npt.NDArray[np.int64], d: npt.NDArray[np.int64], out: npt.NDArray[np.int64]
) -> tuple[bool, bool]:
    """Fill ``out``; return (needs more calendar forward, needs more backward)."""
    target = _open_before_many(snap, s) + d
    pos, neg, zero = d > 0, d < 0, d == 0
    fwd = _forward(snap, target[pos])
    back = _backward(snap, target[neg])
    nxt = _next_open(snap, s[zero])
    if fwd is None or nxt is None or back is None:
        return fwd is None or nxt is None, back is None
    out[pos], out[neg], out[zero] = fwd, back, nxt
    return False, False


def add_many(
    tl: Timeline, s: npt.NDArray[np.int64], d: npt.NDArray[np.int64]
) -> npt.NDArray[np.int64]:
    """Vectorized :func:`add_one` over equal-shaped 1-d arrays without NaT."""
    out = np.empty_like(s)
    if not s.size:
        return out
    lo, hi = int(s.min()), int(s.max())
    snap = _cover(tl, lo, hi)
    while True:
        more_fwd, more_back = _add_pass(snap, s, d, out)
        if more_fwd:
            snap = tl.grow(snap, hi, forward=True)
        elif more_back:
            snap = tl.grow(snap, lo, forward=False)
        else:
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
    return _open_before_many(snap, b) - _open_before_many(snap, a)
