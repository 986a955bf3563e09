"""CSV and TSV files read by pyarrow (the ``arrow`` extra), as the same batches of fields.

pyarrow tokenises in C++ and hands over each column as one buffer of bytes
with offsets: exactly the byte ranges the library's own reader produces,
so every later step is shared. The reader is single-threaded and streams
(so that rows keep their physical line numbers and memory stays bounded).
Its CSV dialect is pyarrow's: irregular quoting may be read differently
from the ``csv`` module (use ``reader="builtin"`` for that dialect).
"""

from __future__ import annotations

import csv as std_csv
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from csmetrics._core.optional import require_extra
from csmetrics._io.batch import RawBatch, RowProblem
from csmetrics._io.csv_fields import Fields
from csmetrics._io.csv_source import CHUNK_BYTES, header_names, open_binary
from csmetrics._io.text_files import MAX_LINE_BYTES
from csmetrics.exceptions import InvalidInputError

__all__ = ["BLOCK_BYTES", "read_csv_arrow"]

BLOCK_BYTES = 1 << 20
"""Bytes pyarrow reads at a time (it reads a few blocks ahead)."""


def read_csv_arrow(
    source: object, *, delimiter: str, encoding: str | None, batch_size: int
) -> Iterator[RawBatch]:
    """The batches of a CSV / TSV file through ``pyarrow.csv.open_csv``."""
    pyarrow = require_extra("pyarrow", "arrow", "reader='arrow'")
    csv = require_extra("pyarrow.csv", "arrow", "reader='arrow'")
    name = Path(
        str(source if isinstance(source, str | os.PathLike) else getattr(source, "name", "stream"))
    ).name
    ragged: list[_Ragged] = []

    def skip(row: Any) -> str:
        text = row.text or ""
        fields = next(std_csv.reader([text], delimiter=delimiter), [])
        reason = f"expected {row.expected_columns} fields, got {len(fields)}"
        ragged.append(_Ragged(int(row.number or 0), reason, text.count("\n")))
        return "skip"

    header = _header(source, delimiter, encoding)
    options = {
        "read_options": csv.ReadOptions(use_threads=False, block_size=BLOCK_BYTES,
                                        encoding=encoding or "utf8"),
        "parse_options": csv.ParseOptions(delimiter=delimiter, newlines_in_values=True,
                                          ignore_empty_lines=False, invalid_row_handler=skip),
        "convert_options": csv.ConvertOptions(column_types=dict.fromkeys(header, pyarrow.string()),
                                              strings_can_be_null=False,
                                              quoted_strings_can_be_null=False),
    }  # fmt: skip
    try:
        reader = csv.open_csv(_path(source), **options)
        yield from _batches(reader, name, header, ragged, batch_size)
    except pyarrow.ArrowInvalid as error:
        first = str(error).splitlines()[0]
        msg = f"{name}: expected CSV text in {encoding or 'utf-8'}, got an error: {first}"
        raise InvalidInputError(msg) from None


def _path(source: object) -> Any:
    return str(source) if isinstance(source, str | os.PathLike) else source


def _header(source: object, delimiter: str, encoding: str | None) -> list[str]:
    """The column names: the first line, read as the built-in reader reads it."""
    handle, name, owned = open_binary(source)
    try:
        first = handle.readline(MAX_LINE_BYTES + 1)
        if hasattr(source, "seek"):
            source.seek(0)
    finally:
        if owned:
            handle.close()
    if b"\x00" in first:
        msg = f"{name}:1: expected text, got binary data (a NUL byte)"
        raise InvalidInputError(msg)
    text = first.decode(encoding or "utf-8", errors="replace").encode("utf-8")
    return header_names(text, name, delimiter)[0]


@dataclass(frozen=True, slots=True)
class _Ragged:
    """A row pyarrow could not read: its row number (the header is row 1, quoted newlines do
    not count), the reason and the newlines inside it."""

    row: int
    reason: str
    newlines: int


@dataclass(frozen=True, slots=True)
class _Cursor:
    """Where the next batch starts: physical line, position, ragged rows reported, row number."""

    line: int = 2
    position: int = 0
    reported: int = 0
    row: int = 2


def _batches(
    reader: Any, name: str, header: list[str], ragged: list[_Ragged], batch_size: int
) -> Iterator[RawBatch]:
    """Record batches as raw batches of ``batch_size`` rows at most, with physical lines.

    A batch also ends after about ``CHUNK_BYTES`` of fields, as the built-in
    reader's do, so that the memory a batch takes stays bounded.
    """
    cursor = _Cursor()
    pending: list[Any] = []
    rows, size, done = 0, 0, False
    for record_batch in reader:
        pending.append(record_batch)
        rows += record_batch.num_rows
        size += record_batch.nbytes
        while rows >= batch_size or (size >= CHUNK_BYTES and rows):
            head, pending = _cut(pending, min(rows, batch_size))
            rows -= min(rows, batch_size)
            size = sum(b.nbytes for b in pending)
            batch, cursor = _convert(head, name, header, ragged, cursor)
            done = True
            yield batch
    if pending or cursor.reported < len(ragged) or not done:
        yield _convert(pending, name, header, ragged, cursor, final=True)[0]


