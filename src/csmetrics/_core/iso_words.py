"""The common timestamp shapes read straight from bytes, eight at a time.

Exports write timestamps in a handful of fixed-width shapes:
``YYYY-MM-DD HH:MM:SS+HH:MM`` (25 bytes), ``YYYY-MM-DDTHH:MM:SSZ`` (20) and
``YYYY-MM-DD HH:MM:SS`` (19, local). ``read_fixed`` reads fields of exactly
these shapes with a few 64-bit loads per field and bit masks (SWAR): every
digit, separator and range is checked, and a field that is not exactly one
of the shapes, or not a valid date and time in the years 1800-2399, is left
to the general parser (``ok`` is false): this path never decides a failure.
``byte_matrix`` gives fields as a fixed-width byte matrix for that parser.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from csmetrics._core.civil import days_from_civil, days_in_month

if TYPE_CHECKING:
    import numpy.typing as npt

__all__ = ["FixedRead", "byte_matrix", "read_fixed"]

_US = 1_000_000
_FIRST_YEAR, _YEARS = 1800, 600
_MONTHS = np.arange(_YEARS * 12, dtype=np.int64)
_MONTH_START = days_from_civil(_FIRST_YEAR + _MONTHS // 12, _MONTHS % 12 + 1, np.ones_like(_MONTHS))
_MONTH_DAYS = days_in_month(_FIRST_YEAR + _MONTHS // 12, _MONTHS % 12 + 1)
_LOW = np.uint64(0x0F0F0F0F0F0F0F0F)
_BYTE = np.uint64(0xFF)


def _mask(positions: tuple[int, ...], value: int) -> np.uint64:
    """``value`` in each byte of ``positions`` of a little-endian 64-bit word."""
    return np.uint64(sum(value << (8 * k) for k in positions))


def _pattern(chars: dict[int, str]) -> tuple[np.uint64, np.uint64]:
    """The mask and the value of fixed characters at byte positions."""
    return _mask(tuple(chars), 0xFF), np.uint64(sum(ord(c) << (8 * k) for k, c in chars.items()))


def _digits(words: npt.NDArray[np.uint64], positions: tuple[int, ...]) -> npt.NDArray[np.bool_]:
    """Whether the bytes at ``positions`` are all ASCII digits (high nibble 3, low 0-9)."""
    high = (words & _mask(positions, 0xF0)) == _mask(positions, 0x30)
    low = ((words & _mask(positions, 0x0F)) + _mask(positions, 0x06)) & _mask(positions, 0x10)
    return np.asarray(high & (low == 0), dtype=bool)


def _fixed(words: npt.NDArray[np.uint64], chars: dict[int, str]) -> npt.NDArray[np.bool_]:
    mask, value = _pattern(chars)
    return np.asarray((words & mask) == value, dtype=bool)


def _pairs(words: npt.NDArray[np.uint64]) -> npt.NDArray[np.uint64]:
    """Byte ``k`` becomes ``10 * digit[k] + digit[k + 1]`` (digits checked before use)."""
    low = words & _LOW
    return np.asarray(low * np.uint64(10) + (low >> np.uint64(8)), dtype=np.uint64)


def _byte(words: npt.NDArray[np.uint64], k: int) -> npt.NDArray[np.int64]:
    return ((words >> np.uint64(8 * k)) & _BYTE).astype(np.int64)


@dataclass(frozen=True, slots=True)
class FixedRead:
    """Per field: read (``ok``), with an offset or ``Z`` (``zoned``), wall and offset in us."""

    ok: npt.NDArray[np.bool_]
    zoned: npt.NDArray[np.bool_]
    wall_us: npt.NDArray[np.int64]
    offset_us: npt.NDArray[np.int64]


def read_fixed(
    data: npt.NDArray[np.uint8], starts: npt.NDArray[np.int64], lengths: npt.NDArray[np.int64]
) -> FixedRead:
    """Read the fields ``data[starts : starts + lengths]`` that have one of the fixed shapes."""
    n = starts.shape[0]
    out = FixedRead(np.zeros(n, bool), np.zeros(n, bool), np.zeros(n, np.int64),
                    np.zeros(n, np.int64))  # fmt: skip
    shaped = np.isin(lengths, (19, 20, 25)) & (starts + lengths <= data.shape[0])
    rows = np.flatnonzero(shaped)
    if rows.size == 0 or data.shape[0] < 8:
        return out
    words: npt.NDArray[np.uint64] = np.ndarray(
        (data.shape[0] - 7,), dtype="<u8", buffer=np.ascontiguousarray(data), strides=(1,)
    )
    start, length = starts[rows], lengths[rows]
    head, day, clock = words[start], words[start + 8], words[start + 11]
    ok = _digits(head, (0, 1, 2, 3, 5, 6)) & _fixed(head, {4: "-", 7: "-"})
    ok &= _digits(day, (0, 1)) & (_fixed(day, {2: " "}) | _fixed(day, {2: "T"}))
    ok &= _digits(clock, (0, 1, 3, 4, 6, 7)) & _fixed(clock, {2: ":", 5: ":"})
    offset, zone_ok = _zones(data, words, start, length)
    date, when = _pairs(head), _pairs(clock)
    year, month, mday = _byte(date, 0) * 100 + _byte(date, 2), _byte(date, 5), _byte(_pairs(day), 0)
    index = (year - _FIRST_YEAR) * 12 + month - 1
    ok &= zone_ok & (index >= 0) & (index < _YEARS * 12) & (month >= 1) & (month <= 12)
    index = np.where(ok, index, 0)
    hour, minute, second = _byte(when, 0), _byte(when, 3), _byte(when, 6)
    ok &= (mday >= 1) & (mday <= _MONTH_DAYS[index]) & (hour <= 23) & (minute <= 59)
    ok &= second <= 59
    days = _MONTH_START[index] + mday - 1
    out.wall_us[rows] = (days * 86_400 + (hour * 60 + minute) * 60 + second) * _US
    out.offset_us[rows] = offset
    out.ok[rows] = ok
    out.zoned[rows] = ok & (length != 19)
    return out


def _zones(
    data: npt.NDArray[np.uint8],
    words: npt.NDArray[np.uint64],
    start: npt.NDArray[np.int64],
    length: npt.NDArray[np.int64],
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.bool_]]:
    """The offset (us) after the seconds and whether it is well formed (none for 19 bytes)."""
    offset = np.zeros(start.shape[0], dtype=np.int64)
    ok = length == 19
    last = data[np.minimum(start + 19, data.shape[0] - 1)]
    ok |= (length == 20) & ((last == ord("Z")) | (last == ord("z")))
    long = np.flatnonzero(length == 25)
    if long.size:
        tail = words[start[long] + 17]  # S S ± H H : M M
        well = _digits(tail, (3, 4, 6, 7)) & _fixed(tail, {5: ":"})
        sign = _byte(tail, 2)
        well &= (sign == ord("+")) | (sign == ord("-"))
        pairs = _pairs(tail)
        hours, minutes = _byte(pairs, 3), _byte(pairs, 6)
        well &= (hours <= 23) & (minutes <= 59)
        signed = np.where(sign == ord("-"), -1, 1) * (hours * 60 + minutes) * 60 * _US
        offset[long] = np.where(well, signed, 0)
        ok[long] = well
    return offset, ok


def byte_matrix(
    data: npt.NDArray[np.uint8],
    starts: npt.NDArray[np.int64],
    ends: npt.NDArray[np.int64],
    width: int,
) -> npt.NDArray[np.uint8]:
    """Each field's first ``width`` bytes, zero-padded: one row per field."""
    small: type[np.integer[Any]] = np.int32 if data.shape[0] < 2**31 - width else np.int64
    offsets: npt.NDArray[Any] = starts.astype(small)[:, None] + np.arange(width, dtype=small)
    inside = offsets < ends.astype(small)[:, None]
    np.minimum(offsets, data.shape[0] - 1, out=offsets)
    gathered: npt.NDArray[np.uint8] = data[offsets]
    gathered *= inside
    return gathered
