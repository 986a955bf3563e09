"""What ``import csmetrics`` costs on top of ``import numpy, pydantic``, and each first use.

Run from the repository root::

    .venv/bin/python -m benchmarks.bench_import

Every figure is the best of several fresh interpreters (``python -c``), so
nothing is cached between runs. Each interpreter first imports numpy and
pydantic and builds one trivial pydantic model (pydantic loads its own
model machinery lazily, on the first model of the process: that cost is
pydantic's, not ours), then times the import of csmetrics and, separately,
the first touch of one public name, which loads that capability.
"""

from __future__ import annotations

import subprocess
import sys

__all__ = ["main"]

RUNS = 9
_BASE = "import numpy, pydantic\nclass _M(pydantic.BaseModel):\n    x: int\nimport time\n"
_TIMED = "t = time.perf_counter()\n{body}\nprint(time.perf_counter() - t)\n"
CASES = {
    "import csmetrics": ("", "import csmetrics"),
    "first use of Ticket": ("import csmetrics", "csmetrics.Ticket"),
    "first use of evaluate (schedule, SLA)": ("import csmetrics", "csmetrics.evaluate"),
    "first use of csat": ("import csmetrics", "csmetrics.csat"),
    "first use of sentiment": ("import csmetrics", "csmetrics.sentiment"),
    "first use of assign_priority": ("import csmetrics", "csmetrics.assign_priority"),
    "first use of build_report": ("import csmetrics", "csmetrics.build_report"),
}


def _best(setup: str, body: str) -> float:
    """Best of ``RUNS`` fresh interpreters: seconds of ``body`` after the baseline and ``setup``."""
    script = _BASE + setup + "\n" + _TIMED.format(body=body)
    run = [sys.executable, "-c", script]
    return min(
        float(subprocess.run(run, check=True, capture_output=True, text=True).stdout)
        for _ in range(RUNS)
    )


def main() -> None:
    """Print the costs in milliseconds."""
    print(f"| after numpy, pydantic and one model | best of {RUNS} fresh interpreters |")
    print("|---|---:|")
    for name, (setup, body) in CASES.items():
        print(f"| {name} | {_best(setup, body) * 1e3:.1f} ms |")


if __name__ == "__main__":
    main()
