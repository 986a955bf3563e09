"""The rules and the learned model together: what ``sentiment`` and ``categorize`` use by default.

The rules run first. Where they are sure of a sentiment (``rules_are_sure``:
a polar answer carried by lexicon words alone, strongly enough) the built-in
model is not consulted. Elsewhere their findings (label, total, contrast or
mixed evidence; for categories also the keyword weight per category) are a
few dense features of a linear model over n-gram features (``linear``),
which decides the label with a calibrated probability. Below the model's
threshold the answer is ``neutral`` (sentiment) or no category. ``evidence`` stays the rules'
words; the model's strongest n-grams go in ``ngrams``. The built-in weights
(``data/models/builtin.npz``) are read once, on first use.
"""

from __future__ import annotations

import functools
import io
import math
from dataclasses import replace
from importlib import resources

import numpy as np
import numpy.typing as npt

from csmetrics._classify.category import NO_MATCH, CategoryResult, Tally, decide, tally
from csmetrics._classify.clause import Analysis
from csmetrics._classify.lexicon import Lexicon
from csmetrics._classify.linear import LinearModel
from csmetrics._classify.sentiment import analyse, squash
from csmetrics._classify.taxonomy import Taxonomy
from csmetrics._classify.types import Sentiment, SentimentResult
from csmetrics._classify.vocab import Vocabulary

__all__ = [
    "CATEGORY_CLASSES",
    "SENTIMENT_CLASSES",
    "SURE_RULES",
    "builtin",
    "categorize_combined",
    "categorize_combined_many",
    "category_dense",
    "rules_are_sure",
    "rules_category",
    "sentiment_combined",
    "sentiment_dense",
    "sentiment_labels_many",
    "subcategory_classes",
]

_Read = tuple[str, npt.NDArray[np.int64], Vocabulary]  # a text, its rows, their vocabulary
SENTIMENT_CLASSES = ("positive", "neutral", "negative")
CATEGORY_CLASSES = ("none", "product_quality", "service", "logistics", "suggestion", "billing")
_SHIFTING = frozenset({"contrast", "mixed", "question"})

# Where the rules decide a sentiment alone: a polar answer whose evidence is
# only lexicon words ("word": no negation, degree, contrast, hedge, question,
# excess or exclamation rule) and whose total reaches the model's
# ``sure_total``. ``training.train_models`` chooses that level on the dev
# split, with models trained on the other rows (the level that skips the most
# texts without costing dev accuracy; infinite, never, when every level
# costs some), and stores it in the model with the rules' dev accuracy on
# those texts as ``sure_confidence``. A company's ``SentimentModel`` keeps
# the default (infinite): it is always consulted.
SURE_RULES = frozenset({"word"})


def subcategory_classes() -> tuple[str, ...]:
    """``category/subcategory`` ids of the built-in taxonomy."""
    taxonomy = Taxonomy.default()
    return tuple(
        f"{category}/{sub}"
        for category in taxonomy.category_ids
        for sub in taxonomy.subcategory_ids(category)
    )


@functools.cache
def builtin() -> dict[str, LinearModel]:
    """The built-in models (read once)."""
    data = resources.files("csmetrics").joinpath("data", "models", "builtin.npz").read_bytes()
    with np.load(io.BytesIO(data), allow_pickle=False) as archive:
        arrays = {name: archive[name] for name in archive.files}
    shared: dict[bytes, Vocabulary] = {}  # the three models share one vocabulary
    return {
        name: LinearModel.from_arrays(arrays, name, shared)
        for name in ("sentiment", "category", "subcategory")
    }


def _analysis_dense(found: Analysis) -> list[float]:
    rules = {item.rule for item in found.evidence}
    total = found.total if math.isfinite(found.total) else math.copysign(50.0, found.total)
    return [
        float(found.label == Sentiment.POSITIVE),
        float(found.label == Sentiment.NEGATIVE),
        squash(total),
        float(bool(rules & _SHIFTING)),
    ]


