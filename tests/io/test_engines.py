"""The built-in CSV reader and the arrow reader give identical tables on messy exports.

Generated files mix quoting, a BOM, CRLF line ends, blank lines, quoted
newlines, timestamp forms (ISO with offsets or ``Z``, naive local times,
slashed dates, epochs, garbage), missing markers, bad values, repeated and
blank ids and ragged rows. Both readers must give the same columns, masks,
events, rejected rows (file, line, column and reason) and counts, or fail
with the same error.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from csmetrics._io import arrow_source
from csmetrics.exceptions import CsMetricsError
from csmetrics.io import iter_tickets, read_surveys, read_tickets

pytest.importorskip("pyarrow")

STAMPS = ["2025-03-03 09:00:00+08:00", "2025-03-03T01:00:00Z", "2025-03-03 09:30:00",
          "2025/3/9 9:05", "2025-03-04", "1741000000", "1741000000123", "2025-02-30 09:00:00Z",
          "garbage", "", "NA", "-", " 2025-03-05 10:00:00+08:00 ",
          "2025-03-02 09:00:00.5-05:00"]  # fmt: skip
TEXTS = ["屏幕无显示", 'say "hi", please', "line\nbreak", "退款 refund", "", "N/A", " spaced ",
         "null", "a,b", "é"]  # fmt: skip
TICKET_VALUES = {
    "id": ["T1", "T2", "T3", "T4", "T5", "T6", "T1", "", "  ", "007"],
    "created_at": STAMPS,
    "first_response_at": STAMPS,
    "resolved_at": STAMPS,
    "channel": ["chat", "微信", "web form", "email", "", "NA", "fax", "Phone"],
    "priority": ["P1", "P2", "P3", "high", "", "P9", "urgent"],
    "category": ["logistics", "", "billing", " service "],
    "text": TEXTS,
    "agent": ["a1", "a2", "", "agent_with_a_rather_long_name"],
    "customer_name": ["张三", "Mr. Smith", "", "李"],
    "customer_phone": ["13812345678", "+1 555 0100", "", "12"],
    "tier": ["vip", "normal", "", "gold"],
}
SURVEY_VALUES = {
    "ticket_id": ["T1", "T2", "", "T3"],
    "overall": ["5", "4", "", "7", "x", "3.0"],
    "nps": ["10", "0", "", "11"],
    "comment": TEXTS,
    "answered_at": STAMPS,
}


@st.composite
def exports(draw: st.DrawFn, values: dict[str, list[str]]) -> bytes:
    """A CSV export with messy layout: quoting, BOM, CRLF, blank and ragged lines."""
    names = [n for n in values if n in ("id", "created_at", "ticket_id")]
    names += draw(st.lists(st.sampled_from(sorted(values)), unique=True, max_size=len(values)))
    names = list(dict.fromkeys(names))
    rows = draw(st.lists(st.tuples(*(st.sampled_from(values[n]) for n in names)), max_size=12))
    out = io.StringIO(newline="")
    quoting = csv.QUOTE_ALL if draw(st.booleans()) else csv.QUOTE_MINIMAL
    ending = draw(st.sampled_from(["\n", "\r\n"]))
    writer = csv.writer(out, quoting=quoting, lineterminator=ending)
    writer.writerow(names)
    for row in rows:
        shape = draw(st.sampled_from(["row"] * 6 + ["blank", "short", "long", "empty"]))
        if shape == "blank":
            out.write(ending)
        elif shape == "short" and len(row) > 1:
            writer.writerow(row[:-1])
        elif shape == "long":
            writer.writerow([*row, "extra"])
        elif shape == "empty":
            writer.writerow([""] * len(row))
        writer.writerow(row)
    bom = "\ufeff" if draw(st.booleans()) else ""
    return (bom + out.getvalue()).encode("utf-8")


def _outcome(read: Any, path: Path, reader: str, **options: Any) -> Any:
    try:
        table = read(path, reader=reader, **options)
    except CsMetricsError as error:
        return ("error", type(error).__name__, str(error))
    columns = {name: _plain(values) for name, values in table.columns().items()}
    events = getattr(table, "events", None)
    ragged = None
    if events is not None:
        ragged = [_plain(events.offsets), _plain(events.kind), _plain(events.at),
                  _plain(events.priority)]  # fmt: skip
    return {
        "columns": columns,
        "lines": _plain(table.lines),
        "positions": _plain(table.positions),
        "rejected": list(table.rejected),
        "assigned": getattr(table, "assigned", None),
        "events": ragged,
    }


def _plain(values: Any) -> Any:
    if values is None:
        return None
    array = np.asarray(values)
    if array.dtype.kind == "f":
        return [None if np.isnan(v) else float(v) for v in array.tolist()]
    return array.tolist()


@given(
    data=exports(TICKET_VALUES),
    zone=st.sampled_from([None, "Asia/Shanghai", "America/New_York"]),
    errors=st.sampled_from(["collect", "raise"]),
)
def test_tickets_read_the_same_with_either_reader(
    tmp_path_factory: pytest.TempPathFactory, data: bytes, zone: str | None, errors: str
) -> None:
    path = tmp_path_factory.mktemp("engines") / "export.csv"
    path.write_bytes(data)
    options = {"timezone": zone, "errors": errors}
    builtin = _outcome(read_tickets, path, "builtin", **options)
    assert _outcome(read_tickets, path, "arrow", **options) == builtin


@given(data=exports(SURVEY_VALUES), zone=st.sampled_from([None, "Asia/Shanghai"]))
def test_surveys_read_the_same_with_either_reader(
    tmp_path_factory: pytest.TempPathFactory, data: bytes, zone: str | None
) -> None:
    path = tmp_path_factory.mktemp("engines") / "answers.csv"
    path.write_bytes(data)
    options = {"timezone": zone, "errors": "collect"}
    builtin = _outcome(read_surveys, path, "builtin", **options)
    assert _outcome(read_surveys, path, "arrow", **options) == builtin


@given(data=exports(TICKET_VALUES), size=st.sampled_from([1, 3, 1000]))
def test_small_arrow_blocks_stream_the_same_rows(
    tmp_path_factory: pytest.TempPathFactory, data: bytes, size: int
) -> None:
    """Batches end at ``batch_size`` rows or after about ``CHUNK_BYTES``: lines stay right."""
    path = tmp_path_factory.mktemp("blocks") / "export.csv"
    path.write_bytes(data)
    expected = _outcome(read_tickets, path, "builtin", errors="collect")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(arrow_source, "BLOCK_BYTES", 512)
        patch.setattr(arrow_source, "CHUNK_BYTES", 300)

        def streamed(source: Path, reader: str, **options: Any) -> Any:
            tables = list(iter_tickets(source, reader=reader, batch_size=size, **options))
            assert all(len(t) <= size for t in tables)
            return tables[0].concat(*tables[1:])

        assert _outcome(streamed, path, "arrow", errors="collect") == expected


FORMATTED = ["03/03/2025 09:00", "31/12/2024 23:59", "3/3/2025 9:00", "2025-03-03 09:00", "",
             "NA", "30/02/2025 10:00"]  # fmt: skip


@given(
    texts=st.lists(st.sampled_from(FORMATTED), min_size=1, max_size=12),
    zone=st.sampled_from([None, "Asia/Shanghai"]),
)
def test_a_given_format_parses_each_distinct_text_as_each_row_would(
    tmp_path_factory: pytest.TempPathFactory, texts: list[str], zone: str | None
) -> None:
    """CSV fields are parsed once per distinct text; records row by row: the same instants."""
    rows = [{"id": f"T{i}", "created_at": text} for i, text in enumerate(texts)]
    path = tmp_path_factory.mktemp("format") / "t.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, ["id", "created_at"])
        writer.writeheader()
        writer.writerows(rows)
    options = {"mapping": {"datetime_format": "%d/%m/%Y %H:%M"}, "timezone": zone,
               "errors": "collect"}  # fmt: skip
    expected = _outcome(lambda source, reader, **o: read_tickets(rows, **o), path, "", **options)
    for reader in ("builtin", "arrow"):
        got = _outcome(read_tickets, path, reader, **options)
        assert isinstance(got, dict)
        assert got["columns"] == expected["columns"]
        assert [(r.position, r.column, r.reason) for r in got["rejected"]] == [
            (r.position, r.column, r.reason) for r in expected["rejected"]
        ]


CASES = [
    # (file body after the header "id,created_at,text", (line, position) of each rejected row)
    ('T1,2025-03-03T09:00Z,a\nT2,2025-03-03T09:00Z,"two\nlines",extra\nT3,2025-03-03T09:00Z,c\n',
     [(4, 1)]),  # a ragged record ends on its last physical line; it takes a position
    ("T1,2025-03-03T09:00Z,a\n,,\n\nT2,2025-03-03T09:00Z,b\n,\n", [(6, 2)]),  # ,, is no row
    ('"",,""\r\nT1,2025-03-03T09:00Z,a\r\nT1,2025-03-03T09:00Z,b\r\n', [(4, 1)]),
]  # fmt: skip


@pytest.mark.parametrize(("body", "expected"), CASES)
@pytest.mark.parametrize("reader", ["builtin", "arrow"])
def test_rejected_rows_have_their_lines_and_positions(
    tmp_path: Path, body: str, expected: list[tuple[int, int]], reader: str
) -> None:
    path = tmp_path / "t.csv"
    path.write_bytes(("id,created_at,text\n" + body).encode())
    table = read_tickets(path, reader=reader, errors="collect")
    assert [(r.line, r.position) for r in table.rejected] == expected
