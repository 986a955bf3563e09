"""Zendesk SLA policy filters: which policy applies to a ticket.

Zendesk applies the first policy, in ``position`` order, whose ``filter``
matches: every condition of ``all`` and, when ``any`` is not empty, at least
one of ``any``. Conditions on these fields are evaluated against the ticket
JSON; any other field or operator is refused when the policy is read, never
ignored:

=====================  ============================================  ===========================
field                  operators                                     ticket value
=====================  ============================================  ===========================
``priority``           is, is_not, less_than, greater_than           ``priority``
``via_id``             is, is_not, includes, not_includes            ``via_id`` (or ``via.id``)
``current_tags``       includes, not_includes                        ``tags``
``group_id``           is, is_not, includes, not_includes            ``group_id``
``organization_id``    is, is_not, includes, not_includes            ``organization_id``
``type``               is, is_not                                    ``type``
=====================  ============================================  ===========================
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from csmetrics._core.describe import describe, shown
from csmetrics._helpdesks.paths import fail, first_unknown, items_at, mapping_at
from csmetrics.exceptions import InputTypeError, InvalidInputError

__all__ = ["PRIORITIES", "Condition", "PolicyFilter", "read_filter"]

PRIORITIES = ("low", "normal", "high", "urgent")
"""Zendesk's priorities, least urgent first."""
_IDS = ("is", "is_not", "includes", "not_includes")
OPERATORS: dict[str, tuple[str, ...]] = {
    "priority": ("is", "is_not", "less_than", "greater_than"),
    "via_id": _IDS,
    "current_tags": ("includes", "not_includes"),
    "group_id": _IDS,
    "organization_id": _IDS,
    "type": ("is", "is_not"),
}
_MAX_VALUES = 10_000
_MAX_ID = 10**20


@dataclass(frozen=True, slots=True)
class Condition:
    """One ``{field, operator, value}`` condition, its values as strings."""

    field: str
    operator: str
    values: frozenset[str]
    path: str

    def __post_init__(self) -> None:
        if not isinstance(self.field, str) or self.field not in OPERATORS:
            msg = f"field: expected one of {', '.join(OPERATORS)}, got {shown(self.field)}"
            raise InvalidInputError(msg)
        if not isinstance(self.operator, str) or self.operator not in OPERATORS[self.field]:
            choices = ", ".join(OPERATORS[self.field])
            got = shown(self.operator)
            msg = f"operator: expected for {self.field} one of {choices}, got {got}"
            raise InvalidInputError(msg)
        if not isinstance(self.values, frozenset) or not all(
            isinstance(v, str) for v in self.values
        ):
            msg = f"values: expected a frozenset of strings, got {describe(self.values)}"
            raise InputTypeError(msg)
        if self.field == "priority" and not self.values <= set(PRIORITIES):
            msg = f"values: expected priorities among {', '.join(PRIORITIES)}"
            raise InvalidInputError(msg)
        if not isinstance(self.path, str):
            msg = f"path: expected a string, got {describe(self.path)}"
            raise InputTypeError(msg)

    def holds(self, ticket: Mapping[str, Any]) -> bool:
        """Whether the condition is true of ``ticket`` (a Zendesk ticket object)."""
        _check_ticket(ticket)
        actual = _ticket_values(ticket, self.field)
        if self.operator in ("is", "includes"):
            return bool(actual & self.values)
        if self.operator in ("is_not", "not_includes"):
            return not actual & self.values
        rank = [PRIORITIES.index(v) for v in actual if v in PRIORITIES]
        if not rank:
            return False
        limit = max(PRIORITIES.index(v) for v in self.values)
        return rank[0] < limit if self.operator == "less_than" else rank[0] > limit


@dataclass(frozen=True, slots=True)
class PolicyFilter:
    """A policy's ``all`` and ``any`` conditions."""

    all: tuple[Condition, ...] = ()
    any: tuple[Condition, ...] = ()

    def __post_init__(self) -> None:
        for name in ("all", "any"):
            conditions = getattr(self, name)
            if not isinstance(conditions, tuple) or not all(
                isinstance(c, Condition) for c in conditions
            ):
                msg = f"{name}: expected a tuple of Condition objects, got {describe(conditions)}"
                raise InputTypeError(msg)

    def matches(self, ticket: Mapping[str, Any]) -> bool:
        """Whether a ticket meets every ``all`` condition and one ``any`` (if there are any)."""
        _check_ticket(ticket)
        if not all(c.holds(ticket) for c in self.all):
            return False
        return not self.any or any(c.holds(ticket) for c in self.any)


