"""Field types shared by the record models, and the fast branch of their validation.

The field types below are the exact rules, Python validators included
(aliases of the enumerations, ``naive_datetime``, ``blank_id``).
:func:`fast_or_exact` puts a fast branch in front of a record model's exact
schema: the same model checked by pydantic-core alone, where a datetime is a
plain datetime (one Python call per record, the model's fast check, looks at
the time zones), an id a pattern, and a channel, priority or tier its exact
value. Whatever the fast branch rejects goes to the exact branch, which
returns the record or raises; errors are therefore always the exact branch's
own, with the types, messages and locations they have without the fast branch,
and their inputs described, never echoed (:mod:`csmetrics._models.privacy`).
The fast branch must never accept what the exact one rejects, nor build
another record (``tests/models/test_fast_path.py`` checks both).
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Callable, Collection, Mapping, Sequence
from operator import attrgetter
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BeforeValidator,
    ConfigDict,
    Field,
    GetCoreSchemaHandler,
    GetJsonSchemaHandler,
    StrictInt,
    ValidationInfo,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import PydanticCustomError, PydanticOmit, TzInfo, ValidationError
from pydantic_core import core_schema as cs

from csmetrics._models.channels import channel_value
from csmetrics._models.enums import Channel, CustomerTier, Priority
from csmetrics._models.privacy import private_errors
from csmetrics.exceptions import InputTypeError

__all__ = [
    "FROZEN",
    "TO_EXACT",
    "AwareDatetime",
    "Id",
    "OptionalChannel",
    "OptionalPriority",
    "ParsedTier",
    "Score5",
    "Score10",
    "all_aware",
    "fast_form",
    "fast_or_exact",
    "is_aware",
]


def _aware(value: dt.datetime, info: ValidationInfo) -> dt.datetime:
    try:
        offset = value.utcoffset()
    except Exception:  # a tzinfo is the caller's code: any failure of it is the input's
        raise PydanticCustomError(
            "invalid_timezone",
            "{field}: expected a datetime whose tzinfo gives a UTC offset, "
            "got a {zone} whose utcoffset() fails",
            {"field": info.field_name, "zone": type(value.tzinfo).__name__},
        ) from None
    if offset is None:
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


AwareDatetime = Annotated[dt.datetime, AfterValidator(_aware)]
"""A timezone-aware datetime; a naive one fails with the ``naive_datetime`` error."""


def _parsed(parse: Callable[[object], object], value: object, kind: str) -> object:
    """``parse(value)``; its ``TypeError`` becomes the validation error ``kind``.

    pydantic turns a validator's ``ValueError`` into a ``value_error`` but lets
    any other exception through: the record models raise ``ValidationError`` only.
    """
    try:
        return parse(value)
    except InputTypeError as exc:
        raise PydanticCustomError(kind, str(exc)) from None


def _channel_or_none(value: object) -> object:
    return None if value is None else _parsed(channel_value, value, "channel_type")


def _priority_or_none(value: object) -> object:
    return None if value is None else _parsed(Priority.parse, value, "priority_type")


def _tier(value: object) -> object:
    return _parsed(CustomerTier.parse, value, "tier_type")


Id = Annotated[str, AfterValidator(_not_blank)]
OptionalChannel = Annotated[Channel | str | None, BeforeValidator(_channel_or_none)]
"""A channel (:func:`channel_value`: a ``Channel`` by value or alias, else a name), or None."""
OptionalPriority = Annotated[Priority | None, BeforeValidator(_priority_or_none)]
"""A priority given by value, level, name or alias (:meth:`Priority.parse`), or None."""
ParsedTier = Annotated[CustomerTier, BeforeValidator(_tier)]
"""A customer tier given by value or alias (:meth:`CustomerTier.parse`)."""
Score5 = Annotated[StrictInt, Field(ge=1, le=5)]
Score10 = Annotated[StrictInt, Field(ge=0, le=10)]

FROZEN = ConfigDict(frozen=True, extra="forbid", use_enum_values=False)

# Zones whose utcoffset() is never None; others are asked (slower).
_FIXED_ZONES = frozenset({dt.timezone, zoneinfo.ZoneInfo, TzInfo})
_ZONE = attrgetter("tzinfo")


def is_aware(value: dt.datetime) -> bool:
    """Whether ``value`` is aware, as ``AwareDatetime`` requires.

    Examples
    --------
    >>> is_aware(dt.datetime(2025, 3, 3, tzinfo=dt.UTC)), is_aware(dt.datetime(2025, 3, 3))
    (True, False)
    """
    return type(value.tzinfo) in _FIXED_ZONES or value.utcoffset() is not None


def all_aware(values: Sequence[dt.datetime]) -> bool:
    """Whether every datetime of ``values`` is aware, as ``AwareDatetime`` requires.

    Examples
    --------
    >>> all_aware([dt.datetime(2025, 3, 3, tzinfo=dt.UTC)]), all_aware([dt.datetime(2025, 3, 3)])
    (True, False)
    """
    zones = set(map(_ZONE, values))
    if len(zones) == 1:  # the usual case: one zone object for all
        fixed = type(zones.pop()) in _FIXED_ZONES
    else:
        fixed = _FIXED_ZONES.issuperset(map(type, zones))
    return fixed or None not in map(dt.datetime.utcoffset, values)


# --- the fast branch -------------------------------------------------------------

# str.isspace() is Unicode White_Space plus U+001C..U+001F: a match is a non-blank id.
_NON_BLANK = r"[^\s\x1c-\x1f]"
TO_EXACT = "to the exact branch"
"""The message of a fast check's ``ValueError`` (never shown: the exact branch reports)."""
_SCHEMA_KEYS = frozenset({"schema", "items_schema", "choices", "steps", "fields"})


