"""Learning a company's own labels: fitting, cross-validation, saving and loading.

``Taxonomy.fit`` and ``SentimentModel.fit`` train the same kind of model as
the built-in one (``linear``) on labelled texts, report the k-fold
cross-validated accuracy, calibrate the confidence on the out-of-fold
predictions, and save to an ``.npz`` file of plain arrays and a JSON config
(read back with ``allow_pickle=False``: no code is ever loaded).
"""

from __future__ import annotations

import io
import json
import math
import os
import re
import zipfile
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from csmetrics._classify.combine import SENTIMENT_CLASSES, sentiment_dense
from csmetrics._classify.linear import LinearModel, train
from csmetrics._classify.taxonomy import Taxonomy
from csmetrics._core.describe import describe, file_shown, shown
from csmetrics._core.exports import publish
from csmetrics._core.text import MAX_TEXT_LENGTH, normalize_text
from csmetrics.exceptions import InputTypeError, InvalidConfigError, InvalidInputError

__all__ = [
    "MIN_PER_LABEL",
    "MIN_TEXTS",
    "FittedModel",
    "SentimentModel",
    "fit",
    "fit_taxonomy",
    "load_taxonomy",
    "read_npz",
    "refitted",
    "save_taxonomy",
    "write_npz",
]

MIN_TEXTS = 20
MIN_PER_LABEL = 5
FOLDS = 5
_SEED = 20261207


class FittedModel:
    """A model learned from labelled texts, with its cross-validated accuracy."""

    __slots__ = ("cv_accuracy", "model")

    def __init__(self, model: LinearModel, cv_accuracy: float) -> None:
        self.model = model
        self.cv_accuracy = cv_accuracy


def _labels(labels: object, count: int, param: str) -> list[str]:
    if isinstance(labels, str | bytes) or not isinstance(labels, Iterable):
        msg = f"{param}: expected an iterable of str labels, got {describe(labels)}"
        raise InputTypeError(msg)
    items = labels.tolist() if isinstance(labels, np.ndarray) else list(labels)
    if len(items) != count:
        msg = f"{param}: expected one label per text ({count}), got {len(items)}"
        raise InvalidInputError(msg)
    for position, item in enumerate(items):
        if not isinstance(item, str):
            got = f"{describe(item)} at position {position}"
            msg = f"{param}: expected str at every position, got {got}"
            raise InputTypeError(msg)
    return [item.strip() for item in items]


def _check_sizes(labels: list[str], param: str) -> None:
    counts = Counter(labels)
    if len(labels) < MIN_TEXTS or len(counts) < 2:
        msg = (
            f"{param}: expected at least {MIN_TEXTS} labelled texts with at least two distinct "
            f"labels to learn from, got {len(labels)} texts with {len(counts)} label(s)"
        )
        raise InvalidInputError(msg)
    rare = sorted(label for label, n in counts.items() if n < MIN_PER_LABEL)
    if rare:
        names = ", ".join(shown(label) for label in rare[:5])
        msg = (
            f"{param}: expected at least {MIN_PER_LABEL} texts of every label to learn from, "
            f"got fewer for {len(rare)} label(s) ({names})"
        )
        raise InvalidInputError(msg)


def fit(
    texts: object,
    labels: object,
    classes_of: Callable[[list[str]], Sequence[str]],
    dense_of: Callable[[str], list[float]] | None,
    *,
    param: str,
) -> FittedModel:
    """Train on checked texts and labels; k-fold accuracy; calibrated on out-of-fold scores."""
    from csmetrics._classify.batch import as_texts  # noqa: PLC0415 (batch imports core)

    items = as_texts(texts, MAX_TEXT_LENGTH)
    gold = _labels(labels, len(items), param)
    _check_sizes(gold, param)
    classes = tuple(classes_of(gold))
    prepared = [normalize_text(text) for text in items]
    dense = np.array([dense_of(t) for t in prepared]) if dense_of else np.zeros((len(items), 0))
    y = np.array([classes.index(label) for label in gold], dtype=np.int64)
    order = np.random.default_rng(_SEED).permutation(len(items))
    folds = np.empty(len(items), dtype=np.int64)
    for label in range(len(classes)):  # stratified: each label dealt round the folds
        members = order[y[order] == label]
        folds[members] = np.arange(len(members)) % FOLDS
    raw = np.zeros((len(items), len(classes)))
    for fold in range(FOLDS):
        inside = np.flatnonzero(folds != fold)
        model = train([prepared[i] for i in inside], y[inside], classes, dense[inside])
        for i in np.flatnonzero(folds == fold):
            raw[i] = np.log(np.clip(model.score(prepared[i], dense[i]).proba, 1e-12, 1.0))
    accuracy = float(np.mean(raw.argmax(axis=1) == y))
    final = train(prepared, y, classes, dense)
    return FittedModel(_with_temperature(final, raw, y), round(accuracy, 4))


