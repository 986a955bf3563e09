"""A mergeable quantile sketch of durations with a bound on the relative error of the value.

:class:`QuantileSketch` is DDSketch's log-bucket histogram (Masson, Rim and
Lee, "DDSketch: a fast and fully-mergeable quantile sketch with
relative-error guarantees", PVLDB 12(12), 2019) on numpy: a duration
``x > 0`` (in seconds) falls in bucket ``k = ceil(log(x) / log(gamma))`` with
``gamma = (1 + alpha) / (1 - alpha)``, so bucket ``k`` holds
``(gamma**(k-1), gamma**k]``; zero durations are counted apart. Every
bucket is counted exactly, so sketches of disjoint parts add up (``+``) to
the sketch of the whole, whatever the parts.

A quantile is read as :func:`~csmetrics.scoring.time_stats` reads it (linear
interpolation between the order statistics at ``floor`` and ``ceil`` of
``q * (n - 1)``), each order statistic replaced by its bucket's value
``2 * gamma**k / (gamma + 1)``, clamped to the exact minimum and maximum.
That value is within ``alpha`` of every duration of the bucket, relative to
the duration, and the interpolation keeps the bound: every quantile is
within ``alpha`` (1% by default) of the exact one, relative to it (up to a
rounding of about 1e-15 at bucket edges). The mean, ``n``, ``missing``, the
minimum and the maximum are exact sums and extremes.

The number of buckets is bounded by the range of the data, not its size:
durations from one microsecond to 292,271 years need about 2,170 buckets at
``alpha = 0.01``.
"""

from __future__ import annotations

import math
from typing import Any, Literal, Self

import numpy as np
import numpy.typing as npt

from csmetrics._core.describe import describe
from csmetrics._core.exports import publish
from csmetrics._core.validate import require_choice
from csmetrics._scoring.durations import UNIT_SECONDS, to_unit
from csmetrics._scoring.mergeable import Summable
from csmetrics._scoring.results import warn_undefined
from csmetrics.exceptions import InputTypeError, InvalidInputError

__all__ = [
    "DEFAULT_ACCURACY",
    "QuantileSketch",
    "check_accuracy",
    "check_quantiles",
    "quantile_name",
    "sketch_time_stats",
]

DEFAULT_ACCURACY = 0.01
"""Relative accuracy of the sketch's quantiles by default: 1% of the value."""

Unit = Literal["seconds", "minutes", "hours", "days"]
_EMPTY = np.zeros(0, dtype=np.int64)


def check_accuracy(value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, float | int):
        msg = f"relative_accuracy: expected a number in (0, 0.5], got {describe(value)}"
        raise InputTypeError(msg)
    if not 0 < value <= 0.5:
        msg = f"relative_accuracy: expected a number in (0, 0.5], got {describe(value)}"
        raise InvalidInputError(msg)
    return float(value)


