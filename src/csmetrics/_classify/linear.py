"""A linear model over n-gram features: numpy inference, numpy training, safe file format.

Logits are the bias plus, for every feature of every clause found in the
model's vocabulary (``vocab``), its weight row (no normalisation by length:
a clause adds the same whatever surrounds it) plus a few dense features
(what the rules found). Probabilities are a softmax of the logits divided
by a calibration temperature. Training is full-batch softmax regression with
L2 and Adam over the features seen in at least two training texts. Files
are ``.npz`` archives of plain arrays, the vocabulary as UTF-8 text and a
JSON config, read with ``allow_pickle=False``.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
import numpy.typing as npt

from csmetrics._classify.vocab import Vocabulary, learn_vocabulary

__all__ = ["LinearModel", "Scored", "train"]

Floats = npt.NDArray[np.float32]
_SEPARATOR = "\n"  # a clause break: never inside a feature


@dataclass(frozen=True, slots=True)
class Scored:
    """The model's reading of one text: calibrated probabilities and the rows it found."""

    proba: npt.NDArray[np.float64]
    rows: npt.NDArray[np.int64]  # the rows of its features, sorted

    def best(self) -> int:
        """Index of the most probable class."""
        return int(np.argmax(self.proba))


@dataclass(frozen=True, slots=True)
class LinearModel:
    """Weights of one linear classifier (immutable)."""

    classes: tuple[str, ...]
    vocabulary: Vocabulary
    rows: Floats
    dense: Floats
    bias: Floats
    temperature: float = 1.0
    threshold: float = 0.0
    overrule: float = 0.0
    # sentiment: the rules decide alone from a plain-word total of at least
    # ``sure_total`` (never when infinite), with ``sure_confidence``
    sure_total: float = math.inf
    sure_confidence: float = 0.0
    table: tuple[list[float], list[list[float]]] = field(init=False, repr=False, compare=False)
    pushes: npt.NDArray[np.float64] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        table = (self.bias.astype(np.float64).tolist(), self.dense.astype(np.float64).tolist())
        object.__setattr__(self, "table", table)  # bias and dense weights as Python floats
        # per class, each feature's weight less its mean weight (0: never shown, one character)
        mean = np.add.reduce(self.rows, axis=1) / max(self.rows.shape[1], 1)
        pushes = (self.rows.astype(np.float64) - mean.astype(np.float64)[:, None]).T.copy()
        pushes[:, self.vocabulary.narrow] = 0.0
        object.__setattr__(self, "pushes", pushes)

    def choose(self, proba: npt.NDArray[np.float64], rules: str, fallback: str) -> int:
        """The class to answer: the model's, the rules', or `fallback` (abstaining).

        When the rules have an opinion (`rules` is not `fallback`) and the
        model agrees, or is less sure than ``overrule``, the rules' class
        stands; otherwise the model's class, unless it is less sure than
        ``threshold``: then `fallback`.
        """
        best = int(np.argmax(proba))
        if rules != fallback and rules in self.classes:
            ruled = self.classes.index(rules)
            if best == ruled or proba[best] < self.overrule:
                return ruled
        if proba[best] < self.threshold and fallback in self.classes:
            return self.classes.index(fallback)
        return best

    @property
    def n_dense(self) -> int:
        """Number of dense (rule) features the model expects."""
        return int(self.dense.shape[0])

    def score(self, text: str, dense: Sequence[float] = ()) -> Scored:
        """Calibrated class probabilities of a normalised text."""
        return self.score_rows(self.vocabulary.rows_one(text), dense)

    def score_rows(self, rows: npt.NDArray[np.int64], dense: Sequence[float] = ()) -> Scored:
        """Calibrated class probabilities of a text's feature rows (``rows_one(text)``).

        The arithmetic of :meth:`score_many` in the same order (each class
        summed over the rows in turn, then the bias, then the dense
        features; equal bit for bit in the tests), with fewer numpy calls.
        """
        if len(dense) != self.n_dense:
            msg = f"dense: expected {self.n_dense} rule features, got {len(dense)}"
            raise ValueError(msg)
        logits = np.add.reduce(self.rows[rows], axis=0, dtype=np.float64).tolist()
        bias, dense_weights = self.table
        logits = [total + shift for total, shift in zip(logits, bias, strict=True)]
        if self.n_dense:  # as numpy sums them: feature by feature
            values = [float(value) for value in dense]
            extra = [values[0] * weight for weight in dense_weights[0]]
            for value, weights in zip(values[1:], dense_weights[1:], strict=True):
                extra = [a + value * b for a, b in zip(extra, weights, strict=True)]
            logits = [a + b for a, b in zip(logits, extra, strict=True)]
        temperature = self.temperature
        logits = [value / temperature for value in logits]
        top = max(logits)
        proba = np.exp(np.array([value - top for value in logits]))
        proba /= proba.sum()
        return Scored(proba, rows)

    def score_many(
        self, texts: Sequence[str], dense: npt.NDArray[np.float64] | None = None
    ) -> npt.NDArray[np.float64]:
        """Class probabilities of many normalised texts (row ``i``: ``score(texts[i])``)."""
        return self.score_rows_many(*self.vocabulary.rows_many(texts), len(texts), dense)

    def score_rows_many(
        self,
        owner: npt.NDArray[np.int64],
        rows: npt.NDArray[np.int64],
        n: int,
        dense: npt.NDArray[np.float64] | None = None,
    ) -> npt.NDArray[np.float64]:
        """Class probabilities of `n` texts from their feature rows (``rows_many``)."""
        if dense is None:
            dense = np.zeros((n, 0))
        if dense.shape != (n, self.n_dense):
            msg = f"dense: expected {n} rows of {self.n_dense} rule features, got {dense.shape}"
            raise ValueError(msg)
        logits = np.empty((n, len(self.classes)), dtype=np.float64)
        for j in range(len(self.classes)):
            weights = self.rows[rows, j].astype(np.float64)
            logits[:, j] = np.bincount(owner, weights=weights, minlength=n)
        logits += self.bias.astype(np.float64)
        if self.n_dense:
            logits += (dense[:, :, None] * self.dense.astype(np.float64)[None]).sum(axis=1)
        return _softmax(logits / self.temperature)

    def strongest(self, scored: Scored, label: int, text: str, limit: int = 3) -> tuple[str, ...]:
        """The distinct n-grams (of two characters or more) of `text` that pushed most
        towards `label`, as they are written in it.

        A feature's push is its weight for `label` less its mean weight; the
        pieces are taken best first (ties: the lower row), skipping one that
        holds or is held in a piece already taken.
        """
        pushes = self.pushes[label][scored.rows]
        found = np.flatnonzero(pushes > 0)
        if len(found) > limit * 32:  # linear: only the best few are sorted, unless they run out
            best = np.sort(np.argpartition(-pushes[found], limit * 32)[: limit * 32])
            out = self._pieces(pushes, scored.rows, found[best], (text, limit))
            if len(out) == limit:
                return out
        return self._pieces(pushes, scored.rows, found, (text, limit))

    def _pieces(
        self,
        pushes: npt.NDArray[np.float64],
        rows: npt.NDArray[np.int64],
        found: npt.NDArray[np.intp],
        wanted: tuple[str, int],
    ) -> tuple[str, ...]:
        text, limit = wanted
        order = found[np.argsort(-pushes[found], kind="stable")]
        out: dict[str, None] = {}
        shown = self.vocabulary.shown
        for row in rows[order].tolist():
            piece = shown(row, text)
            if not any(piece in kept or kept in piece for kept in out):
                out[piece] = None
                if len(out) == limit:
                    break
        return tuple(out)

    def to_arrays(self, prefix: str) -> dict[str, npt.NDArray[Any]]:
        """The model as named arrays (float16 n-gram weights), for ``numpy.savez_compressed``."""
        config = {
            "classes": list(self.classes),
            "temperature": self.temperature,
            "threshold": self.threshold,
            "overrule": self.overrule,
            "sure_total": None if math.isinf(self.sure_total) else self.sure_total,
            "sure_confidence": self.sure_confidence,
        }
        names = _SEPARATOR.join(self.vocabulary.names).encode("utf-8", "surrogatepass")
        return {
            f"{prefix}.vocabulary": np.frombuffer(names, dtype=np.uint8),
            f"{prefix}.rows": self.rows.astype(np.float16),
            f"{prefix}.dense": self.dense.astype(np.float32),
            f"{prefix}.bias": self.bias.astype(np.float32),
            f"{prefix}.config": np.frombuffer(json.dumps(config).encode(), dtype=np.uint8),
        }

    @classmethod
    def from_arrays(
        cls,
        arrays: Mapping[str, npt.NDArray[Any]],
        prefix: str,
        shared: dict[bytes, Vocabulary] | None = None,
    ) -> LinearModel:
        """Read a model written by :meth:`to_arrays` (raises KeyError/ValueError if malformed).

        Models whose vocabularies are the same bytes share one ``Vocabulary``
        through `shared` (its first reader adds it).
        """
        config = json.loads(bytes(_bytes(arrays[f"{prefix}.config"])).decode())
        classes = tuple(str(name) for name in config["classes"])
        blob = bytes(_bytes(arrays[f"{prefix}.vocabulary"]))
        shared = {} if shared is None else shared
        if blob not in shared:
            text = blob.decode("utf-8", "surrogatepass")
            shared[blob] = Vocabulary(text.split(_SEPARATOR) if text else ())
        vocabulary = shared[blob]
        rows, dense, bias = (
            _floats(arrays[f"{prefix}.{name}"]) for name in ("rows", "dense", "bias")
        )
        try:
            temperature = float(config["temperature"])
            threshold = float(config.get("threshold", 0.0))
            overrule = float(config.get("overrule", 0.0))
            sure = config.get("sure_total")
            sure_total = math.inf if sure is None else float(sure)
            sure_confidence = float(config.get("sure_confidence", 0.0))
        except OverflowError:
            msg = "inconsistent model arrays: a setting out of range"
            raise ValueError(msg) from None
        k = len(classes)
        valid = (
            k >= 2
            and rows.shape == (len(vocabulary), k)
            and dense.ndim == 2
            and dense.shape[1] == k
            and bias.shape == (k,)
            and math.isfinite(temperature)
            and temperature > 0
            and 0.0 <= threshold <= 1.0
            and 0.0 <= overrule <= 1.01
            and sure_total > 0
            and 0.0 <= sure_confidence <= 1.0
            and all(np.isfinite(a).all() for a in (rows, dense, bias))
        )
        if not valid:
            msg = "inconsistent model arrays"
            raise ValueError(msg)
        return cls(
            classes, vocabulary, rows, dense, bias, temperature, threshold, overrule,
            sure_total, sure_confidence,
        )  # fmt: skip


