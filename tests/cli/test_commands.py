"""``validate``, ``sla``, ``classify``; the progress bar; personal data never on standard error."""

from __future__ import annotations

import datetime as dt
import gzip
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

import csmetrics._cli.inputs
from csmetrics._cli.inputs import read_kind
from csmetrics._cli.progress import Progress
from csmetrics.classify import categorize, sentiment
from csmetrics.io import read_tickets
from csmetrics.models import Ticket
from csmetrics.priority import assign_priority
from csmetrics.schedule import Schedule
from csmetrics.sla import SlaPolicy, evaluate

from .cli_helpers import EMAIL, NAME, PERSONAL, PHONE, START, run, ticket_row, two_weeks, write_rows


class _Stdin:
    """A stand-in for ``sys.stdin`` with a binary ``buffer``."""

    def __init__(self, data: bytes) -> None:
        self.buffer = io.BytesIO(data)


def _bad_export(tmp_path: Path) -> Path:
    rows = [ticket_row(i, START + dt.timedelta(hours=i)) for i in range(5)]
    rows[1]["created_at"] = PHONE
    rows[2]["priority"] = EMAIL
    rows[3]["first_response_at"] = NAME
    return write_rows(tmp_path / "bad.csv", rows)


def test_validate_lists_bad_rows_and_exits_1(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, out, err = run(capsys, "validate", str(_bad_export(tmp_path)))
    assert (code, err) == (1, "")
    lines = out.splitlines()
    assert [line.split(": ")[0] for line in lines[:3]] == ["bad.csv:3", "bad.csv:4", "bad.csv:5"]
    assert "column 'created_at'" in lines[0]
    assert "column 'priority'" in lines[1]
    assert lines[3] == "bad.csv: 5 ticket rows read, 3 rejected"
    assert not any(value in out for value in PERSONAL)


def test_validate_of_a_clean_file_exits_0(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, out, err = run(capsys, "validate", str(two_weeks(tmp_path / "ok.csv")))
    assert (code, out, err) == (0, "ok.csv: 28 ticket rows read, 0 rejected\n", "")


def test_validate_surveys(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "answers.csv"
    path.write_text("ticket_id,overall,nps\nT1,5,9\nT2,9,3\nT3,4,11\n", encoding="utf-8")
    code, out, _ = run(capsys, "validate", str(path), "--surveys")
    assert code == 1
    assert [line.split(":")[1] for line in out.splitlines()[:2]] == ["3", "4"]
    assert out.splitlines()[-1] == "answers.csv: 3 survey rows read, 2 rejected"


@pytest.mark.parametrize("argv", [["report", "{path}", "--strict"], ["report", "{path}"],
                                  ["validate", "{path}"]])  # fmt: skip
def test_personal_data_never_reaches_standard_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, argv: list[str]
) -> None:
    path = _bad_export(tmp_path)
    _, _, err = run(capsys, *(arg.format(path=path) for arg in argv))
    assert not any(value in err for value in PERSONAL)


def _ticket_json() -> bytes:
    ticket = Ticket(
        id="T-1",
        created_at=dt.datetime(2025, 3, 7, 17, 50, tzinfo=dt.UTC),
        priority="P1",
        text="产品破损需紧急补发",
        events=[{"kind": "agent_reply", "at": dt.datetime(2025, 3, 10, 9, 5, tzinfo=dt.UTC)}],
    )
    return ticket.model_dump_json().encode("utf-8")


def test_sla_prints_the_ticket_sla_as_json(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "stdin", _Stdin(_ticket_json()))
    code, out, err = run(capsys, "sla", "--hours", "mon-fri 09:00-18:00", "--policy", "tiered")
    assert (code, err) == (0, "")
    assert out.count("\n") == 1
    data = json.loads(out)
    ticket = Ticket.model_validate_json(_ticket_json())
    schedule = Schedule({"mon-fri": "09:00-18:00"})
    expected = evaluate(ticket, SlaPolicy.preset("tiered"), schedule, now=ticket.events[-1].at)
    assert data["ticket_id"] == "T-1"
    assert data["as_of"] == expected.as_of.isoformat()  # now: the latest event of the ticket
    assert data["first_response"]["breached"] == expected.first_response.breached  # type: ignore[union-attr]
    assert data["first_response"]["target"] == expected.first_response.target.total_seconds()  # type: ignore[union-attr]
    assert data["priority"] == "P1"


def test_sla_now_option(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "stdin", _Stdin(_ticket_json()))
    code, out, _ = run(capsys, "sla", "--now", "2025-03-08T00:00Z", "--timezone", "Asia/Shanghai")
    assert code == 0
    assert json.loads(out)["as_of"] == "2025-03-08T08:00:00+08:00"


@pytest.mark.parametrize(
    ("data", "fragment"),
    [
        (b"", "stdin: expected one ticket as JSON, got nothing"),
        (b"{", "stdin: ticket: "),
        (json.dumps({"id": PHONE, "created_at": NAME}).encode(), "stdin: created_at: "),
        (b" " * (4 * 1024 * 1024 + 1), "at most 4,194,304 bytes"),
    ],
)
def test_sla_input_errors(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    data: bytes,
    fragment: str,
) -> None:
    monkeypatch.setattr(sys, "stdin", _Stdin(data))
    code, out, err = run(capsys, "sla")
    assert (code, out) == (4, "")
    assert err.count("\n") == 1
    assert fragment in err
    assert not any(value in err for value in PERSONAL)


def test_classify_one_text(capsys: pytest.CaptureFixture[str]) -> None:
    text = "产品破损需紧急补发，太失望了"
    code, out, err = run(capsys, "classify", text)
    assert (code, err) == (0, "")
    data = json.loads(out)
    assert data["priority"] == assign_priority(text).priority.value
    assert data["priority_reasons"] == list(assign_priority(text).reasons)
    assert data["category"] == categorize(text).category
    assert data["sentiment"] == sentiment(text).label.value
    assert data["sentiment_evidence"]


def test_classify_standard_input_one_line_each(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    texts = ["谢谢，问题已经解决了", "", "The parcel arrived broken!"]
    monkeypatch.setattr(sys, "stdin", _Stdin("\n".join(texts).encode("utf-8") + b"\n"))
    code, out, _ = run(capsys, "classify", "-")
    assert code == 0
    lines = [json.loads(line) for line in out.splitlines()]
    assert [line["sentiment"] for line in lines] == [sentiment(t).label.value for t in texts]


@pytest.mark.parametrize(
    ("data", "fragment"),
    [
        (b"fine\n\xff\xfe broken\n", "stdin:2: expected UTF-8 text"),
        (b"ok\n" + b"x" * 70_000 + b"\n", "stdin:2: text: "),
    ],
)
def test_classify_input_errors(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    data: bytes,
    fragment: str,
) -> None:
    monkeypatch.setattr(sys, "stdin", _Stdin(data))
    code, out, err = run(capsys, "classify", "-")
    assert code == 4
    assert out.count("\n") == 1  # the good line before the bad one
    assert err.count("\n") == 1
    assert fragment in err


def test_classify_through_python_dash_m() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "csmetrics", "classify", "-"],
        input="发票开错了\n".encode(),
        capture_output=True,
        check=False,
        timeout=120,
    )
    assert (done.returncode, done.stderr) == (0, b"")
    assert json.loads(done.stdout)["category"] == categorize("发票开错了").category


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(("stream", "drawn"), [(_Terminal(), True), (io.StringIO(), False)])
def test_the_bar_is_drawn_on_a_terminal_only(stream: io.StringIO, drawn: bool) -> None:
    with Progress(stream) as bar:
        bar.update("reading a.csv", 50, 100, 1000)
        bar.stage("building the report")
    text = stream.getvalue()
    assert bool(text) is drawn
    if drawn:
        assert "reading a.csv [############............]  50% 1,000 rows" in text
        assert text.endswith("\r\x1b[K")


def test_the_report_draws_the_bar_on_a_fake_terminal_and_not_in_a_pipe(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    path = str(two_weeks(tmp_path / "t.csv"))
    assert run(capsys, "report", path)[2] == ""
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    code, out, _ = run(capsys, "report", path)
    assert code == 0
    assert out.startswith("# Service report")
    assert "reading t.csv [" in terminal.getvalue()
    assert "100% 28 rows" in terminal.getvalue()


def test_a_dumb_terminal_gets_no_bar(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TERM", "dumb")
    assert not Progress(_Terminal()).enabled


def test_repeated_values_are_held_once_and_read_the_same(tmp_path: Path) -> None:
    rows = [ticket_row(i, START + dt.timedelta(minutes=i)) for i in range(300)]
    path = write_rows(tmp_path / "t.csv", rows)
    read = read_kind("tickets", [str(path)], option="TICKETS", mapping=None, zone=None,
                     strict=False, progress=Progress(enabled=False))  # fmt: skip
    plain = read_tickets(path)
    for name, column in plain.columns().items():
        assert getattr(read, name).tolist() == column.tolist(), name
    assert len({id(value) for value in read.channel}) == 3
    assert len({id(value) for value in read.id}) == 300


def test_a_compressed_file_on_a_terminal_reads_the_same(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    plain = two_weeks(tmp_path / "t.csv")
    packed = tmp_path / "t.csv.gz"
    packed.write_bytes(gzip.compress(plain.read_bytes()))
    expected = run(capsys, "report", str(plain))
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    assert run(capsys, "report", str(packed)) == expected
    assert "reading t.csv.gz [" in terminal.getvalue()
    assert "100% 28 rows" in terminal.getvalue()


@pytest.mark.parametrize("batch", [1, 7, 50])
def test_batches_join_into_the_table_read_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, batch: int
) -> None:
    rows = [ticket_row(i, START + dt.timedelta(minutes=i)) for i in range(40)]
    rows[5]["created_at"] = "yesterday"
    path = write_rows(tmp_path / "t.csv", rows)
    monkeypatch.setattr(csmetrics._cli.inputs, "BATCH_ROWS", batch)
    read = read_kind("tickets", [str(path)], option="TICKETS", mapping=None, zone=None,
                     strict=False, progress=Progress(enabled=False))  # fmt: skip
    whole = read_tickets(path, errors="collect")
    assert len(read) == len(whole) == 39
    for name, column in whole.columns().items():
        assert getattr(read, name).tolist() == column.tolist(), name
    assert read.lines.tolist() == whole.lines.tolist()
    assert [str(r) for r in read.rejected] == [str(r) for r in whole.rejected]
    assert read.events.at.tolist() == whole.events.at.tolist()
    assert read.events.offsets.tolist() == whole.events.offsets.tolist()
    assert read.assigned == whole.assigned