class QuantileSketch(Summable):
    """Counts of durations in logarithmic buckets; quantiles within ``relative_accuracy``.

    Build with :meth:`from_durations`, merge parts with ``+`` (or ``sum``),
    read with :meth:`quantile` and :meth:`stats`. The sketch of a whole equals
    the sum of the sketches of its parts, exactly.

    Examples
    --------
    >>> part1 = QuantileSketch.from_durations([10, 20, None], unit="minutes")
    >>> part2 = QuantileSketch.from_durations([30, 40], unit="minutes")
    >>> whole = part1 + part2
    >>> whole == QuantileSketch.from_durations([10, 20, None, 30, 40], unit="minutes")
    True
    >>> whole.n, whole.missing, whole.mean("minutes")
    (4, 1, 25.0)
    >>> exact = 37.0  # time_stats([10, 20, 30, 40]).p90
    >>> abs(whole.quantile(0.9, "minutes") - exact) <= 0.01 * exact
    True
    """

    __slots__ = (
        "_counts", "_offset", "_total", "maximum", "minimum", "missing", "n",
        "relative_accuracy", "zeros",
    )  # fmt: skip

    def __init__(
        self,
        *,
        relative_accuracy: float = DEFAULT_ACCURACY,
        offset: int = 0,
        counts: npt.NDArray[np.int64] = _EMPTY,
        zeros: int = 0,
        missing: int = 0,
        total: float = 0.0,
        minimum: float = math.nan,
        maximum: float = math.nan,
    ) -> None:
        self.relative_accuracy = check_accuracy(relative_accuracy)
        self._offset = int(offset)
        self._counts = np.asarray(counts, dtype=np.int64)
        self.zeros = int(zeros)
        self.missing = int(missing)
        self.n = int(self._counts.sum()) + self.zeros
        self._total = float(total)
        self.minimum = float(minimum)
        self.maximum = float(maximum)

    @property
    def gamma(self) -> float:
        """The ratio of bucket bounds, ``(1 + alpha) / (1 - alpha)``."""
        a = self.relative_accuracy
        return (1.0 + a) / (1.0 - a)

    @classmethod
    def from_durations(
        cls,
        durations: Any,
        *,
        unit: Unit = "minutes",
        relative_accuracy: float = DEFAULT_ACCURACY,
    ) -> Self:
        """The sketch of ``durations`` (timedeltas, or numbers in ``unit``; missing skipped).

        Durations must be ``>= 0`` and within the range of ``timedelta64[us]``,
        as for :func:`~csmetrics.scoring.time_stats`.
        """
        alpha = check_accuracy(relative_accuracy)
        per = UNIT_SECONDS[require_choice(unit, tuple(UNIT_SECONDS), param="unit")]
        if getattr(getattr(durations, "dtype", None), "kind", "") == "m":  # timedelta arrays
            seconds = to_unit(durations, "seconds", name="durations", nonnegative=True)
        else:
            seconds = to_unit(durations, unit, name="durations", nonnegative=True) * per
        return cls.from_seconds(seconds, relative_accuracy=alpha)

    @classmethod
    def from_seconds(
        cls, seconds: npt.NDArray[np.float64], *, relative_accuracy: float = DEFAULT_ACCURACY
    ) -> Self:
        """The sketch of checked durations in seconds (NaN: missing; all others ``>= 0``)."""
        try:
            values = np.asarray(seconds, dtype=np.float64).reshape(-1)
        except (TypeError, ValueError, OverflowError):
            msg = f"seconds: expected numbers of seconds, got {describe(seconds)}"
            raise InputTypeError(msg) from None
        kept = values[~np.isnan(values)]
        if kept.size and not (np.isfinite(kept).all() and kept.min() >= 0):
            msg = "seconds: expected finite durations of at least 0 seconds (NaN: missing)"
            raise InvalidInputError(msg)
        missing = int(values.size - kept.size)
        if not kept.size:
            return cls(relative_accuracy=relative_accuracy, missing=missing)
        positive = kept[kept > 0]
        gamma = (1.0 + relative_accuracy) / (1.0 - relative_accuracy)
        offset, counts = 0, _EMPTY
        if positive.size:
            keys = np.ceil(np.log(positive) / math.log(gamma)).astype(np.int64)
            offset = int(keys.min())
            counts = np.bincount(keys - offset).astype(np.int64)
        return cls(
            relative_accuracy=relative_accuracy,
            offset=offset,
            counts=counts,
            zeros=int(kept.size - positive.size),
            missing=missing,
            total=math.fsum(kept.tolist()) if kept.size <= 1024 else float(np.sum(kept)),
            minimum=float(kept.min()),
            maximum=float(kept.max()),
        )

    def __add__(self, other: object) -> Self:
        if not isinstance(other, QuantileSketch):
            return NotImplemented
        if other.relative_accuracy != self.relative_accuracy:
            msg = (
                "other: expected a QuantileSketch with relative_accuracy "
                f"{self.relative_accuracy!r}, got {other.relative_accuracy!r}"
            )
            raise InvalidInputError(msg)
        if not other._counts.size:
            offset, counts = self._offset, self._counts
        elif not self._counts.size:
            offset, counts = other._offset, other._counts
        else:
            offset = min(self._offset, other._offset)
            end = max(self._offset + self._counts.size, other._offset + other._counts.size)
            counts = np.zeros(end - offset, dtype=np.int64)
            counts[self._offset - offset : self._offset - offset + self._counts.size] += (
                self._counts
            )
            start = other._offset - offset
            counts[start : start + other._counts.size] += other._counts
        return type(self)(
            relative_accuracy=self.relative_accuracy,
            offset=offset,
            counts=counts,
            zeros=self.zeros + other.zeros,
            missing=self.missing + other.missing,
            total=self._total + other._total,
            minimum=float(np.fmin(self.minimum, other.minimum)),
            maximum=float(np.fmax(self.maximum, other.maximum)),
        )

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, QuantileSketch):
            return NotImplemented
        return self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def _key(self) -> tuple[Any, ...]:
        nonzero = np.flatnonzero(self._counts)
        keys = tuple((nonzero + self._offset).tolist())
        return (
            self.relative_accuracy, keys, tuple(self._counts[nonzero].tolist()), self.zeros,
            self.missing, self.minimum if self.n else None, self.maximum if self.n else None,
        )  # fmt: skip

    def __repr__(self) -> str:
        return (
            f"QuantileSketch(n={self.n}, missing={self.missing}, "
            f"buckets={int(np.count_nonzero(self._counts))}, "
            f"relative_accuracy={self.relative_accuracy!r})"
        )

    def __getstate__(self) -> tuple[Any, ...]:
        return (
            self.relative_accuracy, self._offset, self._counts, self.zeros, self.missing,
            self._total, self.minimum, self.maximum,
        )  # fmt: skip

    def __setstate__(self, state: tuple[Any, ...]) -> None:
        alpha, offset, counts, zeros, missing, total, low, high = state
        self.__init__(  # type: ignore[misc]
            relative_accuracy=alpha, offset=offset, counts=counts, zeros=zeros,
            missing=missing, total=total, minimum=low, maximum=high,
        )  # fmt: skip

    def mean(self, unit: Unit = "minutes") -> float:
        """The exact mean of the durations in ``unit`` (NaN when empty)."""
        per = UNIT_SECONDS[require_choice(unit, tuple(UNIT_SECONDS), param="unit")]
        return self._total / self.n / per if self.n else math.nan

    def _rank_value(self, rank: int) -> float:
        """The bucket value of the order statistic at 0-based ``rank``, in seconds."""
        if rank < self.zeros:
            return 0.0
        cumulative = np.cumsum(self._counts)
        index = int(np.searchsorted(cumulative, rank - self.zeros, side="right"))
        gamma = self.gamma
        value = 2.0 * gamma ** (index + self._offset) / (gamma + 1.0)
        return min(max(value, self.minimum), self.maximum)

    def quantile(self, q: float, unit: Unit = "minutes") -> float:
        """Quantile ``q`` in ``unit`` within ``relative_accuracy`` of the exact one (NaN: none)."""
        if isinstance(q, bool) or not isinstance(q, float | int) or not 0 <= q <= 1:
            msg = f"q: expected a number in [0, 1], got {describe(q)}"
            raise InvalidInputError(msg)
        per = UNIT_SECONDS[require_choice(unit, tuple(UNIT_SECONDS), param="unit")]
        if not self.n:
            return math.nan
        position = q * (self.n - 1)
        low = math.floor(position)
        high = min(low + 1, self.n - 1)
        a = self._rank_value(low) / per
        b = a if high == low else self._rank_value(high) / per
        t = position - low
        return a + (b - a) * t if t < 0.5 else b - (b - a) * (1.0 - t)

    def stats(
        self, *, unit: Unit = "minutes", quantiles: tuple[float, ...] = (0.5, 0.9)
    ) -> dict[str, float]:
        """``n``, ``missing``, ``mean`` and ``p50``, ``p90`` ... (warns when empty)."""
        quantiles = check_quantiles(quantiles)
        require_choice(unit, tuple(UNIT_SECONDS), param="unit")
        if not self.n:
            warn_undefined("Time statistics")
        found: dict[str, float] = {"n": self.n, "missing": self.missing, "mean": self.mean(unit)}
        for q in quantiles:
            found[quantile_name(q)] = self.quantile(q, unit)
        return found


