"""Already validated models as a source: ``Ticket`` and ``SurveyResponse`` objects to rows.

A model's fields become the raw columns of the readers (its customer's
masks included), and a ticket's events travel with it as its history.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator
from typing import Any

import numpy as np

from csmetrics._io.batch import RawBatch, object_array
from csmetrics._io.events import EVENT_KINDS
from csmetrics._models.channels import channel_text
from csmetrics._models.records import Ticket
from csmetrics._models.survey import SurveyResponse

__all__ = ["EVENTS_COLUMN", "is_model_source", "model_batches"]

EVENTS_COLUMN = "\0events"
"""The raw column that carries each ticket model's events: (at, kind code, level) tuples."""
_CODE = {kind: code for code, kind in enumerate(EVENT_KINDS)}


def is_model_source(first: object) -> bool:
    """Whether an iterable whose first item is ``first`` holds models."""
    return isinstance(first, Ticket | SurveyResponse)


def _ticket_row(ticket: Ticket) -> dict[str, Any]:
    customer = ticket.customer
    return {
        "id": ticket.id,
        "created_at": ticket.created_at,
        "channel": None if ticket.channel is None else channel_text(ticket.channel),
        "priority": None if ticket.priority is None else ticket.priority.value,
        "category": ticket.category,
        "subcategory": ticket.subcategory,
        "text": ticket.text or None,
        "agent": ticket.assignee,
        "team": ticket.team,
        "product": ticket.product,
        "complaint": ticket.complaint,
        "customer_id": None if customer is None else customer.id,
        "tier": None if customer is None else customer.tier.value,
        "customer_name": None if customer is None else customer.name,
        "customer_phone": None if customer is None else customer.phone_last4,
        EVENTS_COLUMN: [
            (event.at, _CODE[event.kind], 0 if event.priority is None else event.priority.level)
            for event in ticket.events
        ],
    }


def _survey_row(survey: SurveyResponse) -> dict[str, Any]:
    return {**survey.model_dump(exclude={"comment"}), "comment": survey.comment or None}


def model_batches(items: Iterator[Any], batch_size: int) -> Iterator[RawBatch]:
    """Batches of rows made from models (``items`` is already started)."""
    start = 0
    while True:
        chunk = list(itertools.islice(items, batch_size))
        if not chunk:
            return
        rows = [_ticket_row(m) if isinstance(m, Ticket) else _survey_row(m) for m in chunk]
        keys: dict[str, None] = {}
        for row in rows:
            keys.update(dict.fromkeys(row))
        columns = {k: object_array((row.get(k) for row in rows), len(rows)) for k in keys}
        positions = np.arange(start, start + len(rows), dtype=np.int64)
        yield RawBatch("models", columns, positions)
        start += len(chunk)


def peek(values: Iterable[Any]) -> tuple[object, Iterator[Any]]:
    """The first item of ``values`` and an iterator over all of them."""
    iterator = iter(values)
    first = next(iterator, None)
    return first, itertools.chain([] if first is None else [first], iterator)
