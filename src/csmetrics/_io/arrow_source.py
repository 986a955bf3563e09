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
from pathlib import Path
from typing import Any

import numpy as np

from csmetrics._io.batch import RawBatch, RowProblem
from csmetrics._io.csv_fields import Fields
from csmetrics._io.csv_source import header_names, open_binary
from csmetrics._io.extras import require_extra
from csmetrics._io.text_files import MAX_LINE_BYTES
from csmetrics.exceptions import InvalidInputError

__all__ = ["read_csv_arrow"]


def read_csv_arrow(
    source: object, *, delimiter: str, encoding: str | None, batch_size: int
) -> Iterator[RawBatch]:
    """The batches of a CSV / TSV file through ``pyarrow.csv.open_csv``."""
    pyarrow = require_extra("pyarrow", "arrow", "reader='arrow'")
    csv = require_extra("pyarrow.csv", "arrow", "reader='arrow'")
    name = Path(
        str(source if isinstance(source, str | os.PathLike) else getattr(source, "name", "stream"))
    ).name
    ragged: list[tuple[int, str]] = []

    def skip(row: Any) -> str:
        fields = next(std_csv.reader([row.text], delimiter=delimiter), [])
        ragged.append(
            (int(row.number or 0), f"expected {row.expected_columns} fields, got {len(fields)}")
        )
        return "skip"

    header = _header(source, delimiter, encoding)
    options = {
        "read_options": csv.ReadOptions(use_threads=False, block_size=8 << 20,
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


def _batches(
    reader: Any, name: str, header: list[str], ragged: list[tuple[int, str]], batch_size: int
) -> Iterator[RawBatch]:
    """Record batches as raw batches of ``batch_size`` rows, with physical lines."""
    cursor = (2, 0, 0)
    pending: list[Any] = []
    rows, done = 0, False
    for record_batch in reader:
        pending.append(record_batch)
        rows += record_batch.num_rows
        while rows >= batch_size:
            head, pending = _cut(pending, batch_size)
            rows -= batch_size
            batch, *rest = _convert(head, name, header, ragged, cursor)
            cursor, done = (rest[0], rest[1], rest[2]), True
            yield batch
    if pending or cursor[2] < len(ragged) or not done:
        yield _convert(pending, name, header, ragged, cursor)[0]


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
    ragged: list[tuple[int, str]],
    cursor: tuple[int, int, int],
) -> tuple[RawBatch, int, int, int]:
    line, position, reported = cursor
    columns_raw = [[b.column(i) for b in pending] for i in range(len(header))]
    fields = [_fields(parts) for parts in columns_raw]
    n = len(fields[0]) if fields else 0
    inner = np.zeros(n, dtype=np.int64)
    blank = np.ones(n, dtype=bool)
    for column in fields:
        inner += _newlines(column)
        blank &= column.lengths == 0
    lines = line + np.cumsum(1 + inner) - 1
    bad = ragged[reported:]
    for number, _ in bad:  # ragged rows sit between good ones
        lines += lines >= number
    keep = ~blank
    ordinals = np.cumsum(keep) - 1 + position
    problems = tuple(RowProblem(position, number, reason) for number, reason in bad)
    rows = slice(0, n) if keep.all() else np.flatnonzero(keep)
    columns = {h: f.take(rows) for h, f in zip(header, fields, strict=True)}
    batch = RawBatch(name, columns, ordinals[keep].astype(np.int64), lines[keep], None, problems)
    end_line = int(lines[-1]) + 1 if n else line
    return batch, end_line, int(ordinals[-1]) + 1 if n else position, len(ragged)


def _fields(chunks: list[Any]) -> Fields:
    """One column's chunks as one ``Fields`` over a single bytes buffer."""
    offsets, data = [], []
    base = 0
    for chunk in chunks:
        buffers = chunk.buffers()
        width = np.int64 if str(chunk.type) == "large_string" else np.int32
        raw_offsets = np.frombuffer(buffers[1], dtype=width)[
            chunk.offset : chunk.offset + len(chunk) + 1
        ]
        start = int(raw_offsets[0]) if len(raw_offsets) else 0
        end = int(raw_offsets[-1]) if len(raw_offsets) else 0
        data.append(bytes(memoryview(buffers[2])[start:end]) if buffers[2] is not None else b"")
        offsets.append(raw_offsets.astype(np.int64) - start + base)
        base += end - start
    raw = b"".join(data)
    bounds = (
        np.concatenate([o[:-1] for o in offsets] + [np.array([base])])
        if offsets
        else np.zeros(1, np.int64)
    )
    array = np.frombuffer(raw, dtype=np.uint8) if raw else np.zeros(1, np.uint8)
    whole = _concat(chunks)
    return Fields(
        array, raw, bounds[:-1].astype(np.int64), bounds[1:].astype(np.int64), escaped=False,
        arrow=whole,
    )  # fmt: skip


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
