"""The learned model with the rules: evidence, confidence, clause-level scoring, fitting."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import numpy.typing as npt
import pytest
from hypothesis import given
from hypothesis import strategies as st

from csmetrics._classify.combine import builtin
from csmetrics._core.text import normalize_text
from csmetrics.classify import (
    SentimentModel,
    Taxonomy,
    categorize,
    categorize_many,
    sentiment,
    sentiment_many,
)
from csmetrics.exceptions import (
    InputTypeError,
    InvalidConfigError,
    InvalidInputError,
)

any_text = st.text(st.characters(codec=None, exclude_categories=()), max_size=200)
SECRET = "张三 13812345678"


@pytest.mark.parametrize("text", ["", "你好", "hello there", "123", "今天是星期三"])
def test_neutral_text_has_empty_evidence(text: str) -> None:
    result = sentiment(text)
    assert result.label.value == "neutral"
    assert result.evidence == ()


@given(any_text)
def test_confidence_is_a_probability_and_ngrams_come_from_the_text(text: str) -> None:
    result = sentiment(text)
    assert result.confidence is not None
    assert 0.0 <= result.confidence <= 1.0
    assert -1.0 <= result.score <= 1.0
    prepared = normalize_text(text)
    assert all(piece in prepared for piece in result.ngrams)
    kind = categorize(text)
    assert kind.confidence is not None
    assert 0.0 <= kind.confidence <= 1.0
    assert all(piece in prepared for piece in kind.ngrams)
    assert (kind.category is None) == (not kind.matched)


@given(any_text)
def test_rules_alone_have_no_confidence_or_ngrams(text: str) -> None:
    result = sentiment(text, rules_only=True)
    assert (result.confidence, result.ngrams) == (None, ())
    kind = categorize(text, rules_only=True)
    assert (kind.confidence, kind.ngrams) == (None, ())


@given(any_text)
def test_evidence_is_always_the_rules_evidence(text: str) -> None:
    assert sentiment(text).evidence == sentiment(text, rules_only=True).evidence
    combined, rules = categorize(text), categorize(text, rules_only=True)
    if combined.category is not None and combined.category == rules.category:
        assert combined.evidence == rules.evidence


def _logits(text: str) -> npt.NDArray[np.float64]:
    model = builtin()["sentiment"]
    hits = model.vocabulary.rows_many([normalize_text(text)])[1]
    found_logits: npt.NDArray[np.float64] = model.rows[hits].sum(axis=0, dtype=np.float64)
    return found_logits


clauses = st.lists(
    st.text(st.sampled_from(list("好差慢快谢不是客服goodbad ")), min_size=1, max_size=8),
    min_size=1,
    max_size=6,
)


@given(clauses)
def test_each_clause_adds_the_same_whatever_surrounds_it(parts: list[str]) -> None:
    distinct = list(dict.fromkeys(part.strip() for part in parts if part.strip()))
    whole = _logits(",".join(distinct))
    alone = sum((_logits(part) for part in distinct), np.zeros(len(whole)))
    assert whole == pytest.approx(alone, abs=1e-3)


@given(clauses)
def test_a_repeated_clause_is_read_once(parts: list[str]) -> None:
    text = ",".join(parts)
    assert _logits(text + "," + text) == pytest.approx(_logits(text), abs=1e-3)


@pytest.mark.parametrize("size", [10_000, 60_000])
def test_long_texts_stay_within_limits_on_the_model_path(size: int) -> None:
    text = ("客服态度很好,发货慢,not bad at all. " * size)[:size]
    assert sentiment(text).confidence is not None
    assert categorize(text).confidence is not None


def test_many_equals_single_calls_on_the_model_path() -> None:
    texts = ["谢谢，很满意", "一直没发货", "thanks!", "the app crashes", "谢谢，很满意", ""]
    batch = sentiment_many(texts)
    assert batch.labels.tolist() == [sentiment(t).label.value for t in texts]
    kinds = categorize_many(texts)
    assert kinds.categories.tolist() == [categorize(t).category for t in texts]


def _labelled() -> tuple[list[str], list[str]]:
    texts = [f"快递{i}天没到" for i in range(8)] + [f"发票开错了{i}" for i in range(8)]
    texts += [f"谢谢你们{i}" for i in range(8)]
    return texts, ["delivery"] * 8 + ["invoice"] * 8 + ["none"] * 8


def test_taxonomy_fit_save_and_load(tmp_path: Path) -> None:
    texts, labels = _labelled()
    mine = Taxonomy.fit(texts, labels)
    assert mine.category_ids == ("delivery", "invoice")
    assert mine.cv_accuracy is not None
    assert 0.9 <= mine.cv_accuracy <= 1.0
    file = tmp_path / "mine.npz"
    mine.save(file)
    again = Taxonomy.load(file)
    for text in ("快递还没到", "发票开错", "谢谢"):
        assert categorize(text, taxonomy=again) == categorize(text, taxonomy=mine)
    assert categorize("发票开错", taxonomy=again).category == "invoice"
    assert again.cv_accuracy == mine.cv_accuracy


def test_sentiment_model_fit_save_and_load(tmp_path: Path) -> None:
    texts = ["发货很快，满意"] * 10 + ["一直没发货，差评"] * 10 + ["请问几点上班"] * 10
    labels = ["positive"] * 10 + ["negative"] * 10 + ["neutral"] * 10
    model = SentimentModel.fit(texts, labels)
    file = tmp_path / "feel.npz"
    model.save(file)
    again = SentimentModel.load(file)
    assert sentiment("差评", model=again) == sentiment("差评", model=model)
    assert sentiment_many(["差评"], model=again).labels.tolist() == ["negative"]


@pytest.mark.parametrize(
    ("texts", "labels", "error"),
    [
        (["a"] * 10, ["x"] * 5 + ["y"] * 5, InvalidInputError),  # too few texts
        (["a"] * 30, ["x"] * 30, InvalidInputError),  # one label only
        (["a"] * 30, ["x"] * 27 + ["y"] * 3, InvalidInputError),  # a rare label
        (["a"] * 30, ["x"] * 29, InvalidInputError),  # lengths differ
        (["a"] * 30, ["x"] * 15 + [SECRET] * 15, InvalidInputError),  # not an id
        (["a"] * 30, "x" * 30, InputTypeError),
        ("a" * 30, ["x"] * 30, InputTypeError),
        (["a"] * 29 + [3], ["x"] * 15 + ["y"] * 15, InputTypeError),
        (["a"] * 30, ["x"] * 29 + [3], InputTypeError),
    ],
)
def test_fit_refuses_what_it_cannot_learn_from(texts: object, labels: object, error: type) -> None:
    with pytest.raises(error) as caught:
        Taxonomy.fit(texts, labels)  # type: ignore[arg-type]
    assert "13812345678" not in str(caught.value)
    assert "张三" not in str(caught.value)


def test_sentiment_fit_refuses_unknown_labels_without_echo() -> None:
    with pytest.raises(InvalidInputError) as caught:
        SentimentModel.fit(["a"] * 30, ["positive"] * 15 + [SECRET] * 15)
    assert "13812345678" not in str(caught.value)


@pytest.mark.parametrize("content", [b"", b"not an archive", b"PK\x03\x04junk"])
def test_loading_a_wrong_file_is_refused(tmp_path: Path, content: bytes) -> None:
    file = tmp_path / "wrong.npz"
    file.write_bytes(content)
    with pytest.raises(InvalidConfigError):
        Taxonomy.load(file)
    with pytest.raises(InvalidConfigError):
        SentimentModel.load(file)


def test_loading_the_other_kind_is_refused(tmp_path: Path) -> None:
    texts, labels = _labelled()
    file = tmp_path / "mine.npz"
    Taxonomy.fit(texts, labels).save(file)
    with pytest.raises(InvalidConfigError):
        SentimentModel.load(file)
    with pytest.raises(InvalidInputError):
        Taxonomy.load(tmp_path / "missing.npz")


@pytest.mark.parametrize("bad", [1, "yes", None])
def test_rules_only_must_be_a_bool(bad: object) -> None:
    with pytest.raises(InputTypeError):
        sentiment("ok", rules_only=bad)  # type: ignore[arg-type]
    with pytest.raises(InputTypeError):
        categorize("ok", rules_only=bad)  # type: ignore[arg-type]


def test_model_must_be_a_sentiment_model() -> None:
    with pytest.raises(InputTypeError):
        sentiment("ok", model="13812345678")  # type: ignore[arg-type]


def test_results_pickled_before_confidence_existed_load_with_defaults() -> None:
    result = categorize("死机", rules_only=True)
    old_state = (result.category, result.subcategory, result.evidence, result.score,
                 result.category_name, result.subcategory_name)  # fmt: skip
    restored = object.__new__(type(result))
    restored.__setstate__(old_state)
    assert restored == result
    assert (restored.confidence, restored.ngrams) == (None, ())
