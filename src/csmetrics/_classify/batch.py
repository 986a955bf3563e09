"""Vectorised ``sentiment_many`` / ``categorize_many``: many comments in, numpy arrays out."""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TypeVar

import numpy as np
import numpy.typing as npt

from csmetrics._classify.category import CategoryResult
from csmetrics._classify.combine import categorize_combined_many, sentiment_labels_many
from csmetrics._classify.core import (
    Scorer,
    check_flag,
    check_lexicon,
    check_model,
    check_scorer,
    check_taxonomy,
    sentiment_one,
)
from csmetrics._classify.learned import SentimentModel
from csmetrics._classify.lexicon import Lexicon
from csmetrics._classify.sentiment import analyse
from csmetrics._classify.taxonomy import Taxonomy
from csmetrics._classify.types import Sentiment
from csmetrics._core.describe import describe
from csmetrics._core.exports import publish
from csmetrics._core.text import MAX_TEXT_LENGTH, check_max_length, normalize_text, require_text
from csmetrics.exceptions import InputTypeError, UndefinedMetricWarning

__all__ = ["CategoryBatch", "SentimentBatch", "categorize_many", "sentiment_many"]

_REVISIT = np.array([label.revisit_state.value for label in Sentiment])
_LABELS = [label.value for label in Sentiment]
_R = TypeVar("_R")
CHUNK = 200_000  # characters of distinct texts whose n-grams are computed at once


def as_texts(texts: object, max_length: int = MAX_TEXT_LENGTH) -> list[str]:
    """Turn a list, tuple, numpy array, pandas Series or any iterable into a list of str,
    each of at most `max_length` characters."""
    check_max_length(max_length)
    if isinstance(texts, str | bytes) or not isinstance(texts, Iterable):
        kind = "an iterable of str (list, numpy array, pandas Series)"
        msg = f"texts: expected {kind}, got {describe(texts)}"
        raise InputTypeError(msg)
    if isinstance(texts, np.ndarray) and texts.ndim != 1:
        msg = f"texts: expected a one-dimensional array, got shape {texts.shape!r}"
        raise InputTypeError(msg)
    items = texts.tolist() if isinstance(texts, np.ndarray) else list(texts)
    for position, item in enumerate(items):
        if not isinstance(item, str):
            msg = (
                f"texts: expected str at every position, got {describe(item)} "
                f"at position {position} (fill missing comments first, e.g. .fillna(''))"
            )
            raise InputTypeError(msg)
        require_text(item, param=f"texts[{position}]", max_length=max_length)
    return items


@dataclass(frozen=True, slots=True)
class SentimentBatch:
    """Sentiment of many comments as numpy arrays (same order as the input).

    Attributes
    ----------
    labels : numpy.ndarray of str
        ``"positive"``, ``"neutral"`` or ``"negative"``.
    scores : numpy.ndarray of float64
        Scores in [-1, 1].
    warmth : numpy.ndarray of bool
        Whether each comment thanks or shows understanding.

    Examples
    --------
    >>> from csmetrics.classify import sentiment_many
    >>> batch = sentiment_many(["谢谢，很满意", "推诿扯皮"])
    >>> batch.labels.tolist(), batch.revisit_states.tolist(), batch.warmth.tolist()
    (['positive', 'negative'], ['satisfied', 'dissatisfied'], [True, False])
    >>> batch.codes.tolist(), batch.counts()["neutral"]
    ([0, 2], 0)
    """

    labels: npt.NDArray[np.str_]
    scores: npt.NDArray[np.float64]
    warmth: npt.NDArray[np.bool_]

    def __len__(self) -> int:
        return len(self.labels)

    @property
    def revisit_states(self) -> npt.NDArray[np.str_]:
        """Revisit states: ``satisfied`` (满意), ``average`` (一般), ``dissatisfied`` (不满)."""
        return _REVISIT[self.codes]

    @property
    def codes(self) -> npt.NDArray[np.intp]:
        """Labels as integers: 0 positive, 1 neutral, 2 negative (``Sentiment`` order)."""
        codes = np.ones(len(self.labels), dtype=np.intp)
        codes[self.labels == Sentiment.POSITIVE.value] = 0
        codes[self.labels == Sentiment.NEGATIVE.value] = 2
        return codes

    def counts(self) -> dict[str, int]:
        """Number of comments per label (every label present, zeros included)."""
        return {label: int(np.count_nonzero(self.labels == label)) for label in _LABELS}

    def warmth_share(self) -> float:
        """Share of comments with thanks or understanding (沟通有温度); NaN when empty."""
        if not len(self):
            warnings.warn("warmth_share of no comments is undefined", UndefinedMetricWarning, 2)
            return math.nan
        return float(np.mean(self.warmth))