def sentiment_dense(text: str) -> list[float]:
    """The rules' dense features of a prepared text (built-in lexicon)."""
    return _analysis_dense(analyse(text, Lexicon.default()))


def rules_category(found: Tally) -> str:
    """The rules' category of a tally (``"none"`` when nothing matched), as ``decide`` picks it."""
    totals, first = found[0], found[2]
    return max(totals, key=lambda key: (totals[key], -first[key])) if totals else "none"


def _tally_dense(found: Tally) -> list[float]:
    totals = found[0]
    best = rules_category(found)
    values = [math.log1p(min(totals.get(c, 0.0), 1e6)) for c in CATEGORY_CLASSES[1:]]
    return values + [float(best == c) for c in CATEGORY_CLASSES]


def _category_dense(found: Tally, text: str) -> list[float]:
    """What the category rules found, then what the sentiment rules found (a complaint
    without a keyword is still a problem)."""
    return _tally_dense(found) + sentiment_dense(text)


def category_dense(text: str) -> list[float]:
    """The rules' dense features of a prepared text (built-in taxonomy and lexicon)."""
    return _category_dense(tally(text, Taxonomy.default()), text)


def rules_are_sure(found: Analysis, model: LinearModel) -> bool:
    """Whether the rules decide alone: a polar label from lexicon words only
    (``SURE_RULES``) with a total of at least the model's ``sure_total`` in size."""
    return (
        found.label != Sentiment.NEUTRAL
        and abs(found.total) >= model.sure_total
        and all(item.rule in SURE_RULES for item in found.evidence)
    )


def sentiment_combined(
    text: str, found: Analysis, result: SentimentResult, model: LinearModel | None = None
) -> SentimentResult:
    """The rules' `result` on prepared `text`, decided again by `model` (the built-in one).

    Where the rules are sure (``rules_are_sure``) their answer stands, with
    the model's ``sure_confidence`` and no n-grams.
    """
    model = builtin()["sentiment"] if model is None else model
    if rules_are_sure(found, model):
        return result._replace(confidence=model.sure_confidence)
    scored = model.score(text, _analysis_dense(found))
    label, score, confidence = _feeling(model, scored.proba, found.label)
    chosen = model.classes.index(label.value)
    ngrams = () if label == Sentiment.NEUTRAL else model.strongest(scored, chosen, text)
    return result._replace(label=label, score=score, confidence=confidence, ngrams=ngrams)


def sentiment_labels_many(
    texts: list[str], found: list[Analysis], model: LinearModel | None = None
) -> list[tuple[Sentiment, float]]:
    """Label and score of many prepared texts, as :func:`sentiment_combined` gives them."""
    model = builtin()["sentiment"] if model is None else model
    sure = [rules_are_sure(item, model) for item in found]
    asked = [i for i, skip in enumerate(sure) if not skip]
    dense = np.array([_analysis_dense(found[i]) for i in asked], dtype=np.float64)
    proba = model.score_many([texts[i] for i in asked], dense.reshape(len(asked), model.n_dense))
    out = [(item.label, round(squash(item.total), 6)) for item in found]
    for i, row in zip(asked, proba, strict=True):
        out[i] = _feeling(model, row, found[i].label)[:2]
    return out


def _feeling(
    model: LinearModel, proba: npt.NDArray[np.float64], rules: Sentiment
) -> tuple[Sentiment, float, float]:
    """Label, score and confidence (the probability of the label) from the model's proba."""
    chosen = model.choose(proba, rules.value, Sentiment.NEUTRAL.value)
    confidence = float(proba[chosen])
    label = Sentiment(model.classes[chosen])
    named = dict(zip(model.classes, proba.tolist(), strict=True))
    score = round(max(-1.0, min(1.0, named["positive"] - named["negative"])), 6)
    return label, score, round(confidence, 6)


def _models_of(taxonomy: Taxonomy) -> tuple[LinearModel, LinearModel | None] | None:
    if taxonomy is Taxonomy.default():
        models = builtin()
        return models["category"], models["subcategory"]
    return taxonomy.learned


