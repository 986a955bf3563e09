"""Priority, customer tier and channel names: parsed, and described (never echoed) when wrong.

``parse_priority``, ``parse_tier`` and ``parse_channel`` read the names and
aliases of ``Priority``, ``CustomerTier`` and ``Channel``; a value they do not
know is described by type and size in the message (it may be free text a
caller passed through, or an integer too large to print).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from csmetrics._core.describe import describe
from csmetrics._models.enums import Channel, CustomerTier, Priority
from csmetrics.exceptions import CsMetricsError, InputTypeError, InvalidInputError

__all__ = ["parse_channel", "parse_priority", "parse_tier"]

_T = TypeVar("_T")
_KINDS: dict[str, type[Priority] | type[CustomerTier] | type[Channel]] = {
    "priority": Priority,
    "customer_tier": CustomerTier,
    "channel": Channel,
}


def _parse(parse: Callable[[object], _T], value: object, param: str, kind: str) -> _T:
    """``parse(value)``; a wrong value raises our error with a described value."""
    try:
        return parse(value)
    except (CsMetricsError, ValueError, TypeError) as error:  # ValueError: repr of a huge int
        wrong_type = isinstance(error, TypeError)
        choices = ", ".join(repr(member.value) for member in _KINDS[kind])
        msg = f"{param}: expected one of {choices} (or a known alias), got {describe(value)}"
        raise (InputTypeError if wrong_type else InvalidInputError)(msg) from None


def parse_priority(value: object, param: str = "priority") -> Priority:
    """The priority `value` names ("P1", "红", "urgent", 1 ...)."""
    return _parse(Priority.parse, value, param, "priority")


def parse_tier(value: object) -> CustomerTier | None:
    """The customer tier `value` names ("vip", "VIP客户" ...), None for None."""
    return (
        None
        if value is None
        else _parse(CustomerTier.parse, value, "customer_tier", "customer_tier")
    )


def parse_channel(value: object) -> Channel | None:
    """The channel `value` names ("phone", "微博" ...), None for None."""
    return None if value is None else _parse(Channel.parse, value, "channel", "channel")
