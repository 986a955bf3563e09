"""Reading tickets and surveys: every source, the mapping, missing values, errors and events."""

from __future__ import annotations

import datetime as dt
import gzip
import io
import json
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import polars as pl
import pytest

from csmetrics.exceptions import InvalidConfigError, InvalidInputError
from csmetrics.io import TicketTable, iter_tickets, read_surveys, read_tickets

HEADER = "id,created_at,channel,priority,text,customer_name,customer_phone,first_response_at"
ROWS = [
    (
        "T1,2025-03-03 09:00:00+08:00,微信,P1,产品破损需紧急补发,张三,138-1234-5678,"
        "2025-03-03 09:05:00+08:00"
    ),
    "T2,2025-03-03 10:00:00+08:00,web form,,APP退款按钮找不到,Mr. Smith,13987654321,",
    "T3,2025-03-03T03:00:00Z,fax,low,,,,",
]
CSV = "\n".join([HEADER, *ROWS]) + "\n"
UTC = dt.UTC


def _records() -> list[dict[str, Any]]:
    columns = HEADER.split(",")
    return [dict(zip(columns, row.split(","), strict=True)) for row in ROWS]


def _same(a: TicketTable, b: TicketTable) -> None:
    assert len(a) == len(b)
    for name, values in a.columns().items():
        assert values.tolist() == getattr(b, name).tolist(), name
    assert a.events.offsets.tolist() == b.events.offsets.tolist()
    assert a.events.kind.tolist() == b.events.kind.tolist()


@pytest.fixture
def csv_file(tmp_path: Path) -> Path:
    path = tmp_path / "tickets.csv"
    path.write_text(CSV, encoding="utf-8")
    return path


def test_a_csv_export_reads_into_columns(csv_file: Path) -> None:
    table = read_tickets(csv_file)
    assert table.id.tolist() == ["T1", "T2", "T3"]
    assert table.created_at.tolist()[0] == dt.datetime(2025, 3, 3, 1, 0)
    assert table.channel.tolist() == ["wechat", "web", "fax"]  # known ones normalised
    assert table.priority.tolist()[0] == 1
    assert table.priority.tolist()[2] == 3
    assert table.text.tolist()[2] is None  # missing, not ""
    assert table.customer_name.tolist() == ["张*", "Mr. S***", None]
    assert table.customer_phone.tolist() == ["5678", "4321", None]
    assert table.lines.tolist() == [2, 3, 4]
    assert table.assigned.priority == 1  # T2's priority came from its text


@pytest.mark.parametrize("reader", ["builtin", "arrow"])
def test_every_form_of_the_same_rows_reads_the_same(
    tmp_path: Path, csv_file: Path, reader: str
) -> None:
    expected = read_tickets(csv_file, reader="builtin")
    (tmp_path / "t.tsv").write_text(CSV.replace(",", "\t"), encoding="utf-8")
    (tmp_path / "t.jsonl").write_text(
        "\n".join(json.dumps(r, ensure_ascii=False) for r in _records()), encoding="utf-8"
    )
    (tmp_path / "t.json").write_text(json.dumps(_records(), ensure_ascii=False), encoding="utf-8")
    with gzip.open(tmp_path / "t.csv.gz", "wt", encoding="utf-8") as handle:
        handle.write(CSV)
    frame = pd.DataFrame(_records())
    frame.to_parquet(tmp_path / "t.parquet")
    sources: list[Any] = [
        tmp_path / "t.tsv", tmp_path / "t.jsonl", tmp_path / "t.json", tmp_path / "t.csv.gz",
        tmp_path / "t.parquet", frame, pl.DataFrame(_records()), _records(),
        io.BytesIO(CSV.encode()),
    ]  # fmt: skip
    for source in sources:
        options = {"format": "csv"} if isinstance(source, io.BytesIO) else {}
        _same(read_tickets(source, reader=reader, **options), expected)


def test_a_frame_keeps_its_index() -> None:
    frame = pd.DataFrame(_records(), index=["a", "b", "c"])
    table = read_tickets(frame)
    assert list(table.to_pandas().index) == ["a", "b", "c"]
    bad = frame.assign(created_at=["2025-03-03 09:00:00+08:00", "not a time", "2025-03-03Z"])
    collected = read_tickets(bad, errors="collect")
    assert [r.label for r in collected.rejected] == ["b", "c"]
    assert "DataFrame row 1 (index 'b')" in str(collected.rejected[0])


