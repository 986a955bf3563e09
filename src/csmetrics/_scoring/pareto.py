"""Pareto analysis of labels (complaint types, categories): the vital few.

Labels are counted into a mergeable :class:`LabelCounts` (``+`` adds counts
of disjoint parts exactly); :func:`pareto` orders them most frequent first,
ties broken by the label's text so the order never depends on input order.
"""

from __future__ import annotations

import numbers
from collections import Counter
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from fractions import Fraction
from itertools import accumulate
from typing import Any, Self

import numpy as np

from csmetrics._core.describe import describe
from csmetrics._core.exports import publish
from csmetrics._scoring.inputs import to_labels, unhashable
from csmetrics._scoring.mergeable import Summable
from csmetrics._scoring.options import require_int
from csmetrics._scoring.scores import SMALL_ARRAY
from csmetrics.exceptions import InputTypeError, InvalidInputError

__all__ = ["LabelCounts", "ParetoResult", "pareto", "top_shares"]


def _cutoff_ratio(cutoff: object) -> tuple[int, int]:
    """The cutoff as an exact fraction of the decimal it prints as (``0.8`` -> 4/5)."""
    real: Any = cutoff
    if isinstance(cutoff, bool) or not isinstance(cutoff, numbers.Real) or not 0 < real <= 1:
        msg = f"cutoff: expected a number in (0, 1], got {describe(cutoff)}"
        raise InvalidInputError(msg)
    exact = Fraction(repr(float(real))) if float(real) > 0 else Fraction(real)
    return exact.numerator, exact.denominator


def _order(item: tuple[Hashable, int]) -> tuple[int, str, str]:
    return (-item[1], str(item[0]), repr(item[0]))


def _count(labels: Iterable[Any]) -> tuple[dict[Hashable, int], int]:
    """Counts per label and the number missing.

    Long text or integer arrays are counted by ``np.unique``; anything else,
    and arrays up to :data:`~csmetrics._scoring.scores.SMALL_ARRAY` items, by
    :class:`collections.Counter` in plain Python (no GIL release).
    """
    if (
        isinstance(labels, np.ndarray)
        and labels.ndim == 1
        and labels.dtype.kind in "USiu"
        and labels.size > SMALL_ARRAY
    ):
        values, counts = np.unique(labels, return_counts=True)
        return dict(zip(values.tolist(), counts.tolist(), strict=True)), 0
    kept, missing = to_labels(labels)
    try:
        return dict(Counter(kept)), missing
    except TypeError:
        raise unhashable(kept, "labels") from None


@dataclass(frozen=True, slots=True)
class ParetoResult:
    """Labels most frequent first, with shares and the vital few.

    Attributes
    ----------
    labels : tuple
        Distinct labels, most frequent first (ties by label text).
    counts : tuple of int
        Count of each label.
    shares : tuple of float
        ``counts / n``.
    cumulative : tuple of float
        Running sum of ``shares`` (the last one is 1).
    vital_few : tuple
        The fewest top labels whose cumulative share reaches ``cutoff``.
    cutoff : float
        The cumulative share asked for.
    n : int
        Labels counted.
    missing : int
        ``None``/NaN labels skipped.

    Examples
    --------
    >>> r = pareto(["漏发", "破损", "漏发"])
    >>> r.top(1), r.n
    ((('漏发', 0.6666666666666666),), 3)
    """

    labels: tuple[Hashable, ...]
    counts: tuple[int, ...]
    shares: tuple[float, ...]
    cumulative: tuple[float, ...]
    vital_few: tuple[Hashable, ...]
    cutoff: float
    n: int
    missing: int

    def top(self, k: int = 3) -> tuple[tuple[Hashable, float], ...]:
        """The ``k`` (an integer >= 1) most frequent labels with their shares.

        >>> pareto(["a", "b", "a", "c"]).top(2)
        (('a', 0.5), ('b', 0.25))
        """
        k = require_int(k, "k", low=1)
        return tuple(zip(self.labels[:k], self.shares[:k], strict=True))

    def to_frame(self) -> Any:
        """One row per label, most frequent first, indexed by the label (needs pandas).

        >>> pareto(["a", "b", "a", "c"], cutoff=0.5).to_frame()
               count  share  cumulative  vital_few
        label
        a          2   0.50        0.50       True
        b          1   0.25        0.75      False
        c          1   0.25        1.00      False
        """
        from csmetrics._scoring.frames import pareto_frame  # noqa: PLC0415 - pandas on use

        return pareto_frame(self)


