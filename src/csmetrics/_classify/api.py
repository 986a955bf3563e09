"""Problem categories and sentiment of customer comments, in Chinese and English.

Everything here is rule-based and explainable: each result carries the words
and rules that decided it. Texts are NFKC-normalised and lower-cased first,
Traditional Chinese characters of the lexicon are folded to Simplified, and
keyword matching prefers the longest entry (so 不错 and 不过 are not
negations). One pass over the text, linear in its length; any ``str`` is
accepted (lone surrogates and control characters included).
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy.typing as npt

from csmetrics._classify.batch import CategoryBatch, SentimentBatch
from csmetrics._classify.batch import categorize_many as _categorize_many
from csmetrics._classify.batch import sentiment_many as _sentiment_many
from csmetrics._classify.category import CategoryResult
from csmetrics._classify.core import (
    Scorer,
    categorize_one,
    check_flag,
    check_lexicon,
    check_model,
    check_scorer,
    check_taxonomy,
    sentiment_one,
)
from csmetrics._classify.learned import SentimentModel
from csmetrics._classify.lexicon import Decision, Lexicon, Role
from csmetrics._classify.taxonomy import DisplayName, Taxonomy, TaxonomyTarget
from csmetrics._classify.types import Evidence, RevisitState, Sentiment, SentimentResult
from csmetrics._core.text import MAX_TEXT_LENGTH, require_text

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


def categorize(
    text: str,
    *,
    taxonomy: Taxonomy | None = None,
    rules_only: bool = False,
    max_length: int = MAX_TEXT_LENGTH,
) -> CategoryResult:
    """Return the problem category and subcategory of `text`, with the keywords that decided.

    Every keyword of the taxonomy found in the text adds its weight to its
    category (and subcategory); the category with the largest total wins
    (ties: the one mentioned first), then the best subcategory inside it.

    Parameters
    ----------
    text : str
        A problem description or comment, Chinese or English.
    taxonomy : Taxonomy, optional
        Categories and keywords; the built-in SPEC taxonomy by default.
    max_length : int, default 65,536
        The longest `text` accepted, in characters (``MAX_TEXT_LENGTH``).

    Returns
    -------
    CategoryResult
        ``category`` and ``subcategory`` ids (``None`` when nothing matched,
        see ``matched``), ``evidence`` (matched keywords), ``score`` and
        display names.

    Raises
    ------
    InputTypeError
        If `text` is not a ``str``, `taxonomy` not a :class:`Taxonomy` or
        `max_length` not a positive ``int``.
    InvalidInputError
        If `text` is longer than `max_length` characters.

    Examples
    --------
    >>> r = categorize("开机后屏幕无显示")
    >>> r.category, r.subcategory, r.evidence
    ('product_quality', 'malfunction', ('开机', '屏幕无显示'))
    >>> r.category_name.zh, r.subcategory_name.en
    ('产品质量', 'Malfunction')
    >>> categorize("发票开具延迟").subcategory
    'invoice'
    >>> categorize("The package arrived a week late").subcategory
    'delay'
    >>> categorize("你好").matched
    False
    """
    checked = require_text(text, max_length=max_length)
    return categorize_one(checked, check_taxonomy(taxonomy), rules_only=check_flag(rules_only))


def sentiment(
    text: str,
    *,
    lexicon: Lexicon | None = None,
    scorer: Scorer | None = None,
    rules_only: bool = False,
    model: SentimentModel | None = None,
    max_length: int = MAX_TEXT_LENGTH,
) -> SentimentResult:
    """Return the sentiment bucket of a comment, with the words and rules that decided.

    Parameters
    ----------
    text : str
        A customer comment, Chinese or English (any Unicode is accepted).
    lexicon : Lexicon, optional
        Word weights and rule words; the built-in bilingual lexicon by default.
    scorer : callable, optional
        Your own model: ``text -> score`` (a number in [-1, 1]; >= 0.05 is
        positive, <= -0.05 negative) or ``text -> label`` (``"positive"``,
        ``"neutral"``, ``"negative"``). It decides the label (and the score,
        when it returns one); the lexicon still supplies evidence and warmth.
    max_length : int, default 65,536
        The longest `text` accepted, in characters (``MAX_TEXT_LENGTH``).

    Returns
    -------
    SentimentResult
        ``label`` (:class:`Sentiment`), ``score`` in [-1, 1] (always finite),
        ``evidence``, ``warmth`` / ``warmth_words`` and ``revisit_state``.

    Raises
    ------
    InputTypeError
        If `text` is not a ``str``, `lexicon` not a :class:`Lexicon`,
        `max_length` not a positive ``int``, `scorer` not callable, or the
        scorer returns something else than a number or a label.
    InvalidInputError
        If `text` is longer than `max_length` characters.

    Examples
    --------
    >>> sentiment("感谢解决问题").label
    <Sentiment.POSITIVE: 'positive'>
    >>> sentiment("问题未解决").label.value
    'negative'
    >>> r = sentiment("解决了,但流程麻烦")
    >>> r.label.value, [e.rule for e in r.evidence]
    ('neutral', ['word', 'contrast', 'word', 'mixed'])
    >>> sentiment("The problem is not solved").evidence
    (Evidence(rule='negation', text='not solved', weight=-0.9),)
    >>> sentiment("谢谢，理解了").warmth
    True
    >>> sentiment("great", scorer=lambda text: -0.4).label.value
    'negative'
    """
    checked = require_text(text, max_length=max_length)
    flag, learned = check_flag(rules_only), check_model(model)
    lex, own = check_lexicon(lexicon), check_scorer(scorer)
    return sentiment_one(checked, lex, own, rules_only=flag, model=learned)


def revisit_state(
    text: str,
    *,
    lexicon: Lexicon | None = None,
    scorer: Scorer | None = None,
    rules_only: bool = False,
    model: SentimentModel | None = None,
    max_length: int = MAX_TEXT_LENGTH,
) -> RevisitState:
    """Return the revisit emotional state of a comment: 满意 / 一般 / 不满.

    It is ``sentiment(text).revisit_state``: positive -> satisfied (满意),
    neutral -> average (一般), negative -> dissatisfied (不满). The options
    are those of :func:`sentiment`.

    Raises
    ------
    InputTypeError
        If `text` is not a ``str`` or an option has the wrong type.
    InvalidInputError
        If `text` is longer than `max_length` characters (default 65,536).

    Examples
    --------
    >>> revisit_state("很满意，谢谢").zh
    '满意'
    >>> revisit_state("还行吧").zh
    '一般'
    >>> revisit_state("推诿扯皮").zh
    '不满'
    """
    found = sentiment(
        text,
        lexicon=lexicon,
        scorer=scorer,
        rules_only=rules_only,
        model=model,
        max_length=max_length,
    )
    return found.revisit_state


def sentiment_many(
    texts: Iterable[str] | npt.ArrayLike,
    *,
    lexicon: Lexicon | None = None,
    scorer: Scorer | None = None,
    rules_only: bool = False,
    model: SentimentModel | None = None,
    max_length: int = MAX_TEXT_LENGTH,
) -> SentimentBatch:
    """Sentiment of many comments (a list, numpy array or pandas Series of str).

    Element ``i`` of the result equals ``sentiment(texts[i])``; repeated
    comments are scored once. `max_length` (default 65,536 characters)
    applies to each comment.

    Returns
    -------
    SentimentBatch
        ``labels`` (str array), ``scores`` (float64), ``warmth`` (bool),
        ``revisit_states``, ``counts()`` and ``warmth_share()``.

    Raises
    ------
    InputTypeError
        If `texts` is a single ``str``, not iterable, or holds a non-``str``
        (missing values included: fill them first, e.g. ``.fillna("")``).
    InvalidInputError
        If a comment is longer than `max_length` characters (the message
        names its position).

    Examples
    --------
    >>> batch = sentiment_many(["感谢解决问题", "推诿扯皮", "Solved, but the process was a hassle"])
    >>> batch.labels.tolist()
    ['positive', 'negative', 'neutral']
    >>> batch.counts()
    {'positive': 1, 'neutral': 1, 'negative': 1}
    >>> round(batch.warmth_share(), 3)
    0.333
    """
    return _sentiment_many(
        texts,
        lexicon=lexicon,
        scorer=scorer,
        rules_only=rules_only,
        model=model,
        max_length=max_length,
    )


def categorize_many(
    texts: Iterable[str] | npt.ArrayLike,
    *,
    taxonomy: Taxonomy | None = None,
    rules_only: bool = False,
    max_length: int = MAX_TEXT_LENGTH,
) -> CategoryBatch:
    """Categories of many texts; element ``i`` equals ``categorize(texts[i])``.

    `max_length` (default 65,536 characters) applies to each text.

    Returns
    -------
    CategoryBatch
        ``categories`` and ``subcategories`` (object arrays of str, ``None``
        where nothing matched), ``scores`` and ``matched``.

    Raises
    ------
    InputTypeError
        If `texts` is a single ``str``, not iterable, or holds a non-``str``.
    InvalidInputError
        If a text is longer than `max_length` characters (the message names
        its position).

    Examples
    --------
    >>> batch = categorize_many(["死机", "你好"])
    >>> batch.categories.tolist(), batch.matched.tolist()
    (['product_quality', None], [True, False])
    """
    return _categorize_many(texts, taxonomy=taxonomy, rules_only=rules_only, max_length=max_length)
