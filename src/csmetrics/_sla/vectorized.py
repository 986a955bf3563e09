"""Vectorized SLA status over columns of tickets, for notebooks and batch jobs.

:func:`evaluate_many` computes first-response and resolution status for
millions of tickets with a handful of ``Schedule.add_many`` /
``Schedule.between_many`` calls (no Python loop per row). Row by row it
equals :func:`csmetrics.sla.evaluate` for a ticket whose events are the
first agent reply, one pause / resume and the resolution.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NamedTuple

import numpy as np
import numpy.typing as npt

from csmetrics._core.describe import describe
from csmetrics._core.instants import as_instants
from csmetrics._models.enums import Channel, Priority
from csmetrics._schedule.hours import shown
from csmetrics._sla.arrays import (
    ArrayClock,
    Times,
    business_clock,
    calendar_clock,
    channel_codes,
    flags,
    instant64,
    measure_many,
    priority_levels,
    working_day_closes,
)
from csmetrics._sla.columns import results_to_columns, tickets_to_columns, to_dataframe
from csmetrics._sla.evaluate import check_now
from csmetrics._sla.policy import Metric, SlaPolicy, SlaTarget
from csmetrics.exceptions import (
    InputTypeError,
    InvalidEventError,
    InvalidInputError,
    MissingTargetError,
)

if TYPE_CHECKING:
    from csmetrics._schedule.schedule import Schedule

__all__ = ["evaluate_many", "results_to_columns", "tickets_to_columns", "to_dataframe"]

_US = "datetime64[us]"
_TD = "timedelta64[us]"
_NAT = np.datetime64("NaT", "us")
_TNAT = np.timedelta64("NaT", "us")
_ZERO = np.timedelta64(0, "us")
Columns = dict[str, npt.NDArray[Any]]


def evaluate_many(
    created_at: object,
    *,
    first_response_at: object = None,
    resolved_at: object = None,
    priority: object = None,
    channel: object = None,
    complaint: object = None,
    pause_start: object = None,
    pause_end: object = None,
    policy: SlaPolicy,
    schedule: Schedule,
    now: dt.datetime,
    metrics: tuple[Metric, ...] = ("first_response", "resolution"),
) -> Columns:
    """First-response and resolution SLA status of many tickets as numpy arrays.

    Parameters
    ----------
    created_at, first_response_at, resolved_at : array of datetime64 or tz-aware pandas data
        UTC instants, one per ticket; NaT where a step has not happened.
        Steps after ``now`` are ignored. A ticket resolved without any reply
        has its first response stopped at the resolution (as in ``evaluate``).
    priority : array, optional
        Levels 1-3 (0 for none), or ``Priority`` members / names. Rows
        without one use the policy's ``default_priority``.
    channel : array, optional
        Channel codes 0-5 (-1 for none), or ``Channel`` members / names.
    complaint : array of bool, optional
        For channel rules that apply to complaints only.
    pause_start, pause_end : array of datetime64, optional
        One pause per ticket (NaT: none; ``pause_end`` NaT: still paused).
    policy, schedule, now
        As for :func:`csmetrics.sla.evaluate`.
    metrics : tuple of str
        ``"first_response"`` and/or ``"resolution"``.

    Returns
    -------
    dict of str to numpy.ndarray
        Per metric ``m``: ``m_target``, ``m_elapsed``, ``m_paused``,
        ``m_remaining``, ``m_overdue`` (``timedelta64[us]``), ``m_deadline``
        (``datetime64[us]``, UTC), ``m_breached``, ``m_stopped``,
        ``m_has_target`` (bool), ``m_escalation_level`` (int8, 0: none) and
        ``m_rule`` (str). Where the policy sets no target, times are NaT and
        flags false. Also ``priority`` (effective level, int8) and
        ``channel`` (code, int8).

    Examples
    --------
    >>> import datetime as dt
    >>> import numpy as np
    >>> from csmetrics.schedule import Schedule
    >>> office = Schedule({"mon-fri": "09:00-18:00"})
    >>> out = evaluate_many(
    ...     np.array(["2025-03-07T17:50", "2025-03-10T09:00"], dtype="datetime64[m]"),
    ...     first_response_at=np.array(["2025-03-10T09:03", "NaT"], dtype="datetime64[m]"),
    ...     priority=np.array([1, 3]),
    ...     policy=SlaPolicy.preset("tiered"),
    ...     schedule=office,
    ...     now=dt.datetime(2025, 3, 10, 12, 0, tzinfo=dt.UTC),
    ... )
    >>> out["first_response_deadline"]
    array(['2025-03-10T09:05:00.000000', '2025-03-10T10:00:00.000000'],
          dtype='datetime64[us]')
    >>> out["first_response_breached"], out["resolution_escalation_level"]
    (array([False,  True]), array([2, 0], dtype=int8))
    """
    now = check_now(now)
    _check_arguments(policy, schedule, metrics)
    created = as_instants(created_at, "created_at")
    size = created.shape[0]
    given = {"first_response_at": first_response_at, "resolved_at": resolved_at,
             "pause_start": pause_start, "pause_end": pause_end}  # fmt: skip
    # Steps after now are ignored, whatever their year (as evaluate ignores such events).
    steps = {name: as_instants(values, name, size, within_years=False)
             for name, values in given.items()}  # fmt: skip
    moment = instant64(now)
    _check_order(created, steps, moment)
    steps = {name: np.where(values <= moment, values, _NAT) for name, values in steps.items()}
    levels = _effective_levels(priority_levels(priority, size), policy)
    channels = channel_codes(channel, size)
    complaints = flags(complaint, size, "complaint")
    stops = _stops(steps, moment)
    out: Columns = {"priority": levels, "channel": channels}
    rows = _Rows(created, moment, steps, levels, channels, complaints)
    for metric in metrics:
        _Metric(policy, schedule, rows, stop=stops[metric]).run(metric, out)
    return out


def _check_arguments(policy: object, schedule: object, metrics: object) -> None:
    from csmetrics._schedule.schedule import Schedule  # noqa: PLC0415 - only for the check

    for name, value, kind in (("policy", policy, SlaPolicy), ("schedule", schedule, Schedule)):
        if not isinstance(value, kind):
            msg = f"{name}: expected a {kind.__name__}, got {describe(value)}"
            raise InputTypeError(msg)
    if isinstance(metrics, str | bytes) or not isinstance(metrics, Sequence):
        msg = f"metrics: expected a tuple of metric names, got {describe(metrics)}"
        raise InputTypeError(msg)
    for metric in metrics:
        if metric not in ("first_response", "resolution"):
            msg = f"metrics: expected 'first_response' and/or 'resolution', got {shown(metric)}"
            raise InvalidInputError(msg)


def _check_order(created: Times, steps: dict[str, Times], moment: np.datetime64) -> None:
    if np.isnat(created).any():
        row = _first(np.isnat(created))
        msg = f"created_at: expected an instant for every ticket, got NaT at row {row}"
        raise InvalidInputError(msg)
    if (created > moment).any():
        msg = (
            f"now: expected an instant at or after every created_at, got {moment} before "
            f"created_at {created[created > moment][0]} (row {_first(created > moment)})"
        )
        raise InvalidInputError(msg)
    for name, values in steps.items():
        early = values < created
        if early.any():
            msg = (
                f"{name}: expected instants at or after created_at, "
                f"got {values[early][0]} at row {_first(early)}"
            )
            raise InvalidEventError(msg)
    backwards = steps["pause_end"] < steps["pause_start"]
    if backwards.any():
        row = _first(backwards)
        msg = f"pause_end: expected instants at or after pause_start, got one before at row {row}"
        raise InvalidEventError(msg)


def _first(mask: npt.NDArray[np.bool_]) -> int:
    return int(np.flatnonzero(mask)[0])


def _effective_levels(levels: npt.NDArray[np.int8], policy: SlaPolicy) -> npt.NDArray[np.int8]:
    if not policy.priorities:
        return np.zeros(levels.shape, np.int8)
    fallback = policy.default_priority.level if policy.default_priority else 0
    levels = np.where(levels == 0, np.int8(fallback), levels).astype(np.int8)
    known = np.isin(levels, [p.level for p in policy.priorities])
    if not known.all():
        row = _first(~known)
        what = (
            f"priority level {int(levels[row])}"
            if levels[row]
            else "no priority and no default_priority"
        )
        known_names = ", ".join(p.value for p in policy.priorities)
        msg = f"priority: expected one of {known_names} for every row, got {what} at row {row}"
        raise MissingTargetError(msg)
    return levels


def _stops(steps: dict[str, Times], moment: np.datetime64) -> dict[str, Times]:
    """When each metric stopped as of ``now`` (NaT: still running)."""
    reply = np.where(steps["first_response_at"] <= moment, steps["first_response_at"], _NAT)
    resolved = np.where(steps["resolved_at"] <= moment, steps["resolved_at"], _NAT)
    first = np.where(np.isnat(reply) | (resolved < reply), resolved, reply)
    return {"first_response": first, "resolution": resolved}


class _Member(NamedTuple):
    """A priority's target for one metric."""

    level: int
    rule: str
    target: SlaTarget


