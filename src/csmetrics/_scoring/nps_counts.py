"""NPS counts: the histogram of 0..10 answers, and the one NPS formula.

:meth:`NpsCounts.result` computes the score, the shares, the standard error
and the interval; :func:`nps_moments_of` is the (adjusted) mean and variance
both the interval and :func:`~csmetrics.scoring.compare` use. Everything but
the bootstrap is plain Python on the 11 numbers of the histogram.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Self

import numpy as np
import numpy.typing as npt

from csmetrics._core.exports import publish
from csmetrics._core.validate import require_choice
from csmetrics._scoring.inputs import ScoresLike
from csmetrics._scoring.intervals import nps_limits, nps_moments, z_value
from csmetrics._scoring.mergeable import Mergeable, as_count, check_counts, exact_sum
from csmetrics._scoring.options import require_int
from csmetrics._scoring.results import NAN_INTERVAL, Interval, NpsResult, warn_undefined
from csmetrics._scoring.scores import bin_scores
from csmetrics.exceptions import InvalidInputError

__all__ = ["NPS_METHODS", "NpsCounts", "nps_moments_of", "nps_points"]

NPS_METHODS = ("adjusted-wald", "wald", "bootstrap")


@dataclass(frozen=True, slots=True)
class NpsCounts(Mergeable):
    """Histogram of 0..10 likelihood-to-recommend answers; merge with ``+``.

    Examples
    --------
    >>> a = NpsCounts.from_scores([10, 9, 3])
    >>> b = NpsCounts.from_scores([7, 10])
    >>> (a + b).result().score  # 3 promoters, 1 detractor out of 5
    40.0
    """

    counts: tuple[float, ...]
    n: int
    sum_sq_weights: float
    missing: int = 0

    def __post_init__(self) -> None:
        check_counts(
            self.counts,
            11,
            "answers 0..10",
            n=self.n,
            sum_sq_weights=self.sum_sq_weights,
            missing=self.missing,
        )

    @classmethod
    def from_scores(cls, scores: ScoresLike, *, weights: npt.ArrayLike | None = None) -> Self:
        """Count integer answers 0..10 (``None``/NaN skipped and counted)."""
        b = bin_scores(scores, low=0, high=10, weights=weights)
        return cls(b.counts, b.n, b.sum_sq_weights, b.missing)

    @classmethod
    def from_groups(cls, promoters: int, passives: int, detractors: int) -> Self:
        """Counts from group sizes alone (put on answers 10, 8 and 0).

        >>> NpsCounts.from_groups(6, 3, 1).result().score
        50.0
        """
        pro, pas, det = (
            as_count(v, name)
            for v, name in (
                (promoters, "promoters"),
                (passives, "passives"),
                (detractors, "detractors"),
            )
        )
        counts = (det, 0, 0, 0, 0, 0, 0, 0, pas, 0, pro)
        n = sum(counts)
        return cls(counts, n, float(n))

    def shares(self) -> tuple[float, float, float]:
        """``(promoters, passives, detractors)`` shares; NaN over no data.

        >>> NpsCounts.from_groups(2, 1, 1).shares()
        (0.5, 0.25, 0.25)
        """
        return self._shares(self._total())

    def _shares(self, total: float) -> tuple[float, float, float]:
        if total == 0:
            return (math.nan, math.nan, math.nan)
        pro, pas = self.counts[9] + self.counts[10], self.counts[7] + self.counts[8]
        return (pro / total, pas / total, exact_sum(self.counts[:7]) / total)

    def result(
        self,
        *,
        confidence: float = 0.95,
        method: str = "adjusted-wald",
        seed: int | None = None,
        resamples: int = 10_000,
    ) -> NpsResult:
        """NPS with its interval; see :func:`csmetrics.scoring.nps` for the methods."""
        z = z_value(confidence)
        require_choice(method, NPS_METHODS, param="method")
        if method == "bootstrap":
            _check_bootstrap(seed, resamples)
        total = self._total()
        pro, pas, det = self._shares(total)
        eff = self._effective_n(total)
        if math.isnan(pro):
            warn_undefined("NPS")
            return NpsResult(
                math.nan, pro, pas, det, self.n, NAN_INTERVAL, math.nan, eff,
                self.missing, self.counts, method, confidence,
            )  # fmt: skip
        se = 100.0 * math.sqrt(_moments(pro, det, eff, adjusted=False)[1])
        if method == "bootstrap":
            ci = _bootstrap((pro, pas), eff, confidence, seed=seed, reps=resamples)
        else:
            centre, variance = _moments(pro, det, eff, adjusted=method != "wald")
            low, high = nps_limits(centre, variance, eff, z)
            ci = Interval(100.0 * low, 100.0 * high)
        return NpsResult(
            nps_points(self.counts), pro, pas, det, self.n, ci, se, eff,
            self.missing, self.counts, method, confidence,
        )  # fmt: skip


def nps_points(counts: tuple[float, ...]) -> float:
    """NPS in points from the 0..10 histogram (exact for integer counts; total > 0).

    >>> nps_points((1, 0, 0, 0, 0, 0, 0, 0, 1, 0, 2))  # 2 promoters, 1 detractor of 4
    25.0
    """
    net = counts[9] + counts[10] - exact_sum(counts[:7])
    return 100 * net / exact_sum(counts)  # integer counts: one correctly rounded division


def nps_moments_of(counts: NpsCounts, *, adjusted: bool) -> tuple[float, float]:
    """NPS (a fraction) and its variance on the effective n (:func:`nps_moments`).

    ``adjusted=True`` adds the pseudo-responses of the adjusted-Wald interval
    (what :func:`~csmetrics.scoring.compare` tests); ``adjusted=False`` gives
    the observed NPS and the variance of the standard error.

    >>> counts = NpsCounts.from_groups(2, 1, 1)  # shares 0.5, 0.25, 0.25
    >>> nps_moments_of(counts, adjusted=False)  # (0.5 + 0.25 - 0.25**2) / 4
    (0.25, 0.171875)
    """
    pro, _, det = counts.shares()
    return _moments(pro, det, counts.effective_n, adjusted=adjusted)


def _moments(pro: float, det: float, eff: float, *, adjusted: bool) -> tuple[float, float]:
    """:func:`nps_moments` of the shares ``pro`` and ``det`` of ``eff`` (effective) answers."""
    return nps_moments(pro * eff, det * eff, eff, adjusted=adjusted)


MAX_RESAMPLES = 1_000_000
"""Most bootstrap resamples (each is three 8-byte counts: 24 MB at most)."""


def _check_bootstrap(seed: object, resamples: object) -> None:
    """A seed ``0..2**63-1`` (results must be reproducible) and 100..1,000,000 resamples."""
    if seed is None:
        msg = "seed: method='bootstrap' needs an integer seed (results must be reproducible)"
        raise InvalidInputError(msg)
    require_int(seed, "seed", low=0, high=2**63 - 1)
    require_int(resamples, "resamples", low=100, high=MAX_RESAMPLES)


def _bootstrap(
    shares: tuple[float, float],
    eff: float,
    confidence: float,
    *,
    seed: int | None,
    reps: int,
) -> Interval:
    """Percentile bootstrap: multinomial resamples of size round(effective n)."""
    rng = np.random.default_rng(seed)
    size = max(round(eff), 1)
    pro, pas = shares
    draws = rng.multinomial(size, [pro, pas, max(1.0 - pro - pas, 0.0)], size=reps)
    scores = 100.0 * (draws[:, 0] - draws[:, 2]) / size
    alpha = (1.0 - confidence) / 2.0
    low, high = np.quantile(scores, [alpha, 1.0 - alpha])
    return Interval(float(low), float(high))


publish("csmetrics.scoring", NpsCounts)
