"""Crafted input against the record models and the masks: each must stay linear.

Run from the repository root::

    .venv/bin/python -m benchmarks.bench_hostile_models

The cases a customer (or an attacker) can type into a name, a phone number
or a relationship length, at about the default size limit (65,536
characters), with the limit raised where the case needs it:

- 60,000 combining marks after one letter (``"a" + "\\u0301\\u0316" * 30_000``):
  NFKC sorts a run of marks by insertion, quadratic in its length; the masks
  cut every run at 30 marks (UAX #15 stream-safe limit) first;
- 60,000 U+0F73, which decomposes into two marks each (a run counted in the
  decomposed form);
- a relationship length of 60,000 digits followed by "x y", on which the
  greedy duration pattern backtracked quadratically.

For scale, the quadratic steps of before are timed on smaller inputs
(10,000 and 20,000 marks; 5,000 and 10,000 digits), once each, not at full
size: at 60,000 each took 38-40 s on the development machine. The others:
best of five.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

from pydantic import ValidationError

from benchmarks._timing import best_of
from csmetrics.masking import mask_name, mask_phone
from csmetrics.models import Customer, Ticket

__all__ = ["main"]

REPEAT = 5
MARKS = "a" + "\u0301\u0316" * 30_000
TIBETAN = "\u0f73" * 60_000
DIGITS = "1" * 60_000 + "x y"
LIMIT = 100_000
_GREEDY = re.compile(r"(\d+(?:\.\d+)?)\s*(\S*)")  # the duration pattern before


def _rejected(build: Callable[[], object]) -> Callable[[], object]:
    def run() -> object:
        try:
            return build()
        except (ValidationError, ValueError) as exc:
            return exc

    return run


def _cases() -> dict[str, Callable[[], object]]:
    return {
        "mask_name, 60k combining marks": lambda: mask_name(MARKS, max_length=LIMIT),
        "mask_phone, 60k combining marks": _rejected(lambda: mask_phone(MARKS, max_length=LIMIT)),
        "mask_name, 60k U+0F73 (120k marks)": lambda: mask_name(TIBETAN, max_length=LIMIT),
        "mask_name, 65,536 CJK characters": lambda: mask_name("张" * 65_536),
        "Customer, name of 60k combining marks": _rejected(lambda: Customer(name=MARKS)),
        "Customer, 60k-digit relationship_years": _rejected(
            lambda: Customer(relationship_years=DIGITS)
        ),
        "Ticket, customer of 65,536-char name": lambda: Ticket(
            id="t", created_at="2025-03-03T09:00Z", customer={"name": "a " * 32_768}
        ),
    }


def _before() -> dict[str, Callable[[], object]]:
    return {
        "NFKC, 10k combining marks (before)": lambda: unicodedata.normalize(
            "NFKC", "a" + "\u0301\u0316" * 5_000
        ),
        "NFKC, 20k combining marks (before)": lambda: unicodedata.normalize(
            "NFKC", "a" + "\u0301\u0316" * 10_000
        ),
        "greedy duration, 5k digits (before)": lambda: _GREEDY.fullmatch("1" * 5_000 + "x y"),
        "greedy duration, 10k digits (before)": lambda: _GREEDY.fullmatch("1" * 10_000 + "x y"),
    }


def main() -> None:
    """Time each hostile case; print a table."""
    print(f"Hostile input, best of {REPEAT}:\n")
    print("| case | time |")
    print("|---|---:|")
    for label, action in _cases().items():
        print(f"| {label} | {best_of(action, REPEAT) * 1e3:.1f} ms |", flush=True)
    for label, action in _before().items():
        print(f"| {label} | {best_of(action, 1) * 1e3:.1f} ms |", flush=True)


if __name__ == "__main__":
    main()