def _members_first(members: list[Any], parse: Callable[[Any], Any]) -> cs.CoreSchema:
    """A member or its exact value in pydantic-core; anything else goes to ``parse``."""

    def parsed(value: object) -> Any:
        try:
            return parse(value)
        except TypeError as exc:  # the exact branch raises it, if it gets that far
            raise ValueError(TO_EXACT) from exc

    return cs.union_schema(
        [cs.literal_schema(members), cs.no_info_plain_validator_function(parsed)],
        mode="left_to_right",
    )


# The fast form of each exact validator, built from the schema the validator wraps.
# Naive datetimes pass here (the model's fast check rejects them). A channel or
# priority takes its members and values (no bytes) without Python, other input via
# its parse(); what parse rejects fails here and gets its error in the exact branch.
_FAST_FORMS: dict[Callable[..., Any], Callable[[Any], cs.CoreSchema]] = {
    _aware: lambda schema: schema,
    _not_blank: lambda schema: {**schema, "pattern": _NON_BLANK},
    _channel_or_none: lambda _: cs.nullable_schema(_members_first(list(Channel), Channel.parse)),
    _priority_or_none: lambda _: cs.nullable_schema(_members_first(list(Priority), Priority.parse)),
    # A tier alias comes with raw customer input, which goes the exact way anyway.
    _tier: lambda _: cs.literal_schema(list(CustomerTier)),
}


def fast_form(validator: Callable[..., Any], form: Callable[[Any], cs.CoreSchema]) -> None:
    """Register the fast form of a field ``validator``: ``form(schema it wraps)``."""
    _FAST_FORMS[validator] = form


def _form_of(schema: dict[str, Any]) -> Callable[[Any], cs.CoreSchema] | None:
    """The registered fast form of a validator node, if ``schema`` is one."""
    function: Any = schema.get("function")
    if isinstance(function, dict):
        function = function.get("function")
    return _FAST_FORMS.get(getattr(function, "__func__", function))


def _fast_copy(schema: Any, resolve: Callable[[Any], Any], covered: Collection[type]) -> Any:
    """The fast branch of an exact schema (a copy; refs left out, they name the exact one).

    A record inside of a ``covered`` class contributes its fast branch unchecked;
    another record inside is tried with its own (checked) fast branch, then with
    its exact branch, so that it can fall back alone.
    """
    if isinstance(schema, list | tuple):
        return type(schema)(_fast_copy(item, resolve, covered) for item in schema)
    if not isinstance(schema, dict):
        return schema
    if schema.get("type") == "definition-ref" and _is_fast_or_exact(resolve(schema)):
        schema = resolve(schema)
    if _is_fast_or_exact(schema):
        record = schema["metadata"]["csmetrics_record"]
        if record["cls"] in covered:
            return _fast_copy(record["fast"], resolve, covered)
        checked = _fast_copy(record["checked"], resolve, covered)
        return cs.union_schema([checked, record["exact"]], mode="left_to_right")
    form = _form_of(schema)
    if form is not None:
        return form(_fast_copy(schema["schema"], resolve, covered))
    fields = "type" not in schema  # the mapping of a model's fields
    return {
        key: _fast_copy(value, resolve, covered) if fields or key in _SCHEMA_KEYS else value
        for key, value in schema.items()
        if key != "ref"
    }


def _omit(_schema: cs.CoreSchema, _handler: GetJsonSchemaHandler) -> JsonSchemaValue:
    """The fast branch is no part of the JSON Schema (the exact branch describes the model)."""
    raise PydanticOmit


class _ExactOnly:
    """Input for the exact branch alone: the fast branch rejects it, the exact one unwraps it."""

    __slots__ = ("data",)

    def __init__(self, data: object) -> None:
        self.data = data


def _unwrapped(value: object) -> object:
    return value.data if isinstance(value, _ExactOnly) else value


