"""Validated records: tickets, their events, customers and survey responses.

Every model is a frozen pydantic v2 model that rejects unknown fields.
Building one from bad data raises pydantic's ``ValidationError`` (a
``ValueError``) whose entries carry stable error types of this package:

=========================  ==================================================
error type                 meaning
=========================  ==================================================
``naive_datetime``         a datetime without a time zone
``invalid_timezone``       a datetime whose tzinfo fails to give its offset
``event_before_creation``  an event earlier than the ticket's ``created_at``
``events_out_of_order``    events not in time order
``priority_missing``       a ``priority_changed`` event without a priority
``blank_id``               an empty or blank id
``channel_type``           a channel that is neither a ``Channel`` nor a str
``priority_type``          a priority that is no ``Priority``, str or int
``tier_type``              a tier that is neither a ``CustomerTier`` nor a str
``phone_type``             a phone number that is neither a str nor an int
``unreadable_input``       an input that raised when read (its ``__hash__``,
                           say): the exception's type is named
=========================  ==================================================

Scores out of their scale use pydantic's own ``greater_than_equal`` /
``less_than_equal`` errors; non-integers ``int_type``. An unknown channel,
priority or tier, or a name or phone that cannot be masked, is a
``value_error``. Every error describes its input by type and size
(``errors()[i]["input"]`` is a string such as ``"str of 11 characters"``)
and ``str()`` leaves the input out: no error of a record model echoes what a
customer typed (see ``docs/privacy.md``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from itertools import islice
from operator import attrgetter, le
from typing import Any, Self

from pydantic import BaseModel, GetCoreSchemaHandler
from pydantic_core import PydanticCustomError
from pydantic_core import core_schema as cs

from csmetrics._core.exports import publish
from csmetrics._core.validate import require_aware
from csmetrics._models.customer import Customer
from csmetrics._models.enums import Channel, CustomerTier, EventKind, Priority, Status
from csmetrics._models.fields import (
    FROZEN,
    TO_EXACT,
    AwareDatetime,
    Id,
    OptionalChannel,
    OptionalPriority,
    all_aware,
    fast_or_exact,
    is_aware,
)
from csmetrics._models.history import read_history
from csmetrics._models.privacy import Record, describe_personal
from csmetrics._models.survey import SurveyResponse
from csmetrics.exceptions import InputTypeError

__all__ = [
    "Channel",
    "Customer",
    "CustomerTier",
    "EventKind",
    "Priority",
    "Status",
    "SurveyResponse",
    "Ticket",
    "TicketEvent",
    "json_schemas",
]


_AT = attrgetter("at")
_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
_KIND = attrgetter("kind")
_PRIORITY_CHANGED = EventKind.PRIORITY_CHANGED


def _payloads_given(events: tuple[TicketEvent, ...]) -> bool:
    """Whether every ``priority_changed`` event of ``events`` has its new priority."""
    return _PRIORITY_CHANGED not in map(_KIND, events) or all(
        e.priority is not None for e in events if e.kind is _PRIORITY_CHANGED
    )


class TicketEvent(Record):
    """One step in a ticket's life: a reply, a pause, a resolution ...

    Examples
    --------
    >>> import datetime as dt
    >>> TicketEvent(kind="agent_reply", at=dt.datetime(2025, 3, 3, 9, 5, tzinfo=dt.UTC)).kind
    <EventKind.AGENT_REPLY: 'agent_reply'>
    """

    model_config = FROZEN

    kind: EventKind
    at: AwareDatetime
    priority: OptionalPriority = None
    """The new priority of a ``priority_changed`` event (required there only)."""
    note: str = ""
    """Free text, e.g. an overdue reason such as "客户电话占线"."""
    agent: str | None = None

    def _priority_payload(self) -> TicketEvent:
        if self.kind is EventKind.PRIORITY_CHANGED and self.priority is None:
            raise PydanticCustomError(
                "priority_missing", "priority: a priority_changed event needs the new priority"
            )
        return self

    def _fast_check(self) -> TicketEvent:
        if is_aware(self.at) and (self.kind is not _PRIORITY_CHANGED or self.priority is not None):
            return self
        raise ValueError(TO_EXACT)

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: type[BaseModel], handler: GetCoreSchemaHandler
    ) -> cs.CoreSchema:
        return fast_or_exact(
            handler(source),
            handler,
            exact_after=cls._priority_payload,
            fast_check=cls._fast_check,
        )


class Ticket(Record):
    """A customer-service ticket and the time of every step taken on it.

    Events must not be earlier than ``created_at`` and must be in time order
    (equal timestamps apply in list order).

    Examples
    --------
    >>> import datetime as dt
    >>> t0 = dt.datetime(2025, 3, 3, 9, 0, tzinfo=dt.UTC)
    >>> t = Ticket(
    ...     id="20250303001",
    ...     created_at=t0,
    ...     channel="chat",
    ...     priority="P2",
    ...     text="APP退款按钮找不到",
    ...     events=[
    ...         {"kind": "agent_reply", "at": t0 + dt.timedelta(minutes=12)},
    ...         {"kind": "resolved", "at": t0 + dt.timedelta(hours=2)},
    ...     ],
    ... )
    >>> t.status, t.first_response_at - t0
    (<Status.RESOLVED: 'resolved'>, datetime.timedelta(seconds=720))
    >>> t.status_at(t0 + dt.timedelta(minutes=5))
    <Status.NEW: 'new'>
    """

    model_config = FROZEN

    id: Id
    created_at: AwareDatetime
    channel: OptionalChannel = None
    priority: OptionalPriority = None
    text: str = ""
    """The problem in the customer's own words."""
    customer: Customer | None = None
    complaint: bool = False
    events: tuple[TicketEvent, ...] = ()
    product: str | None = None
    product_version: str | None = None
    category: str | None = None
    subcategory: str | None = None
    assignee: str | None = None
    team: str | None = None
    resolution: str = ""
    overdue_reason: str | None = None
    """Why the ticket ran late, e.g. "跨部门协作延迟"."""

    def _events_in_order(self) -> Ticket:
        # Instants, not wall times: two times of one zone compare by wall clock in a DST fold.
        created = self.created_at - _EPOCH
        previous, previous_instant = self.created_at, created
        for index, event in enumerate(self.events):
            instant = event.at - _EPOCH
            if instant < created:
                raise PydanticCustomError(
                    "event_before_creation",
                    "events[{index}]: expected an event at or after created_at {created}, "
                    "got {kind} at {at}",
                    {
                        "index": index,
                        "created": self.created_at.isoformat(),
                        "kind": event.kind.value,
                        "at": event.at.isoformat(),
                    },
                )
            if instant < previous_instant:
                raise PydanticCustomError(
                    "events_out_of_order",
                    "events[{index}]: expected events in time order, got {kind} at {at} "
                    "after an event at {previous}",
                    {
                        "index": index,
                        "kind": event.kind.value,
                        "at": event.at.isoformat(),
                        "previous": previous.isoformat(),
                    },
                )
            previous, previous_instant = event.at, instant
        return self

    def _fast_check(self) -> Ticket:
        """Aware times in order from ``created_at``, priority changes with their payload."""
        times = [self.created_at, *map(_AT, self.events)]
        if not all_aware(times):
            raise ValueError(TO_EXACT)
        instants = [t - _EPOCH for t in times]  # also ordered in a DST fold
        ordered = all(map(le, instants, islice(instants, 1, None)))
        if ordered and _payloads_given(self.events):
            return self
        raise ValueError(TO_EXACT)

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: type[BaseModel], handler: GetCoreSchemaHandler
    ) -> cs.CoreSchema:
        return fast_or_exact(
            handler(source),
            handler,
            exact_after=cls._events_in_order,
            fast_check=cls._fast_check,
            covers=(TicketEvent,),
        )

    @classmethod
    def model_construct(  # type: ignore[override]  # the pydantic plugin types it per model
        cls, _fields_set: set[str] | None = None, **values: Any
    ) -> Self:
        """Build a ticket without validation (see pydantic), its customer masked.

        A ``customer`` given as a mapping is built with
        :meth:`Customer.model_construct`, which masks its name and phone;
        anything else than a ``Customer``, a mapping or ``None`` raises
        :class:`~csmetrics.exceptions.InputTypeError`. Nothing else is checked
        (the events are, when read: :func:`~csmetrics._models.history.read_history`).
        """
        if "customer" in values:
            values["customer"] = _unvalidated_customer(values["customer"])
        return super().model_construct(_fields_set, **values)  # type: ignore[return-value]

    def model_copy(self, *, update: Mapping[str, Any] | None = None, deep: bool = False) -> Self:
        """A copy (see pydantic); a ``customer`` in ``update`` is masked as in model_construct."""
        if update is not None and "customer" in update:
            update = {**update, "customer": _unvalidated_customer(update["customer"])}
        return super().model_copy(update=update, deep=deep)

    def events_until(self, now: dt.datetime) -> Iterator[TicketEvent]:
        """Yield the events at or before ``now`` (timezone-aware), in order."""
        limit = require_aware(now, param="now") - _EPOCH
        return (event for event in self.events if event.at - _EPOCH <= limit)

    @property
    def first_response_at(self) -> dt.datetime | None:
        """The time of the first agent reply, if any."""
        return read_history(self).first_reply_at

    @property
    def resolved_at(self) -> dt.datetime | None:
        """The time of the last resolution (or closing without one), if any."""
        return read_history(self).resolved_at

    @property
    def reopen_count(self) -> int:
        """How many times the ticket was reopened."""
        return read_history(self).reopens

    @property
    def status(self) -> Status:
        """The status after all events."""
        return read_history(self).status

    def status_at(self, now: dt.datetime) -> Status:
        """The status after the events at or before ``now``."""
        return read_history(self, now=require_aware(now, param="now")).status


def _unvalidated_customer(value: object) -> Customer | None:
    """The customer of an unvalidated ticket: a ``Customer``, or one built masked from a mapping."""
    if value is None or isinstance(value, Customer):
        return value
    if isinstance(value, Mapping) and all(isinstance(key, str) for key in value):
        return Customer.model_construct(**value)
    got = describe_personal(value)
    msg = f"customer: expected a Customer, a mapping of its fields or None, got {got}"
    raise InputTypeError(msg)


def json_schemas() -> dict[str, dict[str, Any]]:
    """JSON Schemas of the record models, for helpdesk integrations.

    Returns
    -------
    dict
        Model name -> JSON Schema (draft 2020-12, as pydantic produces it) of
        the validation (input) form.

    Examples
    --------
    >>> schemas = json_schemas()
    >>> sorted(schemas)
    ['Customer', 'SurveyResponse', 'Ticket', 'TicketEvent']
    >>> schemas["TicketEvent"]["required"]
    ['kind', 'at']
    """
    models: tuple[type[BaseModel], ...] = (Customer, SurveyResponse, Ticket, TicketEvent)
    return {model.__name__: model.model_json_schema() for model in models}


publish("csmetrics.models", Ticket, TicketEvent)
