"""The problem taxonomy: categories, subcategories, bilingual names and keywords."""

from __future__ import annotations

import functools
import math
import os
from collections.abc import Iterable, Mapping
from typing import Any, NamedTuple

from pydantic import Field

from csmetrics._classify.linear import LinearModel
from csmetrics._core.config import model_from_mapping, read_config, read_data_file
from csmetrics._core.describe import describe
from csmetrics._core.exports import publish
from csmetrics._core.frozen import FrozenModel
from csmetrics._core.matcher import KeywordMatcher
from csmetrics._core.text import normalize_text, require_str
from csmetrics.exceptions import InvalidConfigError

__all__ = ["DisplayName", "Taxonomy", "TaxonomyTarget"]

_ID_PATTERN = r"^[a-z][a-z0-9_]*$"
Keywords = list[str] | dict[str, float]


class DisplayName(NamedTuple):
    """A category's display names in Chinese and English.

    Examples
    --------
    >>> DisplayName("物流配送", "Logistics").zh
    '物流配送'
    """

    zh: str
    en: str


class TaxonomyTarget(NamedTuple):
    """Where a keyword points: a category, a subcategory (or None) and a weight.

    Examples
    --------
    >>> TaxonomyTarget("billing", "invoice", 4.0).category
    'billing'
    """

    category: str
    subcategory: str | None
    weight: float


class _SubcategorySpec(FrozenModel):
    id: str = Field(pattern=_ID_PATTERN)
    zh: str = ""
    en: str = ""
    keywords: Keywords = Field(default_factory=list)


class _CategorySpec(_SubcategorySpec):
    subcategories: list[_SubcategorySpec] = Field(default_factory=list)


class _TaxonomySpec(FrozenModel):
    version: int = 1
    categories: list[_CategorySpec] = Field(default_factory=list)


def _weights(keywords: Keywords) -> dict[str, float]:
    if isinstance(keywords, list):
        return dict.fromkeys(keywords, 1.0)
    return dict(keywords)


def _validate(data: object) -> _TaxonomySpec:
    wanted = "categories with snake_case ids and keywords"
    return model_from_mapping(_TaxonomySpec, data, "taxonomy", expected=wanted)


def _merge_entry(old: dict[str, Any], new: dict[str, Any]) -> dict[str, Any]:
    merged = dict(old)
    for name in ("zh", "en"):
        if new.get(name):
            merged[name] = new[name]
    merged["keywords"] = {**_weights(old["keywords"]), **_weights(new["keywords"])}
    return merged


