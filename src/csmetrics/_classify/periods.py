"""A pattern of a few lexicon entries repeated many times, read twice and extrapolated.

The matcher groups one entry repeated back to back into a run, and the clause
reader reads a run in one step. A pattern of several entries ("很好好" repeated:
好 before 很好, then 很好) gives no runs; read match by match, a megabyte of it
would take seconds. ``skip_periods`` finds, at a position where no modifier is
waiting, the same ``k`` matches (1 to 4) repeated at a fixed distance over a
stretch of text that repeats too, reads the first two repetitions as usual,
checks that they had the same effect and left nothing waiting, and adds that
effect once per further repetition, leaving the last repetition to be read as
usual. Only sentiment words, negators, degree words, hedges, excess words and
neutral entries qualify: they only add to the totals, never read them (clause
breaks, contrast and concessive words do), so repetitions of the pattern have
the same effect whatever came before.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from csmetrics._classify.lexicon import Role
from csmetrics._core.matcher import MAX_ENTRY_LENGTH

if TYPE_CHECKING:
    from csmetrics._classify.clause import Reader
    from csmetrics._core.matcher import Run

__all__ = ["PERIODIC_FROM", "skip_periods"]

PERIODIC_FROM = 64
"""Lists of runs at least this long are searched for repeated patterns (every 64 runs)."""

_LONGEST_PATTERN = 4
_FEWEST_REPEATS = 8
_ADDING = frozenset(map(int, (Role.WORD, Role.NEGATOR, Role.DEGREE, Role.HEDGE, Role.EXCESS)))
_ADDING |= {int(Role.NEUTRAL)}


def skip_periods(reader: Reader, runs: list[Run], index: int) -> tuple[int, int]:
    """Read a repeated pattern starting at run `index`.

    Returns how many runs were read (0 when there is no pattern: nothing read)
    and the index before which no pattern should be looked for again (the end
    of a stretch that could not be extrapolated: looking again inside it would
    scan it again and again). The reader's chain must be empty.
    """
    for size in range(1, _LONGEST_PATTERN + 1):
        repeats = _repeats(reader, runs, index, size)
        if repeats >= _FEWEST_REPEATS:
            end = index + repeats * size
            start = _align(reader, runs, index, size)  # a start where nothing is waiting
            if start < 0:
                return size, end
            read = _extrapolate(reader, runs, start, size, (end - start) // size)
            return start - index + read, end
    return 0, index + PERIODIC_FROM


def _align(reader: Reader, runs: list[Run], index: int, size: int) -> int:
    """Read up to a run of the pattern before which no modifier waits (-1: none of `size`).

    The pattern read from there is the same pattern, turned (好 then 很好, not 很好 then 好).
    """
    for offset in range(size):
        reader.read(runs, index + offset)
        if reader.chain.start < 0:
            return index + offset + 1
    return -1


def _repeats(reader: Reader, runs: list[Run], index: int, size: int) -> int:
    """How many times runs[index : index + size] repeat at one distance, text included.

    The text is compared in a few long slices (C speed), not run by run: where the
    text repeats, the matcher found the same matches in every repetition but the
    last few (a match may look up to ``MAX_ENTRY_LENGTH`` characters ahead, past the
    repetition), which are left out; the second and the last counted repetitions
    are checked run by run.
    """
    if index + 2 * size > len(runs):
        return 0
    pattern = runs[index : index + size]
    if any(reader.table[entry][0] not in _ADDING for _, _, entry, _, _ in pattern):
        return 0
    distance = runs[index + size][0] - pattern[0][0]
    if distance <= 0 or not _same(runs, index + size, pattern, distance):
        return 0
    begin = pattern[0][0]
    repeats = _periodic(reader.text, begin, distance) // distance + 1
    repeats -= MAX_ENTRY_LENGTH // distance + 2
    last = index + (repeats - 1) * size
    if repeats < _FEWEST_REPEATS or last + size > len(runs):
        return 0
    return repeats if _same(runs, last, pattern, (repeats - 1) * distance) else 0


def _same(runs: list[Run], at: int, pattern: list[Run], shift: int) -> bool:
    """Whether runs[at : at + len(pattern)] are `pattern` moved `shift` characters on."""
    return all(
        (s - shift, e - shift, w, c, g) == first
        for (s, e, w, c, g), first in zip(runs[at : at + len(pattern)], pattern, strict=True)
    )


def _periodic(text: str, begin: int, distance: int) -> int:
    """The longest stretch from `begin` that the text repeats `distance` characters later."""
    low, high = 0, len(text) - begin - distance
    while low < high:  # a binary search over slice comparisons: C speed
        middle = (low + high + 1) // 2
        if text[begin : begin + middle] == text[begin + distance : begin + distance + middle]:
            low = middle
        else:
            high = middle - 1
    return low


def _extrapolate(reader: Reader, runs: list[Run], index: int, size: int, repeats: int) -> int:
    """Read two repetitions, then add their effect for all but the last; runs read."""
    found = reader.found
    marks = [_mark(reader)]
    for repetition in range(2):
        for offset in range(size):
            reader.read(runs, index + repetition * size + offset)
        if reader.chain.start >= 0:  # something waits across repetitions: read on as usual
            return (repetition + 1) * size
        marks.append(_mark(reader))
    (e0, w0, p0, c0, h0), (e1, w1, p1, c1, h1), (e2, w2, p2, c2, h2) = marks
    evidence, warmth = found.evidence[e1:e2], found.warmth[w1:w2]
    if (
        evidence != found.evidence[e0:e1]
        or warmth != found.warmth[w0:w1]
        or not all(
            math.isclose(after - middle, middle - before, rel_tol=1e-9, abs_tol=1e-12)
            for before, middle, after in ((p0, p1, p2), (c0, c1, c2), (h0, h1, h2))
        )
    ):
        return 2 * size
    times = repeats - 3  # the last repetition is read as usual (it may look past the pattern)
    if times > 0:
        found.evidence.extend(evidence * times)
        found.warmth.extend(warmth * times)
        found.post += (p2 - p1) * times
        found.clause += (c2 - c1) * times
        found.hopeful += (h2 - h1) * times
    return (2 + max(times, 0)) * size


def _mark(reader: Reader) -> tuple[int, int, float, float, float]:
    found = reader.found
    return len(found.evidence), len(found.warmth), found.post, found.clause, found.hopeful
