"""Weekly open minutes <-> csmetrics hours mappings, shared by the three products.

A week is ``[0, 10080)`` minutes from Sunday 00:00 (Zendesk's own unit);
Freshdesk and Zammad days are turned into the same minutes first. Runs of
touching intervals are merged; how a run that crosses midnight becomes day
ranges is the ``overnight`` rule:

- ``"csmetrics"`` (default): a run of at most 24 hours that starts on one day
  and ends earlier in the clock on the next becomes one overnight shift of
  the day it starts on (``"22:00-02:00"`` on Monday): a holiday on Monday
  closes the whole shift, one on Tuesday none of it.
- ``"split"``: every calendar day keeps its own part (Monday ``22:00-24:00``,
  Tuesday ``00:00-02:00``): a holiday closes exactly its date's part, as the
  products do.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

from csmetrics._helpdesks.paths import fail, is_choice

__all__ = [
    "DAY",
    "DAY_KEYS",
    "WEEK",
    "Overnight",
    "check_overnight",
    "hours_from_runs",
    "minutes_from_hours",
    "week_runs",
]

DAY = 1440
WEEK = 7 * DAY
DAY_KEYS = ("sun", "mon", "tue", "wed", "thu", "fri", "sat")
"""Day keys in Zendesk's order (Sunday is day 0)."""
Overnight = Literal["csmetrics", "split"]
_OVERNIGHT = ("csmetrics", "split")


def check_overnight(value: object) -> None:
    """Raise unless ``value`` is an ``overnight`` rule: ``"csmetrics"`` or ``"split"``."""
    if not is_choice(value, _OVERNIGHT):
        fail("overnight", "'csmetrics' or 'split'", value, show=True)


def week_runs(intervals: Iterable[tuple[int, int, str]]) -> list[tuple[int, int]]:
    """Merged ``(start, end)`` runs of ``(start, end, path)`` intervals of one week.

    Intervals lie within ``[0, 10080]``; a run from Saturday into Sunday
    ends past 10080. Overlapping intervals are an error naming the later
    one's path; touching ones merge.

    >>> week_runs([(9960, 10080, "a"), (0, 120, "b"), (1980, 2460, "c")])
    [(1980, 2460), (9960, 10200)]
    """
    ordered = sorted(intervals)
    runs: list[list[int]] = []
    for start, end, path in ordered:
        if runs and start < runs[-1][1]:
            fail(path, "intervals that do not overlap", f"{start}-{end}", show=True)
        if runs and start == runs[-1][1]:
            runs[-1][1] = end
        else:
            runs.append([start, end])
    if len(runs) > 1 and runs[-1][1] == WEEK and runs[0][0] == 0:
        runs[-1][1] = WEEK + runs[0][1]  # Saturday night into Sunday morning
        del runs[0]
    return sorted((a, b) for a, b in runs)


def _clock(minute: int) -> str:
    return f"{minute // 60:02d}:{minute % 60:02d}"


def hours_from_runs(runs: list[tuple[int, int]], overnight: Overnight) -> dict[str, str]:
    """A csmetrics hours mapping for merged runs (every day key present, ``closed`` if empty).

    >>> hours_from_runs([(1980, 2460), (2700, 3000)], "csmetrics")["mon"]
    '09:00-17:00,21:00-02:00'
    >>> hours_from_runs([(2700, 3000)], "split")["tue"]
    '00:00-02:00'
    """
    days: list[list[tuple[int, int]]] = [[] for _ in DAY_KEYS]
    for start, end in runs:
        if overnight == "csmetrics" and _one_shift(start, end):
            days[start // DAY % 7].append((start % DAY, end % DAY))
            continue
        cursor = start
        while cursor < end:
            stop = min(end, (cursor // DAY + 1) * DAY)
            days[cursor // DAY % 7].append((cursor % DAY, stop - cursor // DAY * DAY))
            cursor = stop
    return {
        key: ",".join(f"{_clock(a)}-{_clock(b)}" for a, b in sorted(day)) or "closed"
        for key, day in zip(DAY_KEYS, days, strict=True)
    }


def _one_shift(start: int, end: int) -> bool:
    """A run crossing one midnight that ends earlier in the clock than it starts."""
    return (
        end - start < DAY and end // DAY == start // DAY + 1 and end % DAY != 0 and start % DAY != 0
    )


def _parse_clock(text: str, path: str) -> int:
    hours, _, minutes = text.partition(":")
    if not (hours.isdigit() and minutes.isdigit() and len(minutes) == 2):
        fail(path, "hours in whole minutes ('HH:MM')", text, show=True)
    return int(hours) * 60 + int(minutes)


def minutes_from_hours(hours: dict[str, str]) -> list[tuple[int, int]]:
    """Week minutes ``(start, end)`` of a csmetrics hours mapping, split at midnights.

    >>> minutes_from_hours({"mon": "21:00-02:00", "sat": "22:00-24:00"})
    [(2700, 2880), (2880, 3000), (9960, 10080)]
    """
    found: list[tuple[int, int]] = []
    for day, key in enumerate(DAY_KEYS):
        text = hours.get(key, "closed")
        if text == "closed":
            continue
        for part in text.split(","):
            first, _, last = part.partition("-")
            start = day * DAY + _parse_clock(first, f"hours.{key}")
            end = day * DAY + _parse_clock(last, f"hours.{key}")
            if end <= start:
                end += DAY
            found.extend(_split_at_midnight(start, end))
    return sorted(found)


def _split_at_midnight(start: int, end: int) -> list[tuple[int, int]]:
    pieces = []
    while start < end:
        stop = min(end, (start // DAY + 1) * DAY)
        pieces.append((start % WEEK, (stop - 1) % WEEK + 1))
        start = stop
    return pieces
