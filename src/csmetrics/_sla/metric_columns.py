"""One SLA metric over all rows: the policy's rules as groups, the stricter rule, escalation.

The clock work (elapsed, paused, deadline of each row under one rule) is a
:class:`Measurer`'s: :class:`StepMeasurer` for the one-pause step columns,
``ragged.RaggedMeasurer`` for every ticket's events.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol

import numpy as np
import numpy.typing as npt

from csmetrics._models.enums import Channel, Priority
from csmetrics._sla.arrays import (
    ArrayClock,
    TimeDeltas,
    Times,
    business_clock,
    calendar_clock,
    measure_many,
    working_day_closes,
)
from csmetrics._sla.policy import Metric, SlaPolicy, SlaTarget

if TYPE_CHECKING:
    from csmetrics._schedule.schedule import Schedule

__all__ = ["Columns", "Group", "Measurer", "MetricColumns", "Rows", "RuleMeasure", "StepMeasurer"]

_TD = "timedelta64[us]"
_NAT = np.datetime64("NaT", "us")
_TNAT = np.timedelta64("NaT", "us")
_ZERO = np.timedelta64(0, "us")
Columns = dict[str, npt.NDArray[Any]]
Index = Any
"""``slice(None)`` (every row) or sorted row numbers."""


class _Member(NamedTuple):
    """A priority's target for one metric."""

    level: int
    rule: str
    target: SlaTarget


@dataclass(frozen=True, slots=True)
class Group:
    """Rows that share a clock: per-level durations and rule names (index 0-3)."""

    target: SlaTarget
    mask: npt.NDArray[np.bool_]
    durations: TimeDeltas
    rules: npt.NDArray[np.object_]

    @classmethod
    def single(cls, rule: str, target: SlaTarget, mask: npt.NDArray[np.bool_]) -> Group:
        durations = np.full(4, np.timedelta64(target.duration), dtype=_TD)
        return cls(target, mask, durations, np.full(4, rule, dtype=object))


class RuleMeasure(NamedTuple):
    """One rule's target (allowed time), elapsed, paused and deadline of some rows."""

    allowed: TimeDeltas
    elapsed: TimeDeltas
    paused: TimeDeltas
    deadline: Times


class Measurer(Protocol):
    """The clock work of one metric over all rows."""

    stopped: npt.NDArray[np.bool_]
    """Per row: whether the metric's clock has stopped."""

    def measure(self, group: Group, index: Index) -> RuleMeasure:
        """The rows ``index`` of ``group`` measured against the group's targets."""


@dataclass(frozen=True, slots=True)
class Rows:
    """The checked input columns every metric reads."""

    levels: npt.NDArray[np.int8]
    channels: npt.NDArray[np.int8]
    flags: npt.NDArray[np.bool_]


def clock_of(target: SlaTarget, schedule: Schedule) -> ArrayClock:
    return calendar_clock() if target.clock == "calendar" else business_clock(schedule)


def allowed_from(
    group: Group, schedule: Schedule, starts: Times, levels: npt.NDArray[np.int8]
) -> TimeDeltas:
    """Each row's target: its level's duration, or working days counted from ``starts``."""
    if not group.target.working_days:
        return group.durations[levels]
    closes = working_day_closes(schedule, starts, group.target.working_days)
    return schedule.between_many(starts, closes)


class StepMeasurer:
    """One span per row (``created_at`` to the stop or ``now``) with at most one pause."""

    def __init__(
        self,
        schedule: Schedule,
        levels: npt.NDArray[np.int8],
        created: Times,
        *,
        moment: np.datetime64,
        stop: Times,
        pauses: tuple[Times, Times],
    ) -> None:
        self.schedule, self.levels, self.created = schedule, levels, created
        self.stopped = ~np.isnat(stop)
        self.ends = np.where(self.stopped, stop, moment)
        low, high = pauses
        low = np.minimum(np.maximum(low, created), self.ends)
        self.low, self.high = low, np.minimum(np.maximum(high, low), self.ends)

    def measure(self, group: Group, index: Index) -> RuleMeasure:
        starts, ends = self.created[index], self.ends[index]
        allowed = allowed_from(group, self.schedule, starts, self.levels[index])
        low, high = self.low[index], self.high[index]
        if group.target.clock == "calendar":  # calendar time runs through pauses
            low, high = np.full_like(low, _NAT), np.full_like(high, _NAT)
        clock = clock_of(group.target, self.schedule)
        measured = measure_many(clock, starts, ends, (low, high), allowed)
        return RuleMeasure(allowed, measured.elapsed, measured.paused, measured.deadline)


