"""Keyword-based problem categorisation (the engine behind ``categorize``)."""

from __future__ import annotations

from dataclasses import dataclass, fields

from csmetrics._classify.taxonomy import DisplayName, Taxonomy
from csmetrics._core.exports import publish

__all__ = ["NO_MATCH", "CategoryResult", "Tally", "categorize_prepared", "decide", "tally"]


@dataclass(frozen=True, slots=True)
class CategoryResult:
    """The category of a text and the words that decided it.

    Attributes
    ----------
    category : str or None
        Category id (``"product_quality"``, ``"logistics"`` ...); ``None``
        when no keyword matched.
    subcategory : str or None
        Subcategory id (``"malfunction"`` ...); ``None`` when nothing matched
        or only category-level keywords did.
    evidence : tuple of str
        The matched keywords that support `category`, in text order.
    score : float
        Sum of the weights of the evidence keywords (0.0 when nothing matched).
    category_name, subcategory_name : DisplayName or None
        Chinese and English display names.
    confidence : float or None
        The model's calibrated probability of its answer (``None`` with the
        rules alone); below the model's threshold there is no category.
    ngrams : tuple of str
        The model's strongest n-grams for `category` (never in `evidence`).

    Examples
    --------
    >>> from csmetrics.classify import categorize
    >>> result = categorize("客服语气生硬")
    >>> result.matched, result.category, result.subcategory_name.zh
    (True, 'service', '态度问题')
    """

    category: str | None
    subcategory: str | None
    evidence: tuple[str, ...]
    score: float = 0.0
    category_name: DisplayName | None = None
    subcategory_name: DisplayName | None = None
    confidence: float | None = None
    ngrams: tuple[str, ...] = ()

    @property
    def matched(self) -> bool:
        """Whether any keyword matched (``category is not None``)."""
        return self.category is not None

    def __getstate__(self) -> tuple[object, ...]:
        return tuple(getattr(self, item.name) for item in fields(self))

    def __setstate__(self, state: tuple[object, ...]) -> None:
        # results pickled before confidence and ngrams existed get their defaults
        for position, item in enumerate(fields(self)):
            value = state[position] if position < len(state) else item.default
            object.__setattr__(self, item.name, value)


NO_MATCH = CategoryResult(category=None, subcategory=None, evidence=())


def _best(totals: dict[str, float], first: dict[str, int]) -> str:
    return max(totals, key=lambda key: (totals[key], -first[key]))


Tally = tuple[dict[str, float], dict[str, dict[str, float]], dict[str, int], dict[str, list[str]]]


def tally(text: str, taxonomy: Taxonomy) -> Tally:
    """Keyword weight per category and subcategory, first positions and words of a text."""
    cat_totals: dict[str, float] = {}
    sub_totals: dict[str, dict[str, float]] = {}
    first: dict[str, int] = {}
    words: dict[str, list[str]] = {}
    for word, start, times in taxonomy.matcher.count(text):
        for target in taxonomy.targets(word):
            cat, weight = target.category, target.weight * times
            cat_totals[cat] = cat_totals.get(cat, 0.0) + weight
            first.setdefault(cat, start)
            words.setdefault(cat, []).append(word)
            if target.subcategory is not None:
                subs = sub_totals.setdefault(cat, {})
                subs[target.subcategory] = subs.get(target.subcategory, 0.0) + weight
                first.setdefault(f"{cat}/{target.subcategory}", start)
    return cat_totals, sub_totals, first, words


def categorize_prepared(text: str, taxonomy: Taxonomy) -> CategoryResult:
    """Categorise an already-prepared text (see ``normalize_text``)."""
    return decide(tally(text, taxonomy), taxonomy)


def decide(found: Tally, taxonomy: Taxonomy) -> CategoryResult:
    """The rules' category of a tally."""
    cat_totals, sub_totals, first, words = found
    if not cat_totals:
        return NO_MATCH
    category = _best(cat_totals, first)
    subs = sub_totals.get(category, {})
    sub_first = {key: first[f"{category}/{key}"] for key in subs}
    subcategory = _best(subs, sub_first) if subs else None
    return CategoryResult(
        category=category,
        subcategory=subcategory,
        evidence=tuple(words[category]),
        score=cat_totals[category],
        category_name=taxonomy.names(category),
        subcategory_name=None if subcategory is None else taxonomy.names(category, subcategory),
    )


publish("csmetrics.classify", CategoryResult)
