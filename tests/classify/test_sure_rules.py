"""Where the rules are sure of a sentiment, the built-in model is not consulted."""

from __future__ import annotations

import math
from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from csmetrics._classify.combine import (
    builtin,
    rules_are_sure,
    sentiment_combined,
    sentiment_labels_many,
)
from csmetrics._classify.lexicon import Lexicon
from csmetrics._classify.linear import LinearModel
from csmetrics._classify.sentiment import analyse
from csmetrics._core.text import normalize_text
from csmetrics.classify import SentimentModel, sentiment, sentiment_many

PIECES = ["很满意", "服务很好", "太差了", "不太满意", "但是", "物流太慢", "great", "love it"]
PIECES += ["terrible", "not", "awful", "thanks", "why", "?", "!", "，", ", ", "请问", "一般"]
MODEL = builtin()["sentiment"]
OPEN = replace(MODEL, sure_total=1.0, sure_confidence=0.9)  # the gate open at 1.0
texts = st.one_of(
    st.lists(st.sampled_from(PIECES), max_size=8).map("".join),
    st.text(st.characters(codec=None, exclude_categories=()), max_size=60),
)


@pytest.mark.parametrize(
    ("text", "plain"),
    [
        ("很满意，服务很好", True),  # lexicon words only
        ("great service, love it", True),
        ("terrible, awful", True),
        ("good", True),
        ("不太满意", False),  # a negation: the model decides
        ("服务很好，但是物流太慢", False),  # a contrast
        ("The problem is not solved", False),
        ("请问什么时候发货", False),  # neutral
        ("", False),
    ],
)
def test_rules_are_sure_only_of_strong_plain_word_evidence(text: str, plain: bool) -> None:
    # the built-in model keeps the gate closed; an open one shows what the gate does
    prepared = normalize_text(text)
    found = analyse(prepared, Lexicon.default())
    assert rules_are_sure(found, MODEL) is (plain and abs(found.total) >= MODEL.sure_total)
    sure = rules_are_sure(found, OPEN)
    assert sure is (plain and abs(found.total) >= OPEN.sure_total)
    rules = sentiment(text, rules_only=True)
    result = sentiment_combined(prepared, found, rules, OPEN)
    if sure:
        assert (result.label, result.score, result.evidence) == (
            rules.label,
            rules.score,
            rules.evidence,
        )
        assert (result.confidence, result.ngrams) == (OPEN.sure_confidence, ())
    else:
        assert result.confidence != OPEN.sure_confidence or result.ngrams


@pytest.mark.parametrize("level", [0.5, 1.0, 2.0, math.inf])
def test_the_gate_follows_the_model_level(level: float) -> None:
    model = replace(MODEL, sure_total=level, sure_confidence=0.75)
    found = analyse(normalize_text("很满意，服务很好"), Lexicon.default())
    assert rules_are_sure(found, model) is (abs(found.total) >= level)
    result = sentiment_combined("很满意，服务很好", found, sentiment("很满意，服务很好"), model)
    assert (result.confidence == 0.75) is (abs(found.total) >= level)


def test_the_gate_level_survives_saving() -> None:
    for level in (1.2, math.inf):
        model = replace(MODEL, sure_total=level, sure_confidence=0.9)
        back = LinearModel.from_arrays(model.to_arrays("s"), "s")
        assert (back.sure_total, back.sure_confidence) == (level, 0.9)


@given(texts)
def test_a_sure_answer_is_the_rules_answer_and_the_batch_agrees(text: str) -> None:
    result = sentiment(text)
    batch = sentiment_many([text])
    assert (batch.labels[0], batch.scores[0]) == (result.label.value, result.score)
    prepared = normalize_text(text)
    found = analyse(prepared, Lexicon.default())
    rules = sentiment(text, rules_only=True)
    single = sentiment_combined(prepared, found, rules, OPEN)
    assert sentiment_labels_many([prepared], [found], OPEN) == [(single.label, single.score)]
    if rules_are_sure(found, OPEN):
        assert abs(found.total) >= OPEN.sure_total
        assert {item.rule for item in single.evidence} == {"word"}
        assert (single.label, single.score) == (rules.label, rules.score)
        assert single.confidence == OPEN.sure_confidence


def test_a_company_model_is_always_consulted() -> None:
    texts = ["发货很快，满意"] * 10 + ["一直没发货，差评"] * 10 + ["请问几点上班"] * 10
    labels = ["positive"] * 10 + ["negative"] * 10 + ["neutral"] * 10
    model = SentimentModel.fit(texts, labels)
    result = sentiment("很满意，服务很好", model=model)
    assert model.model.sure_total == math.inf  # a company's model is always consulted
    assert result.ngrams or result.label.value == "neutral"
