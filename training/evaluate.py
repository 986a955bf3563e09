"""Scores of ``sentiment`` and ``categorize`` on labelled rows, per language.

Used by ``training.train_models`` on the dev split and by
``benchmarks.bench_classify_heldout`` on the held-out set. Languages: ``en``
rows are English; ``zh``, ``zh-Hant`` and ``mixed`` (code-switching, mostly
Chinese sentences with English words) rows are Chinese.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from csmetrics.classify import categorize_many, sentiment_many

__all__ = ["by_tag", "confusion", "report", "scores"]

SENTIMENTS = ("positive", "neutral", "negative")
CATEGORIES = ("none", "product_quality", "service", "logistics", "suggestion", "billing")


def group(row: dict[str, str]) -> str:
    """``en`` or ``zh`` (Simplified, Traditional and code-switching rows)."""
    return "en" if row["language"] == "en" else "zh"


def scores(rows: Sequence[dict[str, str]], *, rules_only: bool = False) -> dict[str, float]:
    """Accuracy of both tasks and the two category error rates of the issue's goals."""
    texts = [r["text"] for r in rows]
    feel = sentiment_many(texts, rules_only=rules_only).labels.tolist()
    kinds = [c or "none" for c in categorize_many(texts, rules_only=rules_only).categories]
    gold_feel = [r["sentiment"] for r in rows]
    gold_kind = [r["category"] for r in rows]
    problems = [i for i, g in enumerate(gold_kind) if g != "none"]
    fine = [i for i, g in enumerate(gold_kind) if g == "none"]
    return {
        "n": len(rows),
        "sentiment": sum(a == b for a, b in zip(feel, gold_feel, strict=True)) / len(rows),
        "category": sum(a == b for a, b in zip(kinds, gold_kind, strict=True)) / len(rows),
        "category_of_problems": sum(kinds[i] == gold_kind[i] for i in problems) / len(problems),
        "problems_uncategorised": sum(kinds[i] == "none" for i in problems) / len(problems),
        "fine_given_category": sum(kinds[i] != "none" for i in fine) / len(fine),
        "_feel": feel,  # type: ignore[dict-item]
        "_kind": kinds,  # type: ignore[dict-item]
    }


def confusion(gold: Sequence[str], predicted: Sequence[str], labels: Sequence[str]) -> str:
    """A markdown confusion matrix (rows: gold, columns: predicted)."""
    counts = Counter(zip(gold, predicted, strict=True))
    lines = ["| gold \\ predicted | " + " | ".join(labels) + " |"]
    lines.append("|---|" + "---:|" * len(labels))
    lines.extend(f"| {g} | " + " | ".join(str(counts[g, p]) for p in labels) + " |" for g in labels)
    return "\n".join(lines)


def by_tag(rows: Sequence[dict[str, str]], *, least: int = 8) -> str:
    """A markdown table of accuracy per ``tags`` entry (both languages), combined and rules alone.

    Tags held by fewer than ``least`` rows are left out; rows come sorted by
    how many rows hold the tag.
    """
    combined = scores(rows)
    rules = scores(rows, rules_only=True)
    held: dict[str, list[int]] = {}
    for i, row in enumerate(rows):
        for tag in filter(None, (t.strip() for t in row.get("tags", "").split(";"))):
            held.setdefault(tag, []).append(i)
    lines = [
        "| tag | n | sentiment combined | sentiment rules | category combined | category rules |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for tag, where in sorted(held.items(), key=lambda item: (-len(item[1]), item[0])):
        if len(where) < least:
            continue
        cells = []
        for found, task, gold in (
            (combined, "_feel", "sentiment"),
            (rules, "_feel", "sentiment"),
            (combined, "_kind", "category"),
            (rules, "_kind", "category"),
        ):
            right = sum(found[task][i] == rows[i][gold] for i in where)  # type: ignore[index]
            cells.append(f"{right / len(where):.2f}")
        lines.append(f"| {tag} | {len(where)} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def report(rows: Sequence[dict[str, str]], name: str, *, matrices: bool = False) -> None:
    """Print the scores per language, combined and rules alone (rows with both labels)."""
    rows = [r for r in rows if r["sentiment"] and r["category"]]
    print(f"\n## {name}\n")
    print(
        "| language | path | n | sentiment acc. | category acc. | category of problems "
        "| problems uncategorised | no-problem given a category |"
    )
    print("|---|---|---:|---:|---:|---:|---:|---:|")
    for language in ("zh", "en"):
        part = [r for r in rows if group(r) == language]
        for path, rules_only in (("combined", False), ("rules alone", True)):
            s = scores(part, rules_only=rules_only)
            print(
                f"| {language} | {path} | {s['n']} | {s['sentiment']:.3f} | {s['category']:.3f} "
                f"| {s['category_of_problems']:.3f} | {s['problems_uncategorised']:.3f} "
                f"| {s['fine_given_category']:.3f} |"
            )
            if matrices and not rules_only:
                print(f"\n{language} sentiment:\n")
                print(confusion([r["sentiment"] for r in part], s["_feel"], SENTIMENTS))
                print(f"\n{language} category:\n")
                print(confusion([r["category"] for r in part], s["_kind"], CATEGORIES))
                print()
    if matrices:
        print("\nBy tag (both languages, tags of at least 8 rows):\n")
        print(by_tag(rows))
