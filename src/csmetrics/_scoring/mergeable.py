"""What the count vectors share: ``+`` and ``sum()``, totals, the Kish effective n.

Each count class (:mod:`~csmetrics._scoring.csat_counts`,
:mod:`~csmetrics._scoring.nps_counts`, :mod:`~csmetrics._scoring.rate_counts`)
is a frozen dataclass whose fields start with ``counts``, ``n``,
``sum_sq_weights`` and ``missing``; disjoint parts add up exactly with ``+``.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import ClassVar, Self

import numpy as np

from csmetrics._core.describe import describe
from csmetrics._scoring.intervals import kish_effective_n
from csmetrics.exceptions import InputTypeError, InvalidInputError

__all__ = ["MAX_COUNT", "Mergeable", "Summable", "as_count", "check_counts", "exact_sum"]

MAX_COUNT = 2**53
"""Largest count accepted: every integer up to it is exact as a float, so sums stay exact."""


class Summable:
    """``sum(parts)`` support: ``0 + counts`` is the counts (``sum`` starts at 0)."""

    __slots__ = ()

    def __radd__(self, other: object) -> Self:
        if other == 0:
            return self
        return NotImplemented


class Mergeable(Summable):
    """``+``, ``sum()``, the total and the effective n shared by the count classes.

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

    def _total(self) -> float:
        """Sum of the counts: an exact ``int`` for integer counts, else correctly rounded."""
        return exact_sum(self.counts)

    def _effective_n(self, total: float) -> float:
        """:attr:`effective_n` given :meth:`_total`."""
        if self.sum_sq_weights == total == self.n:
            return float(self.n)
        return kish_effective_n(total, self.sum_sq_weights)

    @property
    def effective_n(self) -> float:
        """Kish effective sample size (``n`` without weights)."""
        return self._effective_n(self._total())


def exact_sum(values: tuple[float, ...] | list[float]) -> float:
    """The exact ``int`` sum of integers (so ``int / int`` divides correctly rounded), else fsum."""
    if set(map(type, values)) <= {int}:
        return sum(values)
    return math.fsum(values)


def as_count(value: object, name: str) -> int:
    """An integer count ``0..MAX_COUNT`` (``bool`` and floats refused)."""
    if not isinstance(value, int | np.integer) or isinstance(value, bool | np.timedelta64):
        msg = f"{name}: expected an integer count, got {describe(value)}"
        raise InputTypeError(msg)
    count = int(value)
    if not 0 <= count <= MAX_COUNT:
        msg = f"{name}: expected an integer count 0..2**53, got {describe(count)}"
        raise InvalidInputError(msg)
    return count


def check_counts(
    counts: tuple[float, ...],
    size: int,
    name: str,
    *,
    n: int = 0,
    sum_sq_weights: float = 0.0,
    missing: int = 0,
) -> None:
    """Refuse counts of the wrong length, negative, NaN, infinite or too large.

    Integer counts, ``n`` and ``missing`` must not pass :data:`MAX_COUNT`;
    weighted (float) counts, their total and the sum of squared weights must
    be finite (a merge of huge weighted counts can overflow): otherwise the
    sums behind every statistic would not be exact, or not finite.
    """
    if not isinstance(counts, tuple) or len(counts) != size:
        msg = f"counts: expected a tuple of {size} numbers for {name}, got {describe(counts)}"
        raise InvalidInputError(msg)
    if _plain_valid(counts, n, sum_sq_weights, missing):
        return
    for k, c in enumerate(counts):
        if isinstance(c, bool) or not isinstance(c, int | float | np.integer | np.floating):
            msg = f"counts: expected numbers for {name}, got {describe(c)} at position {k}"
            raise InputTypeError(msg)
        ok = 0 <= c < math.inf if isinstance(c, float | np.floating) else 0 <= c <= MAX_COUNT
        if not ok:
            msg = f"counts: expected counts >= 0 for {name}, got {describe(c)} at position {k}"
            raise InvalidInputError(msg)
    as_count(n, "n")
    as_count(missing, "missing")
    _check_sums(counts, sum_sq_weights)


def _plain_valid(counts: tuple[float, ...], n: int, sum_sq_weights: float, missing: int) -> bool:
    """The common case, checked at once: plain ints (or floats), all in range."""
    if type(n) is not int or type(missing) is not int or type(sum_sq_weights) is not float:
        return False
    if not (0 <= n <= MAX_COUNT and 0 <= missing <= MAX_COUNT and 0 <= sum_sq_weights < math.inf):
        return False
    kinds = set(map(type, counts))
    if kinds == {int}:
        return min(counts) >= 0 and max(counts) <= MAX_COUNT
    if kinds <= {int, float}:
        try:
            return all(c >= 0 for c in counts) and math.isfinite(math.fsum(counts))
        except OverflowError:
            return False
    return False


def _check_sums(counts: tuple[float, ...], sum_sq_weights: float) -> None:
    try:
        total = math.fsum(counts)
    except OverflowError:
        total = math.inf
    squares_ok = isinstance(sum_sq_weights, int | float) and 0 <= sum_sq_weights < math.inf
    if not (math.isfinite(total) and squares_ok):
        msg = (
            "counts: expected a finite total and sum of squared weights "
            "(rescale the weights, or merge fewer parts)"
        )
        raise InvalidInputError(msg)
