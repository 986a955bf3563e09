"""The sentiment section of the weekly report: buckets of survey comments and warmth."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from csmetrics._classify.api import sentiment, sentiment_many
from csmetrics._core.exports import publish
from csmetrics._models.records import SurveyResponse
from csmetrics._report.render import pad

__all__ = ["WARMTH_GOAL", "SentimentSection", "render_sentiment", "sentiment_section"]

WARMTH_GOAL = 0.9
"""Goal for the share of comments with thanks or understanding ("沟通有温度" > 90%)."""
_LABELS = ("positive", "neutral", "negative")


@dataclass(frozen=True)
class SentimentSection:
    """Sentiment buckets of the survey comments and the share of warm comments.

    Examples
    --------
    >>> from csmetrics.models import SurveyResponse
    >>> comments = ["感谢解决问题", "问题未解决", "谢谢,理解了", ""]
    >>> from csmetrics._report.sentiment import sentiment_section
    >>> section = sentiment_section([SurveyResponse(comment=c) for c in comments])
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


def sentiment_section(surveys: Sequence[SurveyResponse]) -> SentimentSection | None:
    """Classify the non-empty comments (None when there is none)."""
    comments = [s.comment for s in surveys if s.comment.strip()]
    if not comments:
        return None
    batch = sentiment_many(comments)
    labels = batch.labels.tolist()
    examples = []
    for label in _LABELS:
        mine = Counter(c for c, lab in zip(comments, labels, strict=True) if lab == label)
        if mine:
            text = mine.most_common(1)[0][0]
            words = tuple(e.text for e in sentiment(text).evidence)
            examples.append((label, text, words))
    return SentimentSection(
        comments=len(comments),
        counts={label: labels.count(label) for label in _LABELS},
        warmth=batch.warmth_share(),
        examples=tuple(examples),
    )


def render_sentiment(section: SentimentSection) -> list[str]:
    """Lines of the sentiment section."""
    shares = ", ".join(
        f"{label} {section.counts[label]} ({100 * section.share(label):.1f}%)" for label in _LABELS
    )
    goal = "met" if section.warmth > WARMTH_GOAL else "to improve (待改善)"
    lines = [
        f"Sentiment of {section.comments} survey comments: {shares}",
        (
            f"  warmth (thanks or understanding, 沟通有温度): {100 * section.warmth:.1f}% "
            f"(goal > {100 * WARMTH_GOAL:.0f}%: {goal})"
        ),
    ]
    lines.extend(
        f"  {pad(label, 9)}e.g. {text!r} <- {', '.join(words) or '(no lexicon word)'}"
        for label, text, words in section.examples
    )
    return lines


publish("csmetrics.report", SentimentSection)
