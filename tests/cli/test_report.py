"""``csmetrics report``: period and ``now`` defaults, reruns, bad rows, atomic output."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import csmetrics._cli.engine
import csmetrics._cli.output
import csmetrics._cli.report
from csmetrics.io import read_tickets

from .cli_helpers import PERSONAL, PHONE, START, run, ticket_row, two_weeks, write_rows

UTC = dt.UTC


@pytest.fixture
def export(tmp_path: Path) -> Path:
    return two_weeks(tmp_path / "tickets.csv")


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """The keyword arguments of each call of the engine (the real engine still runs)."""
    seen: list[dict[str, Any]] = []
    real = csmetrics._cli.engine.build

    def spy(tickets: Any, surveys: Any, **kwargs: Any) -> Any:
        seen.append(kwargs)
        return real(tickets, surveys, **kwargs)

    monkeypatch.setattr(csmetrics._cli.report, "build", spy)
    return seen


def test_report_runs_and_writes_the_report(
    capsys: pytest.CaptureFixture[str], export: Path
) -> None:
    code, out, err = run(capsys, "report", str(export))
    assert (code, err) == (0, "")
    assert "# Service report" in out
    assert "## Ticket volume" in out


def test_now_defaults_to_the_latest_timestamp_and_the_period_to_the_last_whole_week(
    capsys: pytest.CaptureFixture[str], export: Path, calls: list[dict[str, Any]]
) -> None:
    assert run(capsys, "report", str(export))[0] == 0
    (kwargs,) = calls
    last_created = START + dt.timedelta(hours=12 * 27)  # Sun 2025-03-16 21:00
    assert kwargs["now"] == last_created + dt.timedelta(hours=5)  # its resolution, a Monday
    assert kwargs["since"] == dt.datetime(2025, 3, 10, tzinfo=UTC)
    assert kwargs["until"] == dt.datetime(2025, 3, 17, tzinfo=UTC)
    assert (kwargs["period"], kwargs["timezone"]) == ("week", "UTC")


@pytest.mark.parametrize(
    ("options", "since", "until", "period"),
    [
        (["--period", "day"], dt.datetime(2025, 3, 16), dt.datetime(2025, 3, 17), "day"),
        (["--period", "month"], dt.datetime(2025, 3, 1), dt.datetime(2025, 4, 1), "month"),
        (["--since", "2025-03-04"], dt.datetime(2025, 3, 4), None, "week"),
        (["--since", "2025-03-04", "--period", "day"], dt.datetime(2025, 3, 4),
         dt.datetime(2025, 3, 5), "day"),
        (["--until", "2025-03-10"], dt.datetime(2025, 3, 3), dt.datetime(2025, 3, 10), "week"),
        (["--since", "2025-03-05T12:00", "--until", "2025-03-06T00:00Z"],
         dt.datetime(2025, 3, 5, 12), dt.datetime(2025, 3, 6), "week"),
    ],
)  # fmt: skip
def test_period_options(
    capsys: pytest.CaptureFixture[str],
    export: Path,
    calls: list[dict[str, Any]],
    options: list[str],
    since: dt.datetime,
    until: dt.datetime | None,
    period: str,
) -> None:
    assert run(capsys, "report", str(export), *options)[0] == 0
    (kwargs,) = calls
    assert kwargs["since"] == since.replace(tzinfo=UTC)
    assert kwargs["until"] == (None if until is None else until.replace(tzinfo=UTC))
    assert kwargs["period"] == period


def test_weeks_start_on_monday_in_the_report_zone(
    capsys: pytest.CaptureFixture[str], export: Path, calls: list[dict[str, Any]]
) -> None:
    assert run(capsys, "report", str(export), "--timezone", "Asia/Shanghai")[0] == 0
    (kwargs,) = calls
    assert kwargs["since"].isoformat() == "2025-03-10T00:00:00+08:00"
    assert kwargs["until"].isoformat() == "2025-03-17T00:00:00+08:00"
    assert kwargs["timezone"] == "Asia/Shanghai"


def test_since_is_inclusive_and_until_exclusive(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    edge = dt.datetime(2025, 3, 4, tzinfo=UTC)
    rows = [ticket_row(i, edge + dt.timedelta(days=i)) for i in range(3)]  # 4th, 5th, 6th
    path = write_rows(tmp_path / "edges.csv", rows)
    code, out, _ = run(capsys, "report", str(path), "--since", "2025-03-04", "--until",
                       "2025-03-06", "--now", "2025-03-07")  # fmt: skip
    assert code == 0
    assert "2 tickets, of which" in out


def test_the_period_holding_now_when_no_whole_period_has_data(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, calls: list[dict[str, Any]]
) -> None:
    rows = [ticket_row(i, START + dt.timedelta(hours=i)) for i in range(5)]  # Monday only
    path = write_rows(tmp_path / "monday.csv", rows)
    assert run(capsys, "report", str(path))[0] == 0
    (kwargs,) = calls
    assert kwargs["since"] == dt.datetime(2025, 3, 3, tzinfo=UTC)
    assert kwargs["until"] == dt.datetime(2025, 3, 10, tzinfo=UTC)


def test_reruns_are_byte_identical(
    capsys: pytest.CaptureFixture[str], export: Path, tmp_path: Path
) -> None:
    first, second = tmp_path / "a.md", tmp_path / "b.md"
    assert run(capsys, "report", str(export), "-o", str(first))[0] == 0
    assert run(capsys, "report", str(export), "-o", str(second))[0] == 0
    assert first.read_bytes() == second.read_bytes()
    assert first.read_bytes().startswith(b"# Service report")


def test_naive_timestamps_are_in_the_timezone_option(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, calls: list[dict[str, Any]]
) -> None:
    rows = [ticket_row(i, START, created_at="2025-03-03 09:00", first_response_at="",
                       resolved_at="") for i in range(2)]  # fmt: skip
    path = write_rows(tmp_path / "naive.csv", rows)
    assert run(capsys, "report", str(path), "--timezone", "Asia/Shanghai")[0] == 0
    (kwargs,) = calls
    assert kwargs["now"] == dt.datetime(2025, 3, 3, 1, 0, tzinfo=UTC)  # 09:00 in Shanghai


def test_naive_timestamps_follow_the_mapping_zone_over_the_option(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, calls: list[dict[str, Any]]
) -> None:
    rows = [ticket_row(1, START, created_at="2025-03-03 09:00", first_response_at="",
                       resolved_at="")]  # fmt: skip
    path = write_rows(tmp_path / "naive.csv", rows)
    mapping = tmp_path / "map.toml"
    mapping.write_text('[tickets]\ntimezone = "Europe/Berlin"\n', encoding="utf-8")
    argv = ["report", str(path), "--mapping", str(mapping), "--timezone", "Asia/Shanghai"]
    assert run(capsys, *argv)[0] == 0
    (kwargs,) = calls
    assert kwargs["now"] == dt.datetime(2025, 3, 3, 8, 0, tzinfo=UTC)  # 09:00 in Berlin


def _with_bad_rows(tmp_path: Path) -> Path:
    rows = [ticket_row(i, START + dt.timedelta(hours=i)) for i in range(4)]
    rows[1]["created_at"] = PHONE  # line 3
    rows[2]["priority"] = "wang.xiaoming@example.com"  # line 4
    return write_rows(tmp_path / "bad.csv", rows)


def test_strict_stops_at_the_first_bad_row_naming_file_and_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, out, err = run(capsys, "report", str(_with_bad_rows(tmp_path)), "--strict")
    assert (code, out) == (4, "")
    assert err.count("\n") == 1
    assert err.startswith("csmetrics: error: bad.csv:3: column 'created_at'")
    assert not any(value in err for value in PERSONAL)


def test_bad_rows_are_skipped_by_default_with_a_note(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, out, err = run(capsys, "report", str(_with_bad_rows(tmp_path)))
    assert code == 0
    assert "2 tickets, of which" in out
    assert err == "csmetrics: note: 2 bad rows were skipped (csmetrics validate FILE lists them)\n"


def test_output_is_atomic_when_writing_fails_half_way(
    capsys: pytest.CaptureFixture[str],
    export: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    target = out_dir / "report.md"
    target.write_text("last week's report\n", encoding="utf-8")

    def half(out: Any, data: bytes) -> None:
        out.write(data[: len(data) // 2])
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(csmetrics._cli.output, "_write_all", half)
    code, out, err = run(capsys, "report", str(export), "-o", str(target))
    assert (code, out) == (3, "")
    assert err == "csmetrics: error: -o: cannot write 'report.md': No space left on device\n"
    assert target.read_text(encoding="utf-8") == "last week's report\n"
    assert sorted(p.name for p in out_dir.iterdir()) == ["report.md"]


def test_output_replaces_an_existing_file(
    capsys: pytest.CaptureFixture[str], export: Path, tmp_path: Path
) -> None:
    target = tmp_path / "report.md"
    target.write_text("old", encoding="utf-8")
    assert run(capsys, "report", str(export), "-o", str(target)) == (0, "", "")
    assert target.read_text(encoding="utf-8").startswith("# Service report")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.md", "tickets.csv"]


def test_several_ticket_files_are_read_as_one(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    first = write_rows(tmp_path / "a.csv", [ticket_row(1, START)])
    second = write_rows(tmp_path / "b.csv", [ticket_row(2, START + dt.timedelta(hours=1))])
    code, out, _ = run(capsys, "report", str(first), str(second))
    assert code == 0
    assert "2 tickets, of which" in out


def test_surveys_are_read(capsys: pytest.CaptureFixture[str], export: Path, tmp_path: Path) -> None:
    surveys = tmp_path / "surveys.csv"
    surveys.write_text(
        "ticket_id,overall,nps,comment,answered_at\n"
        "T20,5,9,谢谢，很满意,2025-03-14T10:00Z\nT21,2,3,太慢了,2025-03-14T11:00Z\n",
        encoding="utf-8",
    )
    code, out, err = run(capsys, "report", str(export), "--surveys", str(surveys))
    assert (code, err) == (0, "")
    assert "Satisfaction" in out or "CSAT" in out


def test_the_same_report_through_python_dash_m(
    capsys: pytest.CaptureFixture[str], export: Path
) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "csmetrics", "report", str(export), "--hours",
         "mon-fri 09:00-12:00,13:00-18:00; sat 10:00-14:00", "--country", "CN"],
        capture_output=True, check=False, timeout=300,
    )  # fmt: skip
    hours = "mon-fri 09:00-12:00,13:00-18:00; sat 10:00-14:00"
    _, out, _ = run(capsys, "report", str(export), "--hours", hours, "--country", "CN")
    assert (done.returncode, done.stderr) == (0, b"")
    assert done.stdout.decode("utf-8") == out


def test_a_process_in_a_pipe_draws_no_bar_and_one_on_a_terminal(export: Path) -> None:
    command = [sys.executable, "-m", "csmetrics", "report", str(export)]
    piped = subprocess.run(command, capture_output=True, check=False, timeout=300)
    assert (piped.returncode, piped.stderr) == (0, b"")
    pty = pytest.importorskip("pty")
    leader, follower = pty.openpty()
    try:
        done = subprocess.run(command, stderr=follower, stdout=subprocess.PIPE, check=False,
                              timeout=300, env={**os.environ, "TERM": "xterm"})  # fmt: skip
        os.close(follower)
        drawn = b""
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:
                break
            if not chunk:
                break
            drawn += chunk
    finally:
        os.close(leader)
    assert done.returncode == 0
    assert b"reading tickets.csv [" in drawn
    assert b"28 rows" in drawn
    assert drawn.endswith(b"\r\x1b[K")


def test_the_table_read_is_what_the_engine_gets(
    capsys: pytest.CaptureFixture[str], export: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[Any] = []

    def spy(tickets: Any, surveys: Any, **kwargs: Any) -> Any:
        seen.append(tickets)
        return csmetrics._cli.engine.build(tickets, surveys, **kwargs)

    monkeypatch.setattr(csmetrics._cli.report, "build", spy)
    assert run(capsys, "report", str(export))[0] == 0
    expected = read_tickets(export)
    assert seen[0].id.tolist() == expected.id.tolist()
    assert (seen[0].created_at == expected.created_at).all()


def _fail(*args: Any, **kwargs: Any) -> None:
    raise OSError(5, "Input/output error")


@pytest.mark.parametrize("where", ["_write_all", "fsync", "replace"])
def test_no_failure_point_leaves_a_half_written_file(
    capsys: pytest.CaptureFixture[str],
    export: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    where: str,
) -> None:
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    target = out_dir / "report.md"
    if where == "_write_all":
        monkeypatch.setattr(csmetrics._cli.output, "_write_all", _fail)
    else:
        monkeypatch.setattr(csmetrics._cli.output.os, where, _fail)
    code, out, err = run(capsys, "report", str(export), "-o", str(target))
    assert (code, out) == (3, "")
    assert err == "csmetrics: error: -o: cannot write 'report.md': Input/output error\n"
    assert list(out_dir.iterdir()) == []


def test_plots_are_written_as_svg_files_and_inline_in_html(
    capsys: pytest.CaptureFixture[str], export: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "figures"
    code, out, err = run(capsys, "report", str(export), "--plots", str(folder), "--format", "html")
    assert (code, err) == (0, "")
    written = sorted(path.name for path in folder.iterdir())
    assert written
    assert all(name.endswith(".svg") for name in written)
    for path in folder.iterdir():
        assert path.read_text(encoding="utf-8").lstrip().startswith("<svg")
    assert out.count("<svg") == len(written)  # the same figures, inline
    assert "<script" not in out


def test_without_matplotlib_plots_are_refused_and_html_has_a_note(
    capsys: pytest.CaptureFixture[str],
    export: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(csmetrics._cli.engine, "has_plots", lambda: False)
    monkeypatch.setattr(csmetrics._cli.report, "has_plots", lambda: False)
    code, _, err = run(capsys, "report", str(export), "--plots", str(tmp_path / "f"))
    assert code == 2
    assert "pip install 'csmetrics[plot]'" in err
    code, out, err = run(capsys, "report", str(export), "--format", "html")
    assert code == 0
    assert "<svg" not in out
    assert err.count("\n") == 1
    assert "csmetrics[plot]" in err
