"""The record models as they were before the fast branch: the oracle of ``test_fast_path``.

A copy of the validators of ``csmetrics._models`` at the layout split (every
field checked by its own Python validator), kept apart from the package so
that a change there cannot change the reference. Only the validation is
copied; the models' properties are not needed.

Updated with the privacy hardening: a channel, priority or tier of the wrong
type is a ``*_type`` validation error (not a ``TypeError``), a name given as
UTF-8 bytes or read from an object's attributes is masked, the ``blank_id``
message describes the id, and errors hide their input in ``str()``. Updated
with the open channel vocabulary: a channel is read by ``channel_value``
(a ``Channel`` or any other name) as the models read it. The
inputs inside ``errors()`` are compared through ``safe_input`` by the test.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
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

from csmetrics._models.customer import _parse_duration_years
from csmetrics.exceptions import InputTypeError
from csmetrics.masking import mask_name, mask_phone
from csmetrics.models import Channel, CustomerTier, EventKind, Priority, channel_value

# Named as the models they stand for, so that messages naming the class agree.
__all__ = ["Customer", "SurveyResponse", "Ticket", "TicketEvent"]


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
        got = f"a blank str of {len(value)} characters" if value else "an empty str"
        raise PydanticCustomError(
            "blank_id",
            "{field}: expected a non-empty id, got {got}",
            {"field": info.field_name, "got": got},
        )
    return value


def _parsed(parse: Any, value: object, kind: str) -> object:
    try:
        return parse(value)
    except InputTypeError as exc:
        raise PydanticCustomError(kind, str(exc)) from None


def _channel_or_none(value: object) -> object:
    return None if value is None else _parsed(channel_value, value, "channel_type")


def _priority_or_none(value: object) -> object:
    return None if value is None else _parsed(Priority.parse, value, "priority_type")


def _name(value: object) -> object:
    if isinstance(value, bytes | bytearray):
        try:
            value = bytes(value).decode("utf-8")
        except UnicodeDecodeError:
            return value
    return mask_name(value) if isinstance(value, str) else value


class _Attributes:
    """An object's attributes, the name masked (``from_attributes`` input)."""

    def __init__(self, source: object) -> None:
        self.source = source

    def __getattr__(self, attribute: str) -> Any:
        value = getattr(self.source, attribute)
        return _name(value) if attribute == "name" else value


AwareDatetime = Annotated[dt.datetime, AfterValidator(_aware)]
Id = Annotated[str, AfterValidator(_not_blank)]
OptionalChannel = Annotated[Channel | str | None, BeforeValidator(_channel_or_none)]
OptionalPriority = Annotated[Priority | None, BeforeValidator(_priority_or_none)]
Score5 = Annotated[StrictInt, Field(ge=1, le=5)]
Score10 = Annotated[StrictInt, Field(ge=0, le=10)]
FROZEN = ConfigDict(frozen=True, extra="forbid", use_enum_values=False, hide_input_in_errors=True)
_PLAIN = (str, bytes, bytearray, int, float, list, tuple, set, frozenset, type(None))


class Customer(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", hide_input_in_errors=True)

    id: str | None = None
    name: str | None = None
    phone_last4: str | None = Field(default=None, pattern=r"^\d{4}$")
    industry: str | None = None
    tier: CustomerTier = CustomerTier.NORMAL
    relationship_years: float | None = Field(default=None, ge=0, allow_inf_nan=False)
    annual_spend: float | None = Field(default=None, ge=0, allow_inf_nan=False)
    past_complaints: int = Field(default=0, ge=0)
    order_ids: tuple[str, ...] = ()
    contract_ids: tuple[str, ...] = ()
    device_serials: tuple[str, ...] = ()

    @model_validator(mode="before")
    @classmethod
    def _mask(cls, data: Any) -> Any:
        if isinstance(data, (Customer, *_PLAIN)):
            return data
        if not isinstance(data, Mapping):
            return _Attributes(data)
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
        if "name" in data:
            data["name"] = _name(data["name"])
        return data

    @field_validator("relationship_years", mode="before")
    @classmethod
    def _parse_years(cls, value: object) -> object:
        return _parse_duration_years(value) if isinstance(value, str) else value

    @field_validator("tier", mode="before")
    @classmethod
    def _parse_tier(cls, value: object) -> object:
        return _parsed(CustomerTier.parse, value, "tier_type")


class TicketEvent(BaseModel):
    model_config = FROZEN

    kind: EventKind
    at: AwareDatetime
    priority: OptionalPriority = None
    note: str = ""
    agent: str | None = None

    @model_validator(mode="after")
    def _priority_payload(self) -> TicketEvent:
        if self.kind is EventKind.PRIORITY_CHANGED and self.priority is None:
            raise PydanticCustomError(
                "priority_missing", "priority: a priority_changed event needs the new priority"
            )
        return self


class Ticket(BaseModel):
    model_config = FROZEN

    id: Id
    created_at: AwareDatetime
    channel: OptionalChannel = None
    priority: OptionalPriority = None
    text: str = ""
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


class SurveyResponse(BaseModel):
    model_config = FROZEN

    ticket_id: str | None = None
    agent: str | None = None
    responsiveness: Score5 | None = None
    effectiveness: Score5 | None = None
    attitude: Score5 | None = None
    overall: Score5 | None = None
    nps: Score10 | None = None
    comment: str = ""
    answered_at: AwareDatetime | None = None
