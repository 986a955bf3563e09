"""CSV files read by chunks with numpy give exactly the rows and line numbers of the csv module."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from csmetrics._io.batch import RawBatch
from csmetrics._io.csv_fields import Fields
from csmetrics._io.csv_source import read_csv_file
from csmetrics.exceptions import InvalidInputError

cells = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cs",), exclude_characters="\x00\r"),
    max_size=12,
)
header = ["id", "text", "when"]


def _reference(data: bytes, encoding: str = "utf-8-sig") -> list[tuple[int, list[str]]]:
    reader = csv.reader(io.StringIO(data.decode(encoding), newline=""))
    next(reader)
    return [(reader.line_num, row) for row in reader
            if row and (any(row) or len(row) != len(header))]  # fmt: skip


def _read(data: bytes, chunk: int) -> list[tuple[int, list[str]]]:
    rows: list[tuple[int, list[str]]] = []
    problems = []
    for batch in read_csv_file(
        io.BytesIO(data), delimiter=",", encoding=None, batch_size=7, chunk_bytes=chunk
    ):
        rows += _rows(batch)
        problems += [(p.line, p.reason) for p in batch.problems]
    assert not problems
    return rows


def _rows(batch: RawBatch) -> list[tuple[int, list[str]]]:
    assert batch.lines is not None
    columns = [v.strings() if isinstance(v, Fields) else list(v) for v in batch.columns.values()]
    rows = zip(*columns, strict=True)
    return [(int(line), list(row)) for line, row in zip(batch.lines, rows, strict=True)]


def _write(rows: list[list[str]], *, crlf: bool, bom: bool) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n" if crlf else "\n")
    writer.writerow(header)
    writer.writerows(rows)
    return ("\ufeff" if bom else "").encode() + out.getvalue().encode("utf-8")


@given(
    rows=st.lists(st.lists(cells, min_size=3, max_size=3), max_size=25),
    crlf=st.booleans(),
    bom=st.booleans(),
    chunk=st.integers(16, 200),
)
def test_same_rows_and_lines_as_the_csv_module(
    rows: list[list[str]], crlf: bool, bom: bool, chunk: int
) -> None:
    data = _write(rows, crlf=crlf, bom=bom)
    assert _read(data, chunk) == _reference(data)


@given(text=st.text(st.sampled_from('ab,"\n\r x'), max_size=60), chunk=st.integers(8, 64))
def test_any_bytes_read_like_the_csv_module_or_fail_cleanly(text: str, chunk: int) -> None:
    """Irregular quoting falls back to the csv module: the rows are the same either way."""
    data = ("id,text,when\n" + text).encode()
    try:
        expected = _reference(data)
    except csv.Error:
        return
    got: list[tuple[int, list[str]]] = []
    for batch in read_csv_file(
        io.BytesIO(data), delimiter=",", encoding=None, batch_size=5, chunk_bytes=chunk
    ):
        got += _rows(batch)
    assert got == [(line, row) for line, row in expected if len(row) == 3]


def test_gb18030_with_encoding(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_bytes("id,text,when\n1,屏幕无显示,x\n".encode("gb18030"))
    (batch,) = read_csv_file(path, delimiter=",", encoding="gb18030", batch_size=10)
    assert _rows(batch) == [(2, ["1", "屏幕无显示", "x"])]
    with pytest.raises(InvalidInputError, match=r"t\.csv:2: expected text in utf-8"):
        list(read_csv_file(path, delimiter=",", encoding=None, batch_size=10))


def test_ragged_rows_are_reported_with_their_lines() -> None:
    data = b"id,text,when\n1,a,b\n2,only\n\n3,c,d,e\n4,f,g\n"
    batches = list(read_csv_file(io.BytesIO(data), delimiter=",", encoding=None, batch_size=10))
    assert [row for b in batches for row in _rows(b)] == [
        (2, ["1", "a", "b"]),
        (6, ["4", "f", "g"]),
    ]
    problems = [(p.line, p.position, p.reason) for b in batches for p in b.problems]
    assert problems == [(3, 1, "expected 3 fields, got 2"), (5, 2, "expected 3 fields, got 4")]
    positions = np.concatenate([b.positions for b in batches]).tolist()
    assert positions == [0, 3]


@pytest.mark.parametrize(
    ("data", "match"),
    [
        (b"", "empty file"),
        (b"\n1,2\n", "header row"),
        (b"a,a\n1,2\n", "'a' twice"),
        (b"id\n" + b"x" * (5 * 1024 * 1024), "at most"),
    ],
)
def test_bad_files(data: bytes, match: str) -> None:
    batches = read_csv_file(
        io.BytesIO(data), delimiter=",", encoding=None, batch_size=10, chunk_bytes=1024
    )
    with pytest.raises(InvalidInputError, match=match):
        list(batches)