class MetricColumns:
    """One metric over all rows: candidates, stricter rule, escalation."""

    def __init__(self, policy: SlaPolicy, rows: Rows, measurer: Measurer) -> None:
        self.policy, self.rows, self.measurer = policy, rows, measurer
        self.levels = rows.levels

    def run(self, metric: Metric, out: Columns) -> None:
        size = self.levels.shape[0]
        cols: Columns = {
            "target": np.full(size, _TNAT),
            "elapsed": np.full(size, _TNAT),
            "paused": np.full(size, _TNAT),
            "deadline": np.full(size, _NAT),
            "rule": np.full(size, "", dtype=object),
        }
        # priority targets, then channel rules, in policy order: the earlier deadline wins
        for group in self._priority_groups(metric) + self._channel_groups(metric):
            self._apply(group, cols)
        has = ~np.isnat(cols["deadline"])
        remaining = cols["target"] - cols["elapsed"]
        breached = has & (remaining < _ZERO)
        cols |= {
            "remaining": remaining,
            "overdue": np.where(has, np.maximum(-remaining, _ZERO), _TNAT),
            "breached": breached,
            "stopped": has & self.measurer.stopped,
            "has_target": has,
        }
        cols["escalation_level"] = self._escalation(metric, breached, cols["overdue"])
        out.update({f"{metric}_{key}": value for key, value in cols.items()})

    def _priority_groups(self, metric: Metric) -> list[Group]:
        """Priority targets, grouped by clock (all business-time priorities share one group)."""
        by_clock: dict[tuple[str, int], list[_Member]] = {}
        priorities: list[Priority | None] = [*self.policy.priorities] or [None]
        for priority in priorities:
            for rule, target in self.policy.candidates(metric, priority, None, complaint=False):
                key = (target.clock, target.working_days)
                level = priority.level if priority else 0
                by_clock.setdefault(key, []).append(_Member(level, rule, target))
        groups = []
        for members in by_clock.values():
            durations = np.zeros(4, dtype=_TD)
            names = np.full(4, "", dtype=object)
            for member in members:
                durations[member.level] = np.timedelta64(member.target.duration)
                names[member.level] = member.rule
            mask = np.isin(self.levels, [member.level for member in members])
            groups.append(Group(members[0].target, mask, durations, names))
        return groups

    def _channel_groups(self, metric: Metric) -> list[Group]:
        channels, flags = self.rows.channels, self.rows.flags
        groups = []
        for code in np.unique(channels).tolist():
            if code < 0:
                continue
            for complaint in (False, True):
                rows = (channels == code) & (flags == complaint)
                found = self.policy.candidates(
                    metric, None, Channel.from_code(code), complaint=complaint
                )
                groups += [Group.single(r, t, rows) for r, t in found if r.startswith("channel:")]
        return groups

    def _apply(self, group: Group, cols: Columns) -> None:
        if not group.mask.any():
            return
        whole = bool(group.mask.all())
        index: Index = slice(None) if whole else np.flatnonzero(group.mask)
        measured = self.measurer.measure(group, index)
        current = cols["deadline"][index]
        better = np.isnat(current) | (measured.deadline < current)
        if not better.all():
            index = np.flatnonzero(group.mask)[better] if whole else index[better]
        values = {
            "target": measured.allowed,
            "elapsed": measured.elapsed,
            "paused": measured.paused,
            "deadline": measured.deadline,
            "rule": group.rules[self.levels[index]],
        }
        for key, value in values.items():
            cols[key][index] = value if better.all() or key == "rule" else value[better]

    def _escalation(
        self,
        metric: Metric,
        breached: npt.NDArray[np.bool_],
        overdue: npt.NDArray[np.timedelta64],
    ) -> npt.NDArray[np.int8]:
        result = np.zeros(self.levels.shape, np.int8)
        for priority in self.policy.escalation:
            rows = breached & (self.levels == priority.level)
            for rung in self.policy.ladder(priority, metric):
                reached = rows & (overdue >= np.timedelta64(rung.overdue))
                result[reached] = rung.level
        return result
