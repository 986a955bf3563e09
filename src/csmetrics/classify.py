"""Problem categories and sentiment of customer comments, in Chinese and English.

The rules are explainable: each result carries the words and rules that
decided it. By default a learned model over n-grams (shipped weights,
numpy only) combines with them and decides the label, with a calibrated
``confidence`` and its strongest ``ngrams``; ``rules_only=True`` gives the
rules alone. ``Taxonomy.fit`` and ``SentimentModel.fit`` learn a company's
own labels. Texts are NFKC-normalised and lower-cased first,
Traditional Chinese characters of the lexicon are folded to Simplified, and
keyword matching prefers the longest entry (so 不错 and 不过 are not
negations). One pass over the text, linear in its length; any ``str`` is
accepted (lone surrogates and control characters included).
"""

from __future__ import annotations

from csmetrics._classify.api import (
    CategoryBatch,
    CategoryResult,
    Decision,
    DisplayName,
    Evidence,
    Lexicon,
    RevisitState,
    Role,
    Scorer,
    Sentiment,
    SentimentBatch,
    SentimentModel,
    SentimentResult,
    Taxonomy,
    TaxonomyTarget,
    categorize,
    categorize_many,
    revisit_state,
    sentiment,
    sentiment_many,
)

__all__ = [
    "CategoryBatch",
    "CategoryResult",
    "Decision",
    "DisplayName",
    "Evidence",
    "Lexicon",
    "RevisitState",
    "Role",
    "Scorer",
    "Sentiment",
    "SentimentBatch",
    "SentimentModel",
    "SentimentResult",
    "Taxonomy",
    "TaxonomyTarget",
    "categorize",
    "categorize_many",
    "revisit_state",
    "sentiment",
    "sentiment_many",
]