@dataclass(frozen=True, slots=True)
class CategoryBatch:
    """Categories of many texts as numpy object arrays (``None`` where nothing matched).

    Examples
    --------
    >>> from csmetrics.classify import categorize_many
    >>> batch = categorize_many(["发票开具延迟", "你好"])
    >>> batch.subcategories.tolist(), batch.matched.tolist(), len(batch)
    (['invoice', None], [True, False], 2)
    """

    categories: npt.NDArray[np.object_]
    subcategories: npt.NDArray[np.object_]
    scores: npt.NDArray[np.float64]

    def __len__(self) -> int:
        return len(self.categories)

    @property
    def matched(self) -> npt.NDArray[np.bool_]:
        """Whether any keyword matched, per text."""
        return np.array([c is not None for c in self.categories], dtype=bool)


def _each(items: list[str], compute: Callable[[str], _R]) -> list[_R]:
    """``[compute(t) for t in items]``, computing each distinct text once."""
    done = {text: compute(text) for text in dict.fromkeys(items)}
    return [done[text] for text in items]


def sentiment_many(
    texts: Iterable[str] | npt.ArrayLike,
    *,
    lexicon: Lexicon | None = None,
    scorer: Scorer | None = None,
    rules_only: bool = False,
    model: SentimentModel | None = None,
    max_length: int = MAX_TEXT_LENGTH,
) -> SentimentBatch:
    """Sentiment of many comments; element ``i`` equals ``sentiment(texts[i])``."""
    items = as_texts(texts, max_length)
    lex, own, flag = check_lexicon(lexicon), check_scorer(scorer), check_flag(rules_only)
    learned = check_model(model)
    if own is None and not flag and lex is Lexicon.default():
        return _sentiment_combined(items, lex, learned)
    results = _each(
        items, lambda text: sentiment_one(text, lex, own, rules_only=flag, model=learned)
    )
    return SentimentBatch(
        labels=np.array([r.label.value for r in results], dtype="<U8"),
        scores=np.array([r.score for r in results], dtype=np.float64),
        warmth=np.array([r.warmth for r in results], dtype=bool),
    )


def _chunks(texts: list[str]) -> Iterator[list[str]]:
    """Consecutive pieces of at most ``CHUNK`` characters (or one longer text)."""
    piece: list[str] = []
    size = 0
    for text in texts:
        if piece and size + len(text) > CHUNK:
            yield piece
            piece, size = [], 0
        piece.append(text)
        size += len(text) + 1
    if piece:
        yield piece


def _sentiment_combined(
    items: list[str], lexicon: Lexicon, learned: SentimentModel | None
) -> SentimentBatch:
    """The combined path, the model run on chunks of distinct texts at once."""
    weights = None if learned is None else learned.model
    done: dict[str, tuple[str, float, bool]] = {}
    for chunk in _chunks(list(dict.fromkeys(items))):
        prepared = [normalize_text(text) for text in chunk]
        found = [analyse(text, lexicon) for text in prepared]
        decided = sentiment_labels_many(prepared, found, weights)
        for text, (label, score), item in zip(chunk, decided, found, strict=True):
            done[text] = (label.value, score, bool(item.warmth))
    return SentimentBatch(
        labels=np.array([done[t][0] for t in items], dtype="<U8"),
        scores=np.array([done[t][1] for t in items], dtype=np.float64),
        warmth=np.array([done[t][2] for t in items], dtype=bool),
    )


def categorize_many(
    texts: Iterable[str] | npt.ArrayLike,
    *,
    taxonomy: Taxonomy | None = None,
    rules_only: bool = False,
    max_length: int = MAX_TEXT_LENGTH,
) -> CategoryBatch:
    """Categories of many texts; element ``i`` equals ``categorize(texts[i])``."""
    items = as_texts(texts, max_length)
    tax, flag = check_taxonomy(taxonomy), check_flag(rules_only)
    done: dict[str, CategoryResult] = {}
    for chunk in _chunks(list(dict.fromkeys(items))):
        prepared = [normalize_text(text) for text in chunk]
        done.update(
            zip(chunk, categorize_combined_many(prepared, tax, rules_only=flag), strict=True)
        )
    results = [done[text] for text in items]
    categories = np.empty(len(results), dtype=object)
    subcategories = np.empty(len(results), dtype=object)
    categories[:] = [r.category for r in results]
    subcategories[:] = [r.subcategory for r in results]
    return CategoryBatch(
        categories=categories,
        subcategories=subcategories,
        scores=np.array([r.score for r in results], dtype=np.float64),
    )


publish("csmetrics.classify", CategoryBatch, SentimentBatch)
