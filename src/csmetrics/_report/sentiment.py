"""The sentiment section of the weekly report: buckets of survey comments and warmth."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from csmetrics._classify.api import sentiment, sentiment_many
from csmetrics._core.exports import publish

if TYPE_CHECKING:
    import numpy.typing as npt

__all__ = ["WARMTH_GOAL", "SentimentSection", "sentiment_section"]

WARMTH_GOAL = 0.9
"""Goal for the share of comments with thanks or understanding ("沟通有温度" > 90%)."""
_LABELS = ("positive", "neutral", "negative")


@dataclass(frozen=True)
class SentimentSection:
    """Sentiment buckets of the survey comments and the share of warm comments.

    Examples
    --------
    >>> comments = ["感谢解决问题", "问题未解决", "谢谢,理解了", ""]
    >>> from csmetrics._report.sentiment import sentiment_section
    >>> import numpy as np
    >>> section = sentiment_section(np.array(comments, dtype=object))
    >>> section.comments, section.counts["negative"], section.share("positive")
    (3, 1, 0.6666666666666666)
    """

    comments: int
    counts: dict[str, int]
    """Comments per label: ``positive``, ``neutral``, ``negative``."""
    warmth: float
    """Share of comments that thank or show understanding (0..1)."""
    examples: tuple[tuple[str, str, tuple[str, ...]], ...]
    """(label, the most frequent comment of that label, the words that decided)."""

    def share(self, label: str) -> float:
        """Share of the comments with ``label``."""
        return self.counts.get(label, 0) / self.comments


def sentiment_section(comments: npt.NDArray[np.object_]) -> SentimentSection | None:
    """Classify the non-empty comments (None when there is none).

    Each distinct comment is classified once (answers often repeat a few
    stock phrases); the counts weigh it by how often it occurs.
    """
    seen: Counter[str] = Counter(c for c in comments.tolist() if c is not None and c.strip())
    if not seen:
        return None
    texts = sorted(seen)
    weights = np.array([seen[t] for t in texts], dtype=np.int64)
    batch = sentiment_many(texts)
    labels = np.asarray(batch.labels)
    warm = np.asarray(batch.warmth, dtype=bool)
    examples = []
    for label in _LABELS:
        mine = np.flatnonzero(labels == label)
        if mine.size:
            best = int(mine[np.argmax(weights[mine])])  # the most frequent, first by text
            text = texts[best]
            words = tuple(e.text for e in sentiment(text).evidence)
            examples.append((label, text, words))
    total = int(weights.sum())
    return SentimentSection(
        comments=total,
        counts={label: int(weights[labels == label].sum()) for label in _LABELS},
        warmth=float(weights[warm].sum() / total),
        examples=tuple(examples),
    )


publish("csmetrics.report", SentimentSection)
