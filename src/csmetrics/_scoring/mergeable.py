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

from csmetrics._scoring.intervals import kish_effective_n
from csmetrics.exceptions import InputTypeError, InvalidInputError

__all__ = ["Mergeable", "Summable", "as_count", "check_counts"]


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
        """Sum of the counts (total weight), correctly rounded; exact for integer counts."""
        return math.fsum(self.counts)

    def _effective_n(self, total: float) -> float:
        """:attr:`effective_n` given :meth:`_total`."""
        if self.sum_sq_weights == total == self.n:
            return float(self.n)
        return kish_effective_n(total, self.sum_sq_weights)

    @property
    def effective_n(self) -> float:
        """Kish effective sample size (``n`` without weights)."""
        return self._effective_n(self._total())


def as_count(value: object, name: str) -> int:
    """An integer count (``bool`` and floats refused)."""
    if not isinstance(value, int | np.integer) or isinstance(value, bool):
        msg = f"{name}: expected an integer count, got {value!r}"
        raise InputTypeError(msg)
    return int(value)


def check_counts(counts: tuple[float, ...], size: int, name: str) -> None:
    """Refuse counts of the wrong length or with a negative (or NaN) entry."""
    if len(counts) != size or any(not c >= 0 for c in counts):
        msg = f"counts: expected {size} non-negative numbers for {name}, got {counts!r}"
        raise InvalidInputError(msg)
