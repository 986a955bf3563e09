"""Vectorized SLA status over columns of tickets, for notebooks and batch jobs.

:func:`evaluate_many` computes first-response and resolution status for
millions of tickets with a handful of ``Schedule.add_many`` /
``Schedule.between_many`` calls (no Python loop per row). Row by row it
equals :func:`csmetrics.sla.evaluate`: for a ticket whose events are the
first agent reply, one pause / resume and the resolution (the step
columns), or for any events (``events=``, read as ``read_history`` reads
them: see ``ragged``), or for the tickets of a table (``TicketTable``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from csmetrics._core.describe import describe
from csmetrics._core.instants import as_instants
from csmetrics._models.ticket_columns import columns_of
from csmetrics._models.ticket_events import events_from
from csmetrics._schedule.hours import shown
from csmetrics._sla.arrays import (
    CODED_CHANNELS,
    Times,
    channel_codes,
    flags,
    instant64,
    priority_levels,
    table_channel_codes,
)
from csmetrics._sla.batch import SlaColumns, row_index
from csmetrics._sla.columns import (
    results_to_columns,
    tickets_to_columns,
    tickets_to_events,
    to_dataframe,
)
from csmetrics._sla.evaluate import check_now
from csmetrics._sla.metric_columns import Measurer, MetricColumns, Rows, StepMeasurer
from csmetrics._sla.policy import Metric, SlaPolicy
from csmetrics._sla.ragged import read_states
from csmetrics._sla.ragged_measure import IntervalClocks, RaggedMeasurer
from csmetrics.exceptions import (
    InputTypeError,
    InvalidEventError,
    InvalidInputError,
    MissingTargetError,
)

if TYPE_CHECKING:
    from csmetrics._schedule.schedule import Schedule

__all__ = [
    "evaluate_many",
    "results_to_columns",
    "tickets_to_columns",
    "tickets_to_events",
    "to_dataframe",
]

_NAT = np.datetime64("NaT", "us")
_STEPS = ("first_response_at", "resolved_at", "pause_start", "pause_end")
_TABLE_GIVES = ("priority", "channel", "complaint", "events", *_STEPS)


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
    events: object = None,
    policy: SlaPolicy,
    schedule: Schedule,
    now: dt.datetime,
    metrics: tuple[Metric, ...] = ("first_response", "resolution"),
) -> SlaColumns:
    """First-response and resolution SLA status of many tickets as numpy arrays.

    Three ways to say what happened to each ticket, one per call:

    - the step columns ``first_response_at``, ``resolved_at`` and one pause
      (``pause_start``, ``pause_end``);
    - ``events``: every event of every ticket (any number of replies,
      pauses, resolutions and reopens, priority changes), read exactly as
      :func:`csmetrics.sla.evaluate` reads ``Ticket.events``;
    - a table of tickets (:class:`csmetrics.io.TicketTable`) in place of
      ``created_at``: its created_at, priority, channel, complaint and
      events columns, no models built.

    ``events`` with any step column is refused: the events already say when
    each ticket was answered, paused and resolved, and adding a step to them
    could not keep the semantics of ``evaluate`` (which has no steps).

    Parameters
    ----------
    created_at : array of datetime64 or tz-aware pandas data, or a TicketTable
        UTC instants, one per ticket. A ``TicketTable`` (or any object with
        an ``sla_columns()`` method) gives every column: no other column
        keyword is allowed then.
    first_response_at, resolved_at : array of datetime64 or tz-aware pandas data
        UTC instants, one per ticket; NaT where a step has not happened.
        Steps after ``now`` are ignored. A ticket resolved without any reply
        has its first response stopped at the resolution (as in ``evaluate``).
    priority : array, optional
        Levels 1-3 (0 for none), or ``Priority`` members / names. Rows
        without one use the policy's ``default_priority``. With ``events``,
        the ticket's own priority: its last ``priority_changed`` event at or
        before ``now`` replaces it.
    channel : array, optional
        Channel codes 0-5 (-1 for none), or channels: ``Channel`` members,
        their names and aliases, or any other channel name (channels are an
        open vocabulary: a name the policy's channel rules name gets their
        targets, another name none). The output's ``channel`` keeps the
        codes 0-5, with -1 for a channel without one.
    complaint : array of bool, optional
        For channel rules that apply to complaints only.
    pause_start, pause_end : array of datetime64, optional
        One pause per ticket (NaT: none; ``pause_end`` NaT: still paused).
    events : TicketEvents or mapping, optional
        Every ticket's events as ragged arrays (:class:`TicketEvents`, or a
        mapping with its columns ``offsets``, ``kind``, ``at`` and optionally
        ``priority``), in time order within each ticket (same-instant events
        apply in their order), none before the ticket's ``created_at``.
        Events after ``now`` are ignored. :func:`tickets_to_events` builds
        them from ``Ticket`` models.
    policy, schedule, now
        As for :func:`csmetrics.sla.evaluate`. ``policy.reopen`` decides
        whether a reopened ticket's resolution clock goes on or each cycle is
        measured apart (``per_cycle``: the running cycle, else the most
        overdue one stands for the ticket).
    metrics : tuple of str
        ``"first_response"`` and/or ``"resolution"``.

    Returns
    -------
    SlaColumns
        A dict of str to numpy.ndarray (with ``to_frame()``, which keeps the
        index of a pandas ``created_at``, and the ``created_at`` instants
        that ``compliance`` groups periods by); per metric ``m``:
        ``m_target``, ``m_elapsed``, ``m_paused``,
        ``m_remaining``, ``m_overdue`` (``timedelta64[us]``), ``m_deadline``
        (``datetime64[us]``, UTC), ``m_breached``, ``m_stopped``,
        ``m_has_target`` (bool), ``m_escalation_level`` (int8, 0: none) and
        ``m_rule`` (str). Where the policy sets no target, times are NaT and
        flags false. Also ``priority`` (effective level, int8) and
        ``channel`` (code, int8).

    Raises
    ------
    InvalidEventError
        Steps or events before ``created_at``, a ticket's events out of time
        order (after ``now`` too, as ``evaluate`` checks them): the message
        names the row and the event.
    InvalidInputError
        A wrong column (length, NaT ``created_at``, unknown names, bad
        ragged arrays), ``now`` before a ticket's creation, ``events`` with
        a step column, a table with a column keyword.
    MissingTargetError
        A row whose priority the policy has no targets for.
    InputTypeError
        An argument of the wrong type.

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

    Every event: the first ticket was answered, paused an hour, resolved,
    reopened at 17:00 and resolved again the next morning (3h of business
    time in all, the pause left out); the second is still waiting for a reply.

    >>> from csmetrics.sla import TicketEvents
    >>> at = np.array(["2025-03-10T09:05", "2025-03-10T10:00", "2025-03-10T11:00",
    ...                "2025-03-10T11:30", "2025-03-10T17:00", "2025-03-11T09:30"],
    ...               dtype="datetime64[m]")
    >>> events = TicketEvents.build(
    ...     offsets=[0, 6, 6],
    ...     kind=["agent_reply", "pause", "resume", "resolved", "reopened", "resolved"],
    ...     at=at,
    ... )
    >>> out = evaluate_many(
    ...     np.array(["2025-03-10T09:00", "2025-03-10T09:00"], dtype="datetime64[m]"),
    ...     events=events,
    ...     priority=np.array([1, 2]),
    ...     policy=SlaPolicy.preset("tiered"),
    ...     schedule=office,
    ...     now=dt.datetime(2025, 3, 11, 12, 0, tzinfo=dt.UTC),
    ... )
    >>> out["resolution_elapsed"].astype("timedelta64[m]"), out["resolution_paused"][0]
    (array([180, 720], dtype='timedelta64[m]'), np.timedelta64(3600000000,'us'))
    >>> out["resolution_stopped"], out["first_response_breached"]
    (array([ True, False]), array([False,  True]))
    """
    now = check_now(now)
    _check_arguments(policy, schedule, metrics)
    given = {"first_response_at": first_response_at, "resolved_at": resolved_at,
             "pause_start": pause_start, "pause_end": pause_end}  # fmt: skip
    index, table = row_index(created_at), columns_of(created_at)
    if table is not None:
        _refuse_with_table({**given, "priority": priority, "channel": channel,
                            "complaint": complaint, "events": events})  # fmt: skip
        created_at, priority, complaint, events = (
            table.created_at, table.priority, table.complaint, table.events)  # fmt: skip
        channels = table_channel_codes(table.channel, policy.custom_channels)
    else:
        channels = None
    created = as_instants(created_at, "created_at")
    size = created.shape[0]
    if channels is None:
        channels = channel_codes(channel, size, policy.custom_channels)
    moment = instant64(now)
    levels = priority_levels(priority, size)
    complaints = flags(complaint, size, "complaint")
    measurers: dict[Metric, Measurer]
    if events is None:
        steps = _steps(created, given, moment)
        levels = _effective_levels(levels, policy)
        measurers = _step_measurers(schedule, levels, created, steps, moment)
    else:
        _refuse_with_events(given)
        ragged = events_from(events)
        _check_created(created, moment)
        states = read_states(ragged, created.view(np.int64), int(moment.astype(np.int64)))
        levels = _effective_levels(np.where(states.level >= 0, states.level, levels), policy)
        cycles, clocks = policy.reopen == "per_cycle", IntervalClocks(schedule, states)
        measurers = {
            metric: RaggedMeasurer(schedule, levels, clocks, metric, per_cycle=cycles)
            for metric in ("first_response", "resolution")
        }
    # The output keeps the codes of Channel (0-5, -1: none or a channel without a code).
    coded = np.where(channels < CODED_CHANNELS, channels, -1).astype(np.int8)
    out = SlaColumns({"priority": levels, "channel": coded}, index=index, created_at=created)
    rows = Rows(levels, channels, complaints, policy.custom_channels)
    for metric in metrics:
        MetricColumns(policy, rows, measurers[metric]).run(metric, out)
    return out


def _steps(created: Times, given: dict[str, object], moment: np.datetime64) -> dict[str, Times]:
    """The step columns, checked; steps after ``now`` are NaT."""
    size = created.shape[0]
    # Steps after now are ignored, whatever their year (as evaluate ignores such events).
    steps = {name: as_instants(values, name, size, within_years=False)
             for name, values in given.items()}  # fmt: skip
    _check_created(created, moment)
    _check_order(created, steps)
    return {name: np.where(values <= moment, values, _NAT) for name, values in steps.items()}


def _step_measurers(
    schedule: Schedule,
    levels: npt.NDArray[np.int8],
    created: Times,
    steps: dict[str, Times],
    moment: np.datetime64,
) -> dict[Metric, Measurer]:
    """The one-pause measurers of the step columns."""
    stops = _stops(steps, moment)
    pauses = _live_pause(steps, moment)
    return {
        metric: StepMeasurer(
            schedule, levels, created, moment=moment, stop=stops[metric], pauses=pauses
        )
        for metric in ("first_response", "resolution")
    }


def _live_pause(steps: dict[str, Times], moment: np.datetime64) -> tuple[Times, Times]:
    """The pause of each row as ``read_history`` reads it (NaT: none), before clipping."""
    start, end = steps["pause_start"], steps["pause_end"]
    resolved = steps["resolved_at"]
    live = (start <= moment) & (np.isnat(resolved) | (start <= resolved))
    end = np.where(end <= moment, end, moment)
    end = np.where(~np.isnat(resolved) & (resolved < end), resolved, end)
    return np.where(live, start, _NAT), np.where(live, end, _NAT)


def _refuse_with_table(given: dict[str, object]) -> None:
    _refuse(given, "nothing with a table of tickets (the table gives its columns and events)")


def _refuse_with_events(given: dict[str, object]) -> None:
    _refuse(given, "no step column with events= (the events say when each ticket was "
                   "answered, paused and resolved)")  # fmt: skip


def _refuse(given: dict[str, object], expected: str) -> None:
    """Refuse the first of ``given`` that is set: the other input already gives it."""
    for name, value in given.items():
        if value is not None:
            msg = f"{name}: expected {expected}, got {describe(value)}"
            raise InvalidInputError(msg)


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


def _check_created(created: Times, moment: np.datetime64) -> None:
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


def _check_order(created: Times, steps: dict[str, Times]) -> None:
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
