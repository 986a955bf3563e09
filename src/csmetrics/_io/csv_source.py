"""CSV and TSV files in chunks: numpy tokenising, or the csv module where quoting is irregular.

The file is read as bytes in blocks of ``CHUNK_BYTES``; each chunk is cut
at its last record end, checked to be valid text in its encoding (a
non-UTF-8 file is transcoded first), and tokenised with numpy. From the
first chunk whose quoting is not RFC 4180 on, the rest of the file is read
with the standard ``csv`` module, which gives the same rows.
"""

from __future__ import annotations

import codecs
import csv
import gzip
import io
import os
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

import numpy as np

from csmetrics._io.batch import RawBatch, RowProblem
from csmetrics._io.csv_fields import Fields
from csmetrics._io.csv_tokens import IrregularQuotingError, Tokens, last_record_end, tokenize
from csmetrics._io.text_files import MAX_LINE_BYTES, Layout, RowCursor, csv_row_batches
from csmetrics.exceptions import InputTypeError, InvalidInputError

__all__ = ["CHUNK_BYTES", "header_names", "open_binary", "read_csv_file"]

CHUNK_BYTES = 8 * 1024 * 1024
"""Bytes read per chunk (bounds the memory of streaming reads)."""


def open_binary(source: object) -> tuple[IO[bytes], str, bool]:
    if isinstance(source, str | os.PathLike):
        path = Path(source)
        try:
            gz = path.suffix.lower() == ".gz"
            handle: Any = gzip.open(path, "rb") if gz else path.open("rb")  # noqa: SIM115
        except OSError as error:
            msg = f"source: expected a readable file, got {str(path)!r} ({error.strerror})"
            raise InvalidInputError(msg) from None
        return handle, path.name, True
    name = Path(str(getattr(source, "name", "stream"))).name
    if isinstance(source, io.TextIOBase):
        buffer = getattr(source, "buffer", None)
        if buffer is None:
            msg = "source: expected a binary file or a text file with a buffer, got a text stream"
            raise InputTypeError(msg)
        return buffer, name, False
    if hasattr(source, "read"):
        return source, name, False  # type: ignore[return-value]
    msg = f"source: expected a path or an open file, got {type(source).__name__}"
    raise InputTypeError(msg)


class _Decoder:
    """Checks (UTF-8) or transcodes (any other encoding) chunks, naming the line of a bad byte."""

    def __init__(self, encoding: str, name: str) -> None:
        try:
            info = codecs.lookup(encoding)
        except LookupError:
            msg = (
                f"encoding: expected a text encoding such as 'utf-8' or 'gb18030', got {encoding!r}"
            )
            raise InvalidInputError(msg) from None
        self.utf8 = info.name in ("utf-8", "utf-8-sig")
        self.encoding, self.name = info.name, name

    def __call__(self, chunk: bytes, first_line: int) -> bytes:
        nul = chunk.find(b"\x00")
        if nul >= 0 and self.utf8:
            line = first_line + chunk.count(b"\n", 0, nul)
            msg = f"{self.name}:{line}: expected text, got binary data (a NUL byte)"
            raise InvalidInputError(msg)
        try:
            text = chunk.decode(self.encoding)
        except UnicodeDecodeError as error:
            line = first_line + chunk.count(b"\n", 0, error.start)
            msg = (
                f"{self.name}:{line}: expected text in {self.encoding} (give encoding=, "
                "e.g. 'gb18030'), got bytes that do not decode"
            )
            raise InvalidInputError(msg) from None
        return chunk if self.utf8 else text.encode("utf-8")


def _blocks(handle: IO[bytes], name: str, size: int) -> Iterator[bytes]:
    """Whole records (raw bytes), about ``size`` bytes at a time, the last one as it is."""
    pending = b""
    while True:
        block = handle.read(size)
        if not block:
            if pending:
                yield pending
            return
        pending += block
        cut = last_record_end(pending)
        if cut:
            yield pending[:cut]
            pending = pending[cut:]
        elif len(pending) > MAX_LINE_BYTES + size:
            msg = f"{name}: expected records of at most {MAX_LINE_BYTES:,} characters, got a longer one"  # noqa: E501
            raise InvalidInputError(msg)