class _Pauses(NamedTuple):
    """The pause of each row, clipped to its span (NaT: none)."""

    low: Times
    high: Times


@dataclass(frozen=True, slots=True)
class _Group:
    """Rows that share a clock: per-level durations and rule names (index 0-3)."""

    target: SlaTarget
    mask: npt.NDArray[np.bool_]
    durations: npt.NDArray[np.timedelta64]
    rules: npt.NDArray[np.object_]

    @classmethod
    def single(cls, rule: str, target: SlaTarget, mask: npt.NDArray[np.bool_]) -> _Group:
        durations = np.full(4, np.timedelta64(target.duration), dtype=_TD)
        return cls(target, mask, durations, np.full(4, rule, dtype=object))


@dataclass(frozen=True, slots=True)
class _Rows:
    """The checked input columns every metric reads."""

    created: Times
    moment: np.datetime64
    steps: dict[str, Times]
    levels: npt.NDArray[np.int8]
    channels: npt.NDArray[np.int8]
    flags: npt.NDArray[np.bool_]


class _Metric:
    """One metric over all rows: candidates, stricter rule, escalation."""

    def __init__(self, policy: SlaPolicy, schedule: Schedule, rows: _Rows, *, stop: Times) -> None:
        self.policy, self.schedule, self.rows, self.stop = policy, schedule, rows, stop
        self.created, self.moment, self.levels = rows.created, rows.moment, rows.levels
        self.ends = np.where(np.isnat(stop), rows.moment, stop)
        self.pauses = self._pauses(rows.steps)

    def _pauses(self, steps: dict[str, Times]) -> _Pauses:
        start, end = steps["pause_start"], steps["pause_end"]
        resolved = np.where(steps["resolved_at"] <= self.moment, steps["resolved_at"], _NAT)
        live = (start <= self.moment) & (np.isnat(resolved) | (start <= resolved))
        end = np.where(end <= self.moment, end, self.moment)
        end = np.where(~np.isnat(resolved) & (resolved < end), resolved, end)
        low = np.minimum(np.maximum(start, self.created), self.ends)
        high = np.minimum(np.maximum(end, low), self.ends)
        return _Pauses(low=np.where(live, low, _NAT), high=np.where(live, high, _NAT))

    def run(self, metric: Metric, out: Columns) -> None:
        size = self.created.shape[0]
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
            "stopped": has & ~np.isnat(self.stop),
            "has_target": has,
        }
        cols["escalation_level"] = self._escalation(metric, breached, cols["overdue"])
        out.update({f"{metric}_{key}": value for key, value in cols.items()})

    def _priority_groups(self, metric: Metric) -> list[_Group]:
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
            groups.append(_Group(members[0].target, mask, durations, names))
        return groups

    def _channel_groups(self, metric: Metric) -> list[_Group]:
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
                groups += [_Group.single(r, t, rows) for r, t in found if r.startswith("channel:")]
        return groups

    def _clock(self, target: SlaTarget) -> ArrayClock:
        return calendar_clock() if target.clock == "calendar" else business_clock(self.schedule)

    def _apply(self, group: _Group, cols: Columns) -> None:
        if not group.mask.any():
            return
        whole = bool(group.mask.all())
        index: Any = slice(None) if whole else np.flatnonzero(group.mask)
        starts, ends = self.created[index], self.ends[index]
        allowed = self._allowed(group, starts, self.levels[index])
        low, high = self.pauses.low[index], self.pauses.high[index]
        if group.target.clock == "calendar":  # calendar time runs through pauses
            low, high = np.full_like(low, _NAT), np.full_like(high, _NAT)
        pauses = (low, high)
        measured = measure_many(self._clock(group.target), starts, ends, pauses, allowed)
        current = cols["deadline"][index]
        better = np.isnat(current) | (measured.deadline < current)
        if not better.all():
            index = np.flatnonzero(group.mask)[better] if whole else index[better]
        values = {
            "target": allowed,
            "elapsed": measured.elapsed,
            "paused": measured.paused,
            "deadline": measured.deadline,
            "rule": group.rules[self.levels[index]],
        }
        for key, value in values.items():
            cols[key][index] = value if better.all() or key == "rule" else value[better]

    def _allowed(
        self, group: _Group, starts: Times, levels: npt.NDArray[np.int8]
    ) -> npt.NDArray[np.timedelta64]:
        if not group.target.working_days:
            return group.durations[levels]
        closes = working_day_closes(self.schedule, starts, group.target.working_days)
        return self.schedule.between_many(starts, closes)

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
