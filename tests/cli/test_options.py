"""Option values: ``--hours``, ``--country``, instants; the errors of every command's options."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from csmetrics._cli.options import (
    MAX_OPTION_LENGTH,
    UsageError,
    load_schedule,
    parse_hours_spec,
    parse_instant,
)
from csmetrics.schedule import Schedule

from .cli_helpers import PERSONAL, PHONE, run, two_weeks

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@pytest.mark.parametrize(
    ("spec", "hours"),
    [
        ("mon-fri 09:00-12:00,13:00-18:00; sat 10:00-14:00",
         {"mon-fri": "09:00-12:00,13:00-18:00", "sat": "10:00-14:00"}),
        ("daily 08:00-22:00", {"daily": "08:00-22:00"}),
        ("  MON - FRI   09:00-18:00 ;; sun closed ;", {"mon-fri": "09:00-18:00", "sun": "closed"}),
        ("fri-mon 22:00-06:00", {"fri-mon": "22:00-06:00"}),
        ("mon 09:00-12:00 , 13:00-18:00", {"mon": "09:00-12:00,13:00-18:00"}),
    ],
)  # fmt: skip
def test_hours_spec_is_the_schedule_mapping(spec: str, hours: dict[str, str]) -> None:
    assert parse_hours_spec(spec) == hours
    assert Schedule(parse_hours_spec(spec)) == Schedule(hours)


def _usage_error(function: Callable[..., object], *args: object) -> str | None:
    """The message of the ``UsageError`` ``function(*args)`` raises, None when it returns."""
    try:
        function(*args)
    except UsageError as error:
        return str(error)
    return None


_range = st.tuples(st.integers(0, 22), st.integers(1, 23)).filter(lambda r: r[0] < r[1])


@given(st.dictionaries(st.sampled_from(DAYS), _range, min_size=1))
def test_hours_spec_round_trips_any_weekly_mapping(days: dict[str, tuple[int, int]]) -> None:
    hours = {day: f"{lo:02d}:00-{hi:02d}:00" for day, (lo, hi) in days.items()}
    spec = "; ".join(f"{day} {ranges}" for day, ranges in hours.items())
    assert parse_hours_spec(spec) == hours


@given(st.text(max_size=200))
def test_any_hours_text_is_a_schedule_or_a_usage_error(text: str) -> None:
    message = _usage_error(parse_hours_spec, text)
    if message is not None:
        assert message.startswith("--hours: ")
        assert "\n" not in message


def test_country_adds_holidays_and_make_up_workdays() -> None:
    schedule = load_schedule(None, "mon-fri 09:00-18:00", "cn", dt.timezone(dt.timedelta(hours=8)))
    assert schedule is not None
    zone = schedule.timezone
    national_day = dt.datetime(2025, 10, 1, 10, 0, tzinfo=zone)  # a Wednesday, a holiday
    make_up = dt.datetime(2025, 9, 28, 10, 0, tzinfo=zone)  # a Sunday, a make-up workday
    assert not schedule.is_open(national_day)
    assert schedule.is_open(make_up)


def test_a_schedule_file_takes_the_timezone_option(tmp_path: Path) -> None:
    path = tmp_path / "desk.toml"
    path.write_text('timezone = "Europe/Berlin"\n[hours]\nmon-fri = "09:00-18:00"\n', "utf-8")
    shanghai = dt.timezone(dt.timedelta(hours=8))
    schedule = load_schedule(str(path), None, None, shanghai)
    assert schedule is not None
    assert schedule.timezone == shanghai
    own = load_schedule(str(path), None, None, None)
    assert own is not None
    assert str(own.timezone) == "Europe/Berlin"


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("2025-03-03", "2025-03-03T00:00:00+08:00"),
        ("2025-03-03T09:30", "2025-03-03T09:30:00+08:00"),
        ("2025-03-03 09:30:15", "2025-03-03T09:30:15+08:00"),
        ("2025-03-03T09:30Z", "2025-03-03T09:30:00+00:00"),
        ("2025-03-03T09:30:00-05:00", "2025-03-03T09:30:00-05:00"),
    ],
)
def test_instants(text: str, iso: str) -> None:
    zone = dt.timezone(dt.timedelta(hours=8))
    assert parse_instant(text, "--since", zone).isoformat() == iso


@pytest.fixture(scope="module")
def export(tmp_path_factory: pytest.TempPathFactory) -> str:
    return str(two_weeks(tmp_path_factory.mktemp("options") / "tickets.csv"))


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    folder = tmp_path_factory.mktemp("files")
    bad_policy = folder / "policy.toml"
    bad_policy.write_text("[targets]\nP1 = 12\n", encoding="utf-8")
    bad_schedule = folder / "hours.json"
    bad_schedule.write_text(json.dumps({"hours": {"mon": "25:00-26:00"}}), encoding="utf-8")
    empty = folder / "empty.csv"
    empty.write_text("id,created_at\n", encoding="utf-8")
    return {"policy": str(bad_policy), "schedule": str(bad_schedule), "folder": str(folder),
            "empty": str(empty)}  # fmt: skip


TABLE = [
    # (arguments after TICKETS, exit code, fragment of the one-line message)
    (["--hours", "weekdays 9-5"], 2, "--hours: "),
    (["--hours", "mon 09:00-18:00; mon 10:00-11:00"], 2, "appears twice"),
    (["--hours", ""], 2, "--hours: expected groups"),
    (["--hours", "x" * (MAX_OPTION_LENGTH + 1)], 2, f"at most {MAX_OPTION_LENGTH} characters"),
    (["--hours", "mon 09:00-18:00", "--schedule", "a.toml"], 2, "got both"),
    (["--country", "CN"], 2, "--country: expected together with --hours"),
    (["--hours", "mon 09:00-18:00", "--country", "XX"], 2, "--country: "),
    (["--timezone", "Mars/Olympus"], 2, "--timezone: "),
    (["--since", "last tuesday"], 2, "--since: expected a date (2025-03-03)"),
    (["--until", "2025-13-01"], 2, "--until: expected a date"),
    (["--now", PHONE], 2, "--now: expected a date"),
    (["--since", "2025-03-10", "--until", "2025-03-10"], 2, "before --until"),
    (["--since", "2030-01-01"], 2, "at or before --now"),
    (["--period", "year"], 2, "invalid choice (choose from 'day', 'week', 'month')"),
    (["--format", "pdf"], 2, "argument --format: invalid choice"),
    (["--language", "fr"], 2, "argument --language: invalid choice"),
    (["--policy", "fastest"], 2, "--policy: expected a preset (coarse,"),
    (["--policy", "{policy}"], 4, "--policy policy.toml: "),
    (["--policy", "missing.toml"], 4, "--policy missing.toml: "),
    (["--schedule", "{schedule}"], 4, "--schedule hours.json: "),
    (["--mapping", "nope"], 4, "--mapping: "),
    (["--surveys", "{folder}"], 4, "--surveys: cannot read 'files"),
    (["--events", "{folder}/none.csv"], 4, "--events: cannot read 'none.csv': no such file"),
    (["-o", "{folder}/no/such/out.md"], 2, "-o: the folder of 'out.md' does not exist"),
    (["-o", "{folder}"], 2, "is a folder"),
    (["--plots", "{policy}/figures"], 2, "--plots: cannot create the folder 'figures'"),
    (["--bogus"], 2, "unrecognized arguments: --bogus"),
    (["{empty}", "--events", "{empty}"], 2, "--events: expected one TICKETS file"),
    ([PHONE], 4, "TICKETS: cannot read '13912345678': no such file"),
]


@pytest.mark.parametrize(("extra", "code", "fragment"), TABLE)
def test_report_option_errors(
    capsys: pytest.CaptureFixture[str],
    export: str,
    files: dict[str, str],
    extra: list[str],
    code: int,
    fragment: str,
) -> None:
    argv = ["report", export, *(arg.format(**files) for arg in extra)]
    got, out, err = run(capsys, *argv)
    assert (got, out) == (code, "")
    assert err.count("\n") == 1, err
    assert err.startswith("csmetrics: error: ")
    assert fragment in err
    assert "Traceback" not in err


def test_a_ticket_file_named_like_a_phone_number_is_named_as_the_user_typed_it(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # A file name comes from the command line, not from the data: it is shown.
    assert run(capsys, "report", "nothing-here.csv")[2] == (
        "csmetrics: error: TICKETS: cannot read 'nothing-here.csv': no such file\n"
    )


def test_a_file_without_rows(capsys: pytest.CaptureFixture[str], files: dict[str, str]) -> None:
    code, out, err = run(capsys, "report", files["empty"])
    assert (code, out) == (4, "")
    assert err == (
        "csmetrics: error: TICKETS: expected at least one ticket with a creation time, got none\n"
    )


@pytest.mark.parametrize(
    ("argv", "code", "fragment"),
    [
        (["classify"], 2, "required: TEXT|-"),
        (["classify", "a", "b", PHONE], 2, "unrecognized arguments: 2 other arguments"),
        (["validate"], 2, "required: FILE"),
        (["sla", "--hours", "mon 9-5"], 2, "--hours: "),
        (["sla", "--policy", "nope"], 2, "--policy: expected a preset"),
        (["frobnicate"], 2, "invalid choice (choose from"),
        ([PHONE], 2, "invalid choice (choose from"),
        ([], 2, "a command is required"),
    ],
)
def test_other_command_errors(
    capsys: pytest.CaptureFixture[str], argv: list[str], code: int, fragment: str
) -> None:
    got, out, err = run(capsys, *argv)
    assert (got, out) == (code, "")
    assert err.count("\n") == 1
    assert fragment in err
    assert not any(value in err for value in PERSONAL)


@given(st.text(min_size=8, max_size=40).filter(lambda t: t.strip() == t and "\x00" not in t))
def test_no_option_value_is_echoed(value: str) -> None:
    for option in ("--since", "--until", "--now"):
        message = _usage_error(parse_instant, value, option, dt.UTC)
        assert message is None or value not in message
    message = _usage_error(parse_hours_spec, value)
    assert message is None or value not in message
