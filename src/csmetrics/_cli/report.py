"""``csmetrics report``: files in, the service report out (stdout or ``-o``, atomically)."""

from __future__ import annotations

import argparse
import datetime as dt
import os
from pathlib import Path
from typing import Any

from csmetrics._cli.engine import build, figures, has_plots, render, write_figures
from csmetrics._cli.inputs import read_inputs
from csmetrics._cli.options import (
    InputError,
    UsageError,
    load_policy,
    load_schedule,
    parse_instant,
    parse_zone,
)
from csmetrics._cli.output import say_error, write_file, write_text
from csmetrics._cli.period import choose_window
from csmetrics._cli.progress import Progress
from csmetrics._core.zones import timezone_key
from csmetrics.exceptions import CsMetricsError

__all__ = ["add_report_parser", "check_plots", "run_report"]


def add_report_parser(commands: Any) -> None:
    """The ``report`` command's options."""
    report = commands.add_parser(
        "report",
        help="the service report of ticket (and survey) files",
        description="Read ticket and survey exports and write the service report of a period.",
    )
    report.add_argument("tickets", nargs="+", metavar="TICKETS", help="ticket files")
    report.add_argument("--surveys", metavar="FILE", help="survey answers file")
    report.add_argument("--events", metavar="FILE", help="ticket events file (one TICKETS file)")
    add_input_options(report)
    add_sla_options(report)
    report.add_argument("--period", choices=("day", "week", "month"), help="default week")
    report.add_argument("--since", metavar="DATE", help="start of the period (inclusive)")
    report.add_argument("--until", metavar="DATE", help="end of the period (exclusive)")
    report.add_argument("--format", choices=("md", "json", "html"), default="md")
    report.add_argument("--language", choices=("en", "zh"), default="en")
    report.add_argument("-o", "--output", metavar="OUT", help="write here (atomically)")
    report.add_argument("--plots", metavar="DIR", help="write the figures into DIR")
    report.add_argument("--strict", action="store_true", help="stop at the first bad row")


def add_input_options(parser: argparse.ArgumentParser) -> None:
    """``--mapping``."""
    parser.add_argument("--mapping", metavar="FILE|PRESET", help="columns and values of the export")


def add_sla_options(parser: argparse.ArgumentParser) -> None:
    """``--policy``, ``--schedule``, ``--hours``, ``--country``, ``--timezone``, ``--now``."""
    parser.add_argument("--policy", metavar="FILE|PRESET", help="SLA policy (default tiered)")
    parser.add_argument("--schedule", metavar="FILE", help="schedule file (.toml / .json)")
    parser.add_argument("--hours", metavar="SPEC", help="service hours, e.g. 'mon-fri 09:00-18:00'")
    parser.add_argument("--country", metavar="CC", help="holidays of a country, e.g. CN")
    parser.add_argument("--timezone", metavar="TZ", help="IANA zone, e.g. Asia/Shanghai")
    parser.add_argument("--now", metavar="INSTANT", help="measure as of this instant")


def check_plots(directory: str | None) -> Path | None:
    """The ``--plots`` folder, created when missing; a one-line error when it cannot be."""
    if directory is None:
        return None
    path = Path(directory)
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        msg = f"--plots: cannot create the folder {path.name!r}: {error.strerror or 'error'}"
        raise UsageError(msg) from None
    if not os.access(path, os.W_OK):
        msg = f"--plots: cannot write into the folder {path.name!r}: permission denied"
        raise UsageError(msg)
    if not has_plots():
        msg = "--plots: figures need the plot extra: pip install 'csmetrics[plot]'"
        raise UsageError(msg)
    return path


def _check_output(output: str | None) -> None:
    if output is None:
        return
    folder = Path(output).resolve().parent
    if not folder.is_dir():
        msg = f"-o: the folder of {Path(output).name!r} does not exist"
        raise UsageError(msg)
    if Path(output).is_dir():
        msg = f"-o: {Path(output).name!r} is a folder"
        raise UsageError(msg)


def _note_rejected(tickets: tuple[object, ...], surveys: object) -> None:
    """One line on standard error when bad rows were skipped (the report's input section lists
    them)."""
    count = len(tickets) + len(getattr(surveys, "rejected", ()))
    if count:
        rows = "row was" if count == 1 else "rows were"
        say_error(f"note: {count:,} bad {rows} skipped (csmetrics validate FILE lists them)",
                  prefix="")  # fmt: skip


def run_report(args: argparse.Namespace, progress: Progress) -> int:
    """Read, measure, render and write; return the exit code (errors raise)."""
    if args.events is not None and len(args.tickets) > 1:
        msg = "--events: expected one TICKETS file (events join by ticket id within it)"
        raise UsageError(msg)
    zone_given = parse_zone(args.timezone)
    schedule = load_schedule(args.schedule, args.hours, args.country, zone_given)
    zone = zone_given or (schedule.timezone if schedule is not None else dt.UTC)
    policy = load_policy(args.policy)
    since = None if args.since is None else parse_instant(args.since, "--since", zone)
    until = None if args.until is None else parse_instant(args.until, "--until", zone)
    now = None if args.now is None else parse_instant(args.now, "--now", zone)
    _check_output(args.output)
    plots = check_plots(args.plots)
    naive = zone_given or (schedule.timezone if schedule is not None else None)
    inputs = read_inputs(args.tickets, args.surveys, mapping=args.mapping, zone=naive,
                         strict=args.strict, progress=progress, events=args.events)  # fmt: skip
    window = choose_window(inputs.tickets, inputs.surveys, since=since, until=until, now=now,
                           period=args.period, zone=zone)  # fmt: skip
    progress.stage("building the report")
    try:
        report = build(inputs.tickets, inputs.surveys, now=window.now, since=window.since,
                       until=window.until, period=window.period, timezone=timezone_key(zone),
                       policy=policy, schedule=schedule)  # fmt: skip
    except CsMetricsError as error:
        raise InputError(str(error)) from None
    drawn = figures(report, args.format, plots)
    text = render(report, args.format, args.language, drawn)
    if plots is not None and drawn is not None:
        write_figures(drawn, plots)
    progress.done()
    _note_rejected(inputs.tickets.rejected, inputs.surveys)
    if args.output is None:
        write_text(text)
    else:
        write_file(args.output, text if text.endswith("\n") else text + "\n")
    return 0