def _with_temperature(
    model: LinearModel, raw: npt.NDArray[np.float64], y: npt.NDArray[np.int64]
) -> LinearModel:
    best, best_loss = 1.0, math.inf
    for temperature in np.arange(0.4, 4.01, 0.1):
        shifted = raw / temperature
        shifted -= shifted.max(axis=1, keepdims=True)
        logp = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
        loss = -float(np.mean(logp[np.arange(len(y)), y]))
        if loss < best_loss:
            best, best_loss = float(temperature), loss
    return replace(model, temperature=best)


def write_npz(path: object, arrays: dict[str, npt.NDArray[Any]], config: dict[str, Any]) -> None:
    """Write arrays and a JSON config to an ``.npz`` file at `path`."""
    target = _path(path)
    blob = np.frombuffer(json.dumps(config).encode(), dtype=np.uint8)
    buffer = io.BytesIO()
    np.savez_compressed(buffer, **{"config": blob, **arrays})  # type: ignore[arg-type]
    target.write_bytes(buffer.getvalue())


def read_npz(path: object, kind: str) -> tuple[dict[str, npt.NDArray[Any]], dict[str, Any]]:
    """Read an ``.npz`` file written by :func:`write_npz` (no pickle), checking its kind."""
    source = _path(path)
    wrong = f"path: expected a {kind} file saved by csmetrics, got {file_shown(path)}"
    try:
        with np.load(io.BytesIO(source.read_bytes()), allow_pickle=False) as archive:
            arrays = {name: archive[name] for name in archive.files}
        config = json.loads(bytes(arrays.pop("config").astype(np.uint8)).decode())
    except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile) as error:
        if isinstance(error, FileNotFoundError):
            msg = f"path: expected an existing file, got {file_shown(path)}"
            raise InvalidInputError(msg) from None
        raise InvalidConfigError(wrong) from None
    if not isinstance(config, dict) or config.get("kind") != kind:
        raise InvalidConfigError(wrong)
    return arrays, config


def _path(path: object) -> Path:
    if not isinstance(path, str | os.PathLike):
        msg = f"path: expected a str or path-like file name, got {describe(path)}"
        raise InputTypeError(msg)
    return Path(path)


class SentimentModel:
    """Sentiment learned from a company's own labelled comments (used by ``sentiment(model=...)``).

    Build one with :meth:`fit` (or :meth:`load` a saved one). It is the same
    kind of model as the built-in one: the rules of the built-in lexicon
    first, then character and word n-grams, with calibrated confidence.

    Examples
    --------
    >>> texts = ["发货很快，满意"] * 10 + ["一直没发货，差评"] * 10 + ["请问几点上班"] * 10
    >>> labels = ["positive"] * 10 + ["negative"] * 10 + ["neutral"] * 10
    >>> model = SentimentModel.fit(texts, labels)
    >>> model.cv_accuracy
    1.0
    >>> from csmetrics.classify import sentiment
    >>> sentiment("发货很快", model=model).label.value
    'positive'
    """

    __slots__ = ("_fitted",)

    def __init__(self, fitted: FittedModel) -> None:
        if not isinstance(fitted, FittedModel):
            msg = "SentimentModel: build one with SentimentModel.fit or SentimentModel.load"
            raise InputTypeError(msg)
        self._fitted = fitted

    @classmethod
    def fit(cls, texts: Iterable[str], labels: Iterable[str]) -> SentimentModel:
        """Learn sentiment from labelled texts (labels ``positive``, ``neutral``, ``negative``).

        Raises
        ------
        InputTypeError
            If `texts` or `labels` is not an iterable of ``str``.
        InvalidInputError
            If a label is not one of the three, the lengths differ, or there
            are fewer than 20 texts, or fewer than 5 of a label.
        """
        return cls(fit(texts, labels, _sentiment_classes, sentiment_dense, param="labels"))

    @property
    def cv_accuracy(self) -> float:
        """The 5-fold cross-validated accuracy measured by :meth:`fit` (0 to 1)."""
        return self._fitted.cv_accuracy

    @property
    def model(self) -> LinearModel:
        """The weights."""
        return self._fitted.model

    def save(self, path: str | os.PathLike[str]) -> None:
        """Save to an ``.npz`` file (weights and config; loaded again by :meth:`load`)."""
        config = {"kind": "sentiment-model", "cv_accuracy": self.cv_accuracy}
        write_npz(path, self.model.to_arrays("sentiment"), config)

    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> SentimentModel:
        """Load a model saved by :meth:`save`.

        Raises
        ------
        InvalidConfigError
            If the file is not a sentiment model saved by csmetrics.
        """
        arrays, config = read_npz(path, "sentiment-model")
        try:
            model = LinearModel.from_arrays(arrays, "sentiment")
        except (KeyError, ValueError, TypeError):
            msg = (
                f"path: expected a sentiment-model file saved by csmetrics, got {file_shown(path)}"
            )
            raise InvalidConfigError(msg) from None
        if model.classes != SENTIMENT_CLASSES or model.n_dense != len(sentiment_dense("")):
            msg = (
                f"path: expected a sentiment-model file saved by csmetrics, got {file_shown(path)}"
            )
            raise InvalidConfigError(msg)
        accuracy = config.get("cv_accuracy")
        return cls(FittedModel(model, float(accuracy) if isinstance(accuracy, float) else math.nan))

    def __repr__(self) -> str:
        return f"SentimentModel(cv_accuracy={self.cv_accuracy!r})"


