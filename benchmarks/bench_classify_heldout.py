"""Accuracy on the held-out set, per language, combined and rules alone, with confusion matrices.

Run from the repository root::

    .venv/bin/python -m benchmarks.bench_classify_heldout

``benchmarks/data/text/heldout.csv`` (1,002 comments and ticket openings
written and labelled for this project, never used for training or tuning)
is read here only. Languages: ``en`` rows are English; ``zh``, ``zh-Hant``
and ``mixed`` (code-switching) rows count as Chinese.
"""

from __future__ import annotations

import csv
from pathlib import Path

from training.evaluate import report

__all__ = ["main"]

HELDOUT = Path(__file__).parent / "data" / "text" / "heldout.csv"


def main() -> None:
    with HELDOUT.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    report(rows, f"held-out ({len(rows)} rows)", matrices=True)


if __name__ == "__main__":
    main()