def _merge(base: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    categories = {c["id"]: c for c in base["categories"]}
    for new in extra["categories"]:
        old = categories.get(new["id"])
        if old is None:
            categories[new["id"]] = new
            continue
        merged = _merge_entry(old, new)
        subs = {s["id"]: s for s in old["subcategories"]}
        for sub in new["subcategories"]:
            subs[sub["id"]] = _merge_entry(subs[sub["id"]], sub) if sub["id"] in subs else sub
        merged["subcategories"] = list(subs.values())
        categories[new["id"]] = merged
    return {"version": base["version"], "categories": list(categories.values())}


class Taxonomy:
    """Problem categories with bilingual names and weighted keywords.

    Build one with :meth:`default`, :meth:`from_dict` or :meth:`from_file`;
    :meth:`extend` returns a new taxonomy with more categories or keywords.
    A taxonomy is immutable and safe to share.

    Parameters
    ----------
    data : mapping
        ``{"categories": [{"id": "billing", "zh": "账单争议", "en": "Billing",
        "keywords": [...], "subcategories": [{"id": ..., "keywords": {...}}]}]}``.
        Keywords are a list (weight 1 each) or a mapping of keyword to weight.

    Raises
    ------
    InvalidConfigError
        If the data does not describe a taxonomy.

    Examples
    --------
    >>> t = Taxonomy.from_dict(
    ...     {"categories": [{"id": "praise", "zh": "表扬", "en": "Praise", "keywords": ["表扬"]}]}
    ... )
    >>> t.category_ids
    ('praise',)
    >>> t.names("praise")
    DisplayName(zh='表扬', en='Praise')
    """

    __slots__ = ("_cv", "_learned", "_matcher", "_names", "_spec", "_targets")

    def __init__(self, data: Mapping[str, Any]) -> None:
        self._learned: tuple[LinearModel, LinearModel | None] | None = None
        self._cv: float | None = None
        self._spec = _validate(data)
        self._names: dict[tuple[str, str | None], DisplayName] = {}
        self._targets: dict[str, list[TaxonomyTarget]] = {}
        for category in self._spec.categories:
            self._add(category, category.id, None)
            for sub in category.subcategories:
                self._add(sub, category.id, sub.id)
        self._matcher = KeywordMatcher(self._targets)

    def _add(self, spec: _SubcategorySpec, category: str, sub: str | None) -> None:
        self._names[category, sub] = DisplayName(spec.zh or spec.id, spec.en or spec.id)
        for word, weight in _weights(spec.keywords).items():
            key = normalize_text(word).strip()
            if key and weight > 0:
                self._targets.setdefault(key, []).append(TaxonomyTarget(category, sub, weight))

    @classmethod
    def default(cls) -> Taxonomy:
        """Return the built-in taxonomy (SPEC categories, Chinese and English keywords).

        Examples
        --------
        >>> Taxonomy.default().names("logistics", "delay")
        DisplayName(zh='延误', en='Delivery delay')
        """
        return _default_taxonomy()

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Taxonomy:
        """Build a taxonomy from a mapping (see the class docstring for the shape).

        Examples
        --------
        >>> Taxonomy.from_dict({"categories": []}).category_ids
        ()
        """
        return cls(data)

    @classmethod
    def from_file(cls, path: str | os.PathLike[str]) -> Taxonomy:
        """Load a taxonomy from a ``.json`` or ``.toml`` file.

        Examples
        --------
        >>> import json, pathlib, tempfile
        >>> folder = pathlib.Path(tempfile.mkdtemp())
        >>> file = folder / "mine.json"
        >>> _ = file.write_text(json.dumps({"categories": [{"id": "praise"}]}))
        >>> Taxonomy.from_file(file).category_ids
        ('praise',)
        """
        return cls(read_config(path, param="path")[0])

    def extend(self, other: Taxonomy | Mapping[str, Any]) -> Taxonomy:
        """Return a new taxonomy with `other`'s categories, subcategories and keywords added.

        Categories and subcategories with the same id are merged: keywords are
        added (a repeated keyword takes `other`'s weight) and non-empty
        display names replace the old ones.

        Examples
        --------
        >>> t = Taxonomy.default().extend(
        ...     {"categories": [{"id": "logistics", "subcategories": [
        ...         {"id": "delay", "keywords": ["还在路上"]}]}]}
        ... )
        >>> from csmetrics.classify import categorize
        >>> categorize("还在路上", taxonomy=t).subcategory
        'delay'
        """
        spec = other._spec if isinstance(other, Taxonomy) else _validate(other)
        return Taxonomy(_merge(self.to_dict(), spec.model_dump()))

    def to_dict(self) -> dict[str, Any]:
        """Return the taxonomy as plain data (loadable again with :meth:`from_dict`).

        Examples
        --------
        >>> Taxonomy.from_dict({"categories": [{"id": "x"}]}).to_dict()["categories"][0]["id"]
        'x'
        """
        return self._spec.model_dump()

    @property
    def category_ids(self) -> tuple[str, ...]:
        """The category ids in definition order."""
        return tuple(category.id for category in self._spec.categories)

    def subcategory_ids(self, category: str) -> tuple[str, ...]:
        """The subcategory ids of `category` (empty for an unknown category).

        Raises
        ------
        InputTypeError
            If `category` is not a ``str``.

        Examples
        --------
        >>> Taxonomy.default().subcategory_ids("suggestion")
        ('new_feature', 'improvement')
        """
        require_str(category, param="category")
        for spec in self._spec.categories:
            if spec.id == category:
                return tuple(sub.id for sub in spec.subcategories)
        return ()

    def names(self, category: str, subcategory: str | None = None) -> DisplayName:
        """Display names of a category or of one of its subcategories.

        Raises
        ------
        InputTypeError
            If `category` is not a ``str`` or `subcategory` not a ``str`` or None.
        InvalidConfigError
            If the taxonomy has no such category or subcategory.

        Examples
        --------
        >>> Taxonomy.default().names("product_quality")
        DisplayName(zh='产品质量', en='Product quality')
        """
        require_str(category, param="category")
        if subcategory is not None:
            require_str(subcategory, param="subcategory")
        found = self._names.get((category, subcategory))
        if found is None:
            msg = (
                f"category: expected one of {self.category_ids} (and one of its subcategories), "
                f"got {describe(category)} / {describe(subcategory)}"
            )
            raise InvalidConfigError(msg)
        return found

    @classmethod
    def fit(cls, texts: Iterable[str], categories: Iterable[str | None]) -> Taxonomy:
        """Learn a company's own categories from labelled texts.

        `categories` holds one snake_case id per text (``"none"``, ``""`` or
        ``None`` for a text with no problem). The taxonomy returned has one
        category per id and a learned model (n-grams, calibrated
        confidence) that :func:`~csmetrics.classify.categorize` uses;
        :attr:`cv_accuracy` is its 5-fold cross-validated accuracy.
        :meth:`save` and :meth:`load` keep it in a file.

        Raises
        ------
        InputTypeError
            If `texts` or `categories` is not an iterable of ``str``.
        InvalidInputError
            If the lengths differ, an id is not snake_case, or there are fewer
            than 20 texts, two categories, or 5 texts of a category.

        Examples
        --------
        >>> texts = ["快递三天没到"] * 8 + ["发票开错了"] * 8 + ["谢谢"] * 8
        >>> labels = ["delivery"] * 8 + ["invoice"] * 8 + ["none"] * 8
        >>> mine = Taxonomy.fit(texts, labels)
        >>> mine.category_ids, mine.cv_accuracy
        (('delivery', 'invoice'), 1.0)
        >>> from csmetrics.classify import categorize
        >>> categorize("快递还没到", taxonomy=mine).category
        'delivery'
        """
        from csmetrics._classify.learned import fit_taxonomy  # noqa: PLC0415

        data, fitted = fit_taxonomy(texts, categories)
        return cls._fitted(data, fitted.model, fitted.cv_accuracy)

    @classmethod
    def _fitted(cls, data: Mapping[str, Any], model: LinearModel, accuracy: float) -> Taxonomy:
        taxonomy = cls(data)
        taxonomy._learned = (model, None)
        taxonomy._cv = accuracy
        return taxonomy

    @property
    def cv_accuracy(self) -> float | None:
        """Cross-validated accuracy of a taxonomy learned by :meth:`fit` (else None)."""
        return self._cv

    def save(self, path: str | os.PathLike[str]) -> None:
        """Save the taxonomy and its learned model (if any) to an ``.npz`` file.

        Examples
        --------
        >>> import pathlib, tempfile
        >>> file = pathlib.Path(tempfile.mkdtemp()) / "mine.npz"
        >>> Taxonomy.from_dict({"categories": [{"id": "x", "keywords": ["y"]}]}).save(file)
        >>> Taxonomy.load(file).category_ids
        ('x',)
        """
        from csmetrics._classify.learned import FittedModel, save_taxonomy  # noqa: PLC0415

        fitted = None
        if self._learned is not None:
            fitted = FittedModel(self._learned[0], self._cv if self._cv is not None else math.nan)
        save_taxonomy(path, self.to_dict(), fitted)

    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> Taxonomy:
        """Load a taxonomy saved by :meth:`save` (plain arrays and JSON: no code is loaded).

        Raises
        ------
        InvalidInputError
            If the file does not exist.
        InvalidConfigError
            If it is not a taxonomy saved by csmetrics.
        """
        from csmetrics._classify.learned import load_taxonomy  # noqa: PLC0415

        data, fitted = load_taxonomy(path)
        if fitted is None:
            return cls(data)
        taxonomy = cls._fitted(data, fitted.model, fitted.cv_accuracy)
        if not set(fitted.model.classes) - {"none"} <= set(taxonomy.category_ids):
            msg = "path: expected a taxonomy whose model names only its own categories"
            raise InvalidConfigError(msg)
        return taxonomy

    @property
    def learned(self) -> tuple[LinearModel, LinearModel | None] | None:
        """The learned category (and subcategory) models of a fitted taxonomy, else None."""
        return self._learned

    @property
    def matcher(self) -> KeywordMatcher:
        """The keyword matcher over every keyword of the taxonomy."""
        return self._matcher

    def targets(self, keyword: str) -> tuple[TaxonomyTarget, ...]:
        """What a (normalised) keyword points to.

        Examples
        --------
        >>> Taxonomy.default().targets("发票")
        (TaxonomyTarget(category='billing', subcategory='invoice', weight=4.0),)
        """
        return tuple(self._targets.get(require_str(keyword, param="keyword"), ()))

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        from csmetrics._classify.learned import refitted  # noqa: PLC0415

        if self._learned is None:
            return (Taxonomy, (self.to_dict(),))
        return (refitted, (self.to_dict(), self._learned[0], self._cv))  # the model too

    def __repr__(self) -> str:
        return f"Taxonomy(categories={list(self.category_ids)!r}, keywords={len(self._targets)})"


@functools.cache
def _default_taxonomy() -> Taxonomy:
    return Taxonomy(read_data_file("taxonomy.json"))


publish("csmetrics.classify", DisplayName, Taxonomy, TaxonomyTarget)
