"""The ``csmetrics`` command: argument parsing, dispatch, exit codes.

Exit codes (every failure is one line on standard error, never a traceback,
never a value read from the data):

====  ==================================================================
0     success
1     ``validate`` found bad rows (it lists them)
2     a usage error: unknown option, missing or malformed value
3     the output could not be written (disk full, closed pipe, file)
4     an input file cannot be read or holds something wrong (``--strict``:
      a bad row; a bad mapping, policy or schedule file)
5     an unexpected failure inside csmetrics (a bug; the line names its type)
====  ==================================================================
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable, Sequence
from typing import NoReturn

from csmetrics._cli.commands import run_classify, run_sla, run_validate
from csmetrics._cli.demo import count_argument, demo_text, seed_argument
from csmetrics._cli.options import InputError, UsageError
from csmetrics._cli.output import (
    EXIT_INPUT,
    EXIT_INTERNAL,
    EXIT_OK,
    EXIT_OUTPUT,
    EXIT_USAGE,
    OutputError,
    say_error,
    write_text,
)
from csmetrics._cli.progress import Progress
from csmetrics._cli.report import add_input_options, add_report_parser, add_sla_options, run_report
from csmetrics._version import __version__
from csmetrics.exceptions import CsMetricsError

__all__ = ["main"]

_ECHOES = (
    (re.compile(r"invalid choice: .*? \(choose from"), "invalid choice (choose from"),
    (re.compile(r"invalid (\w+) value: .*"), r"invalid \1 value"),
)
_OPTION = re.compile(r"^--?[A-Za-z][\w-]{0,30}$")
_UNRECOGNIZED = "unrecognized arguments: "


def _unrecognized(message: str, argv: Sequence[str]) -> str:
    """Name unknown options; count other stray arguments (they may be a customer's text)."""
    if not message.startswith(_UNRECOGNIZED):
        return message
    stray = [a for a in argv if a.split("=")[0] in message.split()]
    options = [a.split("=")[0] for a in stray if _OPTION.match(a.split("=")[0])]
    others = len(message[len(_UNRECOGNIZED) :].split()) - len(options)
    named = ", ".join(options) if options else ""
    rest = f"{others} other argument{'s' if others != 1 else ''}" if others > 0 else ""
    return _UNRECOGNIZED + ", ".join(part for part in (named, rest) if part)


class _Parser(argparse.ArgumentParser):
    """argparse, with errors raised as one line that echoes no value."""

    argv: Sequence[str] | None = None

    def error(self, message: str) -> NoReturn:
        message = _unrecognized(message, sys.argv[1:] if self.argv is None else self.argv)
        for pattern, replacement in _ECHOES:
            message = pattern.sub(replacement, message)
        msg = f"{message} (see: {self.prog} --help)"
        raise UsageError(msg)


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="csmetrics", description="After-sales customer-service metrics.")
    parser.add_argument("--version", action="version", version=f"csmetrics {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    add_report_parser(commands)
    validate = commands.add_parser(
        "validate", help="list the bad rows of a file (exit code 1 if any)",
        description="Read a ticket (or survey) file and list its bad rows as FILE:LINE: reason.",
    )  # fmt: skip
    validate.add_argument("file", metavar="FILE")
    validate.add_argument("--surveys", action="store_true", help="FILE holds survey answers")
    add_input_options(validate)
    validate.add_argument("--timezone", metavar="TZ", help="zone of naive timestamps")
    sla = commands.add_parser(
        "sla", help="the SLA status of one ticket (JSON on stdin) as JSON",
        description="Read one ticket as JSON on standard input; print its SLA status as JSON.",
    )  # fmt: skip
    add_sla_options(sla)
    classify = commands.add_parser(
        "classify", help="priority, category and sentiment of texts, as JSON lines",
        description="Classify TEXT, or each line of standard input with '-'.",
    )  # fmt: skip
    classify.add_argument("text", metavar="TEXT|-")
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


def _demo(args: argparse.Namespace, progress: Progress) -> int:
    del progress
    write_text(demo_text(args.n, args.seed))
    return EXIT_OK


_COMMANDS: dict[str, Callable[[argparse.Namespace, Progress], int]] = {
    "report": run_report,
    "validate": run_validate,
    "sla": run_sla,
    "classify": run_classify,
    "demo": _demo,
}


def _parse(argv: Sequence[str] | None) -> argparse.Namespace | int:
    parser = _parser()
    _Parser.argv = argv
    try:
        args = parser.parse_args(argv)
    except SystemExit as stop:  # --help, --version
        return EXIT_OK if stop.code in (0, None) else EXIT_USAGE
    if args.command is None:
        say_error("a command is required: report, validate, sla, classify or demo (see --help)")
        return EXIT_USAGE
    return args


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``csmetrics`` command with ``argv`` (default ``sys.argv[1:]``); return its exit code.

    Examples
    --------
    >>> main(["demo", "--n", "-3"])
    2
    """
    progress = Progress()
    try:
        args = _parse(argv)
        if isinstance(args, int):
            return args
        return _COMMANDS[args.command](args, progress)
    except UsageError as error:
        code, message = EXIT_USAGE, str(error)
    except (InputError, CsMetricsError) as error:
        code, message = EXIT_INPUT, str(error)
    except OutputError as error:
        code, message = EXIT_OUTPUT, str(error)
    except KeyboardInterrupt:
        code, message = 130, "interrupted"
    except MemoryError:
        code, message = EXIT_INTERNAL, "out of memory"
    except Exception as error:
        code, message = EXIT_INTERNAL, f"internal error ({type(error).__name__}); please report it"
    finally:
        progress.done()
    say_error(message)
    return code


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
