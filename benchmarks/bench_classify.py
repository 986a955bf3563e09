"""Sentiment and categories: speed against VADER, long texts, accuracy on the labelled set.

Run from the repository root::

    .venv/bin/python -m benchmarks.bench_classify

1. Throughput of single calls: ``csmetrics.classify.sentiment(text)`` against
   VADER's ``SentimentIntensityAnalyzer().polarity_scores(text)`` on the same
   English comments (the English part of ``benchmarks/data/sentiment_eval.csv``),
   best of 15 interleaved rounds, one call per comment per round.
2. Long texts: one text of a million characters through ``sentiment`` and
   ``categorize`` (realistic: the Chinese comments of the set joined with
   "，" and repeated; dense: a lexicon word repeated without punctuation;
   random: uniformly drawn CJK ideographs).
3. Batches: ``sentiment_many`` over 200,000 comments (the set repeated).
4. Accuracy on the labelled set, per language and split (``dev`` was used
   while writing the lexicon, ``test`` was not), with VADER on the English
   part (compound >= 0.05 positive, <= -0.05 negative).
"""

from __future__ import annotations

import csv
import random
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from csmetrics.classify import categorize, sentiment, sentiment_many

__all__ = ["main"]

DATA = Path(__file__).parent / "data" / "sentiment_eval.csv"
LABELS = ("positive", "neutral", "negative")
ROUNDS = 15
LONG = 1_000_000


def _rows() -> list[dict[str, str]]:
    with DATA.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _best(action: Callable[[], object], rounds: int = ROUNDS) -> float:
    best = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        action()
        best = min(best, time.perf_counter() - start)
    return best


def _vader() -> Callable[[str], str]:
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer  # noqa: PLC0415

    analyzer = SentimentIntensityAnalyzer()

    def label(text: str) -> str:
        compound = analyzer.polarity_scores(text)["compound"]
        if compound >= 0.05:
            return "positive"
        return "negative" if compound <= -0.05 else "neutral"

    return label


def _throughput(texts: Sequence[str]) -> None:
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer  # noqa: PLC0415

    analyzer = SentimentIntensityAnalyzer()
    ours = theirs = float("inf")
    for _ in range(ROUNDS):  # interleaved, so that both see the same machine load
        ours = min(ours, _best(lambda: [sentiment(t) for t in texts], rounds=1))
        theirs = min(theirs, _best(lambda: [analyzer.polarity_scores(t) for t in texts], rounds=1))
    print(f"## Single calls on {len(texts)} English comments (best of {ROUNDS}, interleaved)\n")
    print("| library | µs per call | calls per second |")
    print("|---|---:|---:|")
    for name, seconds in (("csmetrics sentiment", ours), ("VADER polarity_scores", theirs)):
        per_call = seconds / len(texts)
        print(f"| {name} | {per_call * 1e6:.1f} | {1 / per_call:,.0f} |")
    print(f"\ncsmetrics is **{theirs / ours:.1f}x** VADER's throughput.\n")


def _long_texts(rows: list[dict[str, str]]) -> None:
    joined = "，".join(r["text"] for r in rows if r["language"] == "zh")
    rng = random.Random(7)
    cases = {
        "realistic (comments joined)": (joined * (LONG // len(joined) + 1))[:LONG],
        "dense (服务很好 repeated)": ("服务很好" * (LONG // 4))[:LONG],
        "random CJK ideographs": "".join(chr(rng.randrange(0x4E00, 0x9FA6)) for _ in range(LONG)),
    }
    print(f"## One text of {LONG:,} characters (best of 3)\n")
    print("| text | sentiment (s) | categorize (s) |")
    print("|---|---:|---:|")
    for name, text in cases.items():
        feel = _best(lambda text=text: sentiment(text), rounds=3)
        kind = _best(lambda text=text: categorize(text), rounds=3)
        print(f"| {name} | {feel:.3f} | {kind:.3f} |")
    print()


def _batch(rows: list[dict[str, str]]) -> None:
    texts = [r["text"] for r in rows]
    many = (texts * (200_000 // len(texts) + 1))[:200_000]
    unique = [f"{t} #{i}" for i, t in enumerate(many)]
    print("## sentiment_many over 200,000 comments (best of 3)\n")
    print("| input | seconds | comments per second |")
    print("|---|---:|---:|")
    for name, data in (("set repeated (duplicates)", many), ("all distinct", unique)):
        seconds = _best(lambda data=data: sentiment_many(data), rounds=3)
        print(f"| {name} | {seconds:.2f} | {len(data) / seconds:,.0f} |")
    print()


def _scores(gold: Sequence[str], predicted: Sequence[str]) -> tuple[float, float]:
    accuracy = sum(g == p for g, p in zip(gold, predicted, strict=True)) / len(gold)
    f1s = []
    for label in LABELS:
        tp = sum(g == p == label for g, p in zip(gold, predicted, strict=True))
        fp = sum(p == label != g for g, p in zip(gold, predicted, strict=True))
        fn = sum(g == label != p for g, p in zip(gold, predicted, strict=True))
        f1s.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    return accuracy, sum(f1s) / len(f1s)


def _accuracy(rows: list[dict[str, str]]) -> None:
    vader = _vader()
    print("## Accuracy on the labelled after-sales set (F1: macro over the three labels)\n")
    print("| language | split | n | csmetrics acc. | csmetrics F1 | VADER acc. | VADER F1 |")
    print("|---|---|---:|---:|---:|---:|---:|")
    for language in ("zh", "en"):
        for split in ("dev", "test", "all"):
            subset = [r for r in rows if r["language"] == language and split in (r["split"], "all")]
            gold = [r["label"] for r in subset]
            ours = _scores(gold, [sentiment(r["text"]).label.value for r in subset])
            theirs = ("n/a", "n/a")
            if language == "en":
                acc, f1 = _scores(gold, [vader(r["text"]) for r in subset])
                theirs = (f"{acc:.3f}", f"{f1:.3f}")
            print(
                f"| {language} | {split} | {len(subset)} | {ours[0]:.3f} | {ours[1]:.3f} "
                f"| {theirs[0]} | {theirs[1]} |"
            )
    print()


def main() -> None:
    """Run every comparison and print Markdown tables."""
    rows = _rows()
    _throughput([r["text"] for r in rows if r["language"] == "en"])
    _long_texts(rows)
    _batch(rows)
    _accuracy(rows)


if __name__ == "__main__":
    main()
