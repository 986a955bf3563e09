"""CSAT counts: the histogram of 1..scale scores, and the one CSAT formula.

:meth:`CsatCounts.result` is the only place the mean, the satisfied share,
the standard deviation and their intervals are computed; :func:`csat`,
:func:`group_by`, :func:`trend` and :func:`compare` all come through it. It
is plain Python on the ``scale`` numbers of the histogram: sums of integer
counts are exact Python ints (so the mean and the share are correctly
rounded quotients), sums of weighted counts ``math.fsum``; the result does
not depend on how the scores arrived.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import ClassVar, Self

import numpy as np
import numpy.typing as npt

from csmetrics._core.describe import describe
from csmetrics._core.exports import publish
from csmetrics._scoring.inputs import ScoresLike
from csmetrics._scoring.intervals import t_interval, wilson_interval, z_value
from csmetrics._scoring.mergeable import Mergeable, as_count, check_counts, exact_sum
from csmetrics._scoring.options import require_int
from csmetrics._scoring.results import NAN_INTERVAL, CsatResult, Interval, warn_undefined
from csmetrics._scoring.scores import bin_scores
from csmetrics.exceptions import InputTypeError

__all__ = ["CsatCounts", "check_scale"]


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
        check_scale(self.scale, self.satisfied_at)
        check_counts(
            self.counts,
            self.scale,
            f"scores 1..{self.scale}",
            n=self.n,
            sum_sq_weights=self.sum_sq_weights,
            missing=self.missing,
        )

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
        check_scale(scale, satisfied_at)
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
        if (
            isinstance(counts, str | bytes)
            or not isinstance(counts, Iterable)
            or (isinstance(counts, np.ndarray) and counts.ndim != 1)
        ):
            msg = f"counts: expected a sequence of integer counts, got {describe(counts)}"
            raise InputTypeError(msg)
        counts = tuple(as_count(c, "counts") for c in counts)
        check_scale(len(counts), satisfied_at, scale_name="len(counts)")
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
        mean = exact_sum([k * c for k, c in enumerate(self.counts, 1)]) / total
        share = exact_sum(self.counts[self.satisfied_at - 1 :]) / total
        std = _std(self.counts, mean, total, eff)
        ci = Interval(*wilson_interval(share, eff, z))
        return self._finish(mean, share, std, ci, eff=eff, confidence=confidence)

    def _finish(
        self, mean: float, share: float, std: float, ci: Interval, *, eff: float, confidence: float
    ) -> CsatResult:
        """The result with the mean's t interval (clamped to the scale) and standard error."""
        low, high = t_interval(mean, std, eff, confidence)
        mean_ci = Interval(max(low, 1.0), min(high, float(self.scale)))
        se = std / math.sqrt(eff) if eff > 0 else math.nan
        return CsatResult(
            mean, share, self.n, ci, mean_ci, se, std, eff,
            self.missing, self.counts, self.scale, self.satisfied_at, confidence,
        )  # fmt: skip


def check_scale(scale: object, satisfied_at: object, *, scale_name: str = "scale") -> None:
    """``scale`` an integer 2..100 and ``satisfied_at`` an integer ``1..scale``."""
    if type(scale) is int and type(satisfied_at) is int and 2 <= scale <= 100:  # noqa: SIM102
        if 1 <= satisfied_at <= scale:
            return
    top = require_int(scale, scale_name, low=2, high=100)
    require_int(satisfied_at, f"satisfied_at (1..{scale_name})", low=1, high=top)


def _std(counts: tuple[float, ...], mean: float, total: float, eff: float) -> float:
    """Sample standard deviation of the scores, on the effective n (NaN when ``eff <= 1``)."""
    if eff <= 1.0:
        return math.nan
    squares = math.fsum(c * (k - mean) ** 2 for k, c in enumerate(counts, 1))
    return math.sqrt(squares / total * eff / (eff - 1.0))


publish("csmetrics.scoring", CsatCounts)
