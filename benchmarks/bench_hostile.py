"""Hostile text: every text entry point on crafted megabyte inputs, and under four threads.

Run from the repository root::

    .venv/bin/python -m benchmarks.bench_hostile

1. One text of each hostile kind (about a million characters; the size limit
   raised to allow it) through ``sentiment``, ``categorize`` and
   ``assign_priority``, best of 3: combining marks, repeated intensifiers,
   negations, mixed scripts, emoji ZWJ sequences, long runs of one
   character, alternating CJK/ASCII, two lexicon entries repeated in turn,
   and two kinds that are not periodic (lexicon entries drawn at random;
   real comments joined).
   Goal: under 0.5 s per call.
2. ``sentiment_many`` / ``categorize_many`` over four of those texts.
3. 60,000 characters of combining marks (under the default limit) through
   each function. Goal: under 1 s.
4. Threads: the labelled comments of ``benchmarks/data/sentiment_eval.csv``
   mixed with long texts (5,000 to 60,000 characters of those comments
   joined), each call timed, with 1 and with 4 threads calling at once.
   Goal: p99 with 4 threads within 3x of one thread.
"""

from __future__ import annotations

import csv
import random
import statistics
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from benchmarks._timing import best_of
from csmetrics.classify import Lexicon, categorize, categorize_many, sentiment, sentiment_many
from csmetrics.priority import assign_priority

__all__ = ["main"]

DATA = Path(__file__).parent / "data" / "sentiment_eval.csv"
SIZE = 1_000_000
LIMIT = 2 * SIZE
SEED = 20261206
ROUNDS = 3
GOAL_LONG = 0.5
GOAL_MARKS = 1.0
GOAL_THREADS = 3.0

Call = Callable[[str], object]
FUNCTIONS: dict[str, Call] = {
    "sentiment": lambda text: sentiment(text, max_length=LIMIT),
    "categorize": lambda text: categorize(text, max_length=LIMIT),
    "assign_priority": lambda text: assign_priority(text, max_length=LIMIT),
}


def _comments() -> list[str]:
    with DATA.open(encoding="utf-8", newline="") as handle:
        return [row["text"] for row in csv.DictReader(handle)]


