"""The ``csmetrics`` command: argument parsing, dispatch, exit codes.

Exit codes (every failure is one line on standard error, never a traceback):

====  ==================================================================
0     success
1     the command ran and found a failure it reports (e.g. bad rows)
2     a usage error or invalid input (the message names it)
3     the output could not be written (disk full, closed pipe, file)
====  ==================================================================
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from csmetrics._cli.demo import count_argument, demo_text, seed_argument
from csmetrics._cli.output import (
    EXIT_BAD_INPUT,
    EXIT_OK,
    EXIT_OUTPUT,
    OutputError,
    say_error,
    write_text,
)
from csmetrics._version import __version__
from csmetrics.exceptions import CsMetricsError

__all__ = ["main"]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="csmetrics", description="After-sales customer-service metrics."
    )
    parser.add_argument("--version", action="version", version=f"csmetrics {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    demo = commands.add_parser(
        "demo",
        help="generate a sample week and print its weekly report",
        description="Generate a sample week of tickets and surveys and print its weekly report.",
    )
    demo.add_argument(
        "--n", type=count_argument, default=300, help="number of tickets (default 300)"
    )
    demo.add_argument("--seed", type=seed_argument, default=0, help="random seed (default 0)")
    return parser


def _parse(argv: Sequence[str] | None) -> argparse.Namespace | int:
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as stop:
        return EXIT_OK if stop.code in (0, None) else EXIT_BAD_INPUT
    if args.command is None:
        parser.print_usage(sys.stderr)
        say_error("a command is required (try: csmetrics demo)")
        return EXIT_BAD_INPUT
    return args


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``csmetrics`` command with ``argv`` (default ``sys.argv[1:]``); return its exit code.

    Examples
    --------
    >>> main(["demo", "--n", "-3"])
    2
    """
    args = _parse(argv)
    if isinstance(args, int):
        return args
    try:
        write_text(demo_text(args.n, args.seed))
    except CsMetricsError as error:
        say_error(str(error))
        return EXIT_BAD_INPUT
    except OutputError as error:
        say_error(str(error))
        return EXIT_OUTPUT
    return EXIT_OK
