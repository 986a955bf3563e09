"""Rate counts: successes and failures of a yes/no indicator, and the one rate formula."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Self

import numpy as np
import numpy.typing as npt

from csmetrics._core.describe import describe
from csmetrics._core.exports import publish
from csmetrics._scoring.inputs import FlagsLike, flag_values, to_flags, to_weights
from csmetrics._scoring.intervals import wilson_interval, z_value
from csmetrics._scoring.mergeable import Mergeable, as_count, check_counts
from csmetrics._scoring.results import NAN_INTERVAL, Interval, RateResult, warn_undefined
from csmetrics.exceptions import InvalidInputError

__all__ = ["RateCounts"]


@dataclass(frozen=True, slots=True)
class RateCounts(Mergeable):
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
        check_counts(
            self.counts,
            2,
            "(failures, successes)",
            n=self.n,
            sum_sq_weights=self.sum_sq_weights,
            missing=self.missing,
        )

    @classmethod
    def from_flags(cls, flags: FlagsLike, *, weights: npt.ArrayLike | None = None) -> Self:
        """Count booleans (or 0/1); ``None``/NaN are missing.

        A list or tuple without weights is counted in plain Python (no numpy
        call, no GIL release: see :mod:`csmetrics._scoring.scores`).
        """
        if weights is None and isinstance(flags, list | tuple):
            read = flag_values(flags, "flags")
            succ, n_missing = read.count(True), read.count(None)
            n = len(read) - n_missing
            return cls((n - succ, succ), n, float(n), n_missing)
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
        successes, n = as_count(successes, "successes"), as_count(n, "n")
        if not 0 <= successes <= n:
            msg = (
                f"successes, n: expected 0 <= successes <= n, "
                f"got {describe(successes)} and {describe(n)}"
            )
            raise InvalidInputError(msg)
        return cls((int(n - successes), int(successes)), int(n), float(n))

    def result(self, *, confidence: float = 0.95) -> RateResult:
        """The share of successes with a Wilson interval."""
        z = z_value(confidence)
        total, succ = self._total(), self.counts[1]
        eff = self._effective_n(total)
        if self.n == 0 or total == 0:
            warn_undefined("The rate")
            return RateResult(math.nan, succ, self.n, NAN_INTERVAL, eff, self.missing, confidence)
        value = succ / total
        ci = Interval(*wilson_interval(value, eff, z))
        return RateResult(value, succ, self.n, ci, eff, self.missing, confidence)


publish("csmetrics.scoring", RateCounts)
