"""The de-identified customer profile (names and phones masked on input)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, GetCoreSchemaHandler
from pydantic_core import PydanticCustomError
from pydantic_core import core_schema as cs

from csmetrics._core.exports import publish
from csmetrics._models.enums import CustomerTier
from csmetrics._models.fields import ParsedTier, fast_form, fast_or_exact
from csmetrics._models.masking import (
    _CJK_TITLES,
    _COMPOUND_SURNAMES,
    _LATIN_TITLES,
    mask_name,
    mask_phone,
)

__all__ = ["Customer"]


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
    return f"^(?:(?:{surname})(?:\\*(?:{title})?|{title})|(?:{word})(?: (?:{word}))*)$"


_MASK = _masks_pattern()
_MASKED_NAME = cs.with_default_schema(
    cs.nullable_schema(cs.str_schema(pattern=_MASK)), default=None
)


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
    tier: ParsedTier = CustomerTier.NORMAL
    relationship_years: Annotated[float | None, BeforeValidator(_years)] = Field(default=None, ge=0)
    annual_spend: float | None = Field(default=None, ge=0)
    past_complaints: int = Field(default=0, ge=0)
    order_ids: tuple[str, ...] = ()
    contract_ids: tuple[str, ...] = ()
    device_serials: tuple[str, ...] = ()

    @classmethod
    def _mask(cls, data: Any) -> Any:
        if not isinstance(data, Mapping):
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

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: type[BaseModel], handler: GetCoreSchemaHandler
    ) -> cs.CoreSchema:
        return fast_or_exact(
            handler(source), handler, exact_before=cls._mask, fast_fields={"name": _MASKED_NAME}
        )

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


publish("csmetrics.models", Customer)
