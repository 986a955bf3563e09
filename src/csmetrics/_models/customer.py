"""The de-identified customer profile (names and phones masked on input)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Annotated, Any, Self

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    GetCoreSchemaHandler,
    GetJsonSchemaHandler,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import PydanticCustomError
from pydantic_core import core_schema as cs

from csmetrics._core.exports import publish
from csmetrics._core.text import MAX_TEXT_LENGTH
from csmetrics._models.enums import CustomerTier
from csmetrics._models.fields import ParsedTier, fast_form, fast_or_exact
from csmetrics._models.masking import (
    _CJK_TITLES,
    _COMPOUND_SURNAMES,
    _LATIN_TITLES,
    MAX_NAME_WORDS,
    mask_name,
    mask_phone,
)
from csmetrics._models.privacy import Record, describe_personal
from csmetrics.exceptions import InputTypeError

__all__ = ["Customer", "MaskedAttributes", "masked_fields"]


def _years(value: object) -> object:
    return _parse_duration_years(value) if isinstance(value, str) else value


# The fast branch reads numbers only; "2年" or "6个月" go the exact way.
fast_form(_years, lambda schema: schema)


def _masks_pattern() -> str:
    """Masks that mask_name() leaves unchanged, as a pattern ("张*", "欧阳*女士", "Mr. B***").

    The fast branch takes such a name as it is; any other name goes the exact
    way and is masked there. Built from the masking tables, so that every mask
    mask_name() makes matches.
    """
    surname = "|".join(["[\u4e00-\u9fa5]", *sorted(_COMPOUND_SURNAMES)])
    title = "|".join(_CJK_TITLES)
    # ASCII spellings only: case-insensitive matching would take "ſ" or "K" (Kelvin),
    # which NFKC, and so mask_name(), changes.
    titles = {form for t in _LATIN_TITLES for form in (t, t.capitalize(), t.upper())}
    word = "|".join(["[A-Za-z]\\*{3}", *(re.escape(t) for t in sorted(titles))])
    more = MAX_NAME_WORDS - 1
    return f"^(?:(?:{surname})(?:\\*(?:{title})?|{title})|(?:{word})(?: (?:{word})){{0,{more}}})$"


_MASK = _masks_pattern()
_MASKED_NAME = cs.with_default_schema(
    cs.nullable_schema(cs.str_schema(pattern=_MASK, max_length=MAX_TEXT_LENGTH)), default=None
)


class Customer(Record):
    """A de-identified customer profile.

    ``name`` and ``phone`` are masked on input (:func:`mask_name`,
    :func:`mask_phone`) on every way of building one (keywords, a mapping, an
    object's attributes, JSON, ``model_copy(update=...)`` and
    ``model_construct``): the raw values are never stored, so no ``repr``,
    dump, JSON or pickle of the model can reveal them. Validation errors
    describe an input by type and size, never echo it.

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
    name: str | None = Field(default=None, examples=["张*", "欧阳*女士", "Mr. S***"])
    """The masked name, e.g. "张*" or "Mr. S***"."""
    phone_last4: str | None = Field(default=None, pattern=r"^\d{4}$", examples=["5678"])
    industry: str | None = None
    tier: ParsedTier = CustomerTier.NORMAL
    relationship_years: Annotated[float | None, BeforeValidator(_years)] = Field(
        default=None, ge=0, allow_inf_nan=False
    )
    annual_spend: float | None = Field(default=None, ge=0, allow_inf_nan=False)
    past_complaints: int = Field(default=0, ge=0)
    order_ids: tuple[str, ...] = ()
    contract_ids: tuple[str, ...] = ()
    device_serials: tuple[str, ...] = ()

    @classmethod
    def _mask(cls, data: Any) -> Any:
        if isinstance(data, (Customer, *_NOT_RECORDS)):
            return data
        if not isinstance(data, Mapping):
            return MaskedAttributes(data)
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
            data["name"] = _masked_name(data["name"])
        return data

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: type[BaseModel], handler: GetCoreSchemaHandler
    ) -> cs.CoreSchema:
        return fast_or_exact(
            handler(source), handler, exact_before=cls._mask, fast_fields={"name": _MASKED_NAME}
        )

    @classmethod
    def __get_pydantic_json_schema__(
        cls, core_schema: cs.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        schema = handler(core_schema)
        if handler.mode == "validation":  # the input form takes a phone number, too
            properties = handler.resolve_ref_schema(schema)["properties"]
            properties["phone"] = _PHONE_INPUT
        return schema

    @classmethod
    def model_construct(  # type: ignore[override]  # the pydantic plugin types it per model
        cls, _fields_set: set[str] | None = None, **values: Any
    ) -> Self:
        """Build a customer without validation (see pydantic), its name and phone masked.

        ``name`` and ``phone`` (or a ``phone_last4`` that holds more digits)
        are masked as on validation; a value that cannot be masked raises
        :class:`~csmetrics.exceptions.InvalidInputError` or
        :class:`~csmetrics.exceptions.InputTypeError` instead of being stored.

        Examples
        --------
        >>> Customer.model_construct(name="张三丰", phone="13812345678").name
        '张*'
        """
        if _fields_set is not None and "phone" in _fields_set:
            _fields_set = (_fields_set - {"phone"}) | {"phone_last4"}
        return super().model_construct(_fields_set, **masked_fields(values))  # type: ignore[return-value]

    def model_copy(self, *, update: Mapping[str, Any] | None = None, deep: bool = False) -> Self:
        """A copy (see pydantic); a ``name`` or ``phone`` in ``update`` is masked first.

        Examples
        --------
        >>> Customer(name="张三").model_copy(update={"name": "李四光"}).name
        '李*'
        """
        update = None if update is None else masked_fields(update)
        return super().model_copy(update=update, deep=deep)

    @property
    def is_vip(self) -> bool:
        """Whether the customer is of the VIP tier."""
        return self.tier is CustomerTier.VIP


# Inputs that are no objects with attributes: pydantic rejects them as they are.
_NOT_RECORDS = (str, bytes, bytearray, int, float, list, tuple, set, frozenset, type(None))
_PHONE_INPUT: dict[str, Any] = {
    "anyOf": [{"type": "string"}, {"type": "integer"}, {"type": "null"}],
    "default": None,
    "title": "Phone",
    "description": "Input only: masked to phone_last4 on input and never stored.",
    "writeOnly": True,
}


def _masked_name(name: object) -> object:
    """The mask of a name given as text (``str`` or UTF-8 ``bytes``); other values as they are."""
    if isinstance(name, bytes | bytearray):
        try:
            name = bytes(name).decode("utf-8")
        except UnicodeDecodeError:
            return name  # pydantic rejects it (string_unicode), without echoing it
    return mask_name(name) if isinstance(name, str) else name


def masked_fields(values: Mapping[str, Any]) -> dict[str, Any]:
    """``values`` of a customer with ``name`` and ``phone`` masked, for the unvalidated paths.

    A ``phone`` becomes ``phone_last4``; a ``phone_last4`` is masked too (it
    may hold a whole number). What cannot be masked raises, never passes.

    Examples
    --------
    >>> masked_fields({"name": "张三".encode(), "phone": 13812345678, "tier": "vip"})
    {'name': '张*', 'tier': 'vip', 'phone_last4': '5678'}
    """
    values = dict(values)
    if "phone" in values:
        values["phone_last4"] = values.pop("phone")
    if values.get("phone_last4") is not None:
        values["phone_last4"] = mask_phone(values["phone_last4"])
    if values.get("name") is not None:
        name = _masked_name(values["name"])
        if not isinstance(name, str):
            msg = f"name: expected a str or UTF-8 bytes, got {describe_personal(name)}"
            raise InputTypeError(msg)
        values["name"] = name
    return values


class MaskedAttributes:
    """An object's attributes as a customer's input, its ``name`` masked on reading.

    What ``Customer.model_validate(obj, from_attributes=True)`` reads instead of ``obj``.
    """

    __slots__ = ("_source",)

    def __init__(self, source: object) -> None:
        self._source = source

    def __getattr__(self, attribute: str) -> Any:
        value = getattr(self._source, attribute)
        return _masked_name(value) if attribute == "name" else value

    def __repr__(self) -> str:
        return f"<attributes of a {type(self._source).__name__}>"


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


# Possessive: linear in the text (a greedy pattern backtracks over long digit runs).
_DURATION = re.compile(r"(\d++(?:\.\d++)?+)\s*+(\S*+)")


def _parse_duration_years(text: str) -> object:
    """Read "2年", "6个月", "2 years", "1.5" as years; leave anything else to pydantic."""
    match = _DURATION.fullmatch(text.strip().casefold())
    factor = _YEAR_UNITS.get(match.group(2)) if match else None
    if match is None or (factor is None and match.group(2)):
        return text
    return float(match.group(1)) * (factor or 1.0)


publish("csmetrics.models", Customer)
