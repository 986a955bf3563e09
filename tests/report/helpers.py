"""Test helpers: tables built from models, the JSON paths of the contract, a small schema check."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import numpy as np

from csmetrics.io import SurveyTable, TicketTable
from csmetrics.models import SurveyResponse, Ticket
from csmetrics.sla import tickets_to_events

_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


def _us(moment: dt.datetime | None) -> int:
    return (
        np.iinfo(np.int64).min
        if moment is None
        else (moment - _EPOCH) // dt.timedelta(microseconds=1)
    )


def _instants(values: Sequence[dt.datetime | None]) -> np.ndarray:
    return np.array([_us(v) for v in values], dtype=np.int64).view("datetime64[us]")


def _objects(values: Sequence[object]) -> np.ndarray:
    out = np.empty(len(values), dtype=object)
    out[:] = list(values)
    return out


def ticket_table(tickets: Sequence[Ticket]) -> TicketTable:
    """The same tickets as a ``TicketTable`` (what a reader would build from a faithful file)."""
    n = len(tickets)
    customers = [t.customer for t in tickets]
    return TicketTable(
        source="tickets",
        positions=np.arange(n, dtype=np.int64),
        lines=None,
        labels=None,
        id=_objects([t.id for t in tickets]),
        created_at=_instants([t.created_at for t in tickets]),
        channel=_objects([None if t.channel is None else t.channel.value for t in tickets]),
        priority=np.array(
            [0 if t.priority is None else t.priority.level for t in tickets], np.int8
        ),
        category=_objects([t.category for t in tickets]),
        subcategory=_objects([t.subcategory for t in tickets]),
        text=_objects([t.text for t in tickets]),
        agent=_objects([t.assignee for t in tickets]),
        team=_objects([t.team for t in tickets]),
        product=_objects([t.product for t in tickets]),
        customer_id=_objects([None if c is None else c.id for c in customers]),
        tier=_objects([None if c is None else c.tier.value for c in customers]),
        customer_name=_objects([None if c is None else c.name for c in customers]),
        customer_phone=_objects([None if c is None else c.phone_last4 for c in customers]),
        complaint=np.array([t.complaint for t in tickets], dtype=bool),
        first_response_at=_instants([t.first_response_at for t in tickets]),
        resolved_at=_instants([t.resolved_at for t in tickets]),
        reopened_at=_instants([None] * n),
        closed_at=_instants([None] * n),
        events=tickets_to_events(list(tickets)),
    )


def survey_table(surveys: Sequence[SurveyResponse]) -> SurveyTable:
    """The same answers as a ``SurveyTable``."""

    def scores(name: str) -> np.ndarray:
        values = [getattr(s, name) for s in surveys]
        return np.array([np.nan if v is None else v for v in values], dtype=np.float64)

    n = len(surveys)
    return SurveyTable(
        source="surveys",
        positions=np.arange(n, dtype=np.int64),
        lines=None,
        labels=None,
        ticket_id=_objects([s.ticket_id for s in surveys]),
        agent=_objects([s.agent for s in surveys]),
        responsiveness=scores("responsiveness"),
        effectiveness=scores("effectiveness"),
        attitude=scores("attitude"),
        overall=scores("overall"),
        nps=scores("nps"),
        comment=_objects([s.comment or None for s in surveys]),
        answered_at=_instants([s.answered_at for s in surveys]),
        channel=_objects([None] * n),
        priority=np.zeros(n, np.int8),
    )


def without_overdue_reasons(tickets: Sequence[Ticket]) -> list[Ticket]:
    """Tables carry no overdue reason: the same tickets without one."""
    return [t.model_copy(update={"overdue_reason": None}) for t in tickets]


CONTRACT_PATHS = [
    *(f"period.{k}" for k in ("since", "until", "timezone")),
    *(
        f"input.{k}"
        for k in (
            "tickets_read",
            "tickets_rejected",
            "surveys_read",
            "surveys_rejected",
            "priority_assigned",
        )
    ),
    "volume.total",
    *(f"volume.by_priority.{p}" for p in ("P1", "P2", "P3")),
    *(
        f"sla.{m}.{p}.{k}"
        for m in ("first_response", "resolution")
        for p in ("P1", "P2", "P3")
        for k in ("met", "breached", "pending", "share_met")
    ),
    *(
        f"satisfaction.csat.{d}.{k}"
        for d in ("responsiveness", "effectiveness", "attitude", "overall")
        for k in ("mean", "n", "low", "high")
    ),
    *(f"satisfaction.nps.{k}" for k in ("score", "n", "low", "high")),
    "quality.score",
]
"""The paths the issue fixes (``volume.by_channel.<name>`` is checked per channel)."""


def at_path(document: dict[str, Any], path: str) -> Any:
    """The value at a dotted ``path``; KeyError when a key is missing."""
    value: Any = document
    for key in path.split("."):
        value = value[key]
    return value


_TYPES = {
    "object": dict,
    "array": list,
    "string": str,
    "integer": int,
    "number": (int, float),
    "boolean": bool,
    "null": type(None),
}


def schema_errors(value: Any, schema: dict[str, Any], where: str = "$") -> list[str]:
    """What breaks ``schema`` in ``value`` (the subset of JSON Schema the report schema uses)."""
    errors: list[str] = []
    if "const" in schema and value != schema["const"]:
        errors.append(f"{where}: expected {schema['const']!r}")
    if "enum" in schema and value not in schema["enum"]:
        errors.append(f"{where}: not in enum")
    if "type" in schema:
        types = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        ok = any(
            isinstance(value, _TYPES[t])
            and not (t in ("integer", "number") and isinstance(value, bool))
            for t in types
        )
        if not ok:
            return [*errors, f"{where}: expected {types}, got {type(value).__name__}"]
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if "minimum" in schema and value < schema["minimum"]:
            errors.append(f"{where}: below {schema['minimum']}")
        if "maximum" in schema and value > schema["maximum"]:
            errors.append(f"{where}: above {schema['maximum']}")
    if isinstance(value, dict):
        props = schema.get("properties", {})
        errors += [f"{where}: missing {k}" for k in schema.get("required", []) if k not in value]
        extra = schema.get("additionalProperties", True)
        for key, item in value.items():
            if key in props:
                errors += schema_errors(item, props[key], f"{where}.{key}")
            elif extra is False:
                errors.append(f"{where}: unexpected key {key}")
            elif isinstance(extra, dict):
                errors += schema_errors(item, extra, f"{where}.{key}")
    if isinstance(value, list) and "items" in schema:
        for i, item in enumerate(value):
            errors += schema_errors(item, schema["items"], f"{where}[{i}]")
    return errors