def test_typed_frame_columns() -> None:
    frame = pd.DataFrame({
        "id": [1, 2],
        "created_at": pd.to_datetime(["2025-03-03 09:00", "2025-03-04 09:00"]).tz_localize(
            "Asia/Shanghai"
        ),
        "first_response_at": [pd.Timestamp("2025-03-03 09:05", tz="Asia/Shanghai"), pd.NaT],
        "priority": [1, np.nan],
    })  # fmt: skip
    table = read_tickets(frame)
    assert table.id.tolist() == [1, 2]  # kept as given
    assert table.created_at.tolist() == [dt.datetime(2025, 3, 3, 1), dt.datetime(2025, 3, 4, 1)]
    assert np.isnat(table.first_response_at[1])
    naive = frame.assign(created_at=frame["created_at"].dt.tz_localize(None))
    with pytest.raises(InvalidInputError, match=r"row 0.*time zone"):
        read_tickets(naive)
    assert (
        read_tickets(naive, timezone="Asia/Shanghai").created_at.tolist()
        == table.created_at.tolist()
    )


MAPPING = """
[tickets]
na_values = ["", "-"]
timezone = "Asia/Shanghai"
[tickets.columns]
"Ticket ID" = "id"
"Created" = "created_at"
"Urgency" = "priority"
[tickets.values.priority]
urgent = "P1"
high = "P1"
normal = "P2"
low = "P3"
[surveys.columns]
"Ticket ID" = "ticket_id"
"Overall satisfaction" = "overall"
"""


def test_a_mapping_file_renames_columns_and_maps_values(tmp_path: Path) -> None:
    (tmp_path / "map.toml").write_text(MAPPING, encoding="utf-8")
    export = "Ticket ID,Created,Urgency,Notes\n1,2025-03-03 09:00,high,x\n2,2025-03-03 10:00,-,y\n"
    (tmp_path / "export.csv").write_text(export, encoding="utf-8")
    table = read_tickets(tmp_path / "export.csv", mapping=tmp_path / "map.toml")
    assert table.priority.tolist()[0] == 1
    assert table.created_at.tolist()[0] == dt.datetime(2025, 3, 3, 1)
    assert table.assigned.priority == 1  # "-" is missing: assigned
    surveys = "Ticket ID,Overall satisfaction\n1,4\n2,-\n"
    (tmp_path / "s.csv").write_text(surveys, encoding="utf-8")
    answers = read_surveys(tmp_path / "s.csv", mapping=tmp_path / "map.toml")
    assert answers.overall.tolist()[0] == 4.0
    assert np.isnan(answers.overall[1])
    bad = export.replace("high", "hgih")
    (tmp_path / "bad.csv").write_text(bad, encoding="utf-8")
    with pytest.raises(
        InvalidInputError, match=r"bad\.csv:2: column 'Urgency' \(priority\): .*'hgih'"
    ):
        read_tickets(tmp_path / "bad.csv", mapping=tmp_path / "map.toml")


@pytest.mark.parametrize(
    ("mapping", "match"),
    [
        ({"tickets": {"colums": {}}}, "unknown key 'colums'"),
        ({"columns": {"A": "idd"}}, "columns.A"),
        ("nosuchpreset", "expected a preset"),
        ({"tickets": {"values": {"priority": {"x": "P9"}}}}, None),
    ],
)
def test_bad_mappings(mapping: object, match: str | None, csv_file: Path) -> None:
    if match is None:  # a map to an unknown priority fails on the first value it maps
        with pytest.raises(InvalidInputError):
            read_tickets([{"id": 1, "created_at": "2025-03-03Z", "priority": "x"}], mapping=mapping)
        return
    with pytest.raises(InvalidConfigError, match=match):
        read_tickets(csv_file, mapping=mapping)


def test_naive_times_need_a_zone_and_the_error_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "n.csv"
    path.write_text("id,created_at\n1,2025-03-03 09:00\n", encoding="utf-8")
    with pytest.raises(InvalidInputError, match=r"n\.csv:2: column 'created_at'.*time zone"):
        read_tickets(path)
    table = read_tickets(path, timezone="America/New_York")
    assert table.created_at.tolist() == [dt.datetime(2025, 3, 3, 14)]