def _first_fast(data: Any, handler: cs.ValidatorFunctionWrapHandler) -> Any:
    """Validate ``data`` with the branches; on failure report the exact branch's errors only.

    An exception other than a validation error (a ``TypeError`` inside a
    parse, say) may come from the fast branch before the exact one would
    raise another one: the exact branch then runs alone and decides. The
    exact rules raise validation errors only; what else comes from it was
    raised by the input itself (a ``__hash__`` or ``utcoffset()`` that fails,
    met by pydantic's own validators) and becomes the ``unreadable_input``
    validation error, which names the exception's type only.
    """
    try:
        return handler(data)
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
        exact = [e | {"loc": e["loc"][1:]} for e in errors if e["loc"][:1] == ("exact",)]
        raise private_errors(exc.title, exact) from None
    except Exception as exc:  # from the input itself: see above
        if isinstance(data, _ExactOnly):
            raise _unreadable(data.data, exc) from None
    return _first_fast(_ExactOnly(data), handler)


def _unreadable(data: object, exc: Exception) -> ValidationError:
    error = PydanticCustomError(
        "unreadable_input",
        "expected input that can be read, got one whose reading raised {error}",
        {"error": type(exc).__name__},
    )
    return private_errors("input", [{"type": error, "loc": (), "input": data}])


def _is_fast_or_exact(schema: Any) -> bool:
    return schema.get("type") == "function-wrap" and schema["function"]["function"] is _first_fast


def _exact_branch(
    schema: Any, before: Callable[[Any], Any] | None, after: Callable[[Any], Any] | None
) -> Any:
    exact: Any = {key: value for key, value in schema.items() if key != "ref"}
    if before is not None:
        exact = cs.no_info_before_validator_function(before, exact)
    if after is not None:
        exact = cs.no_info_after_validator_function(after, exact)
    return exact


def _fast_branch(
    schema: Any,
    resolve: Callable[[Any], Any],
    fields: Mapping[str, cs.CoreSchema],
    covered: Collection[type],
) -> Any:
    """The unchecked fast branch: fast forms of the fields, ``fields`` instead of some."""
    fast = _fast_copy(schema, resolve, covered)
    for name, field in fields.items():
        fast["schema"]["fields"][name] = {**fast["schema"]["fields"][name], "schema": field}
    return fast


def fast_or_exact(
    schema: cs.CoreSchema,
    handler: GetCoreSchemaHandler,
    *,
    exact_before: Callable[[Any], Any] | None = None,
    exact_after: Callable[[Any], Any] | None = None,
    fast_fields: Mapping[str, cs.CoreSchema] | None = None,
    fast_check: Callable[[Any], Any] | None = None,
    covers: Collection[type] = (),
) -> cs.CoreSchema:
    """A record model's schema: a fast branch in front of the exact one.

    For a model's ``__get_pydantic_core_schema__(source, handler)``, with
    ``schema`` from ``handler(source)``. The exact branch is ``schema`` with
    the model's validators ``exact_before`` (on the input) and ``exact_after``
    (on the record). The fast branch is ``schema`` with the fast form of each
    field, ``fast_fields`` (name -> schema) instead of some, and then
    ``fast_check(record)``: it returns the record if the exact branch accepts
    it too and raises ``ValueError`` otherwise. It checks what the fast
    branch lets through: the time zones, and the rules of ``exact_after``,
    also for the records inside of the model classes it ``covers``, whose
    fast branches come unchecked (others inside are tried with their own fast
    branch, then with their exact one).

    Examples
    --------
    >>> from pydantic import BaseModel, ValidationError
    >>> def checked(visit):
    ...     if not is_aware(visit.at):
    ...         raise ValueError(TO_EXACT)
    ...     return visit
    >>> class Visit(BaseModel):
    ...     at: AwareDatetime
    ...     @classmethod
    ...     def __get_pydantic_core_schema__(cls, source, handler):
    ...         return fast_or_exact(handler(source), handler, fast_check=checked)
    >>> Visit(at="2025-03-03T09:30+08:00").at.utcoffset()
    datetime.timedelta(seconds=28800)
    >>> try:
    ...     Visit(at="2025-03-03T09:30")
    ... except ValidationError as exc:
    ...     print(exc.errors()[0]["msg"])
    at: expected a timezone-aware datetime, got naive 2025-03-03T09:30:00
    """
    if _is_fast_or_exact(schema):
        return schema  # the model's own schema, built before
    fast = _fast_branch(schema, handler.resolve_ref_schema, fast_fields or {}, covers)
    checked = fast if fast_check is None else cs.no_info_after_validator_function(fast_check, fast)
    exact = _exact_branch(schema, exact_before, exact_after)
    branches = cs.union_schema(
        [
            ({**checked, "metadata": {"pydantic_js_functions": [_omit]}}, "fast"),
            (cs.no_info_before_validator_function(_unwrapped, exact), "exact"),
        ],
        mode="left_to_right",
    )
    record = {"cls": schema.get("cls"), "fast": fast, "checked": checked, "exact": exact}
    return cs.no_info_wrap_validator_function(
        _first_fast, branches, ref=schema.get("ref"), metadata={"csmetrics_record": record}
    )
