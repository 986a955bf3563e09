"""An events file: ``ticket_id, kind, at[, priority]`` rows joined to tickets by id.

The file is read whole (it is smaller than the ticket export it belongs
to); a ticket with events in the file takes them as its history instead of
its step columns. An event whose ticket id no ticket has is reported.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from csmetrics._core.describe import describe
from csmetrics._core.timestamps import REASONS
from csmetrics._io.assemble import StepEvents
from csmetrics._io.columns import instants, missing, texts
from csmetrics._io.events import EVENT_KINDS
from csmetrics._io.mapping import TicketSection
from csmetrics._io.rows import RejectedRow
from csmetrics._io.seen_ids import SeenIds
from csmetrics._io.values import priority_level
from csmetrics.exceptions import InvalidInputError

if TYPE_CHECKING:
    import numpy.typing as npt

__all__ = ["EventIndex", "read_event_file"]

_KINDS = {kind.value: code for code, kind in enumerate(EVENT_KINDS)}
_FIELDS = ("ticket_id", "kind", "at")


@dataclass
class EventIndex:
    """Events by ticket id: (instant in us, kind code, priority level), in file order."""

    by_ticket: dict[Any, list[tuple[int, int, int]]] = field(default_factory=dict)
    where: dict[Any, tuple[str, int | None, int]] = field(default_factory=dict)
    rejected: list[RejectedRow] = field(default_factory=list)

    def replace(
        self, steps: StepEvents, ids: npt.NDArray[np.object_] | None, keep: npt.NDArray[np.bool_]
    ) -> StepEvents:
        """``steps`` with the events of tickets found in the file replaced by the file's."""
        if ids is None:
            return steps
        rows: list[int] = []
        found: list[tuple[int, int, int]] = []
        for row, ticket in enumerate(ids.tolist()):
            events = self.by_ticket.get(ticket) if keep[row] else None
            if events:
                rows += [row] * len(events)
                found += events
        if not rows:
            return steps
        replaced = np.isin(steps.row, np.unique(rows))
        at, kind, level = (np.array(col, dtype=np.int64) for col in zip(*found, strict=True))
        ours = StepEvents(np.array(rows, np.int64), at, kind.astype(np.int8), level.astype(np.int8))
        kept = StepEvents(steps.row[~replaced], steps.at[~replaced], steps.kind[~replaced],
                          steps.priority[~replaced])  # fmt: skip
        return StepEvents.join([kept, ours])

    def unknown(self, seen: SeenIds) -> list[RejectedRow]:
        """The events of ticket ids that no ticket had, one row per id."""
        rows = []
        tickets = list(self.by_ticket)
        for ticket, known in zip(tickets, seen.contains(tickets).tolist(), strict=True):
            if not known:
                source, line, position = self.where[ticket]
                reason = "expected the id of a ticket that was read, got an unknown one"
                rows.append(RejectedRow(source, line, position, None, "ticket_id", "ticket_id",
                                        reason))  # fmt: skip
        return self.rejected + rows


def read_event_file(
    source: object, section: TicketSection, zone: dt.tzinfo | None, *, errors: str
) -> EventIndex:
    """The events of ``source`` (any source ``read_tickets`` takes) by ticket id."""
    from csmetrics._io.read import batches  # noqa: PLC0415 - the readers import this module

    index = EventIndex()
    na = frozenset(section.na_values)
    for batch in batches(source, fmt=None, encoding=None, batch_size=100_000, kind="events"):
        absent = [f for f in _FIELDS if f not in batch.columns]
        if absent:
            msg = f"{batch.source}: expected the columns ticket_id, kind and at (and priority), got no {absent[0]!r}"  # noqa: E501
            raise InvalidInputError(msg)
        _add(index, batch, na, zone)
    if errors == "raise" and index.rejected:
        raise InvalidInputError(str(index.rejected[0]))
    return index


def _add(index: EventIndex, batch: Any, na: frozenset[str], zone: dt.tzinfo | None) -> None:
    ids = texts(batch.columns["ticket_id"])
    kinds = texts(batch.columns["kind"])
    absent = missing(batch.columns["at"], na)
    parsed = instants(batch.columns["at"], absent, zone=zone, datetime_format=None)
    levels = texts(batch.columns["priority"]) if "priority" in batch.columns else None
    for row in range(len(batch)):
        line = None if batch.lines is None else int(batch.lines[row])
        position = int(batch.positions[row])
        reason = _problem(ids[row], kinds[row], parsed.failure[row], absent=bool(absent[row]))
        level = 0
        if reason is None and levels is not None and levels[row] not in (None, ""):
            try:
                level = priority_level(levels[row])
            except ValueError as error:
                reason = str(error)
        if reason is not None:
            index.rejected.append(RejectedRow(batch.source, line, position, None, None, None,
                                              reason))  # fmt: skip
            continue
        ticket = ids[row].strip() if isinstance(ids[row], str) else ids[row]
        index.by_ticket.setdefault(ticket, []).append(
            (int(parsed.us[row]), _KINDS[str(kinds[row]).strip()], level)
        )
        index.where.setdefault(ticket, (batch.source, line, position))


def _problem(ticket: object, kind: object, failure: int, *, absent: bool) -> str | None:
    if ticket is None or (isinstance(ticket, str) and not ticket.strip()):
        return "expected a ticket_id"
    if not isinstance(ticket, str):
        try:
            hash(ticket)
        except TypeError:
            return f"expected a text or a number as ticket_id, got {describe(ticket)}"
    if not isinstance(kind, str) or kind.strip() not in _KINDS:
        return f"expected an event kind ({', '.join(_KINDS)})"
    if absent:
        return "expected an instant in 'at'"
    if failure:
        return f"expected {REASONS[int(failure)]} in 'at'"
    return None