def test_collect_keeps_good_rows_and_says_why_the_others_went(tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    path.write_text(
        "id,created_at,customer_phone,first_response_at\n"
        "1,2025-03-03T09:00Z,138-1234-5678,2025-03-03T09:05Z\n"
        ",2025-03-03T09:00Z,,\n"
        "3,2025-03-03T09:00Z,12,\n"
        "4,2025-03-03T09:00Z,,2025-03-03T08:00Z\n"
        "1,2025-03-04T09:00Z,,\n"
        "6,2025-03-04T09:00Z\n",
        encoding="utf-8",
    )
    table = read_tickets(path, errors="collect")
    assert table.id.tolist() == ["1"]
    reasons = {r.line: (r.field, r.reason) for r in table.rejected}
    assert reasons[3] == ("id", "expected a non-blank id")
    assert reasons[4][0] == "customer_phone"
    assert "12" not in reasons[4][1]  # the phone is described, never echoed
    assert reasons[5] == ("first_response_at", "expected an instant at or after created_at")
    assert reasons[6] == ("id", "expected a unique id, got a repeat")
    assert reasons[7] == (None, "expected 4 fields, got 2")


def test_events_file_gives_the_history(tmp_path: Path) -> None:
    (tmp_path / "t.csv").write_text("id,created_at\nA,2025-03-03T09:00Z\nB,2025-03-03T10:00Z\n")
    (tmp_path / "e.csv").write_text(
        "ticket_id,kind,at\nA,agent_reply,2025-03-03T09:10Z\nA,pause,2025-03-03T09:20Z\n"
        "A,resume,2025-03-03T09:40Z\nA,resolved,2025-03-03T11:00Z\nZ,resolved,2025-03-03T11:00Z\n"
    )
    with pytest.raises(InvalidInputError, match=r"e\.csv:6.*unknown"):
        read_tickets(tmp_path / "t.csv", events=tmp_path / "e.csv")
    table = read_tickets(tmp_path / "t.csv", events=tmp_path / "e.csv", errors="collect")
    assert table.events.counts().tolist() == [4, 0]
    assert [e["kind"] for e in table.events.of(0)] == ["agent_reply", "pause", "resume", "resolved"]
    assert table.first_response_at.tolist()[0] == dt.datetime(2025, 3, 3, 9, 10)
    assert [r.line for r in table.rejected] == [6]


def test_pauses_column_becomes_events(tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    path.write_text(
        "id,created_at,pauses\n"
        'A,2025-03-03T09:00Z,"2025-03-03T09:10Z/2025-03-03T09:20Z;2025-03-03T10:00Z/"\n'
    )
    kinds = [e["kind"] for e in read_tickets(path).events.of(0)]
    assert kinds == ["pause", "resume", "pause"]


def test_streaming_batches_add_up_to_one_read(csv_file: Path) -> None:
    whole = read_tickets(csv_file)
    parts = list(iter_tickets(csv_file, batch_size=2))
    assert [len(p) for p in parts] == [2, 1]
    _same(parts[0].concat(*parts[1:]), whole)
    assert (parts[0] + parts[1]).positions.tolist() == [0, 1, 2]


@pytest.mark.parametrize(
    ("name", "content", "options", "match"),
    [
        ("x.csv", b"PAR1\x00\x15\x04binary", {}, "NUL byte"),
        (
            "x.csv",
            "id,created_at\n1,2025\n".encode("gb18030") + "中".encode("gb18030"),
            {},
            "utf-8",
        ),
        ("x.json", b"id,created_at\n", {}, "not JSON"),
        ("x.json", b'{"id": 1}', {}, "array"),
        ("x.txt", b"", {}, "format"),
        ("x.csv", b"id\n1\n", {}, "created_at"),
        ("x.csv", b"id,created_at,id\n", {}, "twice"),
        ("x.csv", b"id,created_at\n" + b"1," + b"9" * (5 * 1024 * 1024) + b"\n", {}, "at most"),
    ],
)
def test_bad_files_give_clear_errors(
    tmp_path: Path, name: str, content: bytes, options: dict[str, Any], match: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(InvalidInputError, match=match):
        read_tickets(path, reader="builtin", **options)


def test_gb18030_with_encoding(tmp_path: Path) -> None:
    path = tmp_path / "g.csv"
    path.write_bytes("id,created_at,text\n1,2025-03-03T09:00Z,屏幕无显示\n".encode("gb18030"))
    for reader in ("builtin", "arrow"):
        table = read_tickets(path, encoding="gb18030", reader=reader)
        assert table.text.tolist() == ["屏幕无显示"]


def test_records_come_back_as_models(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_text(CSV.replace("微信", "电话").replace("web form", "chat").replace("fax", "email"))
    tickets = list(read_tickets(path).records())
    assert tickets[0].customer is not None
    assert tickets[0].customer.name == "张*"
    assert tickets[0].first_response_at == dt.datetime(2025, 3, 3, 1, 5, tzinfo=UTC)


def test_surveys_missing_comments_are_not_neutral() -> None:
    answers = read_surveys([{"overall": 5, "comment": "谢谢"}, {"overall": 4, "comment": ""},
                            {"overall": "7"}], errors="collect")  # fmt: skip
    assert answers.comment.tolist() == ["谢谢", None]
    assert "expected a whole number 1..5" in answers.rejected[0].reason


def test_records_of_surveys_without_some_score_columns(tmp_path: Path) -> None:
    path = tmp_path / "surveys.csv"
    path.write_text(
        "ticket_id,overall,nps,answered_at\n1,5,9,2025-03-03T09:00:00+08:00\n2,,3,\n",
        encoding="utf-8",
    )
    first, second = read_surveys(path).records()
    assert (first.responsiveness, first.overall, first.nps) == (None, 5, 9)
    assert (second.overall, second.nps, second.answered_at) == (None, 3, None)
