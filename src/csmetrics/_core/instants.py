"""Instants as integer microseconds since the Unix epoch (UTC), and zones (private).

>>> from datetime import datetime, timezone
>>> to_us(datetime(1970, 1, 1, 0, 0, 1, tzinfo=timezone.utc), "t")
1000000
>>> tz = resolve_timezone("America/New_York")
>>> local_to_us(tz, datetime(2026, 3, 8, 2, 30)) == local_to_us(tz, datetime(2026, 3, 8, 3, 0))
True
"""

from __future__ import annotations

import zoneinfo
from datetime import UTC, date, datetime, timedelta, tzinfo

from csmetrics._core.validate import require_aware
from csmetrics.exceptions import InputTypeError, InvalidInputError, InvalidScheduleError

__all__ = [
    "MAX_YEAR",
    "MIN_YEAR",
    "epoch_in",
    "from_us",
    "from_us_fast",
    "local_date",
    "local_to_us",
    "resolve_timezone",
    "timezone_key",
    "to_us",
    "to_us_duration",
]

MIN_YEAR = 1800
MAX_YEAR = 2399
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_NAIVE_EPOCH = datetime(1970, 1, 1)  # noqa: DTZ001 - local wall times are naive on purpose
_US = 1_000_000
_ONE_US = timedelta(microseconds=1)
_LO_US = int((datetime(MIN_YEAR, 1, 2, tzinfo=UTC) - _EPOCH).total_seconds()) * _US
_HI_US = int((datetime(MAX_YEAR, 12, 31, tzinfo=UTC) - _EPOCH).total_seconds()) * _US


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
                f"timezone: expected an IANA time zone name such as 'Asia/Shanghai', got {value!r}"
            )
            raise InvalidScheduleError(msg) from exc
    if isinstance(value, tzinfo):
        if hasattr(value, "localize"):
            msg = f"timezone: pytz zones do not support fold; pass the zone name, got {value!r}"
            raise InputTypeError(msg)
        return value
    msg = f"timezone: expected an IANA zone name or a tzinfo, got {value!r}"
    raise InputTypeError(msg)


def timezone_key(tz: tzinfo) -> str:
    """A stable name for a zone: its IANA key when it has one."""
    key = getattr(tz, "key", None)
    return key if isinstance(key, str) else str(tz)


def to_us(value: object, param: str) -> int:
    """Microseconds since the epoch of an aware datetime; naive or other types raise."""
    if isinstance(value, datetime):
        try:
            us: int = (value - _EPOCH) // _ONE_US
        except TypeError:  # naive
            us = _LO_US - 1
        if _LO_US <= us <= _HI_US:
            return us
    require_aware(value, param=param)  # raises for other types and naive datetimes
    msg = f"{param}: expected an instant in the years {MIN_YEAR}..{MAX_YEAR}, got {value!r}"
    raise InvalidInputError(msg)


def to_us_duration(value: object, param: str) -> int:
    """Microseconds of a timedelta."""
    if not isinstance(value, timedelta):
        msg = f"{param}: expected a datetime.timedelta, got {value!r}"
        raise InputTypeError(msg)
    return (value.days * 86_400 + value.seconds) * _US + value.microseconds


def epoch_in(tz: tzinfo) -> datetime:
    """The Unix epoch labelled with ``tz``, the base of :func:`from_us_fast`."""
    return datetime(1970, 1, 1, tzinfo=tz)


def from_us_fast(us: int, epoch: datetime) -> datetime:
    """The instant ``us`` in the zone of ``epoch`` (from :func:`epoch_in`)."""
    tz = epoch.tzinfo
    assert tz is not None
    return tz.fromutc(epoch + timedelta(0, 0, us))


def from_us(us: int, tz: tzinfo) -> datetime:
    """The instant ``us`` as an aware datetime in ``tz``."""
    return (_EPOCH + timedelta(microseconds=us)).astimezone(tz)


def local_date(us: int, tz: tzinfo) -> date:
    """The local calendar date in ``tz`` of the instant ``us``."""
    return from_us(us, tz).date()


def _naive_us(naive: datetime) -> int:
    delta = naive - _NAIVE_EPOCH
    return (delta.days * 86_400 + delta.seconds) * _US + delta.microseconds


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
    lo, hi = us - 86_400 * _US, us + 86_400 * _US
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if _wall(tz, mid) >= naive:
            hi = mid
        else:
            lo = mid
    return hi
