"""Result objects of SLA evaluation: ``Escalation``, ``MetricStatus``, ``TicketSla``."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass, fields
from typing import Any, Literal, TypeVar

from csmetrics._core.exports import publish
from csmetrics._models.enums import Channel, Priority
from csmetrics._sla.policy import METRICS, Clock, Metric

__all__ = [
    "Escalation",
    "MetricState",
    "MetricStatus",
    "TicketSla",
    "new_metric_status",
    "new_ticket_sla",
]

MetricState = Literal["not_started", "running", "paused", "stopped"]
_T = TypeVar("_T")


@dataclass(frozen=True, slots=True)
class Escalation:
    """The escalation rung a metric has reached: ``level``, ``action`` and its threshold.

    Examples
    --------
    >>> import datetime as dt
    >>> Escalation(level=1, action="e-mail the department head",
    ...            overdue_threshold=dt.timedelta(hours=1)).level
    1
    """

    level: int
    action: str
    overdue_threshold: dt.timedelta


@dataclass(frozen=True, slots=True)
class MetricStatus:
    """Where one SLA metric of a ticket stands as of ``now``.

    Attributes
    ----------
    metric : str
        ``first_response``, ``resolution``, ``next_reply``, ``survey`` or ``revisit``.
    target : timedelta
        The allowed time on the target's clock (for a working-day target, the
        business time from the start to the close of the Nth working day;
        zero while the clock has not started).
    clock : str
        ``business``, ``calendar`` or ``working_days``.
    rule : str
        Which rule set the target: ``priority:P1``, ``channel:email``, ``defaults``.
    state : str
        ``not_started``, ``running``, ``paused`` (business-time targets only) or
        ``stopped``.
    started_at, deadline, stopped_at : datetime or None
        In the schedule's time zone. While paused, ``deadline`` is where it
        would be if the clock resumed at ``now``.
    stopped_by : str or None
        The event kind that stopped the clock (``agent_reply``, ``resolved`` ...).
    elapsed, paused : timedelta
        Clock time run, and business time paused (always zero for a
        calendar-time target: calendar time runs through pauses).
    remaining : timedelta
        ``target - elapsed`` (negative when overdue).
    breached : bool
        ``elapsed > target`` (met exactly at the deadline).
    overdue : timedelta
        ``max(elapsed - target, 0)``.
    escalation : Escalation or None
        The highest rung of the ladder reached.
    window_opens_at : datetime or None
        For a target with ``not_before``: the earliest proper time to finish.
    early : bool
        Stopped before ``window_opens_at`` (e.g. a revisit too soon).
    cycles : int
        How many spans were measured (next replies; per-cycle resolution).

    Examples
    --------
    >>> import datetime as dt
    >>> from csmetrics.models import Ticket
    >>> from csmetrics.schedule import Schedule
    >>> from csmetrics.sla import SlaPolicy, evaluate
    >>> t0 = dt.datetime(2025, 3, 10, 9, 0, tzinfo=dt.UTC)
    >>> ticket = Ticket(id="T", created_at=t0, priority="P2",
    ...                 events=[{"kind": "agent_reply", "at": t0 + dt.timedelta(minutes=40)}])
    >>> first = evaluate(ticket, SlaPolicy.preset("tiered"), Schedule.always(),
    ...                  now=t0 + dt.timedelta(hours=1)).first_response
    >>> first.breached, first.overdue, first.elapsed + first.remaining == first.target
    (True, datetime.timedelta(seconds=600), True)
    >>> first.remaining
    datetime.timedelta(days=-1, seconds=85800)
    """

    metric: Metric
    target: dt.timedelta
    clock: Clock
    rule: str
    state: MetricState
    started_at: dt.datetime | None
    deadline: dt.datetime | None
    stopped_at: dt.datetime | None
    stopped_by: str | None
    elapsed: dt.timedelta
    paused: dt.timedelta
    remaining: dt.timedelta
    breached: bool
    overdue: dt.timedelta
    escalation: Escalation | None = None
    window_opens_at: dt.datetime | None = None
    early: bool = False
    cycles: int = 1

    @property
    def met(self) -> bool:
        """Stopped within the target."""
        return self.state == "stopped" and not self.breached

    @property
    def pending(self) -> bool:
        """Not stopped and not (yet) breached."""
        return self.state != "stopped" and not self.breached


@dataclass(frozen=True, slots=True)
class TicketSla:
    """The SLA status of one ticket as of ``as_of``.

    A metric is ``None`` when the policy sets no target for it (or, for a
    complaint revisit, the ticket is no complaint).

    Examples
    --------
    >>> import datetime as dt
    >>> from csmetrics.models import Ticket
    >>> from csmetrics.schedule import Schedule
    >>> from csmetrics.sla import SlaPolicy, evaluate
    >>> t0 = dt.datetime(2025, 3, 10, 9, 0, tzinfo=dt.UTC)
    >>> sla = evaluate(Ticket(id="T", created_at=t0, priority="P1"), SlaPolicy.preset("tiered"),
    ...                Schedule.always(), now=t0 + dt.timedelta(minutes=40))
    >>> list(sla.metrics()), sla.breached, sla.escalation_level, sla.revisit
    (['first_response', 'resolution', 'survey'], True, 1, None)
    """

    ticket_id: str
    as_of: dt.datetime
    priority: Priority | None
    channel: Channel | str | None
    first_response: MetricStatus | None
    resolution: MetricStatus | None
    next_reply: MetricStatus | None
    survey: MetricStatus | None
    revisit: MetricStatus | None
    next_check_at: dt.datetime | None
    overdue_reasons: tuple[str, ...] = ()

    def metrics(self) -> dict[Metric, MetricStatus]:
        """The metrics that have a target, by name, in the standard order."""
        found = {name: getattr(self, name) for name in METRICS}
        return {name: status for name, status in found.items() if status is not None}

    @property
    def breached(self) -> bool:
        """Whether any metric is breached."""
        return any(status.breached for status in self.metrics().values())

    @property
    def escalation_level(self) -> int:
        """The highest escalation level over the metrics (0: none)."""
        levels = [s.escalation.level for s in self.metrics().values() if s.escalation]
        return max(levels, default=0)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict: field names kept, ISO 8601 instants and durations.

        Instants carry their UTC offset; durations are ISO 8601 (``"PT15M"``,
        ``"-PT25M"``); priority and channel are their values; a metric with
        no target is ``None``. As ``model_dump(mode="json")`` gives for models.

        >>> import datetime as dt
        >>> from csmetrics.models import Ticket
        >>> from csmetrics.schedule import Schedule
        >>> from csmetrics.sla import SlaPolicy, evaluate
        >>> t0 = dt.datetime(2025, 3, 10, 9, 0, tzinfo=dt.UTC)
        >>> sla = evaluate(Ticket(id="T", created_at=t0, priority="P1"),
        ...                SlaPolicy.preset("tiered"), Schedule.always("Asia/Shanghai"),
        ...                now=t0 + dt.timedelta(minutes=40))
        >>> data = sla.to_dict()
        >>> data["as_of"], data["first_response"]["remaining"], data["next_check_at"]
        ('2025-03-10T17:40:00+08:00', '-PT25M', '2025-03-10T18:15:00+08:00')
        """
        from csmetrics._sla.sla_json import sla_to_dict  # noqa: PLC0415 - no import cycle

        return sla_to_dict(self)

    def to_json(self, *, indent: int | None = None) -> str:
        """:meth:`to_dict` as JSON text (keys in field order; ``indent`` as for ``json.dumps``).

        >>> import datetime as dt
        >>> from csmetrics.models import Ticket
        >>> from csmetrics.schedule import Schedule
        >>> from csmetrics.sla import SlaPolicy, TicketSla, evaluate
        >>> t0 = dt.datetime(2025, 3, 10, 9, 0, tzinfo=dt.UTC)
        >>> sla = evaluate(Ticket(id="T", created_at=t0, priority="P2"),
        ...                SlaPolicy.preset("tiered"), Schedule.always(), now=t0)
        >>> TicketSla.from_json(sla.to_json()) == sla
        True
        """
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    @classmethod
    def from_json(cls, data: str | bytes | dict[str, Any]) -> TicketSla:
        """Read back what :meth:`to_json` (text) or :meth:`to_dict` (a dict) wrote.

        Raises ``InvalidInputError`` / ``InputTypeError`` on anything else
        (text longer than 65,536 characters, unknown or missing fields, a
        field of the wrong type, a malformed instant or duration).
        """
        from csmetrics._sla.sla_json import sla_from_dict  # noqa: PLC0415 - no import cycle

        return sla_from_dict(data)


