"""What of a caller's input the record models may show: its shape, never its content.

A record model's validation error lists, for each problem, the input that
caused it (``errors()[i]["input"]``, ``json()``, ``str()``). pydantic puts
the raw value there: a customer's name and phone, the whole ticket for a
model-level check. Every error of a record model is therefore rebuilt with
:func:`private_error` before it leaves the model:

- ``input`` becomes a :class:`Described` string (``"str of 11 characters"``,
  ``"dict of 4 items"``); ``None``, booleans and members of this package's
  enumerations stay as they are (they hold no personal data), and so do
  numbers in the fields that are numbers by nature (scores, counts, levels);
- the error hides its input in ``str()`` (``hide_input=True``);
- types, locations, messages and contexts are kept.

:class:`Record` is the base of the record models: a frozen model whose
errors (assignment and invalid JSON included) go through that rebuild and
whose JSON Schema description is the docstring's summary (the examples of a
docstring are left out of the schema).
"""

from __future__ import annotations

import re
import typing
from collections.abc import Sequence
from typing import Any, NoReturn, Self

from pydantic import BaseModel, ConfigDict, ValidationError
from pydantic.config import ExtraValues
from pydantic_core import InitErrorDetails, PydanticCustomError, core_schema

from csmetrics._core.describe import describe
from csmetrics._models.enums import Channel, CustomerTier, EventKind, Priority, Status

__all__ = ["Described", "Record", "describe_personal", "private_error", "safe_input"]


class Described(str):
    """A description of an input by type and size, standing in for the input in an error.

    Examples
    --------
    >>> Described("str of 11 characters")
    Described('str of 11 characters')
    """

    __slots__ = ()

    def __repr__(self) -> str:
        return f"Described({str(self)!r})"


# Fields whose numbers are no personal data and say exactly what was wrong.
_NUMBER_FIELDS = frozenset(
    {
        *("responsiveness", "effectiveness", "attitude", "overall", "nps"),
        *("past_complaints", "annual_spend", "relationship_years"),
        *("channel", "priority", "tier", "kind", "complaint"),
        *("created_at", "at", "answered_at"),
    }
)
_PYDANTIC_TYPES = frozenset(typing.get_args(core_schema.ErrorType))
_KEPT = (bool, type(None), Channel, CustomerTier, EventKind, Priority, Status, Described)


def describe_personal(value: object) -> str:
    """Describe ``value`` by type and size, numbers included (a phone can be an int).

    Examples
    --------
    >>> describe_personal("张三"), describe_personal(13812345678), describe_personal(1.5)
    ('str of 2 characters', 'int of 34 bits', 'float')
    >>> describe_personal(True), describe_personal(None)
    ('bool', 'None')
    """
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return f"int of {value.bit_length()} bits"
    if isinstance(value, float):
        return "float"
    return describe(value)


def _is_small_number(value: object) -> bool:
    """An int or float that prints short (a huge int cannot even be printed)."""
    if type(value) is int:
        return -(10**15) < value < 10**15
    return type(value) is float


def _field_of(loc: Sequence[int | str]) -> str | None:
    return next((part for part in reversed(loc) if isinstance(part, str)), None)


def safe_input(loc: Sequence[int | str], value: object) -> object:
    """What an error at ``loc`` may show of its input ``value``.

    Examples
    --------
    >>> safe_input(("customer", "name"), "张三丰")
    Described('str of 3 characters')
    >>> safe_input(("nps",), 11), safe_input(("phone_last4",), 13812345678)
    (11, Described('int of 34 bits'))
    >>> safe_input((), {"name": "张三", "phone": "13812345678"})
    Described('dict of 2 items')
    """
    if isinstance(value, _KEPT):
        return value
    if _is_small_number(value) and _field_of(loc) in _NUMBER_FIELDS:
        return value
    return Described(describe_personal(value))


def _private_details(error: Any) -> InitErrorDetails:
    kind = error["type"]
    if isinstance(kind, str) and kind not in _PYDANTIC_TYPES:
        kind = PydanticCustomError(kind, error["msg"], error.get("ctx"))
    loc = error["loc"]
    detail: Any = {"type": kind, "loc": loc, "input": safe_input(loc, error["input"])}
    if "ctx" in error:
        detail["ctx"] = error["ctx"]
    return detail  # type: ignore[no-any-return]


def private_errors(title: str, errors: Sequence[Any]) -> ValidationError:
    """A ``ValidationError`` of ``errors`` (as ``errors()`` gives them) with safe inputs only."""
    details = [_private_details(error) for error in errors]
    return ValidationError.from_exception_data(title, details, hide_input=True)


def private_error(exc: ValidationError) -> ValidationError:
    """``exc`` rebuilt with safe inputs (see the module docstring); idempotent.

    Examples
    --------
    >>> from pydantic import BaseModel
    >>> class Named(BaseModel):
    ...     name: int
    >>> try:
    ...     Named(name="张三丰")
    ... except ValidationError as exc:
    ...     error = private_error(exc)
    >>> error.errors()[0]["input"], "张三丰" in str(error) + error.json()
    (Described('str of 3 characters'), False)
    """
    return private_errors(exc.title, exc.errors(include_url=False))


def _summary_only(schema: dict[str, Any], _cls: type[Any]) -> None:
    """Keep the summary of a docstring as the schema's description (no Examples section)."""
    description = schema.get("description")
    if isinstance(description, str):
        summary = _SECTION.split(description, maxsplit=1)[0].strip()
        schema["description"] = summary


_SECTION = re.compile(r"\n\s*\n[A-Z][a-z]+\n-{3,}\n")


class Record(BaseModel):
    """Base of the record models: frozen, and no raw input in any error or schema."""

    model_config = ConfigDict(
        frozen=True, extra="forbid", hide_input_in_errors=True, json_schema_extra=_summary_only
    )

    def __setattr__(self, name: str, value: Any) -> NoReturn:
        raise _frozen(type(self).__name__, name, value)

    def __delattr__(self, name: str) -> NoReturn:
        raise _frozen(type(self).__name__, name, None)

    @classmethod
    def model_validate_json(
        cls,
        json_data: str | bytes | bytearray,
        *,
        strict: bool | None = None,
        extra: ExtraValues | None = None,
        context: Any | None = None,
        by_alias: bool | None = None,
        by_name: bool | None = None,
    ) -> Self:
        """Validate a JSON document (see pydantic); invalid JSON is described, not echoed."""
        try:
            return super().model_validate_json(
                json_data,
                strict=strict,
                extra=extra,
                context=context,
                by_alias=by_alias,
                by_name=by_name,
            )
        except ValidationError as exc:
            raise private_error(exc) from None


def _frozen(title: str, name: str, value: object) -> ValidationError:
    details: Any = [{"type": "frozen_instance", "loc": (name,), "input": value}]
    return private_errors(title, details)