def _check_ticket(ticket: object) -> None:
    if not isinstance(ticket, Mapping):
        msg = f"ticket: expected a Zendesk ticket object (a dict), got {describe(ticket)}"
        raise InputTypeError(msg)


def _ticket_values(ticket: Mapping[str, Any], field: str) -> frozenset[str]:
    if field == "current_tags":
        tags = ticket.get("tags") or ()
        if not isinstance(tags, list | tuple):
            return frozenset()
        return frozenset(_value_text(t, f"ticket.tags[{i}]") for i, t in enumerate(tags))
    value = ticket.get(field)
    if field == "via_id" and value is None and isinstance(ticket.get("via"), Mapping):
        value = ticket["via"].get("id")
    return frozenset() if value is None else frozenset({_value_text(value, f"ticket.{field}")})


def _value_text(value: object, path: str) -> str:
    """A ticket field's value as the conditions' strings (a string or an integer id)."""
    if isinstance(value, str):
        return value
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) < _MAX_ID:
        return str(value)
    msg = f"{path}: expected a string or an integer, got {describe(value)}"
    raise InvalidInputError(msg)


def read_filter(value: object, path: str) -> PolicyFilter:
    """The conditions of a policy's ``filter`` object (unknown fields and operators refused).

    >>> f = read_filter({"all": [{"field": "priority", "operator": "is", "value": "urgent"}]},
    ...                 "filter")
    >>> f.matches({"priority": "urgent"}), f.matches({"priority": "low"})
    (True, False)
    >>> read_filter({"all": [{"field": "brand_id", "operator": "is", "value": 1}]}, "filter")
    Traceback (most recent call last):
    ...
    csmetrics.exceptions.InvalidConfigError: filter.all[0].field: expected a condition csmetrics can evaluate (priority, via_id, current_tags, group_id, organization_id, type), got 'brand_id'
    """  # noqa: E501
    data = mapping_at(value, path) if value is not None else {}
    unknown = first_unknown(data, ("all", "any"))
    if unknown is not None:
        fail(path, "only the keys 'all' and 'any'", unknown, show=True)
    parts = {
        key: tuple(
            _condition(item, f"{path}.{key}[{i}]")
            for i, item in enumerate(items_at(data.get(key) or [], f"{path}.{key}"))
        )
        for key in ("all", "any")
    }
    return PolicyFilter(all=parts["all"], any=parts["any"])


def _condition(item: object, path: str) -> Condition:
    entry = mapping_at(item, path)
    field = entry.get("field")
    if not isinstance(field, str) or field not in OPERATORS:
        fail(
            f"{path}.field",
            f"a condition csmetrics can evaluate ({', '.join(OPERATORS)})",
            field,
            show=True,
        )
    operator = entry.get("operator")
    if operator not in OPERATORS[field]:
        fail(
            f"{path}.operator",
            f"for {field} one of {', '.join(OPERATORS[field])}",
            operator,
            show=True,
        )
    values = _values(entry.get("value"), f"{path}.value", split=field == "current_tags")
    if field == "priority" and not values <= set(PRIORITIES):
        fail(
            f"{path}.value",
            f"priorities among {', '.join(PRIORITIES)}",
            entry.get("value"),
            show=True,
        )
    return Condition(field, operator, values, path)


def _values(value: object, path: str, *, split: bool) -> frozenset[str]:
    items: Sequence[object]
    if isinstance(value, str):
        items = value.split() if split else [value]
    elif isinstance(value, int) and not isinstance(value, bool):
        items = [value]
    else:
        items = items_at(value, path)
        if len(items) > _MAX_VALUES:
            fail(path, f"at most {_MAX_VALUES:,} values", value)
    found = set()
    for index, item in enumerate(items):
        if isinstance(item, bool) or not isinstance(item, str | int):
            fail(f"{path}[{index}]", "a string or integer", item)
        found.add(str(item))
    if not found:
        fail(path, "at least one value", value)
    return frozenset(found)