@dataclass(frozen=True, slots=True)
class LabelCounts(Summable):
    """Counts per label in a canonical order; merge with ``+``.

    Examples
    --------
    >>> a = LabelCounts.from_labels(["破损", "延误", "破损"])
    >>> b = LabelCounts.from_labels(["延误", None])
    >>> (a + b).items, (a + b).missing
    ((('延误', 2), ('破损', 2)), 1)
    """

    items: tuple[tuple[Hashable, int], ...]
    missing: int = 0

    @classmethod
    def from_labels(cls, labels: Iterable[Any]) -> Self:
        """Count labels (``None``/NaN skipped and counted as missing)."""
        counts, missing = _count(labels)
        return cls.from_mapping(counts, missing=missing)

    @classmethod
    def from_mapping(cls, counts: Mapping[Hashable, int], *, missing: int = 0) -> Self:
        """Counts given per label (zero counts dropped)."""
        if not isinstance(counts, Mapping):
            msg = f"counts: expected a mapping of label to count, got {describe(counts)}"
            raise InputTypeError(msg)
        for count in counts.values():
            if isinstance(count, bool) or not isinstance(count, int | np.integer) or count < 0:
                msg = f"counts: expected integer counts >= 0, got {describe(count)}"
                raise InvalidInputError(msg)
        missing = require_int(missing, "missing", low=0)
        items = ((label, int(c)) for label, c in counts.items() if c > 0)
        return cls(tuple(sorted(items, key=_order)), missing)

    def __add__(self, other: object) -> Self:
        if not isinstance(other, type(self)):
            return NotImplemented
        merged = Counter(dict(self.items))
        merged.update(dict(other.items))
        return type(self).from_mapping(merged, missing=self.missing + other.missing)

    @property
    def n(self) -> int:
        """Labels counted."""
        return sum(count for _, count in self.items)

    def result(self, *, cutoff: float = 0.8) -> ParetoResult:
        """The Pareto table of these counts (plain Python, exact integer sums).

        The cutoff is compared exactly, as the decimal number it prints as
        (``0.8`` is 4/5, so 8 of 10 reaches it).
        """
        num, den = _cutoff_ratio(cutoff)
        labels = tuple(label for label, _ in self.items)
        counts = tuple(count for _, count in self.items)
        running = tuple(accumulate(counts))
        n = running[-1] if running else 0
        if n == 0:
            return ParetoResult((), (), (), (), (), cutoff, 0, self.missing)
        shares = tuple(c / n for c in counts)
        cumulative = tuple(r / n for r in running)
        reach = next(i for i, r in enumerate(running) if r * den >= num * n)
        vital = labels[: reach + 1]
        return ParetoResult(labels, counts, shares, cumulative, vital, cutoff, n, self.missing)


def pareto(labels: Iterable[Any], *, cutoff: float = 0.8) -> ParetoResult:
    """Pareto table of labels: most frequent first, cumulative shares, the vital few.

    Parameters
    ----------
    labels : iterable of hashable
        One label per item (e.g. the complaint type of each ticket);
        ``None``/NaN are skipped and counted in ``missing``.
    cutoff : float
        Cumulative share that defines the vital few (0.8: the types behind
        80% of the complaints), in (0, 1]; compared exactly as the decimal
        number it prints as.

    Returns
    -------
    ParetoResult

    Examples
    --------
    >>> r = pareto(["屏幕无显示"] * 6 + ["死机"] * 2 + ["划痕", "色差"])
    >>> r.labels
    ('屏幕无显示', '死机', '划痕', '色差')
    >>> r.counts, r.shares[0], r.cumulative[1]
    ((6, 2, 1, 1), 0.6, 0.8)
    >>> r.vital_few
    ('屏幕无显示', '死机')
    """
    return LabelCounts.from_labels(labels).result(cutoff=cutoff)


def top_shares(labels: Iterable[Any], *, n: int = 3) -> tuple[tuple[Hashable, float], ...]:
    """The ``n`` most frequent labels and their shares (SPEC: the top-3 problem types).

    ``n`` is an integer >= 1; fewer labels come back when there are fewer.

    Examples
    --------
    >>> top_shares(["屏幕无显示", "屏幕无显示", "死机", "划痕"], n=2)
    (('屏幕无显示', 0.5), ('划痕', 0.25))
    """
    n = require_int(n, "n", low=1)
    return pareto(labels).top(n)


publish("csmetrics.scoring", LabelCounts, ParetoResult)
