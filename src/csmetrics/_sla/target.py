"""SLA targets: a duration on a clock (business time, calendar time or working days).

A target is read from config as text or a number:

==========================  =============================================
input                       meaning
==========================  =============================================
``15``, ``15.0``            15 minutes of business time (numbers are minutes)
``"15m"``, ``"2h"``         business time; units s, m/min, h/hr, d (24 h)
``"1h30m"``                 units may be combined
``"PT15M"``, ``"P1DT2H"``   ISO 8601 durations (days are 24 h)
``"24h calendar"``          calendar (wall-clock) time instead of business time
``"3wd"``, ``"3 working days"``, ``"3个工作日"``  due at the close of the 3rd working day
``timedelta(hours=2)``      business time
``{"within": ..., "clock": ..., "not_before": ...}``  the full form
==========================  =============================================
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, Literal

from pydantic import Field, model_validator
from pydantic_core import PydanticCustomError

from csmetrics._core.exports import publish
from csmetrics._core.frozen import FrozenModel
from csmetrics._schedule.hours import shown

__all__ = ["MAX_TARGET", "MAX_WORKING_DAYS", "Clock", "SlaTarget", "parse_duration"]

Clock = Literal["business", "calendar", "working_days"]

_MAX_TEXT = 64
_MAX_MINUTES = 1e9
MAX_TARGET = dt.timedelta(minutes=_MAX_MINUTES)
"""The longest target or escalation threshold: 1,000,000,000 minutes (about 1,900 years).