def _sentiment_classes(labels: list[str]) -> Sequence[str]:
    unknown = sorted(set(labels) - set(SENTIMENT_CLASSES))
    if unknown:
        names = ", ".join(shown(label) for label in unknown[:5])
        msg = f"labels: expected 'positive', 'neutral' or 'negative', got {names}"
        raise InvalidInputError(msg)
    return SENTIMENT_CLASSES


_ID = re.compile(r"[a-z][a-z0-9_]{0,63}")


def _category_classes(labels: list[str]) -> Sequence[str]:
    bad = sorted({label for label in labels if label != "none" and not _ID.fullmatch(label)})
    if bad:
        names = ", ".join(shown(label) for label in bad[:5])
        msg = (
            "categories: expected snake_case category ids such as 'billing' "
            f"(or 'none' / '' for no category), got {names}"
        )
        raise InvalidInputError(msg)
    return ("none", *sorted(set(labels) - {"none"}))


def fit_taxonomy(texts: object, categories: object) -> tuple[dict[str, Any], FittedModel]:
    """Taxonomy data and a fitted category model from labelled texts."""
    if isinstance(categories, Iterable) and not isinstance(categories, str | bytes):
        items = categories.tolist() if isinstance(categories, np.ndarray) else list(categories)
        categories = [c if c is not None and c != "" else "none" for c in items]
    fitted = fit(texts, categories, _category_classes, None, param="categories")
    data = {"categories": [{"id": name} for name in fitted.model.classes if name != "none"]}
    return data, fitted


def save_taxonomy(path: object, data: dict[str, Any], fitted: FittedModel | None) -> None:
    """Write a taxonomy (and its fitted model, if any) to an ``.npz`` file."""
    arrays = {} if fitted is None else fitted.model.to_arrays("category")
    accuracy = None if fitted is None else fitted.cv_accuracy
    write_npz(path, arrays, {"kind": "taxonomy", "taxonomy": data, "cv_accuracy": accuracy})


def refitted(data: dict[str, Any], model: LinearModel, accuracy: float | None) -> Taxonomy:
    """A fitted taxonomy again, from its pickle (its model included)."""
    return Taxonomy._fitted(data, model, math.nan if accuracy is None else accuracy)


def load_taxonomy(path: object) -> tuple[dict[str, Any], FittedModel | None]:
    """Taxonomy data and fitted model read from a file written by :func:`save_taxonomy`."""
    arrays, config = read_npz(path, "taxonomy")
    wrong = f"path: expected a taxonomy file saved by csmetrics, got {file_shown(path)}"
    data = config.get("taxonomy")
    if not isinstance(data, dict):
        raise InvalidConfigError(wrong)
    if not arrays:
        return data, None
    try:
        model = LinearModel.from_arrays(arrays, "category")
    except (KeyError, ValueError, TypeError):
        raise InvalidConfigError(wrong) from None
    if model.n_dense or "none" not in model.classes:
        raise InvalidConfigError(wrong)
    accuracy = config.get("cv_accuracy")
    return data, FittedModel(model, float(accuracy) if isinstance(accuracy, float) else math.nan)


publish("csmetrics.classify", SentimentModel)