def check_quantiles(quantiles: object) -> tuple[float, ...]:
    """``quantiles`` as a tuple of floats in [0, 1] (a tuple or list; anything else raises)."""
    if isinstance(quantiles, str | bytes) or not isinstance(quantiles, tuple | list):
        msg = f"quantiles: expected a tuple of numbers in [0, 1], got {describe(quantiles)}"
        raise InputTypeError(msg)
    for q in quantiles:
        if isinstance(q, bool) or not isinstance(q, float | int):
            msg = f"quantiles: expected numbers in [0, 1], got {describe(q)}"
            raise InputTypeError(msg)
        if not 0 <= q <= 1:
            msg = f"quantiles: expected numbers in [0, 1], got {describe(q)}"
            raise InvalidInputError(msg)
    return tuple(float(q) for q in quantiles)


def quantile_name(q: float) -> str:
    """The column name of quantile ``q``: ``p50``, ``p90``, ``p99.9``."""
    return "p" + f"{100 * q:.6g}"


def sketch_time_stats(
    durations: Any,
    *,
    unit: Unit = "minutes",
    quantiles: tuple[float, ...] = (0.5, 0.9),
    relative_accuracy: float = DEFAULT_ACCURACY,
) -> dict[str, float]:
    """Mean and quantiles of durations from a :class:`QuantileSketch`: one process, same numbers.

    The single-process twin of :func:`csmetrics.dask.time_stats_frame`: the
    mean, ``n`` and ``missing`` are exact, each quantile within
    ``relative_accuracy`` of :func:`~csmetrics.scoring.time_stats`'s.

    Examples
    --------
    >>> stats = sketch_time_stats([10, 20, 30, 40], unit="minutes")
    >>> stats["n"], stats["mean"], round(stats["p50"], 2), round(stats["p90"], 2)
    (4, 25.0, 24.92, 36.95)
    >>> from csmetrics.scoring import time_stats
    >>> time_stats([10, 20, 30, 40], unit="minutes").p90  # exact: within 1%
    37.0
    """
    check_quantiles(quantiles)
    sketch = QuantileSketch.from_durations(
        durations, unit=unit, relative_accuracy=relative_accuracy
    )
    return sketch.stats(unit=unit, quantiles=quantiles)


publish("csmetrics.scoring", QuantileSketch)
