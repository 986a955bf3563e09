"""The spans of each SLA metric, built from a ticket's :class:`History` (as of ``now``).

The events are read once, by :func:`csmetrics._models.history.read_history`;
this module only says which of its clocks each metric measures (see the SLA
docs page):

- first response: ``created_at`` to the first ``agent_reply`` (or a
  resolution before any reply);
- resolution: each resolution cycle (``created_at``, then each ``reopened``,
  to ``resolved`` / ``closed``);
- next reply: each customer wait for an answer, after the first response;
- follow-ups (survey, revisit): from the latest resolution, while the ticket
  stays resolved, to the first ``survey_sent`` / ``revisit`` after it;
- pauses: each pause, a pause still running ending at ``now``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from csmetrics._models.enums import EventKind
from csmetrics._models.history import Span

if TYPE_CHECKING:
    import datetime as dt

    from csmetrics._models.history import History
    from csmetrics._sla.parts import Metric

__all__ = ["metric_spans", "pause_intervals"]

_SURVEY, _REVISIT = EventKind.SURVEY_SENT.value, EventKind.REVISIT.value


def metric_spans(history: History, metric: Metric) -> tuple[Span, ...]:
    """The spans the clock of ``metric`` runs in (none: not started).

    Examples
    --------
    >>> import datetime as dt
    >>> from csmetrics._models.history import read_history
    >>> from csmetrics.models import Ticket
    >>> t0 = dt.datetime(2025, 3, 3, 9, 0, tzinfo=dt.UTC)
    >>> ticket = Ticket(id="T1", created_at=t0, events=[
    ...     {"kind": "resolved", "at": t0 + dt.timedelta(hours=1)},
    ...     {"kind": "reopened", "at": t0 + dt.timedelta(hours=2)},
    ... ])
    >>> [span.stopped_by for span in metric_spans(read_history(ticket), "resolution")]
    ['resolved', None]
    >>> metric_spans(read_history(ticket), "survey")
    ()
    """
    if metric == "first_response":
        return (history.first_response,)
    if metric == "resolution":
        return history.cycles
    if metric == "next_reply":
        return history.waits
    if not history.is_resolved:
        return ()
    start = history.cycles[-1].stop
    assert start is not None
    survey = metric == "survey"
    stop = history.survey_sent_at if survey else history.revisited_at
    if stop is None:
        return (Span(start),)
    return (Span(start, stop, _SURVEY if survey else _REVISIT),)


def pause_intervals(
    history: History, now: dt.datetime
) -> tuple[tuple[dt.datetime, dt.datetime], ...]:
    """The pauses as ``(start, end)`` intervals, a running one ending at ``now``."""
    return tuple((p.start, now if p.end is None else p.end) for p in history.pauses)
