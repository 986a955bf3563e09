"""Time zones: resolving names, stable keys, and local wall times as instants.

>>> tz = resolve_timezone("America/New_York")
>>> from datetime import datetime
>>> local_to_us(tz, datetime(2026, 3, 8, 2, 30)) == local_to_us(tz, datetime(2026, 3, 8, 3, 0))
True
"""

from __future__ import annotations

import re
import zoneinfo
from datetime import date, datetime, tzinfo

from csmetrics._core.describe import describe
from csmetrics._core.instants import US_PER_SECOND, from_us
from csmetrics.exceptions import InputTypeError, InvalidScheduleError

__all__ = ["local_date", "local_to_us", "resolve_timezone", "timezone_key"]

_NAIVE_EPOCH = datetime(1970, 1, 1)  # noqa: DTZ001 - local wall times are naive on purpose
_DAY_US = 86_400 * US_PER_SECOND


_ZONE_NAME = re.compile(r"[A-Za-z0-9+\-_/]{1,40}")


def _shown(name: str) -> str:
    """A zone name quoted when it looks like one, else described (never echoed at length)."""
    return repr(name) if _ZONE_NAME.fullmatch(name) else describe(name)


def resolve_timezone(value: object) -> tzinfo:
    """Return the tzinfo for an IANA name or a tzinfo object.

    >>> resolve_timezone("Asia/Kolkata")
    zoneinfo.ZoneInfo(key='Asia/Kolkata')
    """
    if isinstance(value, str):
        try:
            return zoneinfo.ZoneInfo(value)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError) as exc:
            msg = (
                "timezone: expected an IANA time zone name such as 'Asia/Shanghai', "
                f"got {_shown(value)}"
            )
            raise InvalidScheduleError(msg) from exc
    if isinstance(value, tzinfo):
        if hasattr(value, "localize"):
            msg = (
                "timezone: pytz zones do not support fold; pass the zone name, "
                f"got {type(value).__name__}"
            )
            raise InputTypeError(msg)
        return value
    msg = f"timezone: expected an IANA zone name or a tzinfo, got {describe(value)}"
    raise InputTypeError(msg)


def timezone_key(tz: tzinfo) -> str:
    """A stable name for a zone: its IANA key when it has one."""
    key = getattr(tz, "key", None)
    return key if isinstance(key, str) else str(tz)


def local_date(us: int, tz: tzinfo) -> date:
    """The local calendar date in ``tz`` of the instant ``us``."""
    return from_us(us, tz).date()


def _naive_us(naive: datetime) -> int:
    delta = naive - _NAIVE_EPOCH
    return (delta.days * 86_400 + delta.seconds) * US_PER_SECOND + delta.microseconds


def _wall(tz: tzinfo, us: int) -> datetime:
    return from_us(us, tz).replace(tzinfo=None)


def local_to_us(tz: tzinfo, naive: datetime) -> int:
    """The instant of a local wall time: first occurrence if ambiguous, the jump if skipped."""
    offset = naive.replace(tzinfo=tz, fold=0).utcoffset()
    assert offset is not None
    us = _naive_us(naive - offset)
    if _wall(tz, us) == naive:
        return us
    # The wall time does not exist: the first instant whose wall time is past it.
    lo, hi = us - _DAY_US, us + _DAY_US
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if _wall(tz, mid) >= naive:
            hi = mid
        else:
            lo = mid
    return hi