def categorize_combined(text: str, taxonomy: Taxonomy, *, rules_only: bool) -> CategoryResult:
    """Category of a prepared text: rules, then the taxonomy's model if it has one."""
    found = tally(text, taxonomy)
    models = None if rules_only else _models_of(taxonomy)
    if models is None:
        return decide(found, taxonomy)
    model, sub_model = models
    scored = model.score(text, _category_dense(found, text) if model.n_dense else ())
    read = (text, scored.rows, model.vocabulary)
    result = _category(model, scored.proba, found, taxonomy, (sub_model, read))
    if result.category is None:
        return result
    chosen = model.classes.index(result.category)
    return replace(result, ngrams=model.strongest(scored, chosen, text))


def categorize_combined_many(
    texts: list[str], taxonomy: Taxonomy, *, rules_only: bool
) -> list[CategoryResult]:
    """Categories of many prepared texts, as :func:`categorize_combined` gives them (no n-grams)."""
    found = [tally(text, taxonomy) for text in texts]
    models = None if rules_only else _models_of(taxonomy)
    if models is None:
        return [decide(item, taxonomy) for item in found]
    model, sub_model = models
    dense = None
    if model.n_dense:
        dense = np.array(
            [_category_dense(item, t) for item, t in zip(found, texts, strict=True)],
            dtype=np.float64,
        )
        dense = dense.reshape(len(texts), model.n_dense)
    read = model.vocabulary.rows_many(texts)
    proba = model.score_rows_many(*read, len(texts), dense)
    subs = None
    if sub_model is not None:  # the rows serve again when the vocabulary is shared
        if sub_model.vocabulary is not model.vocabulary:
            read = sub_model.vocabulary.rows_many(texts)
        subs = sub_model.score_rows_many(*read, len(texts))
    return [
        _category(model, row, found[i], taxonomy, (sub_model, None if subs is None else subs[i]))
        for i, row in enumerate(proba)
    ]


def _category(
    model: LinearModel,
    proba: npt.NDArray[np.float64],
    found: Tally,
    taxonomy: Taxonomy,
    *subs: tuple[LinearModel | None, _Read | npt.NDArray[np.float64] | None],
) -> CategoryResult:
    chosen = model.choose(proba, rules_category(found), "none")
    confidence = float(proba[chosen])
    category = model.classes[chosen]
    if category == "none" or category not in taxonomy.category_ids:
        return replace(NO_MATCH, confidence=round(confidence, 6))
    subcategory = _subcategory(category, found, *subs[0])
    return CategoryResult(
        category=category,
        subcategory=subcategory,
        evidence=tuple(found[3].get(category, ())),
        score=found[0].get(category, 0.0),
        category_name=taxonomy.names(category),
        subcategory_name=None if subcategory is None else taxonomy.names(category, subcategory),
        confidence=round(confidence, 6),
    )


def _subcategory(
    category: str,
    found: Tally,
    sub_model: LinearModel | None,
    sub_source: _Read | npt.NDArray[np.float64] | None,
) -> str | None:
    """The best subcategory inside `category` (the model's, else the rules').

    `sub_source` is the sub-model's probabilities, or the text with the category
    model's rows of it and their vocabulary (the rows serve again when the
    sub-model shares that vocabulary).
    """
    if sub_model is not None and sub_source is not None:
        prefix = f"{category}/"
        inside = [i for i, name in enumerate(sub_model.classes) if name.startswith(prefix)]
        if inside:
            if isinstance(sub_source, tuple):
                text, rows, vocabulary = sub_source
                if sub_model.vocabulary is not vocabulary:
                    rows = sub_model.vocabulary.rows_one(text)
                sub_source = sub_model.score_rows(rows).proba
            proba = sub_source
            return sub_model.classes[max(inside, key=lambda i: proba[i])][len(prefix) :]
    rule_subs = found[1].get(category, {})
    if rule_subs:
        return max(rule_subs, key=rule_subs.__getitem__)
    return None
