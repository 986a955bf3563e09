"""The comparison with the previous period: a real change or noise (``csmetrics.compare``)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from csmetrics._core.exports import publish
from csmetrics._scoring.compare import compare
from csmetrics._scoring.csat_counts import CsatCounts
from csmetrics._scoring.nps_counts import NpsCounts
from csmetrics._scoring.rate_counts import RateCounts

if TYPE_CHECKING:
    import numpy.typing as npt

__all__ = ["SIGNIFICANCE", "Change", "Totals", "changes"]

SIGNIFICANCE = 0.05
"""A change is called real when its p-value is below this (95% confidence)."""


@dataclass(frozen=True, slots=True)
class Totals:
    """What one period's comparison needs: counts and the raw answers."""

    tickets: int
    on_time_met: int
    on_time_decided: int
    overall: npt.NDArray[np.float64]
    nps: npt.NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class Change:
    """One metric, this period against the previous one.

    ``verdict`` is ``"real change"`` (p < 0.05), ``"noise"`` or ``"no data"``
    (a period without the data to compare). Values are in the metric's unit:
    tickets, share within target (0..1), mean CSAT (1-5), NPS (-100..100).

    Examples
    --------
    >>> import datetime as dt
    >>> from csmetrics.datasets import DEFAULT_START, sample_tickets
    >>> from csmetrics.report import build_report
    >>> report = build_report(sample_tickets(300, seed=2, days=14), period="week",
    ...                       now=DEFAULT_START + dt.timedelta(days=14))
    >>> volume = report.changes[0]
    >>> volume.metric, volume.verdict in ("real change", "noise")
    ('volume', True)
    """

    metric: str
    before: float | None
    after: float | None
    difference: float | None
    p_value: float | None
    verdict: str


def _verdict(p_value: float) -> str:
    if math.isnan(p_value):
        return "noise"
    return "real change" if p_value < SIGNIFICANCE else "noise"


def _volume(before: int, after: int) -> Change:
    if before + after == 0:
        return Change("volume", before, after, 0.0, None, "no data")
    # Equal rates: after ~ Binomial(before + after, 1/2); normal approximation.
    z = (after - before) / math.sqrt(before + after)
    p = math.erfc(abs(z) / math.sqrt(2))
    return Change("volume", before, after, float(after - before), p, _verdict(p))


def _compared(metric: str, before: object, after: object, kind: str) -> Change:
    """``compare`` on counts whose test is defined (the callers check: no warning is raised)."""
    result = compare(before, after, metric=kind)  # type: ignore[arg-type]
    p = None if math.isnan(result.p_value) else float(result.p_value)
    return Change(
        metric, result.before, result.after, result.difference, p, _verdict(result.p_value)
    )


def _missing(metric: str) -> Change:
    return Change(metric, None, None, None, None, "no data")


def _alike(metric: str, before: float, after: float) -> Change:
    """Both periods alike with no spread (all on time, every score the same): no test, no change."""
    return Change(metric, before, after, after - before, None, "noise")


def _answered(values: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    return values[~np.isnan(values)]


def changes(before: Totals, after: Totals, *, sla: bool) -> tuple[Change, ...]:
    """Volume, first response within target, mean CSAT and NPS: before -> after."""
    found = [_volume(before.tickets, after.tickets)]
    if sla:
        met = before.on_time_met + after.on_time_met
        decided = before.on_time_decided + after.on_time_decided
        if before.on_time_decided and after.on_time_decided and met in (0, decided):
            share = met / decided  # pooled share 0 or 1: the z statistic is 0 / 0
            found.append(_alike("first_response_on_time", share, share))
        elif before.on_time_decided and after.on_time_decided:
            found.append(
                _compared(
                    "first_response_on_time",
                    RateCounts.from_counts(before.on_time_met, before.on_time_decided),
                    RateCounts.from_counts(after.on_time_met, after.on_time_decided),
                    "rate",
                )
            )
        else:
            found.append(_missing("first_response_on_time"))
    old, new = _answered(before.overall), _answered(after.overall)
    if old.size < 2 or new.size < 2:
        found.append(_missing("csat"))
    elif old.min() == old.max() == new.min() == new.max():  # every score the same: t = 0 / 0
        found.append(_alike("csat", float(old[0]), float(new[0])))
    else:
        found.append(
            _compared("csat", CsatCounts.from_scores(old), CsatCounts.from_scores(new), "csat_mean")
        )
    old, new = _answered(before.nps), _answered(after.nps)
    if old.size and new.size:
        found.append(
            _compared("nps", NpsCounts.from_scores(old), NpsCounts.from_scores(new), "nps")
        )
    else:
        found.append(_missing("nps"))
    return tuple(found)


publish("csmetrics.report", Change)
