"""Tokenising a chunk of UTF-8 CSV with numpy: records, fields and line numbers, no Python loop.

A delimiter or newline is structural when an even number of quotes precedes
it. The quoting must be regular (RFC 4180): a quote opens a field only at
its start and closes it only before a delimiter, a line end or another
quote. A chunk whose quoting is irregular is reported as such, and the
caller reads that file with the standard ``csv`` module instead, which
reads anything the same way, only slower.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

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


def _structural(
    data: npt.NDArray[np.uint8], delimiter: int, *, quoted: bool
) -> tuple[npt.NDArray[np.int64], ...]:
    """Positions of quotes, structural delimiters and structural newlines."""
    quotes = np.flatnonzero(data == _QUOTE) if quoted else np.zeros(0, dtype=np.int64)
    if quotes.size % 2:
        raise IrregularQuotingError
    found = data == delimiter
    found |= data == _NEWLINE
    marks = _outside(np.flatnonzero(found), quotes)
    newlines = _outside(np.flatnonzero(data == _NEWLINE), quotes)
    return quotes, marks, newlines


def _outside(positions: npt.NDArray[np.int64], quotes: npt.NDArray[np.int64]) -> Any:
    """The ``positions`` outside quoted spans (between an opening and a closing quote)."""
    if quotes.size == 0:
        return positions
    low = np.searchsorted(positions, quotes[0::2])
    high = np.searchsorted(positions, quotes[1::2])
    spans = low < high
    if not spans.any():
        return positions
    size = positions.shape[0] + 1
    depth = np.bincount(low[spans], minlength=size) - np.bincount(high[spans], minlength=size)
    return positions[np.cumsum(depth[:-1]) == 0]


def last_record_end(raw: bytes) -> int:
    """One past the last structural newline of ``raw`` (0 when there is none)."""
    end = raw.rfind(b"\n")
    for _ in range(8):  # the last newline is structural unless a quoted field spans it
        if end < 0 or raw.count(b'"', 0, end) % 2 == 0:
            return end + 1
        end = raw.rfind(b"\n", 0, end)
    data = np.frombuffer(raw, dtype=np.uint8)
    quotes = np.flatnonzero(data == _QUOTE)
    newlines = np.flatnonzero(data == _NEWLINE)
    newlines = newlines[(np.searchsorted(quotes, newlines) & 1) == 0]
    return int(newlines[-1]) + 1 if newlines.size else 0


def _check_quotes(
    data: npt.NDArray[np.uint8], quotes: npt.NDArray[np.int64], delimiter: int
) -> None:
    """Opening quotes start a field; closing quotes end it or are doubled."""
    opening, closing = quotes[0::2], quotes[1::2]
    doubled = _doubled(quotes)  # per opening quote: the second quote of a doubled pair
    before = np.where(opening > 0, data[np.maximum(opening - 1, 0)], _NEWLINE)
    if not ((before == delimiter) | (before == _NEWLINE) | doubled).all():
        raise IrregularQuotingError
    after_at = np.minimum(closing + 1, data.shape[0] - 1)
    after = np.where(closing + 1 < data.shape[0], data[after_at], _NEWLINE)
    followed = np.append(doubled[1:], False)  # per closing quote: another quote follows
    if not ((after == delimiter) | (after == _NEWLINE) | (after == _RETURN) | followed).all():
        raise IrregularQuotingError


def _doubled(quotes: npt.NDArray[np.int64]) -> npt.NDArray[np.bool_]:
    """Per opening quote, whether it directly follows the previous closing quote (``""``)."""
    opening, closing = quotes[0::2], quotes[1::2]
    return np.concatenate(([False], closing[:-1] + 1 == opening[1:]))


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
    if raw and not raw.endswith(b"\n"):
        raw += b"\n"
    data = np.frombuffer(raw, dtype=np.uint8)
    quotes, marks, newlines = _structural(data, delimiter, quoted=b'"' in raw)
    if quotes.size:
        _check_quotes(data, quotes, delimiter)
    if b"\r" in raw:
        _check_returns(data)
    lines = first_line + np.arange(newlines.shape[0], dtype=np.int64)
    if quotes.size and raw.count(b"\n") != newlines.shape[0]:  # quoted fields span lines
        lines = first_line + np.searchsorted(np.flatnonzero(data == _NEWLINE), newlines)
    record_starts = np.concatenate(([0], newlines[:-1] + 1))
    sizes = newlines - record_starts
    top = int(np.argmax(sizes)) if sizes.size else 0
    longest = (int(sizes[top]), int(lines[top])) if sizes.size else (0, first_line)
    n = newlines.shape[0]
    if width >= 2 and marks.shape[0] == n * width and (marks[width - 1 :: width] == newlines).all():
        grid = _Grid(data, raw, quotes, marks.reshape(n, width), _after(marks).reshape(n, width))
        none = np.zeros(0, dtype=np.int64)  # every record has its width: none blank or ragged
        return _without_empty(Tokens(grid.columns(), lines, np.arange(n, dtype=np.int64), none,
                                     none, none, n, longest))  # fmt: skip
    last_mark = np.searchsorted(marks, newlines)
    first_mark = np.concatenate(([0], last_mark[:-1] + 1))
    counts = last_mark - first_mark + 1
    blank = sizes <= (data[np.maximum(newlines - 1, 0)] == _RETURN)
    ordinals = np.cumsum(~blank) - 1
    good = (counts == width) & ~blank
    ragged = (counts != width) & ~blank
    ends = marks[first_mark[good][:, None] + np.arange(width)]
    begins = np.empty_like(ends)
    begins[:, 0] = record_starts[good]
    begins[:, 1:] = ends[:, :-1] + 1
    grid = _Grid(data, raw, quotes, ends, begins)
    return _without_empty(Tokens(
        grid.columns(), lines[good], ordinals[good], lines[ragged], ordinals[ragged],
        counts[ragged], int((~blank).sum()), longest,
    ))  # fmt: skip


def _without_empty(tokens: Tokens) -> Tokens:
    """Records whose fields are all empty (a spreadsheet's empty rows) are skipped, as blank
    lines are: they are no row and take no position."""
    if not tokens.columns:
        return tokens
    empty = tokens.columns[0].lengths == 0
    for column in tokens.columns[1:]:
        if not empty.any():
            return tokens
        empty &= column.lengths == 0
    if not empty.any():
        return tokens
    keep = np.flatnonzero(~empty)
    dropped = tokens.ordinals[empty]
    ordinals = tokens.ordinals[keep]
    return replace(
        tokens, columns=[column.take(keep) for column in tokens.columns],
        lines=tokens.lines[keep], ordinals=ordinals - np.searchsorted(dropped, ordinals),
        ragged_ordinals=tokens.ragged_ordinals - np.searchsorted(dropped, tokens.ragged_ordinals),
        records=tokens.records - int(dropped.shape[0]),
    )  # fmt: skip


def _after(marks: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
    """Where each field starts: 0, then one past each mark but the last."""
    begins = np.empty_like(marks)
    if marks.shape[0]:
        begins[0] = 0
        begins[1:] = marks[:-1] + 1
    return begins


@dataclass(frozen=True, slots=True)
class _Grid:
    """The fields of the good records: a record per row, ``[begins, ends)`` per column."""

    data: npt.NDArray[np.uint8]
    raw: bytes
    quotes: npt.NDArray[np.int64]
    ends: npt.NDArray[np.int64]
    begins: npt.NDArray[np.int64]

    def columns(self) -> list[Fields]:
        """Per column, the byte range of each record's field (quotes and a final CR removed)."""
        data, begins, ends = self.data, self.begins, self.ends
        if b"\r" in self.raw:
            last = ends[:, -1]
            cr = (last > begins[:, -1]) & (data[np.maximum(last - 1, 0)] == _RETURN)
            ends = ends.copy()
            ends[:, -1] = last - cr
        escaped = False
        if self.quotes.size:
            doubled = _doubled(self.quotes)
            quoted = self._quoted(self.quotes[0::2][~doubled])
            begins = begins + quoted
            ends = ends - quoted
            escaped = bool(doubled.any())
        return [Fields(data, self.raw, begins[:, j], ends[:, j], escaped)
                for j in range(begins.shape[1])]  # fmt: skip

    def _quoted(self, openers: npt.NDArray[np.int64]) -> npt.NDArray[np.bool_]:
        """Per field, whether it opens with one of the ``openers`` quotes (grid-shaped)."""
        flat = self.begins.reshape(-1)  # begins in row order are increasing
        at = np.minimum(np.searchsorted(flat, openers), max(flat.shape[0] - 1, 0))
        quoted = np.zeros(flat.shape[0], dtype=bool)
        if flat.shape[0]:
            quoted[at[flat[at] == openers]] = True
        return quoted.reshape(self.begins.shape)
