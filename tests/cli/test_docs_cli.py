"""Every ``$ csmetrics ...`` line of docs/cli.md runs, with the exit code its comment states."""

from __future__ import annotations

import datetime as dt
import io
import re
import shlex
import sys
from pathlib import Path

import pytest

from csmetrics.cli import main
from csmetrics.models import Ticket

from .cli_helpers import START, ticket_row, two_weeks, write_rows

PAGE = Path(__file__).resolve().parents[2] / "docs" / "cli.md"
BLOCK = re.compile(r"^```console\n(.*?)^```$", re.DOTALL | re.MULTILINE)
EXIT = re.compile(r"#\s*exit (\d+)\s*$")


def _commands() -> list[str]:
    text = PAGE.read_text(encoding="utf-8")
    lines = [line for block in BLOCK.findall(text) for line in block.splitlines()]
    return [line[2:] for line in lines if line.startswith("$ csmetrics ")]


def _prepare(folder: Path) -> None:
    two_weeks(folder / "tickets.csv")
    rows = [ticket_row(i, START + dt.timedelta(hours=i)) for i in range(4)]
    rows[1]["created_at"] = "yesterday"
    write_rows(folder / "bad.csv", rows)
    (folder / "surveys.csv").write_text(
        "ticket_id,overall,nps,comment,answered_at\nT20,5,9,谢谢,2025-03-14T10:00Z\n",
        encoding="utf-8",
    )
    (folder / "desk.toml").write_text(
        'timezone = "Asia/Shanghai"\nholidays = "CN"\n[hours]\nmon-fri = "09:00-18:00"\n',
        encoding="utf-8",
    )
    (folder / "mapping.toml").write_text('[tickets]\ntimezone = "Asia/Shanghai"\n', "utf-8")
    ticket = Ticket(id="T-1", created_at=START, priority="P1", text="产品破损需紧急补发")
    (folder / "ticket.json").write_text(ticket.model_dump_json(), encoding="utf-8")
    (folder / "comments.txt").write_text("谢谢，问题已经解决了\n太慢了\n", encoding="utf-8")


class _Stdin:
    def __init__(self, data: bytes) -> None:
        self.buffer = io.BytesIO(data)


def test_the_page_has_examples_of_every_command() -> None:
    used = {shlex.split(line)[1] for line in _commands()}
    assert used == {"report", "validate", "sla", "classify"}


@pytest.mark.parametrize("line", _commands())
def test_console_examples_run(
    line: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    _prepare(tmp_path)
    monkeypatch.chdir(tmp_path)
    words = shlex.split(line, comments=True)
    if "<" in words:
        at = words.index("<")
        monkeypatch.setattr(sys, "stdin", _Stdin((tmp_path / words[at + 1]).read_bytes()))
        words = words[:at]
    expected = EXIT.search(line)
    code = main(words[1:])
    err = capsys.readouterr().err
    assert code == (int(expected.group(1)) if expected else 0), err
    assert err.count("\n") <= 1


def test_the_validate_example_output_is_current(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _prepare(tmp_path)
    monkeypatch.chdir(tmp_path)
    assert main(["validate", "bad.csv"]) == 1
    out = capsys.readouterr().out
    text = PAGE.read_text(encoding="utf-8")
    shown = text.split("is not a timestamp:\n\n```text\n", 1)[1].split("\n```", 1)[0]
    assert out.rstrip("\n") == shown
