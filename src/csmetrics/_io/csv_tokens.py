"""Tokenising a chunk of UTF-8 CSV with numpy: records, fields and line numbers, no Python loop.

A delimiter or newline is structural when an even number of quotes precedes
it. The quoting must be regular (RFC 4180): a quote opens a field only at
its start and closes it only before a delimiter, a line end or another
quote. A chunk whose quoting is irregular is reported as such, and the
caller reads that file with the standard ``csv`` module instead, which
reads anything the same way, only slower.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from csmetrics._io.csv_fields import Fields

if TYPE_CHECKING:
    import numpy.typing as npt

__all__ = ["IrregularQuotingError", "Tokens", "last_record_end", "tokenize"]

_QUOTE, _NEWLINE, _RETURN = 34, 10, 13


class IrregularQuotingError(Exception):
    """The chunk's quoting or line ends are not RFC 4180: read the file with the csv module."""


@dataclass(frozen=True, slots=True)
class Tokens:
    """The records of a chunk: per column its fields; per record its line and ordinal.

    ``ordinals`` number the chunk's non-blank records from 0 (ragged ones
    included), so that positions stay the same whatever the chunking.
    """

    columns: list[Fields]
    lines: npt.NDArray[np.int64]
    ordinals: npt.NDArray[np.int64]
    ragged_lines: npt.NDArray[np.int64]
    ragged_ordinals: npt.NDArray[np.int64]
    ragged_counts: npt.NDArray[np.int64]
    records: int
    longest: tuple[int, int]
    """The length in bytes of the longest record and its line."""


def _structural(data: npt.NDArray[np.uint8], delimiter: int) -> tuple[npt.NDArray[np.int64], ...]:
    """Positions of quotes, structural delimiters and structural newlines."""
    quotes = np.flatnonzero(data == _QUOTE)
    marks = np.flatnonzero((data == delimiter) | (data == _NEWLINE))
    if quotes.size:
        marks = marks[(np.searchsorted(quotes, marks) & 1) == 0]
    newlines = marks[data[marks] == _NEWLINE]
    return quotes, marks, newlines


def last_record_end(data: npt.NDArray[np.uint8]) -> int:
    """One past the last structural newline of ``data`` (0 when there is none)."""
    quotes = np.flatnonzero(data == _QUOTE)
    newlines = np.flatnonzero(data == _NEWLINE)
    if quotes.size:
        newlines = newlines[(np.searchsorted(quotes, newlines) & 1) == 0]
    return int(newlines[-1]) + 1 if newlines.size else 0


def _check_quotes(
    data: npt.NDArray[np.uint8], quotes: npt.NDArray[np.int64], delimiter: int
) -> None:
    """Opening quotes start a field; closing quotes end it or are doubled."""
    if quotes.size % 2:
        raise IrregularQuotingError
    opening, closing = quotes[0::2], quotes[1::2]
    before = np.where(opening > 0, data[np.maximum(opening - 1, 0)], _NEWLINE)
    escaped = np.isin(opening - 1, closing)  # the second quote of a doubled pair
    if not (np.isin(before, [delimiter, _NEWLINE]) | escaped).all():
        raise IrregularQuotingError
    after_at = np.minimum(closing + 1, data.shape[0] - 1)
    after = np.where(closing + 1 < data.shape[0], data[after_at], _NEWLINE)
    doubled = np.isin(closing + 1, opening)
    if not (np.isin(after, [delimiter, _NEWLINE, _RETURN]) | doubled).all():
        raise IrregularQuotingError


def _check_returns(data: npt.NDArray[np.uint8]) -> None:
    """Every carriage return precedes a newline (a lone one is a line end: irregular here)."""
    returns = np.flatnonzero(data == _RETURN)
    if returns.size == 0:
        return
    following = data[np.minimum(returns + 1, data.shape[0] - 1)]
    if ((returns + 1 >= data.shape[0]) | (following != _NEWLINE)).any():
        raise IrregularQuotingError


def tokenize(raw: bytes, width: int, delimiter: int, first_line: int) -> Tokens:
    """The records of ``raw`` (whole records only), each expected to have ``width`` fields.

    ``first_line`` is the physical line number of the chunk's first line.
    Blank lines are skipped; records with another number of fields are
    returned as ragged (their line and field count).
    """
    data = np.frombuffer(raw, dtype=np.uint8)
    if data.size and data[-1] != _NEWLINE:
        data = np.frombuffer(raw + b"\n", dtype=np.uint8)
        raw += b"\n"
    quotes, marks, newlines = _structural(data, delimiter)
    if quotes.size:
        _check_quotes(data, quotes, delimiter)
    _check_returns(data)
    record_starts = np.concatenate(([0], newlines[:-1] + 1))
    last_mark = np.searchsorted(marks, newlines)
    first_mark = np.concatenate(([0], last_mark[:-1] + 1))
    counts = last_mark - first_mark + 1
    blank = newlines - record_starts <= (data[np.maximum(newlines - 1, 0)] == _RETURN)
    all_newlines = np.flatnonzero(data == _NEWLINE)
    lines = first_line + np.searchsorted(all_newlines, newlines)
    ordinals = np.cumsum(~blank) - 1
    good = (counts == width) & ~blank
    ragged = (counts != width) & ~blank
    columns = _columns(
        data, raw, marks, starts=record_starts[good], first=first_mark[good], width=width
    )
    sizes = newlines - record_starts
    top = int(np.argmax(sizes)) if sizes.size else 0
    longest = (int(sizes[top]), int(lines[top])) if sizes.size else (0, first_line)
    return Tokens(
        columns, lines[good], ordinals[good], lines[ragged], ordinals[ragged], counts[ragged],
        int((~blank).sum()), longest,
    )  # fmt: skip


def _columns(
    data: npt.NDArray[np.uint8],
    raw: bytes,
    marks: npt.NDArray[np.int64],
    *,
    starts: npt.NDArray[np.int64],
    first: npt.NDArray[np.int64],
    width: int,
) -> list[Fields]:
    """Per column, the byte range of each record's field (quotes and a final CR removed)."""
    ends = marks[first[:, None] + np.arange(width)]
    begins = np.empty_like(ends)
    begins[:, 0] = starts
    begins[:, 1:] = ends[:, :-1] + 1
    last = ends[:, -1]
    ends[:, -1] = np.where((last > begins[:, -1]) & (data[np.maximum(last - 1, 0)] == _RETURN),
                           last - 1, last)  # fmt: skip
    quoted = (ends > begins) & (data[np.minimum(begins, data.shape[0] - 1)] == _QUOTE)
    begins = np.where(quoted, begins + 1, begins)
    ends = np.where(quoted, ends - 1, ends)
    quotes = np.flatnonzero(data == _QUOTE)
    escaped = bool(quotes.size) and bool((np.diff(quotes) == 1).any())  # a doubled quote
    return [
        Fields(data, raw, begins[:, j].copy(), ends[:, j].copy(), escaped) for j in range(width)
    ]
