"""Converting one field's distinct values: channels, priorities, tiers, flags, scores, pauses.

Each converter takes one value (never a missing one) and returns the
csmetrics value, or raises ``ValueError`` with what was expected. Personal
fields (names, phones) are masked here, and their errors describe the value
by shape only.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import Any

from csmetrics._core.describe import describe
from csmetrics._models.channels import channel_value
from csmetrics._models.enums import Channel, CustomerTier, Priority
from csmetrics._models.masking import mask_name, mask_phone
from csmetrics.exceptions import CsMetricsError

__all__ = [
    "Converter",
    "channel_name",
    "flag",
    "label",
    "mapped",
    "masked_name",
    "masked_phone",
    "priority_level",
    "score",
    "tier_name",
]

Converter = Callable[[Any], Any]


def _text(value: object) -> str:
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        msg = f"expected text, got {describe(value)}"
        raise ValueError(msg)
    if isinstance(value, float):
        if not math.isfinite(value):
            msg = f"expected text, got {describe(value)}"
            raise ValueError(msg)
        return str(int(value)) if value.is_integer() else str(value)
    return str(value).strip()


def label(value: object) -> str:
    """Free text such as a category, an agent or a team, stripped."""
    return value.strip() if isinstance(value, str) else _text(value)


def channel_name(value: object) -> str:
    """A known channel's name for its value or synonym (微信 -> wechat); others as given."""
    channel = channel_value(_text(value))
    return str(channel.value if isinstance(channel, Channel) else channel)


def priority_level(value: object) -> int:
    """1, 2 or 3 for a priority's value, level or alias (P1, 一级, red, urgent, 1 ...)."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    try:
        return Priority.parse(value if isinstance(value, int) else _text(value)).level
    except CsMetricsError:
        msg = "expected a priority such as P1, 一级, red or urgent (or a value map)"
        raise ValueError(msg) from None


def tier_name(value: object) -> str:
    """``vip`` or ``normal`` for a tier or its alias (VIP客户, 普通客户 ...)."""
    try:
        return CustomerTier.parse(_text(value)).value
    except CsMetricsError:
        msg = "expected a customer tier such as vip, normal, VIP客户 or 普通客户 (or a value map)"
        raise ValueError(msg) from None


_TRUE = frozenset({"true", "yes", "y", "1", "是", "t"})
_FALSE = frozenset({"false", "no", "n", "0", "否", "f"})


def flag(value: object) -> bool:
    """True / false from booleans, 1/0, yes/no, true/false, 是/否."""
    if isinstance(value, bool):
        return value
    text = _text(value).casefold()
    if text in _TRUE or text in _FALSE:
        return text in _TRUE
    msg = "expected yes/no, true/false, 1/0 or 是/否"
    raise ValueError(msg)


def score(low: int, high: int) -> Converter:
    """A converter of whole-number scores on ``low..high`` ("4", 4, 4.0)."""

    def convert(value: object) -> int:
        number: float
        if isinstance(value, bool):
            number = math.nan
        elif isinstance(value, int | float):
            number = value
        else:
            try:
                number = float(_text(value))
            except ValueError:
                number = math.nan
        if not (math.isfinite(number) and float(number).is_integer() and low <= number <= high):
            msg = f"expected a whole number {low}..{high}"
            raise ValueError(msg)
        return int(number)

    return convert


def masked_name(value: object) -> str:
    """The name masked (张三 -> 张*); errors describe the value by shape only."""
    if not isinstance(value, str):
        msg = f"expected a name as text, got {describe(value)}"
        raise ValueError(msg)
    try:
        return mask_name(value)
    except CsMetricsError:
        msg = f"expected a non-blank name, got {describe(value)}"
        raise ValueError(msg) from None


def masked_phone(value: object) -> str:
    """The phone's last four digits; errors describe the value by shape only."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, str | int):
        msg = f"expected a phone number, got {describe(value)}"
        raise ValueError(msg)
    try:
        return mask_phone(value)
    except CsMetricsError:
        digits = sum(ch.isdigit() for ch in str(value))
        msg = f"expected a phone number with at least 4 digits, got {describe(str(value))} with {digits} digits"  # noqa: E501
        raise ValueError(msg) from None


def mapped(table: Mapping[str, str], then: Converter, field: str) -> Converter:
    """A converter through a value map: a value not in it is an error, never a default."""
    known = ", ".join(repr(k) for k in list(table)[:8]) + (" ..." if len(table) > 8 else "")

    def convert(value: object) -> Any:
        key = _text(value)
        if key not in table:
            msg = f"expected one of the values mapped for {field} ({known}), got {key!r:.40}"
            raise ValueError(msg)
        return then(table[key])

    return convert
