"""CSAT counts: the histogram of 1..scale scores, and the one CSAT formula.

:meth:`CsatCounts.result` is the only place the mean, the satisfied share,
the standard deviation and their intervals are computed; :func:`csat`,
:func:`group_by`, :func:`trend` and :func:`compare` all come through it. It
is plain Python on the ``scale`` numbers of the histogram: sums are
``math.fsum`` (exact for integer counts, correctly rounded for weighted
ones), so the result does not depend on how the scores arrived.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import ClassVar, Self

import numpy.typing as npt

from csmetrics._core.exports import publish
from csmetrics._scoring.inputs import ScoresLike
from csmetrics._scoring.intervals import t_interval, wilson_interval, z_value
from csmetrics._scoring.mergeable import Mergeable, as_count, check_counts
from csmetrics._scoring.results import NAN_INTERVAL, CsatResult, Interval, warn_undefined
from csmetrics._scoring.scores import bin_scores
from csmetrics.exceptions import InvalidInputError

__all__ = ["CsatCounts"]


@dataclass(frozen=True, slots=True)
class CsatCounts(Mergeable):
    """Histogram of 1..``scale`` satisfaction scores; merge with ``+``.

    Build with :meth:`from_scores` (or :meth:`from_counts`), merge parts with
    ``+`` and finish with :meth:`result`.

    Examples
    --------
    >>> part1 = CsatCounts.from_scores([5, 4, None])
    >>> part2 = CsatCounts.from_scores([2, 5])
    >>> merged = part1 + part2
    >>> merged == CsatCounts.from_scores([5, 4, None, 2, 5])
    True
    >>> merged.counts, merged.n, merged.missing
    ((0, 1, 0, 1, 2), 4, 1)
    >>> merged.result().satisfied_share
    0.75
    """

    counts: tuple[float, ...]
    n: int
    sum_sq_weights: float
    missing: int = 0
    scale: int = 5
    satisfied_at: int = 4

    def __post_init__(self) -> None:
        if not 2 <= self.scale <= 100 or not 1 <= self.satisfied_at <= self.scale:
            msg = (
                "scale, satisfied_at: expected 2 <= scale <= 100 and 1 <= satisfied_at <= scale, "
                f"got scale={self.scale!r}, satisfied_at={self.satisfied_at!r}"
            )
            raise InvalidInputError(msg)
        check_counts(self.counts, self.scale, f"scores 1..{self.scale}")

    @classmethod
    def from_scores(
        cls,
        scores: ScoresLike,
        *,
        scale: int = 5,
        satisfied_at: int = 4,
        weights: npt.ArrayLike | None = None,
    ) -> Self:
        """Count integer scores ``1..scale`` (``None``/NaN skipped and counted)."""
        if not 2 <= scale <= 100:
            msg = f"scale: expected an integer 2..100, got {scale!r}"
            raise InvalidInputError(msg)
        b = bin_scores(scores, low=1, high=scale, weights=weights)
        return cls(b.counts, b.n, b.sum_sq_weights, b.missing, scale, satisfied_at)

    @classmethod
    def from_counts(
        cls, counts: tuple[int, ...], *, satisfied_at: int = 4, missing: int = 0
    ) -> Self:
        """Unweighted counts per score ``1..len(counts)``.

        >>> CsatCounts.from_counts((0, 0, 1, 2, 1)).result().mean
        4.0
        """
        counts = tuple(as_count(c, "counts") for c in counts)
        return cls(counts, sum(counts), float(sum(counts)), missing, len(counts), satisfied_at)

    _SETTING_NAMES: ClassVar[str] = "scale and satisfied_at"

    def _settings(self) -> tuple[int, ...]:
        return (self.scale, self.satisfied_at)

    def result(self, *, confidence: float = 0.95) -> CsatResult:
        """Mean with a t interval and satisfied share with a Wilson interval.

        >>> r = CsatCounts.from_counts((0, 0, 1, 2, 1)).result()  # 3, 4, 4, 5
        >>> r.mean, r.satisfied_share, round(r.std, 6)  # sqrt(2 / 3)
        (4.0, 0.75, 0.816497)
        """
        z = z_value(confidence)
        total = self._total()
        eff = self._effective_n(total)
        if self.n == 0 or total == 0:
            warn_undefined("CSAT")
            return self._finish(
                math.nan, math.nan, math.nan, NAN_INTERVAL, eff=eff, confidence=confidence
            )
        mean = math.fsum(k * c for k, c in enumerate(self.counts, 1)) / total
        share = math.fsum(self.counts[self.satisfied_at - 1 :]) / total
        std = _std(self.counts, mean, total, eff)
        ci = Interval(*wilson_interval(share, eff, z))
        return self._finish(mean, share, std, ci, eff=eff, confidence=confidence)

    def _finish(
        self, mean: float, share: float, std: float, ci: Interval, *, eff: float, confidence: float
    ) -> CsatResult:
        """The result with the mean's t interval and standard error."""
        mean_ci = Interval(*t_interval(mean, std, eff, confidence))
        se = std / math.sqrt(eff) if eff > 0 else math.nan
        return CsatResult(
            mean, share, self.n, ci, mean_ci, se, std, eff,
            self.missing, self.counts, self.scale, self.satisfied_at, confidence,
        )  # fmt: skip


def _std(counts: tuple[float, ...], mean: float, total: float, eff: float) -> float:
    """Sample standard deviation of the scores, on the effective n (NaN when ``eff <= 1``)."""
    if eff <= 1.0:
        return math.nan
    squares = math.fsum(c * (k - mean) ** 2 for k, c in enumerate(counts, 1))
    return math.sqrt(squares / total * eff / (eff - 1.0))


publish("csmetrics.scoring", CsatCounts)
