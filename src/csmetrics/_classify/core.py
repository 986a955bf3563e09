"""Argument checks and single-text entry points shared by the public and batch APIs."""

from __future__ import annotations

import math
from collections.abc import Callable
from numbers import Integral, Real

from csmetrics._classify.category import CategoryResult
from csmetrics._classify.combine import categorize_combined, sentiment_combined
from csmetrics._classify.learned import SentimentModel
from csmetrics._classify.lexicon import Lexicon
from csmetrics._classify.sentiment import analyse, squash
from csmetrics._classify.taxonomy import Taxonomy
from csmetrics._classify.types import Evidence, Sentiment, SentimentResult
from csmetrics._core.config import instance_or_default
from csmetrics._core.describe import describe
from csmetrics._core.text import normalize_text
from csmetrics.exceptions import InputTypeError

__all__ = [
    "SCORER_THRESHOLD",
    "Scorer",
    "categorize_one",
    "check_flag",
    "check_lexicon",
    "check_model",
    "check_scorer",
    "check_taxonomy",
    "sentiment_one",
]

Scorer = Callable[[str], "float | str | Sentiment"]
SCORER_THRESHOLD = 0.05
_LABELS = frozenset(member.value for member in Sentiment)


def check_taxonomy(taxonomy: object) -> Taxonomy:
    """Return the taxonomy to use (the default for ``None``)."""
    return instance_or_default(taxonomy, Taxonomy, Taxonomy.default, param="taxonomy")


def check_lexicon(lexicon: object) -> Lexicon:
    """Return the lexicon to use (the default for ``None``)."""
    return instance_or_default(lexicon, Lexicon, Lexicon.default, param="lexicon")


def check_model(model: object) -> SentimentModel | None:
    """Return `model` if it is None or a :class:`SentimentModel`, else raise."""
    if model is None or isinstance(model, SentimentModel):
        return model
    msg = f"model: expected a SentimentModel or None, got {describe(model)}"
    raise InputTypeError(msg)


def check_flag(value: object, param: str = "rules_only") -> bool:
    """Return `value` if it is a bool, else raise ``InputTypeError``."""
    if isinstance(value, bool):
        return value
    msg = f"{param}: expected True or False, got {describe(value)}"
    raise InputTypeError(msg)


def check_scorer(scorer: object) -> Scorer | None:
    """Return `scorer` if it is None or callable, else raise ``InputTypeError``."""
    if scorer is None or callable(scorer):
        return scorer
    msg = f"scorer: expected a callable (text -> score or label) or None, got {describe(scorer)}"
    raise InputTypeError(msg)


def _verdict(verdict: object, lexicon_score: float) -> tuple[Sentiment, float]:
    if isinstance(verdict, str) and verdict in _LABELS:
        return Sentiment(verdict), lexicon_score
    score = _score(verdict)
    if score is None:
        msg = (
            "scorer: expected a callable returning a finite number or one of "
            f"'positive', 'neutral', 'negative', got {describe(verdict)}"
        )
        raise InputTypeError(msg)
    if score >= SCORER_THRESHOLD:
        return Sentiment.POSITIVE, score
    if score <= -SCORER_THRESHOLD:
        return Sentiment.NEGATIVE, score
    return Sentiment.NEUTRAL, score


def _score(verdict: object) -> float | None:
    """A scorer's number clipped to [-1, 1] (any int or real type), None if it is not one."""
    if isinstance(verdict, bool):
        return None
    if isinstance(verdict, Integral):  # clipped before float(): a huge int fits no float
        return float(max(-1, min(1, int(verdict))))
    if isinstance(verdict, Real) and math.isfinite(number := float(verdict)):
        return max(-1.0, min(1.0, number))
    return None


def _with_scorer(text: str, scorer: Scorer, result: SentimentResult) -> SentimentResult:
    label, score = _verdict(scorer(text), result.score)
    name = getattr(scorer, "__name__", type(scorer).__name__)
    evidence = (*result.evidence, Evidence("scorer", name, score))
    return SentimentResult(label, score, evidence, result.warmth_words)


def sentiment_one(
    text: str,
    lexicon: Lexicon,
    scorer: Scorer | None,
    *,
    rules_only: bool = False,
    model: SentimentModel | None = None,
) -> SentimentResult:
    """Sentiment of one checked text with a checked lexicon.

    A model decides when the lexicon is the built-in one, no scorer is given
    and `rules_only` is false: `model`, else the built-in one.
    """
    prepared = normalize_text(text)
    found = analyse(prepared, lexicon)
    score = round(squash(found.total), 6)
    result = SentimentResult(found.label, score, tuple(found.evidence), tuple(found.warmth))
    if scorer is not None:
        return _with_scorer(text, scorer, result)
    if rules_only or lexicon is not Lexicon.default():
        return result
    return sentiment_combined(prepared, found, result, None if model is None else model.model)


def categorize_one(text: str, taxonomy: Taxonomy, *, rules_only: bool = False) -> CategoryResult:
    """Category of one checked text with a checked taxonomy."""
    return categorize_combined(normalize_text(text), taxonomy, rules_only=rules_only)
