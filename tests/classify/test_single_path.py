"""The dict path of one text gives exactly what the numpy path of many texts gives.

``Vocabulary.rows_one`` (slices of each clause looked up in a dict) must
find the same rows as ``Vocabulary.rows_many`` (64-bit keys matched with
numpy), every key of ``features_many`` must be the key ``keys_of`` gives its
string, a single ``LinearModel.score`` must give the probabilities of
``score_many`` bit for bit, with the strongest n-grams of a plain reference,
and the combined ``sentiment`` / ``categorize`` must equal their batch
versions.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from csmetrics._classify.combine import builtin, category_dense, sentiment_dense
from csmetrics._classify.lexicon import BREAKS
from csmetrics._classify.linear import LinearModel, Scored
from csmetrics._classify.ngrams import (
    ASCII_SIZES,
    MAX_N,
    WORD,
    clauses,
    feature_name,
    features_many,
    is_feature,
    keys_of,
)
from csmetrics._classify.vocab import LONG, Vocabulary, learn_vocabulary
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


def _names(text: str) -> list[str]:
    """The string of every feature ``features_many`` finds in `text`, in its order."""
    found = features_many([text])
    spans = zip(found.starts.tolist(), found.ends.tolist(), found.word.tolist(), strict=True)
    return [feature_name(text, start, end, word) for start, end, word in spans]


def _all_features(text: str) -> Vocabulary:
    """A vocabulary of every feature of `text` (so that every one of them is found)."""
    return Vocabulary(sorted(set(_names(text))))


def _valid(name: str) -> bool:
    """Whether a string is a feature, by the rules of ``ngrams`` written out plainly."""
    if name.startswith(WORD):
        return True
    latin = name[0].isascii() and name[-1].isascii()
    return (
        1 <= len(name) <= MAX_N
        and not any(mark in name for mark in [*BREAKS, "。", "，"])
        and name[0] != " " != name[-1]
        and WORD not in name  # never in a normalised text
        and (len(name) in ASCII_SIZES or not latin)
    )


@given(st.one_of(texts, long_texts))
def test_every_feature_is_valid_and_keyed_as_its_string(raw: str) -> None:
    text = normalize_text(raw)
    found = features_many([text])
    names = _names(text)
    assert all(_valid(name) for name in names)
    assert keys_of(names).tolist() == found.keys.tolist()
    assert set(found.owner.tolist()) <= {0}


@given(st.one_of(texts, long_texts))
def test_one_text_finds_the_rows_of_many(raw: str) -> None:
    text = normalize_text(raw)
    for vocabulary in (_all_features(text), builtin()["sentiment"].vocabulary):
        owner, rows = vocabulary.rows_many([text])
        assert vocabulary.rows_one(text).tolist() == rows.tolist()
        assert set(owner.tolist()) <= {0}


@given(st.one_of(texts, long_texts))
def test_each_distinct_feature_counts_once_per_clause(raw: str) -> None:
    text = normalize_text(raw)
    vocabulary = _all_features(text)
    expected = 0
    for _, clause in clauses(text):
        found = features_many([clause])
        expected += len(set(found.keys.tolist()))
    assert len(vocabulary.rows_one(text)) == expected


@given(st.lists(st.one_of(texts, long_texts), max_size=6))
def test_many_texts_find_what_each_finds_alone(raws: list[str]) -> None:
    prepared = [normalize_text(raw) for raw in raws]
    vocabulary = learn_vocabulary(prepared, 1) if any(prepared) else Vocabulary(())
    owner, rows = vocabulary.rows_many(prepared)
    for i, text in enumerate(prepared):
        assert rows[owner == i].tolist() == vocabulary.rows_one(text).tolist()


@pytest.mark.parametrize("length", [0, 1, 31, LONG, LONG + 1, 3 * LONG])
def test_each_length_boundary_gives_the_rows(length: int) -> None:
    text = normalize_text(("退货太麻烦了, not great 😂。" * length)[:length])
    vocabulary = builtin()["category"].vocabulary
    assert vocabulary.rows_one(text).tolist() == vocabulary.rows_many([text])[1].tolist()


def test_a_vocabulary_refuses_repeated_names() -> None:
    with pytest.raises(ValueError, match="repeated"):
        Vocabulary(("好评", "好评"))


@pytest.mark.parametrize(
    "name",
    ["ab", " 好", "好 ", "好,评", "好评好评好", "", WORD, WORD + "a b c", WORD + "A", "a\x00b"],
)
def test_a_vocabulary_refuses_a_name_that_is_not_a_feature(name: str) -> None:
    """The dict path looks every slice up: a name no text could give must not load."""
    with pytest.raises(ValueError, match="not a feature"):
        Vocabulary(("好评", name))


@given(st.text(st.sampled_from([*"好a ,。1'", WORD]), min_size=1, max_size=6))
def test_is_feature_follows_the_rules(name: str) -> None:
    if not name.startswith(WORD):
        assert is_feature(name) == _valid(name)


def test_a_crafted_key_collision_is_not_taken_for_the_feature() -> None:
    """'铀뙫𤒋𗆐' shares its 64-bit key with the built-in feature '没有什么' (found by a
    meet-in-the-middle search): the batch path checks the code points, as the dict does."""
    vocabulary = builtin()["sentiment"].vocabulary
    assert keys_of(["铀뙫𤒋𗆐"]).tolist() == keys_of(["没有什么"]).tolist()
    assert "没有什么" in vocabulary.names
    text = normalize_text("东西铀뙫𤒋𗆐")
    assert vocabulary.rows_many([text])[1].tolist() == vocabulary.rows_one(text).tolist()
    sentiment_model = builtin()["sentiment"]
    dense = sentiment_dense(text)
    single = sentiment_model.score(text, dense).proba
    many = sentiment_model.score_many([text], np.array([dense]))[0]
    assert single.tolist() == many.tolist()


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
        assert single.proba.tolist() == many[0].tolist()  # bit for bit
        for label in range(len(model.classes)):
            assert model.strongest(single, label, text) == _strongest_reference(
                model, text, single, label
            )


def _strongest_reference(
    model: LinearModel, text: str, scored: Scored, label: int
) -> tuple[str, ...]:
    """``strongest`` written plainly: every feature's push, best first, distinct pieces."""
    rows = sorted(set(scored.rows.tolist()))
    mean = model.rows[rows].mean(axis=1)
    pushes = []
    for i, row in enumerate(rows):
        shown = model.vocabulary.shown(row, text)
        assert shown in text  # a piece of the text itself
        push = float(model.rows[row, label]) - float(mean[i])
        pushes.append((0.0 if len(shown) < 2 else push, i, shown))
    out: list[str] = []
    for push, _, shown in sorted(pushes, key=lambda item: (-item[0], item[1])):
        if push <= 0 or len(out) == 3:
            break
        if not any(shown in kept or kept in shown for kept in out):
            out.append(shown)
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
