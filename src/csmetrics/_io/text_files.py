"""JSON Lines and JSON files, and CSV rows through the csv module, in bounded batches.

Physical lines are counted as ``csv.reader.line_num`` counts them (the header
is line 1; a record spanning lines has the number of its last line). A
physical line longer than ``MAX_LINE_BYTES`` is refused before it is held in
memory, so a file with one enormous line gives a clear error, not a hang.
"""

from __future__ import annotations

import csv
import gzip
import io
import itertools
import json
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import numpy as np

from csmetrics._core.describe import file_shown
from csmetrics._core.validate import require_choice
from csmetrics._io.batch import RawBatch, RowProblem, object_array
from csmetrics.exceptions import InputTypeError, InvalidInputError

__all__ = [
    "FORMATS",
    "MAX_LINE_BYTES",
    "RowCursor",
    "csv_row_batches",
    "detect_format",
    "read_json_file",
]

MAX_LINE_BYTES = 4 * 1024 * 1024
"""The longest physical line a file may hold, in characters (4 Mi)."""
FORMATS = ("csv", "tsv", "jsonl", "json", "parquet")
_SUFFIXES = {".csv": "csv", ".tsv": "tsv", ".jsonl": "jsonl", ".ndjson": "jsonl",
             ".json": "json", ".parquet": "parquet"}  # fmt: skip


