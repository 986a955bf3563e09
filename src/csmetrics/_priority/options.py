"""The options of the priority functions, parsed once; a wrong value is described, not echoed.

``column`` broadcasts a scalar option over many texts or checks a per-text
one, naming the position of a wrong value; ``texts_of`` checks the texts
against the size limit.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TypeVar

from csmetrics._core.describe import describe
from csmetrics._core.text import check_max_length, require_text
from csmetrics._priority.engine import parse_level
from csmetrics._priority.names import parse_channel, parse_priority, parse_tier
from csmetrics.exceptions import CsMetricsError, InputTypeError, InvalidInputError

__all__ = [
    "column",
    "parse_channel",
    "parse_impact",
    "parse_priority",
    "parse_tier",
    "parse_urgency",
    "texts_of",
]

_T = TypeVar("_T")


def parse_impact(value: object) -> int | None:
    return parse_level(value, "impact")


def parse_urgency(value: object) -> int | None:
    return parse_level(value, "urgency")


def column(values: object, n: int, param: str, parse: Callable[[object], _T]) -> list[_T]:
    """Broadcast a scalar option or validate a per-row one (parsing each distinct value once)."""
    if _is_scalar(values):
        return [parse(values)] * n
    rows = list(values)  # type: ignore[call-overload]
    if len(rows) != n:
        msg = f"{param}: expected a scalar or {n} values (one per text), got {len(rows)}"
        raise InvalidInputError(msg)
    cache: dict[tuple[type, object], _T] = {}
    return [_parse_row(parse, value, param, i, cache) for i, value in enumerate(rows)]


def _parse_row(
    parse: Callable[[object], _T],
    value: object,
    param: str,
    i: int,
    cache: dict[tuple[type, object], _T],
) -> _T:
    key = (type(value), value) if value is None or isinstance(value, str | int) else None
    if key is not None and key in cache:
        return cache[key]
    try:
        parsed = parse(value)
    except CsMetricsError as error:
        detail = str(error).removeprefix(f"{param}: ")
        raise type(error)(f"{param}[{i}]: {detail}") from None
    if key is not None:
        cache[key] = parsed
    return parsed


def _is_scalar(value: object) -> bool:
    return value is None or isinstance(value, str | int | float) or not isinstance(value, Iterable)


def texts_of(texts: object, max_length: int) -> list[str]:
    """The texts as a list of str, each of at most `max_length` characters."""
    check_max_length(max_length)
    if isinstance(texts, str) or not isinstance(texts, Iterable):
        msg = f"texts: expected an iterable of str, got {describe(texts)}"
        raise InputTypeError(msg)
    return [
        require_text(text, param=f"texts[{i}]", max_length=max_length)
        for i, text in enumerate(texts)
    ]
