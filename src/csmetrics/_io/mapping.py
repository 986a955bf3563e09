"""How an export's columns and values map onto csmetrics fields.

A mapping has one section per reader, ``[tickets]`` and ``[surveys]``; each
holds ``columns`` (column in the file -> field), ``values`` (per field with a
value map: value in the file -> csmetrics value), ``na_values``,
``timezone`` and ``datetime_format``. A dict may be the whole file or one
section; a file whose top level holds one section's keys is read as that
section. Unknown keys are an ``InvalidConfigError`` naming the key: a typo
must not silently drop a column.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any, Literal

from pydantic import Field, field_validator

from csmetrics._core.config import model_from_mapping, read_config
from csmetrics._core.describe import describe
from csmetrics._core.frozen import FrozenModel
from csmetrics.exceptions import InputTypeError, InvalidConfigError

__all__ = [
    "DEFAULT_NA",
    "PRESETS",
    "SURVEY_FIELDS",
    "TICKET_FIELDS",
    "Kind",
    "SurveySection",
    "TicketSection",
    "load_mapping",
]

Kind = Literal["tickets", "surveys"]
TICKET_FIELDS = (
    "id", "created_at", "channel", "priority", "category", "subcategory", "text", "agent",
    "team", "customer_id", "tier", "customer_name", "customer_phone", "complaint",
    "first_response_at", "resolved_at", "reopened_at", "closed_at", "pauses", "product",
)  # fmt: skip
"""The fields a ticket export may hold."""
SURVEY_FIELDS = (
    "ticket_id", "agent", "responsiveness", "effectiveness", "attitude", "overall", "nps",
    "comment", "answered_at", "channel", "priority",
)  # fmt: skip
"""The fields a survey export may hold."""
DEFAULT_NA = ("", "NA", "N/A", "n/a", "-", "null", "NULL", "None", "none", "NaN", "nan")
"""Values that mean *missing* unless a mapping gives its own ``na_values``."""
_VALUE_MAPS = {"tickets": ("priority", "channel", "tier"), "surveys": ("priority", "channel")}

TicketField = Literal[
    "id", "created_at", "channel", "priority", "category", "subcategory", "text", "agent",
    "team", "customer_id", "tier", "customer_name", "customer_phone", "complaint",
    "first_response_at", "resolved_at", "reopened_at", "closed_at", "pauses", "product",
]  # fmt: skip
SurveyField = Literal[
    "ticket_id", "agent", "responsiveness", "effectiveness", "attitude", "overall", "nps",
    "comment", "answered_at", "channel", "priority",
]  # fmt: skip


class _Section(FrozenModel):
    na_values: tuple[str, ...] = DEFAULT_NA
    timezone: str | None = None
    datetime_format: str | None = None

    @field_validator("columns", check_fields=False)
    @classmethod
    def _one_column_per_field(cls, columns: dict[str, str]) -> dict[str, str]:
        seen: dict[str, str] = {}
        for column, field in columns.items():
            if field in seen:
                msg = f"field {field!r} is mapped from two columns, {seen[field]!r} and {column!r}"
                raise ValueError(msg)
            seen[field] = column
        return columns


class TicketSection(_Section):
    """The ``[tickets]`` section of a mapping."""

    columns: dict[str, TicketField] = Field(default_factory=dict)
    values: dict[Literal["priority", "channel", "tier"], dict[str, str]] = Field(
        default_factory=dict
    )


class SurveySection(_Section):
    """The ``[surveys]`` section of a mapping."""

    columns: dict[str, SurveyField] = Field(default_factory=dict)
    values: dict[Literal["priority", "channel"], dict[str, str]] = Field(default_factory=dict)


_SECTIONS: dict[str, type[TicketSection] | type[SurveySection]] = {
    "tickets": TicketSection,
    "surveys": SurveySection,
}
_SECTION_KEYS = frozenset({"columns", "values", "na_values", "timezone", "datetime_format"})

PRESETS: Mapping[str, Mapping[str, Any]] = {
    "csmetrics": {"tickets": {}, "surveys": {}},
    "zendesk": {
        "tickets": {
            "columns": {"Id": "id", "Created at": "created_at", "Via": "channel",
                        "Priority": "priority", "Requester": "customer_name",
                        "Requester id": "customer_id", "Assignee": "agent", "Group": "team",
                        "Solved at": "resolved_at"},
            "values": {"priority": {"urgent": "P1", "high": "P1", "normal": "P2", "low": "P3",
                                    "Urgent": "P1", "High": "P1", "Normal": "P2", "Low": "P3"}},
        },
        "surveys": {},
    },
}  # fmt: skip
"""Shipped mappings by name: ``csmetrics`` is the library's own header (field names);
``zendesk`` the standard Zendesk CSV export (its dates are in the account's zone: pass
``timezone=``; the requester's e-mail and the subject are not read)."""


def _is_path(value: object) -> bool:
    if isinstance(value, os.PathLike):
        return True
    return isinstance(value, str) and value.lower().endswith((".toml", ".json"))


def _whole(data: Mapping[str, Any], kind: Kind, source: str) -> Mapping[str, Any]:
    """The ``kind`` section of a whole mapping, or ``data`` itself when it is one section."""
    keys = set(data)
    if keys <= set(_SECTIONS):
        section = data.get(kind, {})
        if not isinstance(section, Mapping):
            msg = f"{source}: expected a table for [{kind}], got {describe(section)}"
            raise InvalidConfigError(msg)
        return section
    if keys <= _SECTION_KEYS:
        return data
    unknown = sorted(keys - _SECTION_KEYS - set(_SECTIONS))
    if unknown:
        msg = (
            f"{source}: expected the sections [tickets] / [surveys] or the keys "
            f"{sorted(_SECTION_KEYS)}, got unknown key {unknown[0]!r}"
        )
        raise InvalidConfigError(msg)
    msg = f"{source}: expected either sections or one section's keys, got both"
    raise InvalidConfigError(msg)


def load_mapping(mapping: object, kind: Kind) -> TicketSection | SurveySection:
    """The ``kind`` section of ``mapping``: None, a preset name, a dict or a TOML/JSON file.

    Examples
    --------
    >>> load_mapping({"columns": {"Ticket ID": "id"}}, "tickets").columns
    {'Ticket ID': 'id'}
    >>> load_mapping({"surveys": {"columns": {"Overall": "overall"}}}, "surveys").columns
    {'Overall': 'overall'}
    >>> load_mapping({"tickets": {"colums": {}}}, "tickets")
    Traceback (most recent call last):
    ...
    csmetrics.exceptions.InvalidConfigError: mapping: expected a valid ticket mapping, ...'colums'
    """
    if mapping is None:
        mapping = "csmetrics"
    if isinstance(mapping, str) and not _is_path(mapping):
        if mapping not in PRESETS:
            msg = f"mapping: expected a preset ({', '.join(sorted(PRESETS))}), a dict or a .toml file, got {mapping!r}"  # noqa: E501
            raise InvalidConfigError(msg)
        data, source = PRESETS[mapping], f"preset {mapping!r}"
    elif _is_path(mapping):
        data, source = read_config(mapping, param="mapping")
    elif isinstance(mapping, Mapping):
        data, source = mapping, "mapping"
    else:
        msg = f"mapping: expected a preset name, a dict or a .toml file, got {describe(mapping)}"
        raise InputTypeError(msg)
    section = _whole(data, kind, source)
    wanted = "a valid ticket mapping" if kind == "tickets" else "a valid survey mapping"
    return model_from_mapping(_SECTIONS[kind], section, source, expected=wanted)