def detect_format(name: str, given: str | None) -> str:
    """The format of a file: ``given``, else its extension (``.gz`` looked through)."""
    if given is not None:
        return require_choice(given, FORMATS, param="format")
    suffixes = [s.lower() for s in Path(name).suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes = suffixes[:-1]
    found = _SUFFIXES.get(suffixes[-1]) if suffixes else None
    if found is None:
        msg = (
            f"format: expected a file ending in .csv, .tsv, .jsonl, .ndjson, .json or .parquet "
            f"(optionally .gz), or format=, got {file_shown(name)}"
        )
        raise InvalidInputError(msg)
    return found


def _open(source: object, encoding: str) -> tuple[IO[str], str, bool]:
    """A text stream, the name used in messages, and whether we opened it (and close it)."""
    if isinstance(source, str | os.PathLike):
        path = Path(source)
        try:
            if path.suffix.lower() == ".gz":
                return gzip.open(path, "rt", encoding=encoding, newline=""), path.name, True
            return path.open(encoding=encoding, newline=""), path.name, True
        except OSError as error:
            msg = f"source: expected a readable file, got {str(path)!r} ({error.strerror})"
            raise InvalidInputError(msg) from None
    name = Path(str(getattr(source, "name", "stream"))).name
    if isinstance(source, io.TextIOBase):
        return source, name, False  # type: ignore[return-value]
    if hasattr(source, "read"):
        binary: Any = source
        return io.TextIOWrapper(binary, encoding=encoding, newline=""), name, False
    msg = f"source: expected a path or an open file, got {type(source).__name__}"
    raise InputTypeError(msg)


class _Lines:
    """The physical lines of a stream, each at most ``MAX_LINE_BYTES`` long, counted."""

    def __init__(self, stream: IO[str], name: str) -> None:
        self.stream, self.name, self.count = stream, name, 0

    def __iter__(self) -> Iterator[str]:
        readline = self.stream.readline
        while True:
            try:
                line = readline(MAX_LINE_BYTES + 1)
            except UnicodeDecodeError as error:
                msg = (
                    f"{self.name}:{self.count + 1}: expected text in {error.encoding} "
                    "(give encoding=, e.g. 'gb18030'), got bytes that do not decode"
                )
                raise InvalidInputError(msg) from None
            if not line:
                return
            self.count += 1
            if len(line) > MAX_LINE_BYTES:
                msg = f"{self.name}:{self.count}: expected lines of at most {MAX_LINE_BYTES:,} characters, got a longer one"  # noqa: E501
                raise InvalidInputError(msg)
            yield line


def read_json_file(
    source: object, fmt: str, *, encoding: str | None, batch_size: int
) -> Iterator[RawBatch]:
    """The batches of a JSON Lines or JSON (array of objects) file (path or open file)."""
    stream, name, owned = _open(source, encoding or "utf-8-sig")
    try:
        lines = _Lines(stream, name)
        if fmt == "jsonl":
            yield from _jsonl_batches(lines, name, batch_size)
        else:
            yield from _json_array(lines, name, batch_size)
    finally:
        if owned:
            stream.close()


@dataclass(frozen=True, slots=True)
class Layout:
    """What every batch of one delimited file shares."""

    name: str
    header: list[str]
    delimiter: str
    batch_size: int


@dataclass(frozen=True, slots=True)
class RowCursor:
    """Where the next row of a file starts: its physical line and its 0-based position."""

    line: int
    position: int


def csv_row_batches(text: Iterator[str], layout: Layout, cursor: RowCursor) -> Iterator[RawBatch]:
    """Batches of the data rows in ``text`` (lines), numbered from ``cursor`` on."""
    reader = csv.reader(text, delimiter=layout.delimiter, strict=False)
    base = cursor.line - 1
    yield from _rows(reader, layout, cursor, lambda: base + reader.line_num)


def _rows(
    reader: Any, layout: Layout, cursor: RowCursor, line_of: Callable[[], int]
) -> Iterator[RawBatch]:
    """Rows of a csv reader in batches; blank lines skipped, ragged rows reported."""
    name, header, size = layout.name, layout.header, layout.batch_size
    base, position = cursor.line - 1, cursor.position
    while True:
        rows, found, problems = [], [], []
        try:
            for row in itertools.islice(reader, size):
                if not row or (len(row) == len(header) and not any(row)):
                    continue  # a blank line, or a record of empty fields only
                line = base + reader.line_num
                if len(row) == len(header):
                    rows.append(row)
                    found.append((position, line))
                else:
                    reason = f"expected {len(header)} fields, got {len(row)}"
                    problems.append(RowProblem(position, line, reason))
                position += 1
        except csv.Error as error:
            raise _csv_error(name, line_of(), error) from None
        if not rows and not problems:
            return
        yield _batch(name, header, rows, found, problems)


def _check_header(header: list[str], name: str) -> None:
    seen: set[str] = set()
    for column in header:
        if column in seen:
            msg = f"{name}:1: expected distinct column names, got {column!r} twice"
            raise InvalidInputError(msg)
        seen.add(column)


def _csv_error(name: str, line: int, error: csv.Error) -> InvalidInputError:
    return InvalidInputError(f"{name}:{line}: expected well-formed CSV, got {error}")


def _batch(
    name: str,
    header: list[str],
    rows: list[list[str]],
    found: list[tuple[int, int]],
    problems: list[RowProblem],
) -> RawBatch:
    columns: dict[str, Any] = {}
    if rows:
        for column, values in zip(header, zip(*rows, strict=True), strict=True):
            columns[column] = object_array(values, len(rows))
    else:
        columns = {column: np.empty(0, dtype=object) for column in header}
    positions = np.array([p for p, _ in found], dtype=np.int64)
    lines = np.array([line for _, line in found], dtype=np.int64)
    return RawBatch(name, columns, positions, lines, None, tuple(problems))


def _jsonl_batches(lines: _Lines, name: str, size: int) -> Iterator[RawBatch]:
    position = 0
    records: list[tuple[int, int | None, dict[str, Any]]] = []
    problems: list[RowProblem] = []
    for text in lines:
        if not text.strip():
            continue
        record, reason = _json_object(text)
        if record is None:
            problems.append(RowProblem(position, lines.count, reason))
        else:
            records.append((position, lines.count, record))
        position += 1
        if len(records) + len(problems) >= size:
            yield _records_batch(name, records, problems)
            records, problems = [], []
    if records or problems:
        yield _records_batch(name, records, problems)


def _json_object(text: str) -> tuple[dict[str, Any] | None, str]:
    try:
        value = json.loads(text)
    except (json.JSONDecodeError, RecursionError):
        return None, "expected a JSON object on the line, got text that is not JSON"
    if not isinstance(value, dict):
        return None, f"expected a JSON object on the line, got a JSON {type(value).__name__}"
    return value, ""


def _json_array(lines: _Lines, name: str, size: int) -> Iterator[RawBatch]:
    text = "".join(lines)
    try:
        value = json.loads(text)
    except (json.JSONDecodeError, RecursionError):
        msg = f"{name}: expected a JSON array of objects, got text that is not JSON"
        raise InvalidInputError(msg) from None
    if not isinstance(value, list):
        msg = f"{name}: expected a JSON array of objects, got a JSON {type(value).__name__}"
        raise InvalidInputError(msg)
    for start in range(0, len(value), size):
        chunk = value[start : start + size]
        records = [(start + i, None, v) for i, v in enumerate(chunk) if isinstance(v, dict)]
        problems = [
            RowProblem(start + i, None, f"expected a JSON object, got a JSON {type(v).__name__}")
            for i, v in enumerate(chunk)
            if not isinstance(v, dict)
        ]
        yield _records_batch(name, records, problems)  # type: ignore[arg-type]


def _records_batch(
    name: str, records: list[tuple[int, int | None, dict[str, Any]]], problems: list[RowProblem]
) -> RawBatch:
    """Columns from dict records: every key seen becomes a column (None where absent)."""
    keys: dict[str, None] = {}
    for _, _, record in records:
        keys.update(dict.fromkeys(record))
    columns = {
        key: object_array((record.get(key) for _, _, record in records), len(records))
        for key in keys
    }
    positions = np.array([p for p, _, _ in records], dtype=np.int64)
    has_lines = bool(records) and records[0][1] is not None
    lines = np.array([line for _, line, _ in records], dtype=np.int64) if has_lines else None
    return RawBatch(name, columns, positions, lines, None, tuple(problems))
