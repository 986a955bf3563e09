"""Field types shared by the record models: aware datetimes, ids, parsed enums."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import AfterValidator, BeforeValidator, ConfigDict, Field, StrictInt, ValidationInfo
from pydantic_core import PydanticCustomError

from csmetrics._models.enums import Channel, Priority

__all__ = [
    "FROZEN",
    "AwareDatetime",
    "Id",
    "OptionalChannel",
    "OptionalPriority",
    "Score5",
    "Score10",
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

FROZEN = ConfigDict(frozen=True, extra="forbid", use_enum_values=False)