def _fill(unit: str, size: int = SIZE) -> str:
    return unit * (size // len(unit))


def _joined(comments: Sequence[str], size: int, rng: random.Random) -> str:
    parts: list[str] = []
    total = 0
    while total < size:
        parts.append(rng.choice(comments))
        total += len(parts[-1]) + 1
    return "，".join(parts)[:size]


def _kinds(comments: Sequence[str]) -> dict[str, str]:
    rng = random.Random(SEED)
    words = sorted(Lexicon.default().roles)
    scripts = "Hello 你好 Привет مرحبا שלום नमस्ते สวัสดี こんにちは 안녕 Γειά "
    return {
        "combining marks (a + U+0301 U+0316 ...)": "a" + _fill("\u0301\u0316"),
        "非常 x 500,000 + 好": _fill("非常") + "好",
        '"very " x 200,000 + good': _fill("very ") + "good",
        "不 x 1,000,000 + 好": _fill("不") + "好",
        '"not " x 250,000 + good': _fill("not ") + "good",
        "mixed scripts": _fill(scripts),
        "emoji ZWJ sequences": _fill("👨\u200d👩\u200d👧\u200d👦👍🏽🏳️\u200d🌈"),
        "one character (好)": _fill("好"),
        "one character (a)": _fill("a"),
        "one character (!)": _fill("!"),
        "alternating CJK/ASCII (好a)": _fill("好a"),
        "two entries repeated (很好好: 好 then 很好)": _fill("很好好"),
        "lexicon entries at random (breaks included)": "".join(rng.choices(words, k=SIZE // 3))[
            :SIZE
        ],
        "real comments joined": _joined(comments, SIZE, rng),
    }


def _long_table(kinds: dict[str, str]) -> list[float]:
    print(
        f"## One text of each kind (seconds, wall clock best of {ROUNDS}, and CPU; "
        f"goal < {GOAL_LONG} s)\n"
    )
    print("| text | characters | " + " | ".join(f"{name} (CPU)" for name in FUNCTIONS) + " |")
    print("|---|---:|" + "---:|" * len(FUNCTIONS))
    worst = []
    for name, text in kinds.items():
        cells = []
        for call in FUNCTIONS.values():
            wall = best_of(lambda call=call, text=text: call(text), ROUNDS)
            cpu = best_of(lambda call=call, text=text: call(text), ROUNDS, time.thread_time)
            worst.append(wall)
            cells.append(f"{wall:.3f} ({cpu:.3f})")
        print(f"| {name} | {len(text):,} | {' | '.join(cells)} |")
    print(f"\nSlowest call: {max(worst):.3f} s.\n")
    return worst


def _batches(kinds: dict[str, str]) -> None:
    texts = list(kinds.values())[:4]
    print(f"## Batches of {len(texts)} hostile texts ({sum(map(len, texts)):,} characters)\n")
    print("| function | seconds (best of 3) |")
    print("|---|---:|")
    for name, call in (
        ("sentiment_many", lambda: sentiment_many(texts, max_length=LIMIT)),
        ("categorize_many", lambda: categorize_many(texts, max_length=LIMIT)),
    ):
        print(f"| {name} | {best_of(call, ROUNDS):.3f} |")
    print()


def _marks() -> None:
    text = "a" + "\u0301\u0316" * 30_000
    print(
        f"## {len(text):,} characters of combining marks, default limit (goal < {GOAL_MARKS} s)\n"
    )
    print("| function | seconds (best of 3) |")
    print("|---|---:|")
    for name, call in (
        ("sentiment", sentiment),
        ("categorize", categorize),
        ("assign_priority", assign_priority),
    ):
        print(f"| {name} | {best_of(lambda call=call: call(text), ROUNDS):.4f} |")
    print()


def _timed_calls(
    call: Call, texts: Sequence[str], threads: int, rounds: int
) -> list[tuple[float, int]]:
    """Each call's wall time and text length, with `threads` threads calling at once."""
    results: list[tuple[float, int]] = []
    lock = threading.Lock()
    start = threading.Barrier(threads)

    def work(seed: int) -> None:
        order = list(texts)
        random.Random(seed).shuffle(order)
        mine = []
        start.wait()
        for _ in range(rounds):
            for text in order:
                begin = time.perf_counter()
                call(text)
                mine.append((time.perf_counter() - begin, len(text)))
        with lock:
            results.extend(mine)

    workers = [threading.Thread(target=work, args=(seed,)) for seed in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return results


def _quantile(values: list[float], share: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[round(share * 100) - 1]


def _threads(comments: Sequence[str]) -> None:
    rng = random.Random(SEED)
    long = [
        _joined(comments, size, rng)
        for size in (5_000, 10_000, 20_000, 40_000, 60_000)
        for _ in range(2)
    ]
    mix = list(comments) + long
    print(
        f"## Threads: {len(comments)} comments and {len(long)} texts of 5,000 to 60,000 "
        f"characters, each call timed (ms); goal: p99 with 4 threads within {GOAL_THREADS}x "
        "of 1 thread\n"
    )
    print("| function | threads | p50 | p99 | p99 of long texts | calls per second |")
    print("|---|---:|---:|---:|---:|---:|")
    for name, call in (
        ("sentiment", sentiment),
        ("categorize", categorize),
        ("assign_priority", assign_priority),
    ):
        for text in mix:  # warm up
            call(text)
        p99s = []
        for threads in (1, 4):
            begin = time.perf_counter()
            calls = _timed_calls(call, mix, threads, rounds=3)
            wall = time.perf_counter() - begin
            every = [seconds for seconds, _ in calls]
            longs = [seconds for seconds, size in calls if size >= 5_000]
            p99s.append(_quantile(every, 0.99))
            print(
                f"| {name} | {threads} | {_quantile(every, 0.5) * 1e3:.3f} | {p99s[-1] * 1e3:.1f} "
                f"| {_quantile(longs, 0.99) * 1e3:.1f} | {len(calls) / wall:,.0f} |"
            )
        print(f"| {name} | 4 vs 1 | | **{p99s[1] / p99s[0]:.1f}x** | | |")
    print()


def main() -> None:
    """Run every section and print the tables."""
    comments = _comments()
    kinds = _kinds(comments)
    _long_table(kinds)
    _batches(kinds)
    _marks()
    _threads(comments)


if __name__ == "__main__":
    main()
