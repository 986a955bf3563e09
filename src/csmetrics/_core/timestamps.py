"""Timestamps in exports: text to UTC microseconds, vectorised, with a reason for each failure.

Accepted without ``datetime_format``:

- ISO 8601 with an offset or ``Z``: ``2025-03-03T09:00:00+08:00``,
  ``2025-03-03 09:00:00.5Z``, ``...+0800``, ``...+08``;
- naive local times (with a time zone given): ``2025-03-03 09:00[:SS[.ffffff]]``,
  ``2025/03/03 09:00``, ``2025-03-03T09:00``, a bare date ``2025-03-03`` (midnight),
  and the unpadded dates of spreadsheets: ``2025/3/3 9:00[:SS]``, ``2025-3-3``;
- epoch seconds and milliseconds (``1741000000``, ``1741000000000``): a
  number of at most 11 digits is seconds, a longer one milliseconds.

With ``datetime_format`` every value must match it (``datetime.strptime``).
Nonexistent and ambiguous local times follow the rules documented for
``Schedule``. Instants must lie in the years 1800-2399.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from csmetrics._core.civil import days_from_civil, days_in_month, local_wall_to_us
from csmetrics._core.instants import MAX_YEAR, MIN_YEAR, NAT
from csmetrics._core.iso_words import FixedRead, byte_matrix, read_fixed

if TYPE_CHECKING:
    import numpy.typing as npt

__all__ = ["REASONS", "WIDTH", "ParsedInstants", "parse_instant_fields", "parse_instants"]

_US = 1_000_000
_DAY_US = 86_400 * _US
WIDTH = 40
"""Longest text the vectorised path reads; longer values take the slow path."""
_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)

REASONS = {
    1: "a timestamp (ISO 8601, 'YYYY-MM-DD HH:MM[:SS]', 'YYYY/MM/DD HH:MM' or epoch seconds)",
    2: "a time zone for a timestamp without offset (give timezone=)",
    3: f"an instant in the years {MIN_YEAR}..{MAX_YEAR}",
    4: "a timestamp matching datetime_format",
}
"""What a failed value was expected to be, by failure code."""


@dataclass(frozen=True, slots=True)
class ParsedInstants:
    """UTC microseconds (``NAT`` where missing or bad) and a failure code per row (0: fine)."""

    us: npt.NDArray[np.int64]
    failure: npt.NDArray[np.int8]


def parse_instants(
    values: npt.NDArray[np.object_],
    missing: npt.NDArray[np.bool_],
    *,
    zone: dt.tzinfo | None,
    datetime_format: str | None = None,
) -> ParsedInstants:
    """Parse a column of texts (or datetimes) that are not ``missing``."""
    n = values.shape[0]
    out = ParsedInstants(np.full(n, NAT, dtype=np.int64), np.zeros(n, dtype=np.int8))
    rows = np.flatnonzero(~missing)
    present = values[rows]
    if datetime_format is not None:
        _slow(present, rows, out, zone, datetime_format)
    elif rows.size:
        texts = np.array([isinstance(v, str) for v in present.tolist()], dtype=bool)
        _slow(present[~texts], rows[~texts], out, zone, None)
        strings = present[texts].astype(str)
        stripped = np.char.strip(strings)
        lengths = np.char.str_len(stripped).astype(np.int64)
        short = lengths <= WIDTH
        codes = np.zeros((stripped.shape[0], WIDTH), dtype=np.int64)
        codes[short] = stripped[short].astype(f"<U{WIDTH}").view(np.uint32).reshape(-1, WIDTH)
        lengths[~short] = WIDTH + 1
        failed = _vector(codes, lengths, rows[texts], out, zone)
        _slow(strings[failed].astype(object), rows[texts][failed], out, zone, None)
    _range_check(out)
    return out


def parse_instant_fields(
    data: npt.NDArray[np.uint8],
    starts: npt.NDArray[np.int64],
    lengths: npt.NDArray[np.int64],
    texts: Callable[[npt.NDArray[np.intp]], npt.NDArray[np.object_]],
    missing: npt.NDArray[np.bool_],
    *,
    zone: dt.tzinfo | None,
) -> ParsedInstants:
    """Parse fields given as byte ranges ``data[starts : starts + lengths]``.

    The common fixed shapes are read eight bytes at a time; the other fields
    through a byte matrix, and ``texts(rows)`` decodes the fields of ``rows``
    that even that path cannot read (non-ASCII, spaces, odd forms): only
    those are ever decoded.
    """
    n = starts.shape[0]
    out = ParsedInstants(np.full(n, NAT, dtype=np.int64), np.zeros(n, dtype=np.int8))
    rows = np.flatnonzero(~missing)
    fixed = read_fixed(data, starts[rows], lengths[rows])
    _store(fixed, rows, out, zone)
    rest = rows[~fixed.ok]
    if rest.size:
        codes = byte_matrix(data, starts[rest], starts[rest] + lengths[rest], WIDTH)
        failed = _vector(codes.astype(np.int16), lengths[rest], rest, out, zone)
        _slow(texts(rest[failed]), rest[failed], out, zone, None)
    _range_check(out)
    return out


def _range_check(out: ParsedInstants) -> None:
    low = (dt.datetime(MIN_YEAR, 1, 2, tzinfo=dt.UTC) - _EPOCH) // dt.timedelta(microseconds=1)
    high = (dt.datetime(MAX_YEAR, 12, 31, tzinfo=dt.UTC) - _EPOCH) // dt.timedelta(microseconds=1)
    far = (out.us != NAT) & ((out.us < low) | (out.us > high))
    out.failure[far] = 3
    out.us[far] = NAT


def _vector(
    codes: npt.NDArray[np.int64],
    lengths: npt.NDArray[np.int64],
    rows: npt.NDArray[np.intp],
    out: ParsedInstants,
    zone: dt.tzinfo | None,
) -> npt.NDArray[np.bool_]:
    """Parse what the vectorised reader can; return the mask of rows it could not read."""
    if rows.size == 0:
        return np.zeros(0, dtype=bool)
    parsed = _read_codes(codes, lengths)
    ok = (lengths <= WIDTH) & parsed.ok
    _store(FixedRead(ok, parsed.zoned, parsed.wall_us, parsed.offset_us), rows, out, zone)
    return ~ok


def _store(
    read: FixedRead, rows: npt.NDArray[np.intp], out: ParsedInstants, zone: dt.tzinfo | None
) -> None:
    """Store the instants of the rows read (``read.ok``); local times need ``zone``."""
    ok = read.ok
    local = ok & ~read.zoned
    value = read.wall_us - read.offset_us
    if local.any():
        if zone is None:
            out.failure[rows[local]] = 2
        else:
            value[local] = local_wall_to_us(read.wall_us[local], zone)
    done = ok & ~(local & (zone is None))
    out.us[rows[done]] = value[done]


def _digits(codes: npt.NDArray[np.int64], start: int, count: int) -> tuple[Any, Any]:
    """The number in columns ``start..start+count`` and whether they are all digits."""
    block = codes[:, start : start + count] - 48
    ok = ((block >= 0) & (block <= 9)).all(axis=1)
    value = np.zeros(codes.shape[0], dtype=np.int64)
    for k in range(count):
        value = value * 10 + block[:, k]
    return value, ok


def _is(codes: npt.NDArray[np.int64], at: int | npt.NDArray[np.int64], chars: str) -> Any:
    column = codes[:, at] if isinstance(at, int) else codes[np.arange(codes.shape[0]), at]
    return np.isin(column, [ord(c) for c in chars])


def _read_codes(codes: npt.NDArray[np.int64], lengths: npt.NDArray[np.int64]) -> FixedRead:
    """Read ``YYYY-MM-DD[( |T)HH:MM[:SS[.f…]]][zone]`` and epoch numbers from code points."""
    year, y_ok = _digits(codes, 0, 4)
    month, m_ok = _digits(codes, 5, 2)
    day, d_ok = _digits(codes, 8, 2)
    sep = codes[:, 4]
    date_ok = y_ok & m_ok & d_ok & _is(codes, 4, "-/") & (codes[:, 7] == sep)
    bare_date = date_ok & (lengths == 10)
    hour, h_ok = _digits(codes, 11, 2)
    minute, mi_ok = _digits(codes, 14, 2)
    time_ok = date_ok & _is(codes, 10, "T ") & h_ok & (codes[:, 13] == ord(":")) & mi_ok
    second, s_ok = _digits(codes, 17, 2)
    has_s = time_ok & (codes[:, 16] == ord(":")) & s_ok
    second = np.where(has_s, second, 0)
    pos = np.where(has_s, 19, 16)
    micro, pos, fraction_ok = _fraction(codes, pos, has_s)
    offset, zoned, zone_ok, pos = _zone(codes, pos)
    whole = (time_ok & fraction_ok & zone_ok & (pos == lengths)) | bare_date
    valid = (month >= 1) & (month <= 12) & (day >= 1) & (day <= days_in_month(year, month))
    valid &= (hour <= 23) & (minute <= 59) & (second <= 59)
    days = days_from_civil(year, np.clip(month, 1, 12), day)
    wall = days * _DAY_US + np.where(
        bare_date, 0, ((hour * 60 + minute) * 60 + second) * _US + micro
    )
    read = FixedRead(whole & valid, zoned & ~bare_date, wall, offset)
    return _with_epochs(codes, lengths, read)


def _fraction(
    codes: npt.NDArray[np.int64], pos: npt.NDArray[np.int64], has_s: npt.NDArray[np.bool_]
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.bool_]]:
    """Up to nine fraction digits after ``.``, kept to the microsecond (truncated).

    Returns the microseconds, the position after the fraction and whether a
    ``.`` is followed by at least one digit (or there is no ``.``).
    """
    rows = np.arange(codes.shape[0])
    dot = has_s & (codes[rows, np.minimum(pos, WIDTH - 1)] == ord("."))
    micro = np.zeros(codes.shape[0], dtype=np.int64)
    if not dot.any():  # the common case: whole seconds
        return micro, pos, np.ones(codes.shape[0], dtype=bool)
    pos = np.where(dot, pos + 1, pos)
    count = np.zeros(codes.shape[0], dtype=np.int64)
    running = dot.copy()
    for k in range(9):
        digit = codes[rows, np.minimum(pos, WIDTH - 1)] - 48
        running &= (digit >= 0) & (digit <= 9)
        if k < 6:
            micro = np.where(running, micro * 10 + digit, micro)
            count += running
        pos = np.where(running, pos + 1, pos)
    return micro * 10 ** (6 - count), pos, ~dot | (count > 0)


def _zone(
    codes: npt.NDArray[np.int64], pos: npt.NDArray[np.int64]
) -> tuple[Any, Any, Any, npt.NDArray[np.int64]]:
    """An optional ``Z`` / ``±HH[:MM]`` / ``±HHMM`` at ``pos``: offset, zoned, well formed, end."""
    rows = np.arange(codes.shape[0])

    def at(k: int) -> npt.NDArray[np.int64]:
        return np.asarray(codes[rows, np.minimum(pos + k, WIDTH - 1)], dtype=np.int64) - 48

    first = codes[rows, np.minimum(pos, WIDTH - 1)]
    zulu = np.isin(first, [ord("Z"), ord("z")])
    sign = np.where(first == ord("-"), -1, 1)
    signed = np.isin(first, [ord("+"), ord("-")])
    d = [at(k) for k in range(1, 6)]
    digit = [(x >= 0) & (x <= 9) for x in d]
    hours = d[0] * 10 + d[1]
    colon = d[2] == ord(":") - 48
    mins_colon = d[3] * 10 + d[4]
    mins_plain = d[2] * 10 + d[3]
    with_colon = signed & digit[0] & digit[1] & colon & digit[3] & digit[4]
    plain4 = signed & digit[0] & digit[1] & digit[2] & digit[3] & ~with_colon
    plain2 = signed & digit[0] & digit[1] & ~with_colon & ~plain4
    minutes = np.where(with_colon, mins_colon, np.where(plain4, mins_plain, 0))
    offset = sign * (hours * 60 + minutes) * 60 * _US
    width = np.where(with_colon, 6, np.where(plain4, 5, np.where(plain2, 3, 0)))
    width = np.where(zulu, 1, width)
    well = ~signed | (with_colon | plain4 | plain2) & (hours <= 23) & (minutes <= 59)
    offset = np.where(signed & well, offset, 0)
    return offset, zulu | signed, well, pos + width


def _with_epochs(
    codes: npt.NDArray[np.int64], lengths: npt.NDArray[np.int64], read: FixedRead
) -> FixedRead:
    """Add plain digit strings as epoch seconds (up to 11 digits) or milliseconds."""
    candidates = np.flatnonzero(~read.ok & (lengths >= 1) & (lengths <= 16))
    if candidates.size == 0:
        return read
    part = codes[candidates]
    digit = (part >= 48) & (part <= 57)
    width = np.arange(WIDTH)
    all_digits = (digit | (width >= lengths[candidates, None])).all(axis=1)
    epoch = np.zeros(codes.shape[0], dtype=bool)
    epoch[candidates[all_digits]] = True
    if not epoch.any():
        return read
    numbers = np.zeros(int(epoch.sum()), dtype=np.int64)
    for k in range(16):
        column = codes[epoch, k] - 48
        inside = k < lengths[epoch]
        numbers = np.where(inside, numbers * 10 + column, numbers)
    scale = np.where(lengths[epoch] <= 11, _US, 1_000)
    wall = read.wall_us.copy()
    wall[epoch] = numbers * scale
    return FixedRead(read.ok | epoch, read.zoned | epoch, wall, np.where(epoch, 0, read.offset_us))


def _slow(
    values: npt.NDArray[np.object_],
    rows: npt.NDArray[np.intp],
    out: ParsedInstants,
    zone: dt.tzinfo | None,
    datetime_format: str | None,
) -> None:
    """Values the vectorised path could not read: datetimes, odd texts, a given format."""
    us, failure = out.us, out.failure
    seen: dict[str, tuple[int | None, int]] = {}  # exports repeat values: each text parsed once
    for row, value in zip(rows.tolist(), values.tolist(), strict=True):
        if value.__class__ is str:
            found = seen.get(value)
            if found is None:
                found = seen[value] = _one(value, zone, datetime_format)
            moment, code = found
        else:
            moment, code = _one(value, zone, datetime_format)
        if moment is None:
            failure[row] = code
        else:
            us[row] = moment


def _one(
    value: object, zone: dt.tzinfo | None, datetime_format: str | None
) -> tuple[int | None, int]:
    if isinstance(value, dt.datetime):
        parsed: dt.datetime | None = value
    elif isinstance(value, str):
        parsed = _parse_text(value.strip(), datetime_format)
    else:
        parsed = None
    if parsed is None:
        return None, 4 if datetime_format is not None else 1
    if parsed.tzinfo is None or parsed.utcoffset() is None:
        if zone is None:
            return None, 2
        wall = (parsed - dt.datetime(1970, 1, 1)) // dt.timedelta(microseconds=1)  # noqa: DTZ001
        return int(local_wall_to_us(np.array([wall], dtype=np.int64), zone)[0]), 0
    return (parsed - _EPOCH) // dt.timedelta(microseconds=1), 0


def _parse_text(text: str, datetime_format: str | None) -> dt.datetime | None:
    try:
        if datetime_format is not None:
            return dt.datetime.strptime(text, datetime_format)  # noqa: DTZ007 - zone below
        if len(text) > 64:
            return None
        short = _UNPADDED.fullmatch(text)
        if short is None:
            return dt.datetime.fromisoformat(text)
        year, month, day, hour, minute, second = (
            int(part) if part else 0 for part in short.group(1, 3, 4, 5, 6, 7)
        )
        return dt.datetime(year, month, day, hour, minute, second)  # noqa: DTZ001 - zone below
    except (ValueError, OverflowError):
        return None


# Dates as spreadsheets write them: "2025/3/9 9:05", "2025-3-9" (digits bounded: linear).
_UNPADDED = re.compile(r"(\d{4})([-/])(\d{1,2})\2(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?")
