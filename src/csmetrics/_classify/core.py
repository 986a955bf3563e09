"""Argument checks and single-text entry points shared by the public and batch APIs."""

from __future__ import annotations

import math
from collections.abc import Callable

from csmetrics._classify.category import CategoryResult, categorize_prepared
from csmetrics._classify.lexicon import Lexicon
from csmetrics._classify.sentiment import analyse, squash
from csmetrics._classify.taxonomy import Taxonomy
from csmetrics._classify.types import Evidence, Sentiment, SentimentResult
from csmetrics._core.config import instance_or_default
from csmetrics._core.text import normalize_text
from csmetrics.exceptions import InputTypeError

__all__ = [
    "SCORER_THRESHOLD",
    "Scorer",
    "categorize_one",
    "check_lexicon",
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


def _verdict(verdict: object, lexicon_score: float) -> tuple[Sentiment, float]:
    if isinstance(verdict, str) and verdict in _LABELS:
        return Sentiment(verdict), lexicon_score
    if (
        isinstance(verdict, int | float)
        and not isinstance(verdict, bool)
        and math.isfinite(verdict)
    ):
        score = max(-1.0, min(1.0, float(verdict)))
        if score >= SCORER_THRESHOLD:
            return Sentiment.POSITIVE, score
        if score <= -SCORER_THRESHOLD:
            return Sentiment.NEGATIVE, score
        return Sentiment.NEUTRAL, score
    msg = (
        "scorer: expected a callable returning a finite number or one of "
        f"'positive', 'neutral', 'negative', got {verdict!r:.80}"
    )
    raise InputTypeError(msg)


def _with_scorer(text: str, scorer: Scorer, result: SentimentResult) -> SentimentResult:
    label, score = _verdict(scorer(text), result.score)
    name = getattr(scorer, "__name__", type(scorer).__name__)
    evidence = (*result.evidence, Evidence("scorer", name, score))
    return SentimentResult(label, score, evidence, result.warmth_words)


def sentiment_one(text: str, lexicon: Lexicon, scorer: Scorer | None) -> SentimentResult:
    """Sentiment of one checked text with a checked lexicon."""
    found = analyse(normalize_text(text), lexicon)
    score = round(squash(found.total), 6)
    result = SentimentResult(found.label, score, tuple(found.evidence), tuple(found.warmth))
    return result if scorer is None else _with_scorer(text, scorer, result)


def categorize_one(text: str, taxonomy: Taxonomy) -> CategoryResult:
    """Category of one checked text with a checked taxonomy."""
    return categorize_prepared(normalize_text(text), taxonomy)