def _bytes(array: npt.NDArray[Any]) -> npt.NDArray[np.uint8]:
    """A stored blob: a flat array of bytes, nothing else."""
    if array.dtype != np.uint8 or array.ndim != 1:
        msg = "inconsistent model arrays: a text blob that is not bytes"
        raise ValueError(msg)
    return array


def _floats(array: npt.NDArray[Any]) -> Floats:
    """Stored weights: real floating-point numbers, nothing else."""
    if array.dtype.kind != "f":
        msg = "inconsistent model arrays: weights that are not floating-point numbers"
        raise ValueError(msg)
    return array.astype(np.float32)


def _softmax(logits: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    shifted = np.exp(logits - logits.max(axis=-1, keepdims=True))
    result: npt.NDArray[np.float64] = shifted / shifted.sum(axis=-1, keepdims=True)
    return result


@dataclass(frozen=True, slots=True)
class _Design:
    """A sparse design matrix as (row, column, count) triples over the vocabulary's rows."""

    rows: npt.NDArray[np.int64]
    cols: npt.NDArray[np.int64]
    values: npt.NDArray[np.float64]
    width: int
    dense: npt.NDArray[np.float64]
    n: int


def _design(
    texts: Sequence[str], dense: npt.NDArray[np.float64], vocabulary: Vocabulary
) -> _Design:
    owner, cols = vocabulary.rows_many(texts)
    width = max(len(vocabulary), 1)
    pairs, counts = np.unique(owner * width + cols, return_counts=True)
    return _Design(
        pairs // width, pairs % width, counts.astype(np.float64), len(vocabulary), dense, len(texts)
    )


def _logits(d: _Design, w: Any, dw: Any, b: Any) -> npt.NDArray[np.float64]:
    k = len(b)
    out: npt.NDArray[np.float64] = np.tile(b, (d.n, 1)) + d.dense @ dw
    for j in range(k):
        out[:, j] += np.bincount(d.rows, weights=d.values * w[d.cols, j], minlength=d.n)
    return out


def train(
    texts: Sequence[str],
    labels: npt.NDArray[np.int64],
    classes: Sequence[str],
    dense: npt.NDArray[np.float64] | None = None,
    *,
    vocabulary: Vocabulary | None = None,
    l2: float = 1e-4,
    epochs: int = 250,
    rate: float = 0.05,
    min_count: int = 2,
) -> LinearModel:
    """Fit softmax regression on normalised texts (labels are class indices).

    The features are `vocabulary`'s, by default those seen in at least
    `min_count` of `texts`.
    """
    k = len(classes)
    dense = np.zeros((len(texts), 0)) if dense is None else np.asarray(dense, np.float64)
    if vocabulary is None:
        vocabulary = learn_vocabulary(texts, min_count)
    d = _design(texts, dense, vocabulary)
    params = [np.zeros((d.width, k)), np.zeros((dense.shape[1], k)), np.zeros(k)]
    moments = [(np.zeros_like(p), np.zeros_like(p)) for p in params]
    target = np.eye(k)[labels]
    for step in range(1, epochs + 1):
        error = (_softmax(_logits(d, *params)) - target) / d.n
        grad_w = np.stack(
            [
                np.bincount(d.cols, weights=d.values * error[d.rows, j], minlength=d.width)
                for j in range(k)
            ],
            axis=1,
        )
        grads = [grad_w + l2 * params[0], d.dense.T @ error + l2 * params[1], error.sum(axis=0)]
        for param, grad, (first, second) in zip(params, grads, moments, strict=True):
            np.multiply(first, 0.9, out=first)
            np.add(first, 0.1 * grad, out=first)
            np.multiply(second, 0.999, out=second)
            np.add(second, 0.001 * grad * grad, out=second)
            step_size = (first / (1 - 0.9**step)) / (np.sqrt(second / (1 - 0.999**step)) + 1e-8)
            np.subtract(param, rate * step_size, out=param)
    return LinearModel(  # n-gram weights go through float16, as they are stored
        tuple(classes),
        vocabulary,
        params[0].astype(np.float16).astype(np.float32),
        params[1].astype(np.float32),
        params[2].astype(np.float32),
    )


def calibrate(
    model: LinearModel, texts: Sequence[str], labels: npt.NDArray[np.int64], dense: Any = None
) -> LinearModel:
    """The model with the temperature that minimises log-loss on (held-apart) texts."""
    n = len(texts)
    dense = np.zeros((n, model.n_dense)) if dense is None else np.asarray(dense, np.float64)
    raw = np.array(
        [
            np.log(np.clip(_plain(model).score(t, dense[i]).proba, 1e-12, 1))
            for i, t in enumerate(texts)
        ]
    )
    best, best_loss = 1.0, math.inf
    for temperature in np.arange(0.4, 4.01, 0.05):
        probs = _softmax(raw / temperature)
        loss = -float(np.mean(np.log(np.clip(probs[np.arange(n), labels], 1e-12, 1))))
        if loss < best_loss:
            best, best_loss = float(temperature), loss
    return replace(model, temperature=best)


def _plain(model: LinearModel) -> LinearModel:
    return replace(model, temperature=1.0)
