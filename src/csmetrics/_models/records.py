"""Validated records: tickets, their events, customers and survey responses.

Every model is a frozen pydantic v2 model that rejects unknown fields.
Building one from bad data raises pydantic's ``ValidationError`` (a
``ValueError``) whose entries carry stable error types of this package:

=========================  ==================================================
error type                 meaning
=========================  ==================================================
``naive_datetime``         a datetime without a time zone
``event_before_creation``  an event earlier than the ticket's ``created_at``
``events_out_of_order``    events not in time order
``priority_missing``       a ``priority_changed`` event without a priority
``blank_id``               an empty or blank id
=========================  ==================================================

Scores out of their scale use pydantic's own ``greater_than_equal`` /
``less_than_equal`` errors; non-integers ``int_type``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictInt,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from csmetrics._models.enums import Channel, CustomerTier, EventKind, Priority, Status
from csmetrics._models.masking import mask_name, mask_phone

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


def _aware(value: dt.datetime, info: ValidationInfo) -> dt.datetime:
    if value.tzinfo is None or value.utcoffset() is None:
        raise PydanticCustomError(
            "naive_datetime",
            "{field}: expected a timezone-aware datetime, got naive {value}",
            {"field": info.field_name, "value": value.isoformat()},
        )
    return value


def _not_blank(value: str, info: ValidationInfo) -> str:
    if not value.strip():
        raise PydanticCustomError(
            "blank_id",
            "{field}: expected a non-empty id, got {value!r}",
            {"field": info.field_name},
        )
    return value


AwareDatetime = Annotated[dt.datetime, AfterValidator(_aware)]
"""A timezone-aware datetime; a naive one fails with the ``naive_datetime`` error."""


def _channel_or_none(value: object) -> object:
    return None if value is None else Channel.parse(value)


def _priority_or_none(value: object) -> object:
    return None if value is None else Priority.parse(value)


Id = Annotated[str, AfterValidator(_not_blank)]
OptionalChannel = Annotated[Channel | None, BeforeValidator(_channel_or_none)]
"""A channel given by value, name or alias (:meth:`Channel.parse`), or None."""
OptionalPriority = Annotated[Priority | None, BeforeValidator(_priority_or_none)]
"""A priority given by value, level, name or alias (:meth:`Priority.parse`), or None."""
Score5 = Annotated[StrictInt, Field(ge=1, le=5)]
Score10 = Annotated[StrictInt, Field(ge=0, le=10)]

_FROZEN = ConfigDict(frozen=True, extra="forbid", use_enum_values=False)


class TicketEvent(BaseModel):
    """One step in a ticket's life: a reply, a pause, a resolution ...

    Examples
    --------
    >>> import datetime as dt
    >>> TicketEvent(kind="agent_reply", at=dt.datetime(2025, 3, 3, 9, 5, tzinfo=dt.UTC)).kind
    <EventKind.AGENT_REPLY: 'agent_reply'>
    """

    model_config = _FROZEN

    kind: EventKind
    at: AwareDatetime
    priority: OptionalPriority = None
    """The new priority of a ``priority_changed`` event (required there only)."""
    note: str = ""
    """Free text, e.g. an overdue reason such as "客户电话占线"."""
    agent: str | None = None

    @model_validator(mode="after")
    def _priority_payload(self) -> TicketEvent:
        if self.kind is EventKind.PRIORITY_CHANGED and self.priority is None:
            raise PydanticCustomError(
                "priority_missing", "priority: a priority_changed event needs the new priority"
            )
        return self


class Customer(BaseModel):
    """A de-identified customer profile.

    ``name`` and ``phone`` are masked on input (:func:`mask_name`,
    :func:`mask_phone`): the raw values are never stored, so no ``repr``,
    dump, JSON or pickle of the model can reveal them. Validation errors of
    this model never echo the input either.

    Examples
    --------
    >>> c = Customer(name="张三", phone="138-1234-5678", tier="VIP客户", industry="制造业")
    >>> c.name, c.phone_last4, c.tier
    ('张*', '5678', <CustomerTier.VIP: 'vip'>)
    >>> "1234" in c.model_dump_json()
    False
    """

    model_config = ConfigDict(frozen=True, extra="forbid", hide_input_in_errors=True)

    id: str | None = None
    name: str | None = None
    """The masked name, e.g. "张*" or "Mr. S***"."""
    phone_last4: str | None = Field(default=None, pattern=r"^\d{4}$")
    industry: str | None = None
    tier: CustomerTier = CustomerTier.NORMAL
    relationship_years: float | None = Field(default=None, ge=0)
    annual_spend: float | None = Field(default=None, ge=0)
    past_complaints: int = Field(default=0, ge=0)
    order_ids: tuple[str, ...] = ()
    contract_ids: tuple[str, ...] = ()
    device_serials: tuple[str, ...] = ()

    @model_validator(mode="before")
    @classmethod
    def _mask(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            return data
        data = dict(data)
        if "phone" in data:
            phone = data.pop("phone")
            if phone is not None and (isinstance(phone, bool) or not isinstance(phone, str | int)):
                raise PydanticCustomError(
                    "phone_type",
                    "phone: expected a str or int, got {type}",
                    {"type": type(phone).__name__},
                )
            data["phone_last4"] = None if phone is None else mask_phone(phone)
        if isinstance(data.get("name"), str):
            data["name"] = mask_name(data["name"])
        return data

    @field_validator("relationship_years", mode="before")
    @classmethod
    def _parse_years(cls, value: object) -> object:
        return _parse_duration_years(value) if isinstance(value, str) else value

    @field_validator("tier", mode="before")
    @classmethod
    def _parse_tier(cls, value: object) -> object:
        return CustomerTier.parse(value)

    @property
    def is_vip(self) -> bool:
        """Whether the customer is of the VIP tier."""
        return self.tier is CustomerTier.VIP


_YEAR_UNITS = {
    "年": 1.0,
    "y": 1.0,
    "yr": 1.0,
    "yrs": 1.0,
    "year": 1.0,
    "years": 1.0,
    "个月": 1 / 12,
    "月": 1 / 12,
    "m": 1 / 12,
    "mo": 1 / 12,
    "month": 1 / 12,
    "months": 1 / 12,
}


_DURATION = re.compile(r"(\d+(?:\.\d+)?)\s*(\S*)")


def _parse_duration_years(text: str) -> object:
    """Read "2年", "6个月", "2 years", "1.5" as years; leave anything else to pydantic."""
    match = _DURATION.fullmatch(text.strip().casefold())
    factor = _YEAR_UNITS.get(match.group(2)) if match else None
    if match is None or (factor is None and match.group(2)):
        return text
    return float(match.group(1)) * (factor or 1.0)


class SurveyResponse(BaseModel):
    """A satisfaction survey answer: four 1-5 dimensions, NPS 0-10 and a comment.

    Every score is optional on its own (a customer may skip questions); the
    scores present must be integers on their scale.

    Examples
    --------
    >>> r = SurveyResponse(responsiveness=5, effectiveness=3, nps=9, comment="解决了,但流程麻烦")
    >>> r.needs_follow_up
    True
    """

    model_config = _FROZEN

    ticket_id: str | None = None
    agent: str | None = None
    responsiveness: Score5 | None = None
    """响应及时性, 1 (very dissatisfied) .. 5 (very satisfied)."""
    effectiveness: Score5 | None = None
    """解决有效性."""
    attitude: Score5 | None = None
    """服务态度."""
    overall: Score5 | None = None
    """整体体验."""
    nps: Score10 | None = None
    """Likelihood to recommend, 0..10."""
    comment: str = ""
    answered_at: AwareDatetime | None = None

    @property
    def dimension_scores(self) -> dict[str, int | None]:
        """The four 1-5 dimensions by name."""
        return {
            "responsiveness": self.responsiveness,
            "effectiveness": self.effectiveness,
            "attitude": self.attitude,
            "overall": self.overall,
        }

    @property
    def needs_follow_up(self) -> bool:
        """A dimension score <= 3 or an NPS <= 6 calls for priority follow-up."""
        low = any(s is not None and s <= 3 for s in self.dimension_scores.values())
        return low or (self.nps is not None and self.nps <= 6)


class Ticket(BaseModel):
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

    model_config = _FROZEN

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

    @model_validator(mode="after")
    def _events_in_order(self) -> Ticket:
        previous = self.created_at
        for index, event in enumerate(self.events):
            if event.at < self.created_at:
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
            if event.at < previous:
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
            previous = event.at
        return self

    def events_until(self, now: dt.datetime) -> Iterator[TicketEvent]:
        """Yield the events at or before ``now``, in order."""
        return (event for event in self.events if event.at <= now)

    def _first(self, kind: EventKind) -> dt.datetime | None:
        return next((e.at for e in self.events if e.kind is kind), None)

    @property
    def first_response_at(self) -> dt.datetime | None:
        """The time of the first agent reply, if any."""
        return self._first(EventKind.AGENT_REPLY)

    @property
    def resolved_at(self) -> dt.datetime | None:
        """The time of the last resolution (or closing without one), if any."""
        stops = [e.at for e in self.events if e.kind is EventKind.RESOLVED]
        stops = stops or [e.at for e in self.events if e.kind is EventKind.CLOSED]
        return stops[-1] if stops else None

    @property
    def reopen_count(self) -> int:
        """How many times the ticket was reopened."""
        return sum(1 for e in self.events if e.kind is EventKind.REOPENED)

    @property
    def status(self) -> Status:
        """The status after all events."""
        return _status(self.events)

    def status_at(self, now: dt.datetime) -> Status:
        """The status after the events at or before ``now``."""
        return _status(self.events_until(now))


def _status(events: Iterable[TicketEvent]) -> Status:
    base, paused = Status.NEW, False
    for event in events:
        kind = event.kind
        if kind is EventKind.PAUSE or kind is EventKind.RESUME:
            paused = kind is EventKind.PAUSE
        elif kind is EventKind.AGENT_REPLY and base is Status.NEW:
            base = Status.OPEN
        elif kind is EventKind.REOPENED:
            base, paused = Status.OPEN, False
        elif kind is EventKind.RESOLVED or kind is EventKind.CLOSED:
            base, paused = Status(kind.value), False
    return Status.PAUSED if paused and base in (Status.NEW, Status.OPEN) else base


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
