"""The ``csmetrics`` command: demo output recomputed from the same seed, usage errors."""

from __future__ import annotations

import datetime as dt
import os
import re
import runpy
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

import csmetrics._cli.main
from csmetrics._version import __version__
from csmetrics.cli import DEMO_HOURS, main
from csmetrics.datasets import CHINA_STANDARD_TIME, DEFAULT_START, sample_surveys, sample_tickets
from csmetrics.exceptions import InvalidInputError
from csmetrics.models import Channel, Priority, SurveyResponse, Ticket
from csmetrics.report import build_report
from csmetrics.schedule import Schedule
from csmetrics.scoring import csat
from csmetrics.sla import SlaPolicy, evaluate

NOW = DEFAULT_START + dt.timedelta(days=7)
Week = tuple[list[Ticket], list[SurveyResponse]]


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture(scope="module")
def week() -> Week:
    tickets = sample_tickets(200, seed=0)
    return tickets, sample_surveys(tickets, seed=0)


def test_demo_header_counts_match_the_seed(capsys: pytest.CaptureFixture[str], week: Week) -> None:
    tickets, surveys = week
    code, out, err = _run(capsys, "demo", "--n", "200")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert (
        lines[0] == "csmetrics demo: 200 sample tickets, seed 0, week of Mon 2025-03-03 (UTC+08:00)"
    )
    events = sum(len(t.events) for t in tickets)
    customers = len({t.customer.id for t in tickets if t.customer})
    assert f"200 tickets with {events} events, {customers} masked customers" in lines[1]
    assert f"and {len(surveys)} survey responses" in out


def test_demo_volume_matches_the_seed(capsys: pytest.CaptureFixture[str], week: Week) -> None:
    tickets, _ = week
    _, out, _ = _run(capsys, "demo", "--n", "200")
    channels = Counter(t.channel for t in tickets)
    for channel in Channel:
        name = channel.value.replace("_", " ")
        assert re.search(rf"^\| {name}\s+\|\s+{channels[channel]} \|", out, re.MULTILINE)
    priorities = Counter(t.priority for t in tickets)
    for priority in Priority:
        row = rf"^\| {priority.value}\s+\|\s+{priorities[priority]} \|"
        assert re.search(row, out, re.MULTILINE)
    complaints = sum(t.complaint for t in tickets)
    assert f"200 tickets, of which {complaints} complaints." in out


def test_demo_sla_and_satisfaction_match_the_seed(
    capsys: pytest.CaptureFixture[str], week: Week
) -> None:
    tickets, surveys = week
    _, out, _ = _run(capsys, "demo", "--n", "200")
    schedule = Schedule(DEMO_HOURS, timezone=CHINA_STANDARD_TIME, holidays="CN")
    results = [evaluate(t, SlaPolicy.preset("tiered"), schedule, now=NOW) for t in tickets]
    two = ("first_response", "resolution")  # the targets the report measures
    late = sum(any(m.breached for k, m in r.metrics().items() if k in two) for r in results)
    assert f"Tickets late on at least one target: {late} of 200." in out
    p1 = [r.first_response for r in results if r.priority is Priority.P1]
    met = sum(1 for m in p1 if m is not None and m.met)
    decided = sum(1 for m in p1 if m is not None and not m.pending)
    assert re.search(rf"^\| P1\s+\|\s+{met} \|\s+{decided - met} \|", out, re.MULTILINE)
    answered = [s for s in surveys if s.answered_at is None or s.answered_at <= NOW]
    overall = csat([s.overall for s in answered])
    assert re.search(rf"^\| Overall\s+\|\s+{overall.mean:.2f} \|", out, re.MULTILINE)


def test_demo_quality_and_customers(capsys: pytest.CaptureFixture[str], week: Week) -> None:
    tickets, surveys = week
    _, out, _ = _run(capsys, "demo", "--n", "200")
    schedule = Schedule(DEMO_HOURS, timezone=CHINA_STANDARD_TIME, holidays="CN")
    report = build_report(
        tickets,
        surveys,
        now=NOW,
        since=DEFAULT_START,
        policy=SlaPolicy.preset("tiered"),
        schedule=schedule,
    )
    assert report.quality is not None
    assert f"Quality score: {report.quality.value:.1f} / 100" in out
    first = tickets[0].customer
    assert first is not None
    assert f"{first.id}  {first.name}" in out
    assert f"phone ***{first.phone_last4}" in out
    assert not re.search(r"1[3-9]\d{9}", out)  # no full phone number anywhere
    assert f"{tickets[0].id}  {tickets[0].created_at:%a %H:%M}" in out


