"""Train the built-in sentiment and category models from ``training/corpus``.

Run from the repository root::

    .venv/bin/python -m training.train_models            # dev scores, then write the weights
    .venv/bin/python -m training.train_models --dev-only # dev scores only

The rows of ``training/corpus/{zh,en}.csv`` (and ``extra_{zh,en}.csv``,
``more_{zh,en}.csv``, ``more2_{zh,en}.csv``, ``more3_{zh,en}.csv``) are
split by a hash of their id: about 20 % form the ``dev`` split, on which
hyper-parameters, the calibration temperature and the abstention thresholds
were chosen; the models are trained on the rest. The weights written to
``src/csmetrics/data/models/builtin.npz`` are then trained on train + dev with
the same settings (the temperature of the dev run is kept). The held-out set
``benchmarks/data/text/heldout.csv`` is never read here.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import math
from dataclasses import replace
from pathlib import Path

import numpy as np

from csmetrics._classify.category import tally
from csmetrics._classify.combine import (
    CATEGORY_CLASSES,
    SENTIMENT_CLASSES,
    builtin,
    category_dense,
    rules_are_sure,
    rules_category,
    sentiment_dense,
    subcategory_classes,
)
from csmetrics._classify.lexicon import Lexicon
from csmetrics._classify.linear import LinearModel, calibrate, train
from csmetrics._classify.sentiment import analyse
from csmetrics._classify.taxonomy import Taxonomy
from csmetrics._classify.vocab import learn_vocabulary
from csmetrics._core.text import normalize_text
from training.evaluate import report

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "training" / "corpus"
OUT = ROOT / "src" / "csmetrics" / "data" / "models" / "builtin.npz"
DEV_SHARE = 20  # percent


def rows() -> list[dict[str, str]]:
    """Every labelled training row (the held-out set excluded)."""
    found: list[dict[str, str]] = []
    for name in (
        "zh.csv",
        "en.csv",
        "extra_zh.csv",
        "extra_en.csv",
        "more_zh.csv",
        "more_en.csv",
        "more2_zh.csv",
        "more2_en.csv",
        "more3_zh.csv",
        "more3_en.csv",
        "spec.csv",
    ):
        path = CORPUS / name
        if path.exists():
            with path.open(encoding="utf-8", newline="") as handle:
                found.extend(csv.DictReader(handle))
    return found


def is_dev(row: dict[str, str]) -> bool:
    """Whether a row belongs to the dev split (a fixed hash of its id)."""
    return hashlib.sha256(row["id"].encode()).digest()[0] * 100 // 256 < DEV_SHARE


def _fit(texts: list[str], labels: list[str], classes: tuple[str, ...], dense, **kw) -> LinearModel:
    y = np.array([classes.index(label) for label in labels])
    return train(texts, y, classes, dense, **kw)


def _models(train_rows, settings) -> dict[str, LinearModel]:
    texts = [normalize_text(r["text"]) for r in train_rows]
    # one vocabulary (features of at least two texts) for the three models
    settings = {**settings, "vocabulary": learn_vocabulary(texts, 2)}
    s_dense = np.array([sentiment_dense(t) for t in texts])
    c_dense = np.array([category_dense(t) for t in texts])
    feel = [i for i, r in enumerate(train_rows) if r["sentiment"]]  # blank: not labelled
    kind = [i for i, r in enumerate(train_rows) if r["category"]]
    sentiment = _fit(
        [texts[i] for i in feel],
        [train_rows[i]["sentiment"] for i in feel],
        SENTIMENT_CLASSES,
        s_dense[feel],
        **settings,
    )
    category = _fit(
        [texts[i] for i in kind],
        [train_rows[i]["category"] for i in kind],
        CATEGORY_CLASSES,
        c_dense[kind],
        **settings,
    )
    with_sub = [
        i
        for i, r in enumerate(train_rows)
        if r["category"] not in {"", "none"} and r["subcategory"]
    ]
    subs = subcategory_classes()
    sub = _fit(
        [texts[i] for i in with_sub],
        [f"{train_rows[i]['category']}/{train_rows[i]['subcategory']}" for i in with_sub],
        subs,
        None,
        **settings,
    )
    return {"sentiment": sentiment, "category": category, "subcategory": sub}


def _calibrated(models, dev_rows) -> dict[str, LinearModel]:
    dev_rows = [r for r in dev_rows if r["sentiment"] and r["category"]]
    texts = [normalize_text(r["text"]) for r in dev_rows]
    found = [analyse(t, Lexicon.default()) for t in texts]
    rules = {
        "sentiment": [f.label.value for f in found],
        "category": [rules_category(tally(t, Taxonomy.default())) for t in texts],
    }
    out = dict(models)
    for name, dense_of, gold in (
        ("sentiment", sentiment_dense, [r["sentiment"] for r in dev_rows]),
        ("category", category_dense, [r["category"] for r in dev_rows]),
    ):
        model = models[name]
        y = np.array([model.classes.index(g) for g in gold])
        dense = np.array([dense_of(t) for t in texts])
        model = calibrate(model, texts, y, dense)
        out[name] = _tune(model, texts, y, dense, rules[name])
    out["sentiment"] = _gate(out["sentiment"], texts, found, [r["sentiment"] for r in dev_rows])
    return out


def _gate(model: LinearModel, texts, found, gold) -> LinearModel:
    """The lowest rules total from which the rules decide alone without costing dev accuracy.

    Candidates run from 0.8 to 3.0; infinite (the model is always consulted)
    when each of them costs some dev accuracy. ``sure_confidence`` is the
    rules' dev accuracy on the texts the chosen level skips.
    """
    dense = np.array([sentiment_dense(t) for t in texts])
    proba = model.score_many(texts, dense)
    asked = [
        model.classes[model.choose(p, f.label.value, "neutral")]
        for p, f in zip(proba, found, strict=True)
    ]
    baseline = sum(a == g for a, g in zip(asked, gold, strict=True))
    chosen = replace(model, sure_total=math.inf, sure_confidence=0.0)
    for level in (0.8, 1.0, 1.2, 1.5, 2.0, 2.5, 3.0):
        trial = replace(model, sure_total=level)
        sure = [rules_are_sure(f, trial) for f in found]
        answers = [f.label.value if s else a for f, s, a in zip(found, sure, asked, strict=True)]
        right = sum(a == g for a, g in zip(answers, gold, strict=True))
        skipped = [i for i, s in enumerate(sure) if s]
        rules_right = sum(found[i].label.value == gold[i] for i in skipped)
        print(
            f"gate {level}: skips {len(skipped)} of {len(texts)}, rules right on {rules_right}, "
            f"dev right {right} (without the gate {baseline})"
        )
        if right >= baseline and skipped and math.isinf(chosen.sure_total):
            chosen = replace(
                model, sure_total=level, sure_confidence=round(rules_right / len(skipped), 2)
            )
    print(f"gate: sure_total {chosen.sure_total} sure_confidence {chosen.sure_confidence}")
    return chosen


def _tune(model: LinearModel, texts, y, dense, rules) -> LinearModel:
    """The abstention threshold and the overrule level that maximise dev accuracy.

    Sentiment abstains (neutral) below at least one half; categories have a
    class of their own for "no problem", so their threshold may be lower.
    Ties go to the lower threshold, then the lower overrule level.
    """
    fallback = "neutral" if "neutral" in model.classes else "none"
    low = 0.5 if fallback == "neutral" else 0.3
    proba = model.score_many(texts, dense)
    results = []
    for threshold in np.arange(low, 0.801, 0.02):
        for overrule in [0.0, *np.arange(0.5, 0.951, 0.05), 1.01]:
            trial = replace(
                model, threshold=round(float(threshold), 2), overrule=round(float(overrule), 2)
            )
            predicted = np.array(
                [trial.choose(p, r, fallback) for p, r in zip(proba, rules, strict=True)]
            )
            results.append((float(np.mean(predicted == y)), -threshold, -overrule, trial))
    accuracy, _, _, best = max(results, key=lambda item: item[:3])
    print(
        f"{fallback}: threshold {best.threshold} overrule {best.overrule} "
        f"dev accuracy {accuracy:.3f}"
    )
    return best


def save(models: dict[str, LinearModel], path: Path = OUT) -> None:
    """Write the models to one compressed ``.npz`` of plain arrays."""
    path.parent.mkdir(parents=True, exist_ok=True)
    arrays = {}
    for name, model in models.items():
        arrays.update(model.to_arrays(name))
    np.savez_compressed(path, **arrays)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--dev-only", action="store_true")
    parser.add_argument("--matrices", action="store_true")
    parser.add_argument("--l2", type=float, default=1e-4)
    parser.add_argument("--epochs", type=int, default=250)
    args = parser.parse_args()
    settings = {"l2": args.l2, "epochs": args.epochs}
    every = rows()
    dev = [r for r in every if is_dev(r)]
    fit_rows = [r for r in every if not is_dev(r)]
    print(f"train {len(fit_rows)} dev {len(dev)}")
    models = _calibrated(_models(fit_rows, settings), dev)
    temperatures = {name: m.temperature for name, m in models.items()}
    print(json.dumps(temperatures))
    save(models)
    builtin.cache_clear()
    report(dev, "dev", matrices=args.matrices)
    if args.dev_only:
        return
    final = _models(every, settings)
    final = {
        name: replace(
            m,
            temperature=models[name].temperature,
            threshold=models[name].threshold,
            overrule=models[name].overrule,
            sure_total=models[name].sure_total,
            sure_confidence=models[name].sure_confidence,
        )
        for name, m in final.items()
    }
    save(final)
    print(f"wrote {OUT.relative_to(ROOT)} ({OUT.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()