def _slots_constructor(cls: type[_T]) -> Callable[..., _T]:
    """A keyword-only constructor of the frozen slots dataclass ``cls`` that fills its slots.

    ``build(**values)`` equals ``cls(**values)`` (every field given, no
    ``__post_init__``) in about half the time: a frozen dataclass's
    ``__init__`` goes through ``object.__setattr__`` for each field, which
    made building the results a third of :func:`csmetrics.sla.evaluate`.
    Generated from the fields, as ``dataclasses`` generates ``__init__``, so
    the parameters cannot drift from them.
    """
    names = [field.name for field in fields(cls)]  # type: ignore[arg-type]
    lines = [f"def build(*, {', '.join(names)}):", "    made = new(cls)"]
    lines += [f"    set_{name}(made, {name})" for name in names]
    lines.append("    return made")
    namespace: dict[str, Any] = {"new": object.__new__, "cls": cls}
    namespace |= {f"set_{name}": getattr(cls, name).__set__ for name in names}
    exec("\n".join(lines), namespace)  # noqa: S102 - generated from the field names only
    build: Callable[..., _T] = namespace["build"]
    return build


new_metric_status = _slots_constructor(MetricStatus)
"""``MetricStatus(**fields)``, faster (every field by keyword)."""
new_ticket_sla = _slots_constructor(TicketSla)
"""``TicketSla(**fields)``, faster (every field by keyword)."""

publish("csmetrics.sla", Escalation, MetricStatus, TicketSla)