def header_names(first: bytes, name: str, delimiter: str) -> tuple[list[str], int]:
    """The header row's names and its length in bytes (with its newline)."""
    end = first.find(b"\n")
    line = first if end < 0 else first[: end + 1]
    text = line.decode("utf-8").lstrip("\ufeff")
    names = next(csv.reader([text], delimiter=delimiter), [])
    if not names or not any(n.strip() for n in names):
        msg = f"{name}:1: expected a header row naming the columns, got an empty first line"
        raise InvalidInputError(msg)
    twice = [n for n in names if names.count(n) > 1]
    if twice:
        msg = f"{name}:1: expected distinct column names, got {twice[0]!r} twice"
        raise InvalidInputError(msg)
    return names, len(line)


def read_csv_file(
    source: object,
    *,
    delimiter: str,
    encoding: str | None,
    batch_size: int,
    chunk_bytes: int = CHUNK_BYTES,
) -> Iterator[RawBatch]:
    """The batches of a CSV / TSV file (a path, a binary file or a text file with a buffer)."""
    handle, name, owned = open_binary(source)
    decode = _Decoder(encoding or "utf-8", name)
    try:
        yield from _read(_blocks(handle, name, chunk_bytes), name, decode, delimiter, batch_size)
    finally:
        if owned:
            handle.close()


def _read(
    blocks: Iterator[bytes], name: str, decode: _Decoder, delimiter: str, batch_size: int
) -> Iterator[RawBatch]:
    first = decode(next(blocks, b""), 1)
    if not first.strip():
        msg = f"{name}:1: expected a header row naming the columns, got an empty file"
        raise InvalidInputError(msg)
    header, size = header_names(first, name, delimiter)
    cursor = RowCursor(line=2, position=0)
    chunk = first[size:]
    yielded = False
    while True:
        if chunk:
            try:
                tokens = tokenize(chunk, len(header), ord(delimiter), cursor.line)
            except IrregularQuotingError:
                text = _text_from(chunk, blocks, decode, cursor.line)
                layout = Layout(name, header, delimiter, batch_size)
                yield from csv_row_batches(text, layout, cursor)
                return
            size, at = tokens.longest
            if size > MAX_LINE_BYTES:
                msg = f"{name}:{at}: expected records of at most {MAX_LINE_BYTES:,} bytes"
                raise InvalidInputError(msg)
            yielded = True
            yield from _split(tokens, header, name, cursor.position, batch_size)
            cursor = RowCursor(cursor.line + _lines_in(chunk), cursor.position + tokens.records)
        block = next(blocks, None)
        if block is None:
            if not yielded:  # a header and no rows: an empty batch, so that the header is checked
                yield RawBatch(name, {h: _no_fields() for h in header}, np.zeros(0, np.int64),
                               np.zeros(0, np.int64))  # fmt: skip
            return
        chunk = decode(block, cursor.line)


def _lines_in(chunk: bytes) -> int:
    return chunk.count(b"\n") + (not chunk.endswith(b"\n"))


def _text_from(chunk: bytes, blocks: Iterator[bytes], decode: _Decoder, line: int) -> Iterator[str]:
    """The rest of the file from ``chunk`` on, as text lines for the csv module."""
    yield from io.StringIO(chunk.decode("utf-8"), newline="")
    for block in blocks:
        data = decode(block, line)
        line += _lines_in(data)
        yield from io.StringIO(data.decode("utf-8"), newline="")


def _split(
    tokens: Tokens, header: list[str], name: str, position: int, batch_size: int
) -> Iterator[RawBatch]:
    """Batches of at most ``batch_size`` records of one chunk; ragged records go with the first."""
    problems = tuple(
        RowProblem(position + int(o), int(line), f"expected {len(header)} fields, got {int(n)}")
        for line, o, n in zip(
            tokens.ragged_lines, tokens.ragged_ordinals, tokens.ragged_counts, strict=True
        )
    )
    count = int(tokens.lines.shape[0])
    for start in range(0, max(count, 1), batch_size):
        rows = slice(start, min(count, start + batch_size))  # views, not copies
        columns = {h: tokens.columns[i].take(rows) for i, h in enumerate(header)}
        positions = (position + tokens.ordinals[rows]).astype(np.int64)
        yield RawBatch(name, columns, positions, tokens.lines[rows], None,
                       problems if start == 0 else ())  # fmt: skip


def _no_fields() -> Fields:
    empty = np.zeros(0, dtype=np.int64)
    return Fields(np.zeros(1, dtype=np.uint8), b"", empty, empty)