Deadlines then stay representable (a datetime before year 10000, an int64
microsecond count), so scalar and vectorized evaluation give the same answer."""
MAX_WORKING_DAYS = 50 * 366
"""The most working days a target may count (no schedule search reaches past 50 years)."""
_UNIT_SECONDS = {
    "s": 1,
    "sec": 1,
    "secs": 1,
    "second": 1,
    "seconds": 1,
    "秒": 1,
    "m": 60,
    "min": 60,
    "mins": 60,
    "minute": 60,
    "minutes": 60,
    "分钟": 60,
    "分": 60,
    "h": 3600,
    "hr": 3600,
    "hrs": 3600,
    "hour": 3600,
    "hours": 3600,
    "小时": 3600,
    "d": 86400,
    "day": 86400,
    "days": 86400,
    "天": 86400,
}
_PART = re.compile(r"(\d+(?:\.\d+)?)\s*([a-z]+|分钟|分|小时|秒|天)\s*")
_WORKING_DAYS = re.compile(
    r"(\d+)\s*(?:wd|working\s+days?|workdays?|business\s+days?|个?工作日)",
)
_ISO = re.compile(
    r"p(?:(\d+(?:\.\d+)?)d)?(?:t(?:(\d+(?:\.\d+)?)h)?(?:(\d+(?:\.\d+)?)m)?(?:(\d+(?:\.\d+)?)s)?)?"
)
_CLOCK_WORDS: dict[str, Clock] = {
    "calendar": "calendar",
    "calendar time": "calendar",
    "日历": "calendar",
    "自然时间": "calendar",
    "business": "business",
    "business time": "business",
    "工作时间": "business",
}


def _bad(value: object, why: str) -> PydanticCustomError:
    """The error for a duration: numbers, timedeltas and short format tokens are shown,
    other text (it may hold anything) and other objects described by type and size."""
    plain = isinstance(value, int | float | dt.timedelta) and not isinstance(value, bool)
    return PydanticCustomError(
        "invalid_duration",
        "expected a duration such as '15m', '2h', 'PT15M', '3wd' or a number of minutes "
        "({why}), got {text}",
        {"why": why, "text": repr(value) if plain else shown(value)},
    )


def _split_clock(text: str) -> tuple[str, Clock | None]:
    for word, clock in _CLOCK_WORDS.items():
        if text.endswith(word) and len(text) > len(word):
            return text[: -len(word)].strip(), clock
    return text, None


def _parse_units(text: str) -> dt.timedelta | None:
    total, pos = 0.0, 0
    for match in _PART.finditer(text):
        if match.start() != pos or match.group(2) not in _UNIT_SECONDS:
            return None
        total += float(match.group(1)) * _UNIT_SECONDS[match.group(2)]
        pos = match.end()
    return dt.timedelta(seconds=total) if pos == len(text) and pos else None


def _parse_iso(text: str) -> dt.timedelta | None:
    match = _ISO.fullmatch(text)
    if match is None or text in ("p", "pt") or text.endswith("t"):
        return None
    days, hours, minutes, seconds = (float(g) if g else 0.0 for g in match.groups())
    return dt.timedelta(days=days, hours=hours, minutes=minutes, seconds=seconds)


def parse_duration(value: object) -> tuple[Clock, dt.timedelta, int]:
    """Read a target duration: ``(clock, duration, working_days)``.

    Parameters
    ----------
    value : str, int, float or timedelta
        See the module table: ``"15m"``, ``"2h"``, ``"PT15M"``, ``"3wd"``,
        ``"24h calendar"``, a number of minutes or a ``timedelta``.

    Returns
    -------
    tuple
        The clock (``"business"``, ``"calendar"`` or ``"working_days"``), the
        duration (zero for working days) and the number of working days (zero
        otherwise).

    Raises
    ------
    pydantic_core.PydanticCustomError
        ``invalid_duration`` for text that is not a positive duration (inside
        a model this surfaces as a ``ValidationError``).

    Examples
    --------
    >>> parse_duration("1h30m")
    ('business', datetime.timedelta(seconds=5400), 0)
    >>> parse_duration("3 working days")
    ('working_days', datetime.timedelta(0), 3)
    >>> parse_duration("PT15M")[1], parse_duration(15)[1]
    (datetime.timedelta(seconds=900), datetime.timedelta(seconds=900))
    """
    if isinstance(value, dt.timedelta):
        return _positive(value, value, "business")
    if isinstance(value, int | float) and not isinstance(value, bool):
        if value != value or value in (float("inf"), float("-inf")):  # noqa: PLR0124
            raise _bad(value, "a finite number")
        if abs(value) > _MAX_MINUTES:
            raise _bad(value, "a duration that fits in a timedelta")
        return _positive(value, dt.timedelta(minutes=value), "business")
    if not isinstance(value, str):
        raise _bad(value, "text, a number of minutes or a timedelta")
    try:
        return _parse_text(value)
    except OverflowError:
        raise _bad(value, "a duration that fits in a timedelta") from None


def _parse_text(value: str) -> tuple[Clock, dt.timedelta, int]:
    if len(value) > _MAX_TEXT:
        raise _bad(value, f"at most {_MAX_TEXT} characters")
    text, clock = _split_clock(value.strip().casefold())
    working = _WORKING_DAYS.fullmatch(text)
    if working is not None:
        if clock is not None:
            raise _bad(value, "working days carry their own clock")
        days = int(working.group(1))
        if not 1 <= days <= MAX_WORKING_DAYS:
            raise _bad(value, f"1 to {MAX_WORKING_DAYS:,} working days")
        return "working_days", dt.timedelta(0), days
    duration = _number_minutes(text)
    duration = duration if duration is not None else _parse_iso(text) or _parse_units(text)
    if duration is None:
        raise _bad(value, "unknown form")
    return _positive(value, duration, clock or "business")


def _number_minutes(text: str) -> dt.timedelta | None:
    try:
        minutes = float(text)
    except ValueError:
        return None
    return dt.timedelta(minutes=minutes) if minutes == minutes else None  # noqa: PLR0124


def _positive(
    value: object, duration: dt.timedelta, clock: Clock
) -> tuple[Clock, dt.timedelta, int]:
    if duration <= dt.timedelta(0):
        raise _bad(value, "a positive duration")
    if duration > MAX_TARGET:
        raise _bad(value, "at most 1,000,000,000 minutes, about 1,900 years")
    return clock, duration, 0


class SlaTarget(FrozenModel):
    """How long a metric may take: a duration on a clock.

    ``clock`` is ``"business"`` (open time on the schedule, the default),
    ``"calendar"`` (wall-clock time) or ``"working_days"`` (due at the close
    of the ``working_days``-th working day after the start day). The number
    of working days is the one source of that last form: ``working_days=3``
    alone makes a working-day target (its ``clock`` follows), and the code
    asks ``target.working_days``, never the clock, whether a target counts
    working days.
    ``not_before`` marks a window: finishing before it is *early* (e.g. a
    revisit 3-5 working days after resolution).

    Examples
    --------
    >>> target = SlaTarget.model_validate("2h")
    >>> target.clock, target.duration
    ('business', datetime.timedelta(seconds=7200))
    >>> str(SlaTarget.model_validate({"within": "5wd", "not_before": "3wd"}))
    '5wd (not before 3wd)'
    >>> str(SlaTarget.model_validate("24h calendar"))
    '1440m calendar'
    >>> SlaTarget(working_days=3) == SlaTarget.model_validate("3wd")
    True
    """

    clock: Clock = "business"
    duration: dt.timedelta = Field(default=dt.timedelta(0), ge=dt.timedelta(0), le=MAX_TARGET)
    working_days: int = Field(default=0, ge=0, le=MAX_WORKING_DAYS)
    not_before: SlaTarget | None = None

    @model_validator(mode="before")
    @classmethod
    def _read(cls, data: Any) -> Any:
        if isinstance(data, SlaTarget):
            return data
        if not isinstance(data, dict):
            clock, duration, days = parse_duration(data)
            return {"clock": clock, "duration": duration, "working_days": days}
        if "within" not in data:
            if data.get("working_days") and "clock" not in data:
                return {**data, "clock": "working_days"}  # the count says it once
            return data
        rest = {k: v for k, v in data.items() if k not in ("within", "clock")}
        clock, duration, days = parse_duration(data["within"])
        if "clock" in data and clock != "working_days":
            clock = data["clock"]
        return {"clock": clock, "duration": duration, "working_days": days, **rest}

    @model_validator(mode="after")
    def _consistent(self) -> SlaTarget:
        if (self.clock == "working_days") != (self.working_days > 0):
            raise _bad(str(self), "working_days > 0 exactly when clock is 'working_days'")
        if not self.working_days and self.duration <= dt.timedelta(0):
            raise _bad(str(self), "a positive duration")
        if self.not_before is not None and self.not_before.not_before is not None:
            raise _bad(str(self), "not_before cannot have its own not_before")
        return self

    def __str__(self) -> str:
        if self.working_days:
            text = f"{self.working_days}wd"
        else:
            minutes = self.duration / dt.timedelta(minutes=1)
            text = f"{minutes:g}m" + (" calendar" if self.clock == "calendar" else "")
        return text + (f" (not before {self.not_before})" if self.not_before else "")


publish("csmetrics.sla", SlaTarget)
