"""Where the time of one combined ``sentiment`` call goes, each step timed alone.

Run from the repository root::

    .venv/bin/python -m benchmarks.bench_classify_parts

Over the English comments of the training corpus (those of
``bench_classify_model``), warm, best of 7 loops over all of them per step:
normalising and the rules, looking up the n-gram slices of each text in the
vocabulary (``Vocabulary.rows_one``), scoring the rows (``score_rows``),
and the strongest n-grams (``strongest``), the last three on texts already
normalised; then the whole public call in the same run. The steps timed
alone run with warmer caches than when they alternate inside one call, so
they add up to less than the call.
"""

from __future__ import annotations

from collections.abc import Callable

from benchmarks._timing import best_of
from benchmarks.bench_classify_model import _texts
from csmetrics._classify.combine import _analysis_dense, builtin
from csmetrics._classify.lexicon import Lexicon
from csmetrics._classify.sentiment import analyse
from csmetrics._core.text import normalize_text
from csmetrics.classify import sentiment

__all__ = ["main"]

ROUNDS = 7


def main() -> None:
    texts = _texts("en")
    model, lexicon = builtin()["sentiment"], Lexicon.default()
    prepared = [normalize_text(text) for text in texts]
    dense = [_analysis_dense(analyse(text, lexicon)) for text in prepared]
    rows = [model.vocabulary.rows_one(text) for text in prepared]
    scored = [model.score_rows(r, d) for r, d in zip(rows, dense, strict=True)]
    steps: dict[str, Callable[[], object]] = {
        "normalising and the rules": lambda: [analyse(normalize_text(t), lexicon) for t in texts],
        "n-gram slices looked up (rows_one)": lambda: [
            model.vocabulary.rows_one(t) for t in prepared
        ],
        "scoring the rows (score_rows)": lambda: [
            model.score_rows(r, d) for r, d in zip(rows, dense, strict=True)
        ],
        "strongest n-grams": lambda: [
            model.strongest(s, 0, t) for s, t in zip(scored, prepared, strict=True)
        ],
        "the whole sentiment() call": lambda: [sentiment(t) for t in texts],
    }
    for run in steps.values():
        run()  # warm
    print(f"## One combined sentiment call, step by step: {len(texts)} English comments\n")
    print("| step | µs per comment |")
    print("|---|---:|")
    for name, run in steps.items():
        print(f"| {name} | {best_of(run, ROUNDS) / len(texts) * 1e6:.0f} |")
    print()


if __name__ == "__main__":
    main()
