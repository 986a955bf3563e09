"""The one counter of SLA outcomes: met, breached or pending.

A target is *met* when its clock stopped within the target, *breached* when
``elapsed > target`` (stopped or still running: a running target already past
its deadline counts), and *pending* otherwise (running, not late yet).

SLA compliance (``_sla``), the report and the on-time rates (``_scoring``)
all count with it. It lives with the records because ``_scoring`` may not
import ``_sla``: the outcome of a target is domain vocabulary (like a
ticket's status), not SLA machinery.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

import numpy as np

if TYPE_CHECKING:
    import numpy.typing as npt

__all__ = ["OutcomeCounts", "count_flags", "count_outcomes", "outcome_flags", "status_flags"]

_C = TypeVar("_C", bound="OutcomeCounts")


@dataclass(frozen=True, slots=True)
class OutcomeCounts:
    """Targets met, breached and pending; parts add up with ``+``.

    Examples
    --------
    >>> counts = OutcomeCounts(met=19, breached=1, pending=3)
    >>> counts.total, counts.decided, counts.share_met
    (23, 20, 0.95)
    >>> counts + OutcomeCounts(met=1)
    OutcomeCounts(met=20, breached=1, pending=3)
    """

    met: int = 0
    breached: int = 0
    pending: int = 0

    @property
    def total(self) -> int:
        """Every target counted."""
        return self.met + self.breached + self.pending

    @property
    def decided(self) -> int:
        """Targets met or breached."""
        return self.met + self.breached

    @property
    def share_met(self) -> float | None:
        """Share of decided targets met, 0..1 (``None`` when none is decided)."""
        return self.met / self.decided if self.decided else None

    def __add__(self: _C, other: object) -> _C:
        if not isinstance(other, OutcomeCounts):
            return NotImplemented
        return type(self)(
            met=self.met + other.met,
            breached=self.breached + other.breached,
            pending=self.pending + other.pending,
        )


def outcome_flags(breached: npt.ArrayLike, stopped: npt.ArrayLike) -> npt.NDArray[np.float64]:
    """The outcome of each target: 1.0 met, 0.0 breached, NaN pending.

    Examples
    --------
    >>> outcome_flags([False, True, True, False], [True, True, False, False])
    array([ 1.,  0.,  0., nan])
    """
    late = np.asarray(breached, dtype=bool)
    done = np.asarray(stopped, dtype=bool)
    return np.where(late, 0.0, np.where(done, 1.0, np.nan))


def count_flags(flags: npt.ArrayLike, *, into: _C) -> _C:
    """``into`` plus the outcomes in ``flags`` (from :func:`outcome_flags`).

    Examples
    --------
    >>> count_flags([1.0, 0.0, float("nan")], into=OutcomeCounts(met=2))
    OutcomeCounts(met=3, breached=1, pending=1)
    """
    values = np.asarray(flags, dtype=np.float64)
    counted = type(into)(
        met=int(np.count_nonzero(values == 1.0)),
        breached=int(np.count_nonzero(values == 0.0)),
        pending=int(np.count_nonzero(np.isnan(values))),
    )
    return into + counted


def count_outcomes(breached: npt.ArrayLike, stopped: npt.ArrayLike, *, into: _C) -> _C:
    """``into`` plus the outcomes of targets with these ``breached`` / ``stopped`` flags.

    Examples
    --------
    >>> count_outcomes([False, True, False], [True, False, False], into=OutcomeCounts())
    OutcomeCounts(met=1, breached=1, pending=1)
    """
    return count_flags(outcome_flags(breached, stopped), into=into)


def status_flags(items: Iterable[object]) -> npt.NDArray[np.float64]:
    """:func:`outcome_flags` of SLA statuses, breached flags or missing values.

    An item is a status (anything with ``.breached``; its clock stopped when
    its ``.stopped_at`` is set, or when it has none), a ``bool`` breached flag
    (decided: ``True`` = late) or ``None`` (missing: NaN, like pending).

    Examples
    --------
    >>> import datetime as dt
    >>> from types import SimpleNamespace as Status
    >>> at = dt.datetime(2025, 3, 3, tzinfo=dt.UTC)
    >>> status_flags([Status(breached=False, stopped_at=at),
    ...               Status(breached=False, stopped_at=None), True, None])
    array([ 1., nan,  0., nan])
    """
    found = list(items)
    flag = [item is not None and isinstance(item, bool | np.bool_) for item in found]
    late = [
        bool(item) if is_flag else _breached(item)
        for item, is_flag in zip(found, flag, strict=True)
    ]
    done = [is_flag or _stopped(item) for item, is_flag in zip(found, flag, strict=True)]
    return outcome_flags(np.array(late, dtype=bool), np.array(done, dtype=bool))


def _breached(status: object) -> bool:
    return status is not None and bool(getattr(status, "breached"))  # noqa: B009


def _stopped(status: object) -> bool:
    return status is not None and getattr(status, "stopped_at", True) is not None
