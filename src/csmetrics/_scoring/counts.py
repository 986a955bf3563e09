"""Mergeable count vectors behind CSAT, NPS and rates.

Each aggregate is a histogram (``np.bincount``) plus the two numbers a
weighted estimate needs (raw ``n`` and the sum of squared weights, for the
Kish effective sample size) and the number of missing values. Histograms of
disjoint parts add up exactly with ``+``: per group, per day or per data
partition, ``a + b`` equals the counts of the concatenated data, so large
data can be counted in chunks (or in parallel) and merged. ``sum()`` works
too (``0 + counts`` is the counts).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar, Self

import numpy as np
import numpy.typing as npt

from csmetrics._core.exports import publish
from csmetrics._scoring.intervals import kish_effective_n, nps_interval, t_interval, wilson_interval
from csmetrics._scoring.intervals import z_value as _z_value
from csmetrics._scoring.results import CsatResult, Interval, NpsResult, RateResult, warn_undefined
from csmetrics._scoring.scores import FlagsLike, ScoresLike, bin_scores, to_flags, to_weights
from csmetrics.exceptions import InputTypeError, InvalidInputError

__all__ = ["NPS_METHODS", "CsatCounts", "NpsCounts", "RateCounts", "Summable", "nps_points"]

NPS_METHODS = ("adjusted-wald", "wald", "bootstrap")
_NAN_INTERVAL = Interval(math.nan, math.nan)
_EXACT_LIMIT = 2**53


class Summable:
    """``sum(parts)`` support: ``0 + counts`` is the counts (``sum`` starts at 0)."""

    __slots__ = ()

    def __radd__(self, other: object) -> Self:
        if other == 0:
            return self
        return NotImplemented


class _Mergeable(Summable):
    """``+``, ``sum()`` and the effective n shared by the count classes.

    Subclasses are frozen dataclasses whose fields start with ``counts``,
    ``n``, ``sum_sq_weights`` and ``missing``; any further fields are
    settings that must match for a merge (:meth:`_settings`, checked by
    :meth:`_check_mergeable`).
    """

    __slots__ = ()
    _SETTING_NAMES: ClassVar[str] = "settings"
    counts: tuple[float, ...]
    n: int
    sum_sq_weights: float
    missing: int

    def _settings(self) -> tuple[int, ...]:
        """The fields after ``missing`` (none by default)."""
        return ()

    def _check_mergeable(self, other: Self) -> None:
        if self._settings() != other._settings():
            msg = (
                f"other: expected {type(self).__name__} with the same {self._SETTING_NAMES} "
                f"{self._settings()!r}, got {other._settings()!r}"
            )
            raise InvalidInputError(msg)

    def __add__(self, other: object) -> Self:
        if not isinstance(other, type(self)):
            return NotImplemented
        self._check_mergeable(other)
        build: Callable[..., Self] = type(self)
        return build(
            tuple(x + y for x, y in zip(self.counts, other.counts, strict=True)),
            self.n + other.n,
            self.sum_sq_weights + other.sum_sq_weights,
            self.missing + other.missing,
            *self._settings(),
        )

    @property
    def effective_n(self) -> float:
        """Kish effective sample size (``n`` without weights)."""
        total = sum(self.counts)
        if self.sum_sq_weights == total == self.n:
            return float(self.n)
        return kish_effective_n(total, self.sum_sq_weights)


def _as_count(value: object, name: str) -> int:
    """An integer count (``bool`` and floats refused)."""
    if not isinstance(value, int | np.integer) or isinstance(value, bool):
        msg = f"{name}: expected an integer count, got {value!r}"
        raise InputTypeError(msg)
    return int(value)


def _check_counts(counts: tuple[float, ...], size: int, name: str) -> None:
    if len(counts) != size or any(not c >= 0 for c in counts):
        msg = f"counts: expected {size} non-negative numbers for {name}, got {counts!r}"
        raise InvalidInputError(msg)


@dataclass(frozen=True, slots=True)
class CsatCounts(_Mergeable):
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
        _check_counts(self.counts, self.scale, f"scores 1..{self.scale}")

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
        counts = tuple(_as_count(c, "counts") for c in counts)
        return cls(counts, sum(counts), float(sum(counts)), missing, len(counts), satisfied_at)

    _SETTING_NAMES: ClassVar[str] = "scale and satisfied_at"

    def _settings(self) -> tuple[int, ...]:
        return (self.scale, self.satisfied_at)

    def result(self, *, confidence: float = 0.95) -> CsatResult:
        """Mean with a t interval and satisfied share with a Wilson interval."""
        z = _z_value(confidence)
        total, eff = float(sum(self.counts)), self.effective_n
        if self.n == 0 or total == 0:
            warn_undefined("CSAT")
            nan = math.nan
            return CsatResult(
                nan, nan, self.n, _NAN_INTERVAL, _NAN_INTERVAL, nan, nan, eff,
                self.missing, self.counts, self.scale, self.satisfied_at, confidence,
            )  # fmt: skip
        c = np.asarray(self.counts, dtype=np.float64)
        if _exact_ints(self.counts, self.scale):  # sums exact in any order: skip numpy
            mean = sum(k * x for k, x in enumerate(self.counts, 1)) / total
            share = sum(self.counts[self.satisfied_at - 1 :]) / total
        else:
            mean = float(np.dot(c, np.arange(1, self.scale + 1))) / total
            share = float(c[self.satisfied_at - 1 :].sum()) / total
        std = _weighted_std(c, mean, total, eff)
        ci = Interval(*wilson_interval(share, eff, z))
        mean_ci = Interval(*t_interval(mean, std, eff, confidence))
        se = std / math.sqrt(eff)
        return CsatResult(
            mean, share, self.n, ci, mean_ci, se, std, eff,
            self.missing, self.counts, self.scale, self.satisfied_at, confidence,
        )  # fmt: skip


def _exact_ints(counts: tuple[float, ...], scale: int) -> bool:
    """Whether the counts are Python ints whose score-weighted sum stays below 2**53.

    Then every sum of counts (and of ``score * count``) is an exact float, so
    plain Python gives bit for bit what numpy's ``dot`` and ``sum`` give.
    """
    return all(type(x) is int for x in counts) and sum(counts) * scale < _EXACT_LIMIT


def _weighted_std(c: np.ndarray, mean: float, total: float, eff: float) -> float:
    if eff <= 1.0:
        return math.nan
    deviations = np.arange(1, c.size + 1) - mean
    variance = float(np.dot(c, deviations * deviations)) / total * eff / (eff - 1.0)
    return math.sqrt(variance)


@dataclass(frozen=True, slots=True)
class NpsCounts(_Mergeable):
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
        _check_counts(self.counts, 11, "answers 0..10")

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
            _as_count(v, name)
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
        """``(promoters, passives, detractors)`` shares; NaN over no data."""
        total = float(sum(self.counts))
        if total == 0:
            return (math.nan, math.nan, math.nan)
        pro, pas = self.counts[9] + self.counts[10], self.counts[7] + self.counts[8]
        return (pro / total, pas / total, float(sum(self.counts[:7])) / total)

    def result(
        self,
        *,
        confidence: float = 0.95,
        method: str = "adjusted-wald",
        seed: int | None = None,
        resamples: int = 10_000,
    ) -> NpsResult:
        """NPS with its interval; see :func:`csmetrics.scoring.nps` for the methods."""
        z = _z_value(confidence)
        if method not in NPS_METHODS:
            msg = f"method: expected one of {NPS_METHODS!r}, got {method!r}"
            raise InvalidInputError(msg)
        pro, pas, det = self.shares()
        eff = self.effective_n
        if math.isnan(pro):
            warn_undefined("NPS")
            return NpsResult(
                math.nan, pro, pas, det, self.n, _NAN_INTERVAL, math.nan, eff,
                self.missing, self.counts, method, confidence,
            )  # fmt: skip
        score = nps_points(self.counts)
        se = 100.0 * math.sqrt(max(pro + det - (pro - det) ** 2, 0.0) / eff)
        if method == "bootstrap":
            ci = _bootstrap((pro, pas), eff, confidence, seed=seed, reps=resamples)
        else:
            low, high = nps_interval(pro * eff, det * eff, eff, z, adjusted=method != "wald")
            ci = Interval(100.0 * low, 100.0 * high)
        return NpsResult(
            score, pro, pas, det, self.n, ci, se, eff, self.missing, self.counts, method, confidence
        )


def nps_points(counts: tuple[float, ...]) -> float:
    """NPS in points from the 0..10 histogram (exact for integer counts; total > 0)."""
    return 100.0 * (counts[9] + counts[10] - sum(counts[:7])) / float(sum(counts))


def _bootstrap(
    shares: tuple[float, float],
    eff: float,
    confidence: float,
    *,
    seed: int | None,
    reps: int,
) -> Interval:
    """Percentile bootstrap: multinomial resamples of size round(effective n)."""
    if seed is None:
        msg = "seed: method='bootstrap' needs an integer seed (results must be reproducible)"
        raise InvalidInputError(msg)
    if reps < 100:
        msg = f"resamples: expected at least 100, got {reps!r}"
        raise InvalidInputError(msg)
    rng = np.random.default_rng(seed)
    size = max(round(eff), 1)
    pro, pas = shares
    draws = rng.multinomial(size, [pro, pas, max(1.0 - pro - pas, 0.0)], size=reps)
    scores = 100.0 * (draws[:, 0] - draws[:, 2]) / size
    alpha = (1.0 - confidence) / 2.0
    low, high = np.quantile(scores, [alpha, 1.0 - alpha])
    return Interval(float(low), float(high))


@dataclass(frozen=True, slots=True)
class RateCounts(_Mergeable):
    """Successes and failures of a yes/no indicator; merge with ``+``.

    ``counts`` is ``(failures, successes)`` (weighted totals when weights are given).

    Examples
    --------
    >>> part = RateCounts.from_flags([True, False, None, True])
    >>> part.counts, part.missing
    ((1, 2), 1)
    >>> (part + RateCounts.from_counts(3, 4)).result().value  # (2 + 3) / (3 + 4)
    0.7142857142857143
    """

    counts: tuple[float, float]
    n: int
    sum_sq_weights: float
    missing: int = 0

    def __post_init__(self) -> None:
        _check_counts(self.counts, 2, "(failures, successes)")

    @classmethod
    def from_flags(cls, flags: FlagsLike, *, weights: npt.ArrayLike | None = None) -> Self:
        """Count booleans (or 0/1); ``None``/NaN are missing."""
        values, missing = to_flags(flags)
        n_missing = int(np.count_nonzero(missing))
        keep = ~missing
        if weights is None:
            succ = int(np.count_nonzero(values & keep))
            n = values.size - n_missing
            return cls((n - succ, succ), n, float(n), n_missing)
        w = to_weights(weights, values.size)[keep]
        kept = values[keep]
        succ_w, total_w = float(w[kept].sum()), float(w.sum())
        return cls((total_w - succ_w, succ_w), int(kept.size), float(np.dot(w, w)), n_missing)

    @classmethod
    def from_counts(cls, successes: int, n: int) -> Self:
        """``successes`` out of ``n`` (integers, ``0 <= successes <= n``)."""
        successes, n = _as_count(successes, "successes"), _as_count(n, "n")
        if not 0 <= successes <= n:
            msg = f"successes, n: expected 0 <= successes <= n, got {successes!r} and {n!r}"
            raise InvalidInputError(msg)
        return cls((int(n - successes), int(successes)), int(n), float(n))

    def result(self, *, confidence: float = 0.95) -> RateResult:
        """The share of successes with a Wilson interval."""
        z = _z_value(confidence)
        total, succ, eff = float(sum(self.counts)), self.counts[1], self.effective_n
        if self.n == 0 or total == 0:
            warn_undefined("The rate")
            return RateResult(math.nan, succ, self.n, _NAN_INTERVAL, eff, self.missing, confidence)
        value = succ / total
        ci = Interval(*wilson_interval(value, eff, z))
        return RateResult(value, succ, self.n, ci, eff, self.missing, confidence)


publish("csmetrics.scoring", CsatCounts, NpsCounts, RateCounts)