def test_other_seed_other_week(capsys: pytest.CaptureFixture[str]) -> None:
    _, first, _ = _run(capsys, "demo", "--n", "50", "--seed", "1")
    _, second, _ = _run(capsys, "demo", "--n", "50", "--seed", "2")
    _, again, _ = _run(capsys, "demo", "--n", "50", "--seed", "1")
    assert first == again
    assert first != second
    assert "seed 2," in second


def test_demo_of_zero_tickets(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "demo", "--n", "0")
    assert code == 0
    assert "0 tickets, of which 0 complaints." in out
    assert "(SLA)" not in out


@pytest.mark.parametrize(
    ("argv", "fragment"),
    [
        (["demo", "--n", "-1"], "argument --n: expected 0 to 200000, got -1"),
        (["demo", "--n", "x"], "argument --n: expected a whole number, got 'x'"),
        (["demo", "--n", "200001"], "expected 0 to 200000, got 200001"),
        (["demo", "--seed", "-2"], "argument --seed: expected >= 0, got -2"),
        (["demo", "--seed", "1.5"], "argument --seed: expected a whole number"),
        (["demo", "--bogus"], "unrecognized arguments: --bogus"),
        (["bogus"], "invalid choice (choose from"),
        (["report"], "required: TICKETS"),
        ([], "a command is required"),
    ],
)
def test_bad_arguments_exit_2(
    capsys: pytest.CaptureFixture[str], argv: list[str], fragment: str
) -> None:
    code, out, err = _run(capsys, *argv)
    assert code == 2
    assert out == ""
    assert fragment in err
    assert "Traceback" not in err


@pytest.mark.parametrize(
    ("argv", "expected"),
    [(["--version"], f"csmetrics {__version__}"), (["demo", "--help"], "--seed SEED")],
)
def test_help_and_version_exit_0(
    capsys: pytest.CaptureFixture[str], argv: list[str], expected: str
) -> None:
    code, out, _ = _run(capsys, *argv)
    assert code == 0
    assert expected in out


def test_library_errors_exit_4_without_traceback(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def fail(n: int, seed: int) -> str:
        msg = f"n: expected something else, got {n!r}"
        raise InvalidInputError(msg)

    monkeypatch.setattr(csmetrics._cli.main, "demo_text", fail)
    code, out, err = _run(capsys, "demo", "--n", "3")
    assert (code, out) == (4, "")
    assert err == "csmetrics: error: n: expected something else, got 3\n"


def test_python_dash_m_runs_the_same_command(capsys: pytest.CaptureFixture[str]) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "csmetrics", "demo", "--n", "30", "--seed", "4"],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    _, out, _ = _run(capsys, "demo", "--n", "30", "--seed", "4")
    assert done.returncode == 0
    assert done.stdout == out


def test_module_entry_point_exits_with_the_code(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "argv", ["csmetrics", "demo", "--n", "-5"])
    with pytest.raises(SystemExit) as stop:
        runpy.run_module("csmetrics", run_name="__main__")
    assert stop.value.code == 2
    assert "expected 0 to 200000, got -5" in capsys.readouterr().err


def test_captured_output_in_the_docs_is_current(capsys: pytest.CaptureFixture[str]) -> None:
    page = (Path(__file__).resolve().parents[2] / "docs" / "demo.md").read_text("utf-8")
    captured = page.split("## Captured output", 1)[1].split("```text\n", 1)[1].split("\n```", 1)[0]
    code, out, _ = _run(capsys, "demo")
    assert code == 0
    assert out.rstrip("\n") == captured


def _demo_process(**kwargs: object) -> subprocess.CompletedProcess[bytes]:
    command = [sys.executable, "-m", "csmetrics", "demo", "--n", "20"]
    options = {"stdout": subprocess.PIPE, "stderr": subprocess.PIPE, **kwargs}
    return subprocess.run(command, check=False, **options)  # type: ignore[call-overload, no-any-return]


def test_a_narrow_output_encoding_gets_replacements_and_a_note() -> None:
    done = _demo_process(env={**os.environ, "PYTHONIOENCODING": "cp1252"})
    assert done.returncode == 0
    assert b"?" in done.stdout
    err = done.stderr.decode()
    assert err.count("\n") == 1
    assert "cannot show some characters" in err
    assert "Traceback" not in err


def test_a_full_disk_is_one_line_and_exit_3() -> None:
    with Path("/dev/full").open("wb") as full:
        done = _demo_process(stdout=full)
    assert done.returncode == 3
    assert done.stderr == b"csmetrics: error: cannot write the output: No space left on device\n"


def test_a_closed_pipe_is_one_line_and_exit_3() -> None:
    read_end, write_end = os.pipe()
    os.close(read_end)  # nobody will read: the first write fails
    try:
        done = _demo_process(stdout=write_end)
    finally:
        os.close(write_end)
    assert done.returncode == 3
    closed = "the reading end of the pipe was closed"
    assert done.stderr.decode() == f"csmetrics: error: cannot write the output: {closed}\n"
