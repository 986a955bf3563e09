"""JSON for one ticket's SLA status (:class:`~csmetrics.sla.TicketSla`), for web handlers.

The fields keep their attribute names; instants are ISO 8601 strings with
their UTC offset (in the schedule's time zone), durations ISO 8601 durations
as pydantic writes them (``"PT15M"``, ``"-PT25M"`` when overdue), priorities
and channels their values, and a metric without a target is ``null``: what
``model_dump(mode="json")`` gives for the models. Reading the JSON back gives
an equal ``TicketSla`` (its instants carry the fixed UTC offset they were
written with).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import fields
from typing import Any

from pydantic import TypeAdapter, ValidationError

from csmetrics._core.describe import describe
from csmetrics._core.text import require_text
from csmetrics._models.enums import Channel, Priority
from csmetrics._sla.policy import METRICS
from csmetrics._sla.results import Escalation, MetricStatus, TicketSla
from csmetrics.exceptions import InputTypeError, InvalidInputError

__all__ = ["sla_from_dict", "sla_to_dict"]

_SPAN = TypeAdapter(dt.timedelta)
_INSTANT = TypeAdapter(dt.datetime)
_SPANS = frozenset({"target", "elapsed", "paused", "remaining", "overdue", "overdue_threshold"})
_INSTANTS = frozenset({"as_of", "started_at", "deadline", "stopped_at", "window_opens_at",
                       "next_check_at"})  # fmt: skip


def _plain(value: object) -> object:
    if value is None:
        return None
    if isinstance(value, dt.timedelta):
        return _SPAN.dump_python(value, mode="json")
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, Escalation | MetricStatus):
        return {f.name: _plain(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, Priority | Channel):
        return value.value
    if isinstance(value, tuple):
        return list(value)
    return value


def sla_to_dict(sla: TicketSla) -> dict[str, Any]:
    """:meth:`TicketSla.to_dict`."""
    return {f.name: _plain(getattr(sla, f.name)) for f in fields(sla)}


def _read(name: str, value: object, where: str) -> object:
    if value is None:
        return None
    if name in _SPANS:
        return _SPAN.validate_python(value)
    if name in _INSTANTS:
        instant = _INSTANT.validate_python(value)
        if instant.tzinfo is None:
            msg = f"{where}[{name!r}]: expected an instant with a UTC offset, got a naive one"
            raise InvalidInputError(msg)
        return instant
    if name == "escalation":
        return Escalation(**_fields(Escalation, value, f"{where}[{name!r}]"))
    if name == "priority":
        return Priority(str(value))
    if name == "channel":
        return Channel(str(value))
    if name in METRICS:
        return MetricStatus(**_fields(MetricStatus, value, f"{where}[{name!r}]"))
    if name == "overdue_reasons":
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            msg = f"{where}[{name!r}]: expected a list of text, got {describe(value)}"
            raise InputTypeError(msg)
        return tuple(value)
    return _plain_value(name, value, where)


_KINDS: dict[str, type | tuple[type, ...]] = {
    "ticket_id": str, "metric": str, "clock": str, "rule": str, "state": str,
    "stopped_by": str, "action": str, "breached": bool, "early": bool, "cycles": int,
    "level": int,
}  # fmt: skip
_CHOICES = {
    "metric": METRICS,
    "clock": ("business", "calendar", "working_days"),
    "state": ("not_started", "running", "paused", "stopped"),
}


def _plain_value(name: str, value: object, where: str) -> object:
    """A text, flag or count field, checked (a wrong type is never passed on)."""
    kind = _KINDS.get(name)
    wrong_int = kind is int and isinstance(value, bool)
    if kind is None or wrong_int or not isinstance(value, kind):
        expected = getattr(kind, "__name__", "no value")
        msg = f"{where}[{name!r}]: expected {expected}, got {describe(value)}"
        raise InputTypeError(msg)
    if name in _CHOICES and value not in _CHOICES[name]:
        msg = (
            f"{where}[{name!r}]: expected one of {', '.join(_CHOICES[name])}, got {describe(value)}"
        )
        raise InvalidInputError(msg)
    return value


def _fields(cls: type, data: object, where: str) -> dict[str, Any]:
    if not isinstance(data, dict):
        msg = f"{where}: expected a JSON object, got {describe(data)}"
        raise InputTypeError(msg)
    names = [f.name for f in fields(cls)]
    unknown = set(data) - set(names)
    if unknown:
        msg = f"{where}: expected the fields of {cls.__name__}, got {len(unknown)} unknown"
        raise InvalidInputError(msg)
    return {name: _read(name, data[name], where) for name in names if name in data}


def sla_from_dict(data: object) -> TicketSla:
    """:meth:`TicketSla.from_json` of parsed JSON (a dict) or JSON text."""
    if isinstance(data, str | bytes):
        text = data.decode("utf-8", "replace") if isinstance(data, bytes) else data
        require_text(text, param="text")
        try:
            data = json.loads(text)
        except (ValueError, RecursionError):
            msg = f"text: expected JSON of a TicketSla, got {describe(data)} that is no JSON"
            raise InvalidInputError(msg) from None
    try:
        return TicketSla(**_fields(TicketSla, data, "data"))
    except (ValidationError, ValueError, TypeError, KeyError) as exc:
        if isinstance(exc, InvalidInputError | InputTypeError):
            raise
        msg = f"data: expected the JSON of a TicketSla, got {describe(data)} ({type(exc).__name__})"
        raise InvalidInputError(msg) from None
