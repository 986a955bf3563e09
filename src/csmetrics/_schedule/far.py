"""Business time across many years: one compiled year at each end, the years between added up.

The general path behind :mod:`csmetrics._schedule.ops`, for queries that no
kept snapshot covers (instants years apart, a deadline years ahead). An
instant's position is its year's cumulative open time plus its place in that
year's compiled intervals; the years in between count by their open time
alone (:meth:`Timeline.total`), so only the years holding an instant or an
answer are compiled. Searches stop :data:`HORIZON_YEARS` after (before) each
start's own year, as the scalar methods do, and raise ``NoOpenTimeError``.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from typing import TYPE_CHECKING

import numpy as np

from csmetrics._schedule.timeline import horizon, no_open_time

if TYPE_CHECKING:
    import numpy.typing as npt

    from csmetrics._schedule.timeline import Snapshot, Timeline

__all__ = [
    "add_far",
    "add_far_many",
    "between_far",
    "between_far_many",
    "next_open_far",
]

_I64 = np.int64


def _open_before(chunk: Snapshot, t: int) -> int:
    i = bisect_right(chunk.l_starts, t) - 1
    if i < 0:
        return 0
    return chunk.l_cum[i] + min(t, chunk.l_ends[i]) - chunk.l_starts[i]


def between_far(tl: Timeline, a: int, b: int) -> int:
    """Signed open time in ``[a, b)``."""
    ya, yb = tl.year_of(a), tl.year_of(b)
    fa, fb = _open_before(tl.chunk(ya), a), _open_before(tl.chunk(yb), b)
    return fb - fa + tl.years_between(ya, yb)


def next_open_far(tl: Timeline, t: int) -> int:
    """``t`` when open, else the next opening (within the horizon)."""
    year = tl.year_of(t)
    chunk = tl.chunk(year)
    i = bisect_right(chunk.l_starts, t) - 1
    if i >= 0 and t < chunk.l_ends[i]:
        return t
    if i + 1 < len(chunk.l_starts):
        return chunk.l_starts[i + 1]
    for later in range(year + 1, horizon(year, forward=True) + 1):
        if tl.total(later):
            return tl.chunk(later).l_starts[0]
    raise no_open_time(t, tl._tz, "after")


def add_far(tl: Timeline, s: int, d: int) -> int:
    """The instant ``d != 0`` of open time after (``d < 0``: before) ``s``."""
    year = tl.year_of(s)
    target = _open_before(tl.chunk(year), s) + d
    forward = d > 0
    limit, y = horizon(year, forward=forward), year
    if forward:
        while target > (total := tl.total(y)):
            target, y = target - total, y + 1
            if y > limit:
                raise no_open_time(s, tl._tz, "after")
        chunk = tl.chunk(y)
        j = bisect_left(chunk.l_cumend, target)
    else:
        while target < 0:
            y -= 1
            if y < limit:
                raise no_open_time(s, tl._tz, "before")
            target += tl.total(y)
        chunk = tl.chunk(y)
        j = bisect_right(chunk.l_cum, target) - 1
    return chunk.l_starts[j] + target - chunk.l_cum[j]


# --- arrays --------------------------------------------------------------------------


def _groups(years: npt.NDArray[np.int64]) -> Iterator[tuple[int, npt.NDArray[np.intp]]]:
    """Each distinct year with the positions that hold it (one sort, not one scan per year)."""
    order = np.argsort(years, kind="stable")
    ordered = years[order]
    cuts = np.flatnonzero(np.diff(ordered)) + 1
    for part in np.split(order, cuts):
        if part.size:
            yield int(years[part[0]]), part


def _positions(
    tl: Timeline, t: npt.NDArray[np.int64]
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """The year of each instant and the open time before it within that year."""
    years = tl.years_of(t)
    inside = np.empty_like(t)
    for year, rows in _groups(years):
        inside[rows] = tl.chunk(year).open_before_many(t[rows])
    return years, inside


def between_far_many(
    tl: Timeline, a: npt.NDArray[np.int64], b: npt.NDArray[np.int64]
) -> npt.NDArray[np.int64]:
    """Vectorized :func:`between_far`."""
    ya, fa = _positions(tl, a)
    yb, fb = _positions(tl, b)
    first = int(min(ya.min(), yb.min()))
    totals = tl.totals(np.arange(first, int(max(ya.max(), yb.max())) + 1, dtype=_I64))
    prefix = np.concatenate(([0], np.cumsum(totals, dtype=_I64)))
    return fb - fa + prefix[yb - first] - prefix[ya - first]


def _limits(years: npt.NDArray[np.int64], *, forward: bool) -> npt.NDArray[np.int64]:
    return np.array([horizon(y, forward=forward) for y in years.tolist()], dtype=_I64)


def _walk(
    tl: Timeline, s: npt.NDArray[np.int64], years: npt.NDArray[np.int64],
    target: npt.NDArray[np.int64], *, forward: bool,
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:  # fmt: skip
    """Move each target into the year that holds it; raise past a row's horizon.

    Forward, a target ``0 < target <= total(year)`` is in ``year``; backward,
    ``target >= 0``. Each round moves every row still outside by one year.
    """
    limits = _limits(years, forward=forward)
    y, target = years.copy(), target.copy()
    while True:
        totals = tl.totals(y)
        move = target > totals if forward else target < 0
        if not move.any():
            return y, target
        if forward:
            target[move] -= totals[move]
            y[move] += 1
        else:
            y[move] -= 1
        late = (y > limits) if forward else (y < limits)
        if late.any():
            raise no_open_time(int(s[np.argmax(late)]), tl._tz, "after" if forward else "before")
        if not forward:
            target[move] += tl.totals(y[move])


def _answers(
    tl: Timeline, years: npt.NDArray[np.int64], target: npt.NDArray[np.int64], *, forward: bool
) -> npt.NDArray[np.int64]:
    out = np.empty_like(target)
    for year, rows in _groups(years):
        chunk = tl.chunk(year)
        if forward:
            j = np.searchsorted(chunk.cumend, target[rows], side="left")
        else:
            j = np.searchsorted(chunk.cum, target[rows], side="right") - 1
        out[rows] = chunk.starts[j] + target[rows] - chunk.cum[j]
    return out


def _next_open_many(
    tl: Timeline, t: npt.NDArray[np.int64], years: npt.NDArray[np.int64]
) -> npt.NDArray[np.int64]:
    """Vectorized :func:`next_open_far`: in each instant's year, else the next open year."""
    out = np.empty_like(t)
    later = np.zeros(t.shape, dtype=bool)
    for year, rows in _groups(years):
        chunk = tl.chunk(year)
        n = chunk.starts.size
        if not n:
            later[rows] = True
            continue
        i = np.searchsorted(chunk.starts, t[rows], side="right") - 1
        inside = (i >= 0) & (t[rows] < chunk.ends[np.maximum(i, 0)])
        out[rows] = np.where(inside, t[rows], chunk.starts[np.minimum(i + 1, n - 1)])
        later[rows] = ~(inside | (i + 1 < n))
    if later.any():
        limits = _limits(years[later], forward=True)
        y = years[later] + 1
        while True:
            late = y > limits
            if late.any():
                raise no_open_time(int(t[later][np.argmax(late)]), tl._tz, "after")
            closed = tl.totals(y) == 0
            if not closed.any():
                break
            y[closed] += 1
        out[later] = [tl.chunk(year).l_starts[0] for year in y.tolist()]
    return out


def add_far_many(
    tl: Timeline, s: npt.NDArray[np.int64], d: npt.NDArray[np.int64]
) -> npt.NDArray[np.int64]:
    """Vectorized :func:`add_far` (``d == 0``: the next opening)."""
    years, inside = _positions(tl, s)
    out = np.empty_like(s)
    for forward, rows in ((True, d > 0), (False, d < 0)):
        if rows.any():
            y, target = _walk(tl, s[rows], years[rows], inside[rows] + d[rows], forward=forward)
            out[rows] = _answers(tl, y, target, forward=forward)
    zero = d == 0
    if zero.any():
        out[zero] = _next_open_many(tl, s[zero], years[zero])
    return out
