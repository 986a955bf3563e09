"""Checks of the Python arguments of the helpdesk functions (not of a product's JSON).

A product payload that is wrong raises :class:`~csmetrics.exceptions.InvalidConfigError`
naming its JSON path (:mod:`csmetrics._helpdesks.paths`); an argument of the
wrong type raises :class:`~csmetrics.exceptions.InputTypeError` and one of
the right type but a wrong value :class:`~csmetrics.exceptions.InvalidInputError`,
each naming the parameter, what was expected and (described, never echoed)
what came.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any, TypeVar

from csmetrics._core.describe import describe, shown
from csmetrics._core.instants import to_us
from csmetrics._core.validate import require_aware
from csmetrics._helpdesks.zendesk_history import STATUSES, History
from csmetrics.exceptions import InputTypeError, InvalidInputError

__all__ = [
    "TICKET",
    "require_history",
    "require_instance",
    "require_instant",
    "require_items",
    "require_mapping",
]

_T = TypeVar("_T")
TICKET = "a Zendesk ticket object (a dict)"


def require_instance(value: object, kind: type[_T], *, param: str, what: str) -> _T:
    """``value`` if it is a ``kind``; else :class:`InputTypeError` naming ``param``.

    >>> require_instance("张三 13800138000", int, param="count", what="an int")
    Traceback (most recent call last):
    ...
    csmetrics.exceptions.InputTypeError: count: expected an int, got str of 14 characters
    """
    if not isinstance(value, kind):
        msg = f"{param}: expected {what}, got {describe(value)}"
        raise InputTypeError(msg)
    return value


def require_mapping(value: object, *, param: str, what: str) -> Mapping[Any, Any]:
    """``value`` if it is a mapping (a dict); else :class:`InputTypeError` naming ``param``."""
    return require_instance(value, Mapping, param=param, what=what)  # type: ignore[type-abstract]


def require_items(
    values: object, kind: type[_T], *, param: str, what: str, exclude: type | None = None
) -> list[_T]:
    """``values`` (an iterable, not text) as a list of ``kind`` objects (not of ``exclude``).

    The first wrong item is named by its position and described.

    >>> require_items([1, "2"], int, param="counts", what="int objects")
    Traceback (most recent call last):
    ...
    csmetrics.exceptions.InputTypeError: counts[1]: expected int objects, got str of 1 character
    """
    if isinstance(values, str | bytes | bytearray | Mapping) or not isinstance(values, Iterable):
        msg = f"{param}: expected an iterable of {what}, got {describe(values)}"
        raise InputTypeError(msg)
    items: list[Any] = list(values)
    for index, item in enumerate(items):
        if not isinstance(item, kind) or (exclude is not None and isinstance(item, exclude)):
            msg = f"{param}[{index}]: expected {what}, got {describe(item)}"
            raise InputTypeError(msg)
    return items


def require_instant(value: object, *, param: str) -> dt.datetime:
    """``value`` (a timezone-aware datetime in the years 1800..2399) in UTC.

    The years are the package's range for instants, so that every deadline
    computed from one stays representable.

    >>> require_instant(dt.datetime(2024, 3, 4, 17, tzinfo=dt.timezone(dt.timedelta(hours=8))),
    ...                 param="now").isoformat()
    '2024-03-04T09:00:00+00:00'
    >>> require_instant(dt.datetime(9999, 1, 1, tzinfo=dt.UTC), param="now")
    Traceback (most recent call last):
    ...
    csmetrics.exceptions.InvalidInputError: now: expected instants in the years 1800..2399, got ...
    """
    to_us(value, param)  # the type, the zone and the years
    return require_aware(value, param=param).astimezone(dt.UTC)


def require_history(value: object, *, param: str = "history") -> History:
    """``value`` if it is a :class:`History` the clocks can read.

    A history built by hand is checked as a read one is made: ``created_at``
    and every instant timezone-aware, every status among :data:`STATUSES`,
    statuses and agent replies in time order (:meth:`History.settle` sorts
    them); a clock run on anything else would give a plausible, wrong number.
    """
    history = require_instance(value, History, param=param, what="a zendesk History")
    require_instant(history.created_at, param=f"{param}.created_at")
    for name in ("statuses", "priorities"):
        pairs = require_items(
            getattr(history, name), object, param=f"{param}.{name}", what="(datetime, str) pairs"
        )
        instants = []
        for index, pair in enumerate(pairs):
            where = f"{param}.{name}[{index}]"
            if not isinstance(pair, tuple | list) or len(pair) != 2 or not isinstance(pair[1], str):
                msg = f"{where}: expected a (datetime, str) pair, got {describe(pair)}"
                raise InputTypeError(msg)
            instants.append(require_instant(pair[0], param=f"{where}[0]"))
            if name == "statuses" and pair[1] not in STATUSES:
                msg = f"{where}[1]: expected one of {', '.join(STATUSES)}, got {shown(pair[1])}"
                raise InvalidInputError(msg)
        _in_order(instants, f"{param}.{name}")
    for name in ("agent_replies", "customer_replies"):
        moments = require_items(
            getattr(history, name), dt.datetime, param=f"{param}.{name}", what="datetimes"
        )
        for index, moment in enumerate(moments):
            require_instant(moment, param=f"{param}.{name}[{index}]")
        _in_order(moments, f"{param}.{name}")
    return history


def _in_order(moments: list[dt.datetime], param: str) -> None:
    late = next((i for i in range(1, len(moments)) if moments[i] < moments[i - 1]), None)
    if late is not None:
        msg = (
            f"{param}[{late}]: expected instants in time order (History.settle() sorts them), "
            f"got one earlier than the one before"
        )
        raise InvalidInputError(msg)
