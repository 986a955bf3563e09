"""The quick single-text path gives exactly what the vectorised path gives.

``grams_one`` (plain Python) and ``grams_short`` (all orders at once) must
find the same n-gram ids, in the same order, with the same spans as
``ngrams.grams``; a single ``LinearModel.score`` must give the probabilities
of ``score_many`` for the same text, and the same strongest n-grams; the
combined ``sentiment`` / ``categorize`` must equal their batch versions.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
import pytest
from hypothesis import given
from hypothesis import strategies as st

from csmetrics._classify.combine import builtin, category_dense, sentiment_dense
from csmetrics._classify.lexicon import BREAKS
from csmetrics._classify.linear import LinearModel, Scored
from csmetrics._classify.ngrams import grams
from csmetrics._classify.single import SHORT, TINY, grams_any, grams_one, grams_short
from csmetrics._core.text import normalize_text
from csmetrics.classify import categorize, categorize_many, sentiment, sentiment_many

PIECES = [
    "好评",
    "物流很快",
    "客服爱答不理",
    "到现在还没见到货",
    "服務態度很好",  # Traditional
    "退貨流程太麻煩了",
    "not unhappy",
    "the thing goes dark after the logo",
    "I've now explained this to four people",
    "ok",
    "a",
    "  ",
    "😂",
    "👍👍",
    "1 star",
    "十分制打九分",
    "don't",
    "\ud800",  # a lone surrogate
    "\u3000",
    "ＡＢＣ",
]
SEPARATORS = [*BREAKS, " ", "，", "。", "", "  "]

# texts made of realistic pieces (repeats included), and arbitrary code points
composed = st.lists(st.sampled_from(PIECES + SEPARATORS), max_size=60).map("".join)
arbitrary = st.text(st.characters(codec=None, exclude_categories=()), max_size=80)
cjk = st.text(st.characters(min_codepoint=0x4E00, max_codepoint=0x4E30), max_size=40)
texts = st.one_of(composed, arbitrary, cjk, st.just(""))
long_texts = st.builds(lambda piece, n: piece * n, composed, st.integers(1, 40))


def _same(found: Sequence[Sequence[int] | npt.NDArray[np.int64]], text: str) -> None:
    """Ids, starts and ends equal those of ``grams(text)``, in the same order."""
    for mine, theirs in zip(found, grams(text), strict=True):
        assert np.asarray(mine, dtype=np.int64).tolist() == theirs.tolist()


@given(texts)
def test_grams_one_and_grams_short_equal_grams(raw: str) -> None:
    text = normalize_text(raw)
    _same(grams_one(text), text)
    _same(grams_short(text), text)
    _same(grams_any(text), text)


@given(long_texts)
def test_long_texts_take_every_path_to_the_same_grams(raw: str) -> None:
    text = normalize_text(raw)
    _same(grams_any(text), text)
    if len(text) <= SHORT:
        _same(grams_short(text), text)


@pytest.mark.parametrize("length", [0, 1, TINY, TINY + 1, SHORT, SHORT + 1, 3 * SHORT])
def test_each_length_boundary_gives_the_grams(length: int) -> None:
    text = normalize_text(("退货太麻烦了, not great 😂。" * length)[:length])
    _same(grams_any(text), text)


def _dense(name: str, text: str) -> list[float]:
    if name == "sentiment":
        return sentiment_dense(text)
    return category_dense(text) if name == "category" else []


@given(st.one_of(texts, long_texts))
def test_single_score_equals_the_vectorised_score(raw: str) -> None:
    text = normalize_text(raw)
    for name, model in builtin().items():
        dense = _dense(name, text)
        single = model.score(text, dense)
        many = model.score_many([text], np.array([dense], dtype=np.float64).reshape(1, -1))
        assert np.allclose(single.proba, many[0], rtol=0, atol=1e-12)
        assert int(np.argmax(single.proba)) == int(np.argmax(many[0]))
        reference = model.score_grams(grams(text), dense)
        assert single.known.tolist() == reference.known.tolist()
        for label in range(len(model.classes)):
            assert model.strongest(text, single, label) == _strongest_reference(
                model, text, reference, label
            )


def _strongest_reference(
    model: LinearModel, text: str, scored: Scored, label: int
) -> tuple[str, ...]:
    """``strongest`` as first written (every row gathered again), for comparison."""
    found = scored.grams
    hits = model.lookup[found.ids]
    where = np.flatnonzero(hits >= 0)
    hits = hits[where]
    if not len(hits):
        return ()
    weights = model.rows[hits, label].astype(np.float64)
    weights -= model.rows[hits].mean(axis=1)
    starts, ends = found.starts[where], found.ends[where]
    weights[ends - starts < 2] = 0.0
    if len(weights) > 24:
        candidates = np.sort(np.argpartition(-weights, 24)[:24])
    else:
        candidates = np.arange(len(weights))
    out: dict[str, None] = {}
    for i in candidates[np.argsort(-weights[candidates], kind="stable")]:
        if weights[i] <= 0 or len(out) == 3:
            break
        piece = text[int(starts[i]) : int(ends[i])].strip()
        if piece and not any(piece in kept or kept in piece for kept in out):
            out[piece] = None
    return tuple(out)


@given(st.lists(st.one_of(texts, long_texts), max_size=6))
def test_single_calls_equal_the_batch(raws: list[str]) -> None:
    feelings = sentiment_many(raws)
    kinds = categorize_many(raws)
    for i, raw in enumerate(raws):
        one = sentiment(raw)
        assert (one.label.value, one.score) == (feelings.labels[i], feelings.scores[i])
        kind = categorize(raw)
        assert (kind.category, kind.subcategory) == (kinds.categories[i], kinds.subcategories[i])
        assert kind.score == kinds.scores[i]
