"""Reading exports: ``read_tickets`` vs pandas on the same CSV, and streaming memory.

Run from the repository root::

    .venv/bin/python -m benchmarks.bench_io            # 1M rows, then 5M rows for memory
    .venv/bin/python -m benchmarks.bench_io --quick    # 200k rows, no 5M file
    .venv/bin/python -m benchmarks.bench_io --memory   # only the 5M-row memory run

The CSV has 13 columns, three of them ISO 8601 timestamps with offsets
(``2025-06-03 10:41:47+08:00``), Chinese text and ids, written once to a
temporary folder from a fixed seed. Every priority and category is given,
so nothing is classified while reading. Two pandas peers, timed in the same
run:

- ``pandas.read_csv(..., parse_dates=...)`` then ``pandas.to_datetime(...,
  utc=True)`` on the three timestamp columns: the same instants
  ``read_tickets`` returns. With pandas 3 its text columns stay in
  Arrow-backed string arrays: no Python string is made.
- the equivalent column conversion: text read as Python strings
  (``dtype=object``, what a table's object columns hold), the timestamps
  as above and the eight label columns factorised (``astype("category")``).

Neither validates values, masks names and phones, checks ids, builds events
or reports bad rows with their lines: ``read_tickets`` does all of that.
A table read from a CSV file decodes its free-text column on first access
of ``table.text``; the rows "then .text" time that access as well.
Timings are CPU seconds of this process (``time.process_time``, best of 3),
steadier than wall time on a shared machine; every reader is single-threaded.
Peak memory of ``iter_tickets`` over a 5M-row file is measured in a fresh
process (its ``VmHWM``).
"""

from __future__ import annotations

import csv
import subprocess
import sys
import tempfile
import time
from functools import partial
from pathlib import Path

import numpy as np
import pandas as pd

from benchmarks._timing import best_of
from csmetrics.io import read_tickets

__all__ = ["main"]

SEED = 20_261_206
STAMPS = ["created_at", "first_response_at", "resolved_at"]
_cpu = partial(best_of, clock=time.process_time)  # CPU seconds of this process, best of 3
LABELS = ["channel", "priority", "category", "agent", "customer_id", "tier", "team", "product"]


def write_export(path: Path, n: int) -> None:
    """A ticket export of ``n`` rows in the library's own header."""
    rng = np.random.default_rng(SEED)
    created = np.datetime64("2025-01-01T00:00:00", "s") + rng.integers(0, 86_400 * 180, n)
    reply = created + rng.integers(60, 7_200, n)
    solved = reply + rng.integers(600, 86_400 * 3, n)

    def iso(values: np.ndarray) -> list[str]:
        text = np.datetime_as_string(values + np.timedelta64(8, "h"), unit="s")
        return [t.replace("T", " ") + "+08:00" for t in text.tolist()]

    columns = {
        "id": [f"T{i}" for i in range(n)],
        "created_at": iso(created), "first_response_at": iso(reply), "resolved_at": iso(solved),
        "channel": rng.choice(["chat", "phone", "email", "微信", "web"], n).tolist(),
        "priority": rng.choice(["P1", "P2", "P3"], n).tolist(),
        "category": rng.choice(["product_quality", "logistics", "service", "billing"], n).tolist(),
        "text": rng.choice(["产品破损需紧急补发", "我的货已经延迟5天了！", "APP退款按钮找不到",
                            "The screen is black, please help"], n).tolist(),
        "agent": rng.choice([f"agent_{i}" for i in range(50)], n).tolist(),
        "customer_id": [f"C{i}" for i in rng.integers(0, 50_000, n).tolist()],
        "tier": rng.choice(["vip", "normal"], n).tolist(),
        "team": rng.choice(["support", "logistics", "billing"], n).tolist(),
        "product": rng.choice(["phone X", "router R2", "app"], n).tolist(),
    }  # fmt: skip
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(columns)
        writer.writerows(zip(*columns.values(), strict=True))


def _pandas(path: Path) -> pd.DataFrame:
    frame = pd.read_csv(path, parse_dates=STAMPS)
    for name in STAMPS:
        frame[name] = pd.to_datetime(frame[name], utc=True)
    return frame


