"""From raw columns to typed columns, field by field, with a reason for every bad value.

Categorical fields (channel, priority, tier, labels, masked names) are
converted once per distinct value; timestamps in bulk; free text as it
came. A bad value marks its row bad with the column, the field and what was
expected; a missing value stays missing (None, NaT, NaN or 0).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from csmetrics._core.timestamps import REASONS
from csmetrics._io import values as convert
from csmetrics._io.columns import (
    distinct,
    instants,
    is_missing_value,
    missing_instants,
    missing_texts,
    texts,
)
from csmetrics._io.csv_fields import Fields
from csmetrics._io.lazy_texts import LazyTexts
from csmetrics._io.mapping import SURVEY_FIELDS, TICKET_FIELDS, SurveySection, TicketSection
from csmetrics.exceptions import InvalidInputError

if TYPE_CHECKING:
    import numpy.typing as npt

    from csmetrics._io.batch import RawBatch

__all__ = ["Problem", "Typed", "convert_batch", "field_columns"]

_INSTANTS = ("created_at", "first_response_at", "resolved_at", "reopened_at", "closed_at",
             "answered_at")  # fmt: skip
_LABELS = ("category", "subcategory", "agent", "team", "product", "customer_id")
_SCORES = {"responsiveness": (1, 5), "effectiveness": (1, 5), "attitude": (1, 5),
           "overall": (1, 5), "nps": (0, 10)}  # fmt: skip
_REQUIRED = {"tickets": ("id", "created_at"), "surveys": ()}


@dataclass(frozen=True, slots=True)
class Problem:
    """A bad value: its row (index in the batch), column, field and what was expected."""

    row: int
    column: str
    field: str
    reason: str


@dataclass(slots=True)
class Typed:
    """The typed columns of a batch and the problems found."""

    columns: dict[str, Any] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    pauses: list[tuple[int, int, int]] = field(default_factory=list)


def field_columns(
    header: list[str], section: TicketSection | SurveySection, kind: str, source: str
) -> dict[str, str]:
    """Field -> column in the source: the mapping's columns, then columns named like a field."""
    known = set(TICKET_FIELDS if kind == "tickets" else SURVEY_FIELDS)
    present = set(header)
    absent = [c for c in section.columns if c not in present]
    if absent:
        msg = f"{source}: expected a column {absent[0]!r} (the mapping names it), got a header without it"  # noqa: E501
        raise InvalidInputError(msg)
    found: dict[str, str] = {field: column for column, field in section.columns.items()}
    for column in header:
        if column in known and column not in found and column not in section.columns:
            found.setdefault(column, column)
    for required in _REQUIRED[kind]:
        if required not in found:
            msg = f"{source}: expected a column for the field {required!r} (map one with mapping=), got none"  # noqa: E501
            raise InvalidInputError(msg)
    return found


def convert_batch(
    batch: RawBatch,
    columns: Mapping[str, str],
    section: TicketSection | SurveySection,
    zone: dt.tzinfo | None,
) -> Typed:
    """Typed columns of every mapped field of ``batch``."""
    step = _Step(Typed(), section, zone, frozenset(section.na_values))
    for name, column in columns.items():
        step.field(name, column, batch.columns[column])
    return step.typed


@dataclass(frozen=True, slots=True)
class _Step:
    """The conversion of one batch: its output, the mapping section and the time zone."""

    typed: Typed
    section: TicketSection | SurveySection
    zone: dt.tzinfo | None
    na: frozenset[str]

    def field(self, name: str, column: str, raw: Any) -> None:
        typed, section = self.typed, self.section
        names = (name, column)
        if name in _INSTANTS:
            self.instants(name, column, raw, missing_instants(raw, self.na))
        elif name == "text" and isinstance(raw, Fields):  # decoded on first use
            typed.columns[name] = LazyTexts.of(raw, missing_texts(raw, None, self.na))
        elif name in ("id", "ticket_id", "text", "comment", "pauses"):
            values = texts(raw)
            values[missing_texts(raw, values, self.na)] = None
            typed.columns[name] = values
        elif name in _SCORES:
            low, high = _SCORES[name]
            scorer = convert.score(low, high)
            typed.columns[name] = self.by_value(raw, scorer, names, _FLOAT)
        elif name == "priority":
            level = _with_map(section, name, convert.priority_level)
            typed.columns[name] = self.by_value(raw, level, names, _LEVEL)
        elif name == "complaint":
            typed.columns[name] = self.by_value(raw, convert.flag, names, _FLAG)
        else:
            plain = _PLAIN.get(name, convert.label)
            one = _with_map(section, name, plain)
            typed.columns[name] = self.by_value(raw, one, names, _OBJECT)

    def instants(self, name: str, column: str, raw: Any, absent: npt.NDArray[np.bool_]) -> None:
        fmt = self.section.datetime_format
        parsed = instants(raw, absent, zone=self.zone, datetime_format=fmt)
        self.typed.columns[name] = parsed.us.view("datetime64[us]")
        for row in np.flatnonzero(parsed.failure).tolist():
            reason = f"expected {REASONS[int(parsed.failure[row])]}"
            self.typed.problems.append(Problem(row, column, name, reason))

    def by_value(
        self,
        raw: Any,
        convert_one: convert.Converter,
        names: tuple[str, str],
        empty: tuple[Any, Any],
    ) -> npt.NDArray[Any]:
        """Convert each distinct value once; rows of a bad value become problems.

        ``empty`` is the value a missing or bad row gets, and the result's dtype.
        """
        missing_as, dtype = empty
        values, codes = distinct(raw)
        out = np.empty(len(values), dtype=dtype)
        reasons: dict[int, str] = {}
        if convert_one is convert.label and set(map(type, values)) <= {str}:
            out[:] = _labels(values, self.na)  # free text: stripped, or missing
            return out[codes]
        for code, value in enumerate(values):
            if is_missing_value(value, self.na):
                out[code] = missing_as
                continue
            try:
                out[code] = convert_one(value)
            except ValueError as error:
                out[code], reasons[code] = missing_as, str(error)
        if reasons:
            bad = np.isin(codes, list(reasons))
            name, column = names
            for row in np.flatnonzero(bad).tolist():
                self.typed.problems.append(Problem(row, column, name, reasons[int(codes[row])]))
        return out[codes]


def _labels(values: list[str], na: frozenset[str]) -> list[str | None]:
    """``label`` of each text, ``None`` for a missing one (``is_missing_value`` on texts)."""
    stripped = list(map(str.strip, values))
    if na.isdisjoint(values) and na.isdisjoint(stripped):
        return stripped  # type: ignore[return-value]  # the common case: none missing
    return [None if v in na or s in na else s for v, s in zip(values, stripped, strict=True)]


_FLOAT, _LEVEL, _FLAG, _OBJECT = (np.nan, np.float64), (0, np.int8), (False, bool), (None, object)
_PLAIN = {
    "channel": convert.channel_name,
    "tier": convert.tier_name,
    "customer_name": convert.masked_name,
    "customer_phone": convert.masked_phone,
}


def _with_map(
    section: TicketSection | SurveySection, name: str, then: convert.Converter
) -> convert.Converter:
    table = section.values.get(name)  # type: ignore[call-overload]
    return then if table is None else convert.mapped(table, then, name)
