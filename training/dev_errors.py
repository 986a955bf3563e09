"""The dev rows each task gets wrong, for error analysis (the held-out set is never read).

Run from the repository root::

    .venv/bin/python -m training.dev_errors              # scores and errors on the dev split
    .venv/bin/python -m training.dev_errors --quiet      # scores only
    .venv/bin/python -m training.dev_errors --old m2-    # also score dev rows without the prefix

The models are trained on the train split exactly as ``training.train_models``
does before its final retraining (same rows, split, settings, calibration,
thresholds and gate). They are written to the built-in weights file only while
the dev rows are scored; the file's previous bytes are restored afterwards.
"""

from __future__ import annotations

import argparse
from collections import Counter, defaultdict

from csmetrics._classify.combine import builtin
from training.evaluate import group, scores
from training.train_models import OUT, _calibrated, _models, is_dev, rows, save

TASKS = (("sentiment", "_feel"), ("category", "_kind"))


def _summary(name: str, found: dict[str, float]) -> str:
    return (
        f"{name}: n {found['n']} sentiment {found['sentiment']:.3f} "
        f"category {found['category']:.3f} "
        f"problems uncategorised {found['problems_uncategorised']:.3f} "
        f"no-problem given a category {found['fine_given_category']:.3f}"
    )


def _errors(dev: list[dict[str, str]], found: dict[str, list[str]], *, show: int) -> None:
    for task, key in TASKS:
        wrong = [(r, p) for r, p in zip(dev, found[key], strict=True) if r[task] != p]
        for language in ("zh", "en"):
            mine = [(r, p) for r, p in wrong if group(r) == language]
            pairs: dict[tuple[str, str], list[dict[str, str]]] = defaultdict(list)
            for row, predicted in mine:
                pairs[row[task], predicted].append(row)
            print(f"\n## {task} {language}: {len(mine)} wrong")
            for (gold, predicted), held in sorted(pairs.items(), key=lambda kv: -len(kv[1])):
                print(f"\n### gold {gold} -> predicted {predicted} ({len(held)})")
                for row in held[:show]:
                    sub = f"/{row['subcategory']}" if row["subcategory"] else ""
                    text = row["text"][:160]
                    print(f"- [{row['id']}] {text!r} ({row['category']}{sub}) {row['tags']}")
        tags: Counter[str] = Counter()
        tag_wrong: Counter[str] = Counter()
        for row, predicted in zip(dev, found[key], strict=True):
            for tag in filter(None, (t.strip() for t in row["tags"].split(";"))):
                tags[tag] += 1
                tag_wrong[tag] += row[task] != predicted
        print(f"\n## {task}: errors per tag (both languages)")
        for tag, n in tags.most_common():
            print(f"- {tag}: {tag_wrong[tag]} wrong of {n} ({tag_wrong[tag] / n:.2f})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quiet", action="store_true", help="scores only")
    parser.add_argument("--show", type=int, default=40, help="rows shown per gold/predicted pair")
    parser.add_argument("--old", default="", help="also score dev rows whose id lacks this prefix")
    args = parser.parse_args()
    every = rows()
    dev = [r for r in every if is_dev(r) and r["sentiment"] and r["category"]]
    fit_rows = [r for r in every if not is_dev(r)]
    print(f"train {len(fit_rows)} dev {len(dev)}")
    before = OUT.read_bytes()
    try:
        save(_calibrated(_models(fit_rows, {"l2": 1e-4, "epochs": 250}), dev))
        builtin.cache_clear()
        found = scores(dev)
        subsets = {"all dev": dev}
        if args.old:
            subsets["old dev"] = [r for r in dev if not r["id"].startswith(args.old)]
        for name, subset in subsets.items():
            for language in ("zh", "en"):
                mine = [r for r in subset if group(r) == language]
                print(_summary(f"{name} {language}", scores(mine)))
    finally:
        OUT.write_bytes(before)
        builtin.cache_clear()
    if not args.quiet:
        _errors(dev, found, show=args.show)  # type: ignore[arg-type]


if __name__ == "__main__":
    main()
