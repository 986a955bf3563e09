"""Result types of ``sentiment``: labels, revisit states, evidence."""

from __future__ import annotations

from enum import IntEnum
from typing import NamedTuple, NoReturn

from csmetrics._core.exports import publish
from csmetrics._core.vocabulary import Vocabulary, refuse_unknown

__all__ = ["Evidence", "RevisitState", "Role", "Sentiment", "SentimentResult"]


class Sentiment(Vocabulary):
    """Sentiment bucket of a comment.

    Examples
    --------
    >>> Sentiment("negative") is Sentiment.NEGATIVE
    True
    >>> Sentiment.POSITIVE == "positive"
    True
    """

    POSITIVE = "positive"
    NEUTRAL = "neutral"
    NEGATIVE = "negative"

    @property
    def revisit_state(self) -> RevisitState:
        """The revisit emotional state for this label (满意 / 一般 / 不满)."""
        return _REVISIT[self]


class RevisitState(Vocabulary):
    """Emotional state recorded on a revisit: 满意 / 一般 / 不满.

    Examples
    --------
    >>> RevisitState.SATISFIED.zh
    '满意'
    """

    SATISFIED = "satisfied"
    AVERAGE = "average"
    DISSATISFIED = "dissatisfied"

    @property
    def zh(self) -> str:
        """The Chinese name used in revisit records."""
        return _REVISIT_ZH[self]


class Role(IntEnum):
    """What a lexicon entry does in the sentiment rules.

    Examples
    --------
    >>> from csmetrics.classify import Lexicon
    >>> Lexicon.default().role("不过")
    (<Role.CONTRAST: 5>, 0.0)
    >>> Role(99)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    csmetrics.exceptions.InvalidInputError: Role: expected one of 0, 1, ..., got int 99
    """

    WORD = 0
    NEGATOR = 1
    DEGREE = 2
    HEDGE = 3
    EXCESS = 4
    CONTRAST = 5
    CONTRAST_AT_START = 6
    CONCESSIVE = 7
    NEUTRAL = 8
    BREAK = 9

    @classmethod
    def _missing_(cls, value: object) -> NoReturn:
        refuse_unknown(cls, value)


_REVISIT = {
    Sentiment.POSITIVE: RevisitState.SATISFIED,
    Sentiment.NEUTRAL: RevisitState.AVERAGE,
    Sentiment.NEGATIVE: RevisitState.DISSATISFIED,
}
_REVISIT_ZH = {
    RevisitState.SATISFIED: "满意",
    RevisitState.AVERAGE: "一般",
    RevisitState.DISSATISFIED: "不满",
}


class Evidence(NamedTuple):
    """One rule application: which rule, on which words, with what effect on the score.

    ``rule`` is one of ``"word"``, ``"negation"``, ``"degree"``, ``"hedge"``,
    ``"excess"``, ``"contrast"``, ``"mixed"``, ``"question"``, ``"exclamation"``,
    ``"scorer"``; ``text``
    the words involved; ``weight`` the contribution (``"contrast"`` and
    ``"mixed"``: 0.0; ``"exclamation"``: the multiplier; ``"scorer"``: its score).

    Examples
    --------
    >>> from csmetrics.classify import sentiment
    >>> sentiment("非常满意").evidence
    (Evidence(rule='degree', text='非常满意', weight=2.4),)
    """

    rule: str
    text: str
    weight: float


class SentimentResult(NamedTuple):
    """Sentiment of a comment, with the words and rules that decided it (immutable).

    Attributes
    ----------
    label : Sentiment
        ``positive``, ``neutral`` or ``negative``.
    score : float
        In [-1, 1]; negative values lean negative.
    evidence : tuple of Evidence
        The words and rules that decided, in text order.
    warmth_words : tuple of str
        Thanks and understanding words found (not negated).
    confidence : float or None
        The model's calibrated probability of its most likely label (``None``
        with the rules alone); below the model's threshold the label is neutral.
    ngrams : tuple of str
        The model's strongest n-grams for the label (empty with the rules
        alone or when the model abstained); ``evidence`` never holds them.

    Examples
    --------
    >>> from csmetrics.classify import sentiment
    >>> result = sentiment("谢谢，问题已经解决了")
    >>> result.label.value, result.warmth, result.revisit_state.zh, result.words
    ('positive', True, '满意', ('谢谢', '解决了'))
    """

    label: Sentiment
    score: float
    evidence: tuple[Evidence, ...] = ()
    warmth_words: tuple[str, ...] = ()
    confidence: float | None = None
    ngrams: tuple[str, ...] = ()

    @property
    def warmth(self) -> bool:
        """Whether the comment thanks or shows understanding (沟通有温度)."""
        return bool(self.warmth_words)

    @property
    def revisit_state(self) -> RevisitState:
        """Revisit emotional state: 满意 (positive), 一般 (neutral), 不满 (negative)."""
        return self.label.revisit_state

    @property
    def words(self) -> tuple[str, ...]:
        """The words behind the evidence, in text order."""
        return tuple(item.text for item in self.evidence)


publish("csmetrics.classify", Evidence, RevisitState, Sentiment, SentimentResult)
