"""Argument checks shared by the public functions (private)."""

from __future__ import annotations

import datetime as dt

from csmetrics.exceptions import InputTypeError, NaiveDatetimeError

__all__ = ["require_aware"]


def require_aware(value: object, *, param: str) -> dt.datetime:
    """Return ``value`` if it is a timezone-aware datetime; raise naming ``param`` otherwise.

    Examples
    --------
    >>> require_aware(dt.datetime(2025, 3, 3, tzinfo=dt.UTC), param="now").isoformat()
    '2025-03-03T00:00:00+00:00'
    >>> require_aware(dt.datetime(2025, 3, 3), param="now")
    Traceback (most recent call last):
    ...
    csmetrics.exceptions.NaiveDatetimeError: now: expected a timezone-aware datetime, got naive ...
    """
    if not isinstance(value, dt.datetime):
        msg = f"{param}: expected a timezone-aware datetime, got {type(value).__name__} {value!r}"
        raise InputTypeError(msg)
    if value.tzinfo is None or value.utcoffset() is None:
        msg = f"{param}: expected a timezone-aware datetime, got naive {value.isoformat()!r}"
        raise NaiveDatetimeError(msg)
    return value