def _pandas_converted(path: Path) -> pd.DataFrame:
    frame = pd.read_csv(path, dtype=object, keep_default_na=False)
    for name in STAMPS:
        frame[name] = pd.to_datetime(frame[name], utc=True, format="ISO8601")
    for name in LABELS:
        frame[name] = frame[name].astype("category")
    return frame


def _peak_rss_mb(path: Path) -> dict[str, float]:
    """Peak resident memory (MB) of a fresh process streaming ``path``, per reader.

    ``VmHWM`` of the child's own address space: ``ru_maxrss`` of a child
    started from a large parent also counts the parent's pages (Linux keeps
    the high-water mark across ``vfork`` and ``exec``).
    """
    script = (
        "import resource, sys\n"
        "from csmetrics.io import iter_tickets\n"
        "batches = iter_tickets(sys.argv[1], batch_size=100_000, reader=sys.argv[2])\n"
        "rows = sum(len(table) for table in batches)\n"
        "status = open('/proc/self/status').read().split('VmHWM:')[1].split()[0]\n"
        "print(rows, status, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)\n"
    )
    out = {}
    for reader in ("builtin", "arrow"):
        done = subprocess.run([sys.executable, "-c", script, str(path), reader], check=True,
                              capture_output=True, text=True)  # fmt: skip
        out[reader] = int(done.stdout.split()[1]) / 1024
    return out


def main(argv: list[str] | None = None) -> None:
    """Print the timing table and, unless ``--quick``, the streaming memory."""
    args = argv if argv is not None else sys.argv[1:]
    quick = "--quick" in args
    if "--memory" in args:
        _memory()
        return
    n = 200_000 if quick else 1_000_000
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "tickets.csv"
        write_export(path, n)
        ours = read_tickets(path, reader="builtin")
        peer = _pandas(path)
        assert (ours.created_at == peer["created_at"].dt.tz_localize(None).to_numpy()).all()
        arrow = read_tickets(path, reader="arrow")
        for name, column in arrow.columns().items():  # both readers: the same table
            assert column.tolist() == ours.columns()[name].tolist(), name
        times = {
            "pandas read_csv + to_datetime(utc=True)": _cpu(lambda: _pandas(path)),
            "pandas, equivalent conversion": _cpu(lambda: _pandas_converted(path)),
            "read_tickets, built-in reader": _cpu(lambda: read_tickets(path, reader="builtin")),
            "read_tickets, arrow reader": _cpu(lambda: read_tickets(path, reader="arrow")),
            "read_tickets, built-in reader, then .text": _cpu(
                lambda: read_tickets(path, reader="builtin").text
            ),
            "read_tickets, arrow reader, then .text": _cpu(
                lambda: read_tickets(path, reader="arrow").text
            ),
        }
        plain = times["pandas read_csv + to_datetime(utc=True)"]
        converted = times["pandas, equivalent conversion"]
        print(f"{n:,} rows, 13 columns ({path.stat().st_size / 1e6:.0f} MB), "
              f"pandas {pd.__version__}, CPU seconds, best of 3\n")  # fmt: skip
        print("| reader | seconds | vs pandas read_csv | vs pandas, equivalent conversion |")
        print("|---|---:|---:|---:|")
        for name, seconds in times.items():
            print(f"| {name} | {seconds:.2f} | {seconds / plain:.2f}x | "
                  f"{seconds / converted:.2f}x |")  # fmt: skip
        if not quick:
            _memory()


def _memory() -> None:
    """Peak memory of ``iter_tickets`` over a 5M-row file (``--memory``: only this)."""
    with tempfile.TemporaryDirectory() as folder:
        big = Path(folder) / "tickets_5m.csv"
        write_export(big, 5_000_000)
        rss = _peak_rss_mb(big)
        print(f"\niter_tickets over 5,000,000 rows ({big.stat().st_size / 1e9:.2f} GB), "
              "batches of 100,000, peak RSS (VmHWM of a fresh process):")  # fmt: skip
        for reader, mb in rss.items():
            print(f"- {reader}: {mb:.0f} MB")


if __name__ == "__main__":
    main()
