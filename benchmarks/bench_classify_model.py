"""Speed of the combined classifier (rules + learned model) against the rules alone and VADER.

Run from the repository root::

    .venv/bin/python -m benchmarks.bench_classify_model

Warm (every path called once first), one process, interleaved rounds, best
of each:

1. single calls on the English comments of the training corpus:
   ``sentiment`` (combined), ``sentiment(rules_only=True)`` and VADER's
   ``polarity_scores``; then the Chinese comments (no VADER);
2. ``categorize`` combined and rules alone on the same texts;
3. ``sentiment_many`` / ``categorize_many`` over 100,000 comments of which
   30 % repeat an earlier one, against a loop of single calls
   (``CSMETRICS_BENCH_COMMENTS`` sets another number; ``--batches`` runs
   parts 3 and 4 only);
4. one text of 1,000,000 characters through both paths.
"""

from __future__ import annotations

import csv
import os
import random
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from benchmarks._timing import best_of
from csmetrics.classify import categorize, categorize_many, sentiment, sentiment_many

__all__ = ["main"]

CORPUS = Path(__file__).resolve().parent.parent / "training" / "corpus"
ROUNDS = 7
LONG = 1_000_000
SIZE = int(os.environ.get("CSMETRICS_BENCH_COMMENTS", "100000"))


def _texts(language: str) -> list[str]:
    with (CORPUS / f"{language}.csv").open(encoding="utf-8", newline="") as handle:
        return [row["text"] for row in csv.DictReader(handle) if row["kind"] == "comment"]


def _race(texts: Sequence[str], runners: dict[str, Callable[[str], object]]) -> dict[str, float]:
    for run in runners.values():  # warm: weights loaded, caches filled
        for text in texts[:20]:
            run(text)
    best = dict.fromkeys(runners, float("inf"))
    for _ in range(ROUNDS):
        for name, run in runners.items():
            seconds = best_of(lambda run=run: [run(t) for t in texts], 1)
            best[name] = min(best[name], seconds)
    return {name: seconds / len(texts) for name, seconds in best.items()}


def _table(title: str, per_call: dict[str, float], reference: str | None) -> None:
    print(f"## {title} (best of {ROUNDS}, interleaved)\n")
    print("| path | µs per call | calls per second |" + (" vs VADER |" if reference else ""))
    print("|---|---:|---:|" + ("---:|" if reference else ""))
    for name, seconds in per_call.items():
        extra = f" {per_call[reference] / seconds:.2f}x |" if reference else ""
        print(f"| {name} | {seconds * 1e6:.1f} | {1 / seconds:,.0f} |{extra}")
    print()


def main() -> None:
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer  # noqa: PLC0415

    vader = SentimentIntensityAnalyzer()
    english, chinese = _texts("en"), _texts("zh")
    _table(
        f"sentiment, {len(english)} English comments",
        _race(
            english,
            {
                "sentiment (combined)": sentiment,
                "sentiment(rules_only=True)": lambda t: sentiment(t, rules_only=True),
                "VADER polarity_scores": vader.polarity_scores,
            },
        ),
        "VADER polarity_scores",
    )
    _table(
        f"sentiment, {len(chinese)} Chinese comments",
        _race(
            chinese,
            {
                "sentiment (combined)": sentiment,
                "sentiment(rules_only=True)": lambda t: sentiment(t, rules_only=True),
            },
        ),
        None,
    )
    for name, texts in (("English", english), ("Chinese", chinese)):
        _table(
            f"categorize, {len(texts)} {name} comments",
            _race(
                texts,
                {
                    "categorize (combined)": categorize,
                    "categorize(rules_only=True)": lambda t: categorize(t, rules_only=True),
                },
            ),
            None,
        )
    _batches(english + chinese, SIZE)
    _long(chinese)


def _batches(pool: list[str], size: int) -> None:
    rng = random.Random(16)
    distinct = [f"{rng.choice(pool)} #{i}" for i in range(int(size * 0.7))]
    many = distinct + [rng.choice(distinct) for _ in range(size - len(distinct))]
    rng.shuffle(many)
    print(f"## {size:,} comments, 30 % repeats (best of 2)\n")
    print("| call | seconds | comments per second |")
    print("|---|---:|---:|")
    for name, run in (
        ("sentiment_many", lambda: sentiment_many(many)),
        ("loop of sentiment", lambda: [sentiment(t) for t in many]),
        ("categorize_many", lambda: categorize_many(many)),
        ("loop of categorize", lambda: [categorize(t) for t in many]),
    ):
        seconds = best_of(run, 2)
        print(f"| {name} | {seconds:.2f} | {size / seconds:,.0f} |")
    print()


def _long(chinese: list[str]) -> None:
    joined = "，".join(chinese)
    text = (joined * (LONG // len(joined) + 1))[:LONG]
    rng = random.Random(7)
    noise = "".join(chr(rng.randrange(0x4E00, 0x9FA6)) for _ in range(LONG))
    print("## One text of 1,000,000 characters (best of 3)\n")
    print("| text | sentiment | sentiment rules alone | categorize | categorize rules alone |")
    print("|---|---:|---:|---:|---:|")
    for name, sample in (("comments joined", text), ("random CJK ideographs", noise)):
        cells = [
            best_of(lambda sample=sample: sentiment(sample, max_length=LONG), 3),
            best_of(lambda sample=sample: sentiment(sample, rules_only=True, max_length=LONG), 3),
            best_of(lambda sample=sample: categorize(sample, max_length=LONG), 3),
            best_of(lambda sample=sample: categorize(sample, rules_only=True, max_length=LONG), 3),
        ]
        print(f"| {name} | " + " | ".join(f"{c:.3f} s" for c in cells) + " |")
    print()


if __name__ == "__main__":
    if sys.argv[1:] == ["--batches"]:  # the batch and long-text parts only
        _batches(_texts("en") + _texts("zh"), SIZE)
        _long(_texts("zh"))
    else:
        main()
