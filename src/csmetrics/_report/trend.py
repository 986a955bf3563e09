"""The bins of the volume trend: days, ISO weeks or months of the reporting time zone."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import numpy as np

from csmetrics._report.periods import Period, PeriodName, floor_period, shift_period

if TYPE_CHECKING:
    import numpy.typing as npt

__all__ = ["MAX_BINS", "trend_edges"]

MAX_BINS = 62
"""Most bins of a trend: days up to 31 days, ISO weeks up to 26 weeks, else months (the last 62)."""
_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
_MICRO = dt.timedelta(microseconds=1)


def _us(moment: dt.datetime) -> int:
    return (moment - _EPOCH) // _MICRO


def _label(start: dt.datetime, unit: PeriodName) -> str:
    return f"{start:%Y-%m}" if unit == "month" else f"{start:%Y-%m-%d}"


def trend_edges(
    window: Period, created: npt.NDArray[np.int64], lo: int, hi: int
) -> tuple[list[tuple[str, int]], int]:
    """Bins (label, start in UTC microseconds) covering the period, and the end of the last."""
    if created.size == 0 and window.since is None:
        return [], hi
    zone = window.zone
    first = window.since if window.since is not None else _at(int(created.min()), zone)
    end = _at(hi, zone)
    span = end - first
    unit: PeriodName = (
        "day"
        if span <= dt.timedelta(days=31)
        else "week"
        if span <= dt.timedelta(weeks=26)
        else "month"
    )
    start = floor_period(first.astimezone(zone), unit)
    edges: list[tuple[str, int]] = []
    while start < end:
        edges.append((_label(start, unit), max(_us(start), lo)))
        start = shift_period(start, unit, 1)
    return edges[-MAX_BINS:], hi


def _at(us: int, zone: dt.tzinfo) -> dt.datetime:
    return (_EPOCH + dt.timedelta(microseconds=us)).astimezone(zone)