def _cut(pending: list[Any], size: int) -> tuple[list[Any], list[Any]]:
    """The first ``size`` rows of ``pending`` record batches, and the rest."""
    head: list[Any] = []
    rest: list[Any] = []
    taken = 0
    for batch in pending:
        if taken >= size:
            rest.append(batch)
        elif taken + batch.num_rows <= size:
            head.append(batch)
            taken += batch.num_rows
        else:
            head.append(batch.slice(0, size - taken))
            rest.append(batch.slice(size - taken))
            taken = size
    return head, rest


def _convert(
    pending: list[Any],
    name: str,
    header: list[str],
    ragged: list[_Ragged],
    cursor: _Cursor,
    *,
    final: bool = False,
) -> tuple[RawBatch, _Cursor]:
    """A raw batch of ``pending`` and the ragged rows among them, numbered as the file's lines."""
    fields = [_fields([b.column(i) for b in pending]) for i in range(len(header))]
    n = len(fields[0]) if fields else 0
    spans = np.ones(n, dtype=np.int64)
    blank = np.ones(n, dtype=bool)
    for column in fields:
        spans += _newlines(column)
        blank &= column.lengths == 0
    taken: list[_Ragged] = []
    for bad in ragged[cursor.reported :]:  # ragged rows sit between good ones
        if not final and bad.row >= cursor.row + n + len(taken):
            break  # a row of a later batch (pyarrow reads ahead)
        taken.append(bad)
    total = n + len(taken)
    is_ragged = np.zeros(total, dtype=bool)
    is_ragged[[bad.row - cursor.row for bad in taken]] = True
    every_span = np.empty(total, dtype=np.int64)
    every_span[~is_ragged] = spans
    every_span[is_ragged] = [bad.newlines + 1 for bad in taken]
    ends = cursor.line + np.cumsum(every_span) - 1  # physical line ending each row
    counted = is_ragged.copy()
    counted[~is_ragged] = ~blank  # blank lines and records of empty fields only are no rows
    ordinals = cursor.position + np.cumsum(counted) - 1
    keep = ~blank
    good = np.flatnonzero(~is_ragged)[keep]
    problems = tuple(RowProblem(int(o), int(line), bad.reason) for o, line, bad in
                     zip(ordinals[is_ragged], ends[is_ragged], taken, strict=True))  # fmt: skip
    rows = slice(0, n) if keep.all() else np.flatnonzero(keep)
    columns = {h: f.take(rows) for h, f in zip(header, fields, strict=True)}
    batch = RawBatch(name, columns, ordinals[good].astype(np.int64), ends[good], None, problems)
    after = _Cursor(int(ends[-1]) + 1 if total else cursor.line,
                    cursor.position + int(counted.sum()), cursor.reported + len(taken),
                    cursor.row + total)  # fmt: skip
    return batch, after


def _fields(chunks: list[Any]) -> Fields:
    """One column's chunks as one ``Fields``: byte ranges over pyarrow's own buffer (no copy)."""
    whole = _concat(chunks)
    _, offsets_buffer, data_buffer = whole.buffers()
    width = np.int64 if str(whole.type) == "large_string" else np.int32
    bounds: Any = np.zeros(1, dtype=np.int64)
    if offsets_buffer is not None and len(whole):
        every = np.frombuffer(offsets_buffer, dtype=width)
        bounds = every[whole.offset : whole.offset + len(whole) + 1].astype(np.int64)
    data: Any = np.zeros(1, dtype=np.uint8)
    if data_buffer is not None and data_buffer.size:
        data = np.frombuffer(data_buffer, dtype=np.uint8)
    return Fields(data, b"", bounds[:-1], bounds[1:], escaped=False, arrow=whole)


def _concat(chunks: list[Any]) -> Any:
    """The chunks as one pyarrow array (a single chunk is kept as it is)."""
    pyarrow = require_extra("pyarrow", "arrow", "reader='arrow'")
    if len(chunks) == 1:
        return chunks[0]
    return pyarrow.concat_arrays(chunks) if chunks else pyarrow.array([], pyarrow.string())


def _newlines(fields: Fields) -> np.ndarray:
    """Newlines inside each field (a record spanning lines counts them all)."""
    positions = np.flatnonzero(fields.data == 10)
    if positions.size == 0 or not len(fields):
        return np.zeros(len(fields), dtype=np.int64)
    return np.searchsorted(positions, fields.ends) - np.searchsorted(positions, fields.starts)
