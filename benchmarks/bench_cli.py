"""The command end to end: ``csmetrics report`` and ``validate`` on a 1M-row CSV, time and memory.

Run from the repository root::

    .venv/bin/python -m benchmarks.bench_cli                 # 1M rows, best of 3
    .venv/bin/python -m benchmarks.bench_cli --rows 200000   # a smaller file
    .venv/bin/python -m benchmarks.bench_cli --csv FILE      # an export you have

The CSV is the one of ``bench_io`` (13 columns, three ISO 8601 timestamps
with offsets, Chinese text, 180 days of tickets), written once to a
temporary folder from a fixed seed. Each command runs as
``python -m csmetrics ...`` in a child process with its standard error a
pipe (no progress bar); the time is the child's wall time (best of the
rounds) and the memory its peak resident set (``ru_maxrss`` of
``os.wait4`` on the child: the child alone, whole run).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.bench_io import write_export

__all__ = ["main"]

ROUNDS = 3


def _run(argv: list[str]) -> tuple[float, float, float, int]:
    """Wall seconds, CPU seconds, peak RSS in MB and exit code of ``python -m csmetrics argv``."""
    start = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, "-m", "csmetrics", *argv],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    error = child.stderr.read().decode("utf-8", "replace").strip() if child.stderr else ""
    if child.stderr:
        child.stderr.close()
    code = child.returncode
    if code not in (0, 1):
        msg = f"csmetrics {argv[0]} failed with exit code {code}: {error}"
        raise RuntimeError(msg)
    return seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, code


def _measure(name: str, argv: list[str], rounds: int) -> None:
    results = [_run(argv) for _ in range(rounds)]
    best = min(seconds for seconds, _, _, _ in results)
    cpu = min(seconds for _, seconds, _, _ in results)
    peak = max(mb for _, _, mb, _ in results)
    print(f"| `{name}` | {best:.1f} | {cpu:.1f} | {peak:.0f} | {results[0][3]} |", flush=True)


def main(argv: list[str] | None = None) -> None:
    """Print the table of the commands' time and peak memory."""
    parser = argparse.ArgumentParser(prog="bench_cli")
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--csv", help="an existing ticket export (skips writing one)")
    parser.add_argument("--rounds", type=int, default=ROUNDS)
    args = parser.parse_args(argv if argv is not None else sys.argv[1:])
    with tempfile.TemporaryDirectory() as folder:
        if args.csv is None:
            path = Path(folder) / "tickets.csv"
            write_export(path, args.rows)
        else:
            path = Path(args.csv)
        out = str(Path(folder) / "report.md")
        size = path.stat().st_size / 1e6
        print(f"{path.name}: {size:.0f} MB, best of {args.rounds} (time), max of peaks (RSS)\n")
        print("| command | wall s | CPU s | peak RSS (MB) | exit code |\n|---|---:|---:|---:|---:|")
        commands = {
            "report FILE": ["report", str(path), "-o", out],
            "report FILE --period month": ["report", str(path), "--period", "month", "-o", out],
            "report FILE --hours ... --country CN --timezone Asia/Shanghai": [
                "report", str(path), "--hours", "mon-fri 09:00-12:00,13:00-18:00; sat 10:00-14:00",
                "--country", "CN", "--timezone", "Asia/Shanghai", "-o", out,
            ],
            "validate FILE": ["validate", str(path)],
        }  # fmt: skip
        for name, command in commands.items():
            _measure(name, command, args.rounds)


if __name__ == "__main__":
    main()
